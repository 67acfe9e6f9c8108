# rs4otrs-proxy: the two commands a newcomer needs are `make run` and `make test`.
GO ?= go

.PHONY: run test build vet bench fmt openapi load

## run: start the proxy against the built-in demo OTRS (demo/demo on 127.0.0.1:8187)
run:
	$(GO) run . demo

## test: go vet and the whole test suite with the race detector
test: vet
	$(GO) test -race -count=1 ./...

vet:
	$(GO) vet ./...

build:
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags="-s -w" -o bin/rs4otrs-proxy .

fmt:
	gofmt -w $$(git ls-files '*.go')

## bench: Go benchmarks of the proxy and the fake OTRS, with allocations
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

## openapi: regenerate openapi/openapi.json from the contract
CONTRACT ?= ../../shared/contract/rs4otrs-api.json
openapi:
	$(GO) run ./cmd/openapigen -contract $(CONTRACT) -out openapi/openapi.json

## load: bounded load run on loopback (fake OTRS alone vs. the proxy in front)
load:
	$(GO) run ./cmd/loadgen -requests 2000 -concurrency 8 -duration 60s
