# rs4otrs-proxy: the two commands a newcomer needs are `make run` and `make test`.
GO ?= go

.PHONY: run test build vet bench fmt

## run: start the proxy (demo mode when RS4OTRS_OTRS_URL is unset)
run:
	$(GO) run .

## test: go vet and the whole test suite with the race detector
test: vet
	$(GO) test -race -count=1 ./...

vet:
	$(GO) vet ./...

build:
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags="-s -w" -o bin/rs4otrs-proxy .

fmt:
	gofmt -w $$(git ls-files '*.go')
