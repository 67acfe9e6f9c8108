# rs4otrs-proxy: the two commands a newcomer needs are `make run` and `make test`.
GO ?= go

.PHONY: run test lint build vet bench bench-table fmt openapi load image fuzz

## run: start the proxy against the built-in demo OTRS (demo/demo on 127.0.0.1:8187)
run:
	$(GO) run . demo

## test: go vet and the whole test suite with the race detector
test: vet
	$(GO) test -race -count=1 ./...

vet:
	$(GO) vet ./...

## lint: gofmt, go mod tidy and staticcheck (pinned by go.mod's tool directive)
lint: vet
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { gofmt -l $$(git ls-files '*.go'); echo "gofmt: run make fmt"; exit 1; }
	$(GO) mod tidy -diff
	$(GO) tool staticcheck ./...

build:
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags="-s -w -X $(VERSION_VAR)=$(VERSION)" -o bin/rs4otrs-proxy .

## image: the container image as a tarball (bin/rs4otrs-proxy-image.tar),
## without Docker and without pulling a base image; load it with
## `docker load -i` or `podman load -i`, push it with `crane push`
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
VERSION_VAR = github.com/rs4otrs/rs4otrs-proxy/internal/app.Version
IMAGE_ARCH ?= $(shell $(GO) env GOARCH)
image:
	CGO_ENABLED=0 GOOS=linux GOARCH=$(IMAGE_ARCH) $(GO) build -trimpath -ldflags="-s -w -X $(VERSION_VAR)=$(VERSION)" -o bin/linux-$(IMAGE_ARCH)/rs4otrs-proxy .
	SOURCE_DATE_EPOCH=$$(git log -1 --format=%ct 2>/dev/null || echo 0) \
	$(GO) run ./cmd/mkimage -binary bin/linux-$(IMAGE_ARCH)/rs4otrs-proxy -arch $(IMAGE_ARCH) \
		-version $(VERSION) -out bin/rs4otrs-proxy-image.tar

fmt:
	gofmt -w $$(git ls-files '*.go')

## fuzz: run every fuzz target (the 40 methods' parameter decoding through
## the real handler, the ticket writes) for FUZZTIME each, one at a time
FUZZTIME ?= 10s
FUZZPARALLEL ?= 2
fuzz:
	@set -e; for f in $$(grep -rl --include='*_test.go' '^func Fuzz' .); do \
		for name in $$(sed -n 's/^func \(Fuzz[A-Za-z0-9_]*\)(.*/\1/p' $$f); do \
			echo "fuzz $$name ($$(dirname $$f)) for $(FUZZTIME)"; \
			$(GO) test -run '^$$' -fuzz "^$$name$$" -fuzztime $(FUZZTIME) -parallel $(FUZZPARALLEL) ./$$(dirname $$f); \
		done; \
	done

## bench: Go benchmarks of the proxy and the fake OTRS, with allocations
## (BenchmarkMethods: each method and its floor with the latency model
## on), then the per-method ratio table from one run (bench-table)
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...
	$(MAKE) bench-table

## bench-table: the per-method ratio table alone: each of the 40 methods
## and its floor, 10 calls each, the fake at its recorded median latency
bench-table:
	$(GO) run ./cmd/loadgen -scenarios=false -methods 10 -duration 30s

## openapi: regenerate internal/openapi/openapi.json from the contract
CONTRACT ?= internal/api/testdata/contract/rs4otrs-api.json
openapi:
	$(GO) run ./cmd/openapigen -contract $(CONTRACT) -out internal/openapi/openapi.json

## load: the per-method ratio table, then a bounded load run on loopback
## (fake OTRS alone vs. the proxy in front), the fake at its recorded
## median latency
load:
	$(GO) run ./cmd/loadgen -requests 500 -concurrency 8 -duration 60s -methods 10
