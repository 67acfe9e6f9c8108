# rs4otrs-proxy: the two commands a newcomer needs are `make run` and `make test`.
GO ?= go

.PHONY: run test build vet bench fmt openapi load image

## run: start the proxy (demo mode when RS4OTRS_OTRS_URL is unset)
run:
	$(GO) run .

## test: go vet and the whole test suite with the race detector
test: vet
	$(GO) test -race -count=1 ./...

vet:
	$(GO) vet ./...

build:
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags="-s -w -X $(VERSION_VAR)=$(VERSION)" -o bin/rs4otrs-proxy .

## image: the container image as a tarball (bin/rs4otrs-proxy-image.tar),
## without Docker and without pulling a base image; load it with
## `docker load -i` or `podman load -i`, push it with `crane push`
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
# The package holding Version moves with the code (app/, internal/app/).
VERSION_VAR = $(shell $(GO) list -find -f '{{.ImportPath}}' ./... | grep '/app$$').Version
IMAGE_ARCH ?= $(shell $(GO) env GOARCH)
image:
	CGO_ENABLED=0 GOOS=linux GOARCH=$(IMAGE_ARCH) $(GO) build -trimpath -ldflags="-s -w -X $(VERSION_VAR)=$(VERSION)" -o bin/linux-$(IMAGE_ARCH)/rs4otrs-proxy .
	SOURCE_DATE_EPOCH=$$(git log -1 --format=%ct 2>/dev/null || echo 0) \
	$(GO) run ./cmd/mkimage -binary bin/linux-$(IMAGE_ARCH)/rs4otrs-proxy -arch $(IMAGE_ARCH) \
		-version $(VERSION) -out bin/rs4otrs-proxy-image.tar

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
