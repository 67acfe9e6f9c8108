# syntax=docker/dockerfile:1
# Build: a static binary, no cgo.
FROM golang:1.26-alpine AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w -X github.com/rs4otrs/rs4otrs-proxy/internal/app.Version=${VERSION}" -o /out/rs4otrs-proxy .

# Run: distroless static, non-root (uid 65532), CA certificates included.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/rs4otrs-proxy /rs4otrs-proxy
ENV RS4OTRS_LISTEN=0.0.0.0:8080
EXPOSE 8080
USER nonroot:nonroot
ENTRYPOINT ["/rs4otrs-proxy"]
