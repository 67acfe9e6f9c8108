# syntax=docker/dockerfile:1
# For people with Docker. Without Docker, `make image` writes the same
# image (static binary, CA certificates, user 65532, port 8187) as a
# tarball; see cmd/mkimage.
#
# Base images are pinned by digest so a rebuild gets the same bytes. The
# digests were taken from public Renovate updates (golang:1.26-alpine of
# July 2026, distroless static-debian12:nonroot of December 2025), not
# pulled here: check them with `crane digest golang:1.26-alpine` and
# `crane digest gcr.io/distroless/static-debian12:nonroot` and refresh
# them together with the Go version in go.mod (a toolchain older than
# go.mod's downloads the right one during `go mod download`).

# Build: a static binary, no cgo.
FROM golang:1.26-alpine@sha256:0178a641fbb4858c5f1b48e34bdaabe0350a330a1b1149aabd498d0699ff5fb2 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w -X github.com/rs4otrs/rs4otrs-proxy/internal/app.Version=${VERSION}" -o /out/rs4otrs-proxy .
# The data directory must exist, owned by the runtime user: RS4OTRS_DATA_DIR
# keeps the device-token store and the generated challenge secret there.
RUN mkdir -p /out/data

# Run: distroless static, non-root (uid 65532), CA certificates included.
FROM gcr.io/distroless/static-debian12:nonroot@sha256:2b7c93f6d6648c11f0e80a48558c8f77885eb0445213b8e69a6a0d7c89fc6ae4
COPY --from=build /out/rs4otrs-proxy /rs4otrs-proxy
COPY --from=build --chown=65532:65532 --chmod=0700 /out/data /data
ENV RS4OTRS_LISTEN=0.0.0.0:8187 RS4OTRS_DATA_DIR=/data
EXPOSE 8187
VOLUME /data
USER 65532:65532
LABEL org.opencontainers.image.title=rs4otrs-proxy \
      org.opencontainers.image.source=https://github.com/rs4otrs/rs4otrs-proxy \
      org.opencontainers.image.licenses=Apache-2.0
ENTRYPOINT ["/rs4otrs-proxy"]
