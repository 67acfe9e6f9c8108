// Command mkimage writes the proxy's container image as a tarball without
// a Docker daemon and without pulling a base image: one layer on an empty
// base holding the static binary, the build machine's CA certificates and
// an /etc/passwd naming the non-root user 65532.
//
//	CGO_ENABLED=0 go build -o bin/rs4otrs-proxy . && go run ./cmd/mkimage -binary bin/rs4otrs-proxy
//
// The result is the tarball `docker save` writes (OCI media types inside),
// readable by `docker load`, `podman load`, `crane push` and
// go-containerregistry's tarball package. `make image` runs both steps.
//
// mkimage never reaches the network: everything in the image comes from
// the files it is given.
package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"debug/elf"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"time"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

// The image's fixed facts. The port is set explicitly in the image's
// environment so the image does not depend on the binary's default.
const (
	binaryPath = "/rs4otrs-proxy"
	dataDir    = "/data"
	certsPath  = "/etc/ssl/certs/ca-certificates.crt" // where Go's crypto/x509 looks first on Linux
	uid        = 65532
	port       = 8187
)

// Options says what goes into the image.
type Options struct {
	Binary  string // static linux binary of the proxy
	Certs   string // PEM bundle of CA certificates, copied as is
	Out     string // tarball to write
	Ref     string // repository:tag recorded in the tarball's manifest
	Version string // org.opencontainers.image.version
	Source  string // org.opencontainers.image.source
	Arch    string // GOARCH the binary was built for
	Created time.Time
	// Gzip is the layer's compression level (compress/gzip). The test
	// uses gzip.NoCompression: under the race detector compressing and
	// decompressing the 35 MB binary takes over 10 s.
	Gzip int
}

func main() {
	var o Options
	flag.StringVar(&o.Binary, "binary", "bin/rs4otrs-proxy", "static `file` to ship (build it with CGO_ENABLED=0 GOOS=linux)")
	flag.StringVar(&o.Certs, "certs", "/etc/ssl/certs/ca-certificates.crt", "PEM `file` of CA certificates to ship")
	flag.StringVar(&o.Out, "out", "bin/rs4otrs-proxy-image.tar", "image tarball to write")
	flag.StringVar(&o.Ref, "ref", "", "image `name:tag` in the tarball (default rs4otrs-proxy:VERSION)")
	flag.StringVar(&o.Version, "version", "dev", "image version label")
	flag.StringVar(&o.Source, "source", "https://github.com/rs4otrs/rs4otrs-proxy", "image source label")
	flag.StringVar(&o.Arch, "arch", runtime.GOARCH, "GOARCH of the binary")
	flag.IntVar(&o.Gzip, "gzip", gzip.BestCompression, "gzip `level` of the layer (0 none … 9 best)")
	flag.Parse()
	// SOURCE_DATE_EPOCH (reproducible-builds.org) makes two builds of the
	// same binary byte-identical; without it the image says "1970".
	if s := os.Getenv("SOURCE_DATE_EPOCH"); s != "" {
		sec, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			fmt.Fprintln(os.Stderr, "mkimage: SOURCE_DATE_EPOCH:", err)
			os.Exit(2)
		}
		o.Created = time.Unix(sec, 0).UTC()
	}
	if o.Ref == "" {
		o.Ref = "rs4otrs-proxy:" + o.Version
	}
	if err := Write(o); err != nil {
		fmt.Fprintln(os.Stderr, "mkimage:", err)
		os.Exit(1)
	}
}

// Write builds the image described by o and writes it to o.Out.
func Write(o Options) error {
	img, err := Build(o)
	if err != nil {
		return err
	}
	tag, err := name.NewTag(o.Ref)
	if err != nil {
		return fmt.Errorf("-ref: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(o.Out), 0o755); err != nil {
		return err
	}
	// Write to a temporary name first so a failed build never leaves a
	// truncated tarball where `docker load` would find it.
	tmp := o.Out + ".tmp"
	if err := tarball.WriteToFile(tmp, tag, img); err != nil {
		os.Remove(tmp)
		return err
	}
	return os.Rename(tmp, o.Out)
}

// Build returns the image without writing it.
func Build(o Options) (v1.Image, error) {
	bin, err := os.ReadFile(o.Binary)
	if err != nil {
		return nil, err
	}
	certs, err := os.ReadFile(o.Certs)
	if err != nil {
		return nil, fmt.Errorf("CA certificates: %w", err)
	}
	if !bytes.Contains(certs, []byte("-----BEGIN CERTIFICATE-----")) {
		return nil, fmt.Errorf("%s holds no PEM certificate", o.Certs)
	}
	if err := checkStatic(bin); err != nil {
		return nil, fmt.Errorf("%s: %w", o.Binary, err)
	}
	layerTar, err := rootFS(bin, certs, o.Created)
	if err != nil {
		return nil, err
	}
	layer, err := tarball.LayerFromOpener(func() (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(layerTar)), nil
	}, tarball.WithMediaType(types.OCILayer), tarball.WithCompressionLevel(o.Gzip), tarball.WithCompressedCaching)
	if err != nil {
		return nil, err
	}

	base := mutate.MediaType(empty.Image, types.OCIManifestSchema1)
	base = mutate.ConfigMediaType(base, types.OCIConfigJSON)
	img, err := mutate.Append(base, mutate.Addendum{
		Layer: layer,
		History: v1.History{
			Created:   v1.Time{Time: o.Created},
			CreatedBy: "mkimage: " + binaryPath + ", CA certificates, /etc/passwd, " + dataDir,
			Comment:   "built without a base image",
		},
	})
	if err != nil {
		return nil, err
	}
	cf, err := img.ConfigFile()
	if err != nil {
		return nil, err
	}
	cf = cf.DeepCopy()
	cf.OS = "linux"
	cf.Architecture = o.Arch
	cf.Created = v1.Time{Time: o.Created}
	portKey := strconv.Itoa(port) + "/tcp"
	cf.Config = v1.Config{
		User:       strconv.Itoa(uid) + ":" + strconv.Itoa(uid),
		Entrypoint: []string{binaryPath},
		WorkingDir: "/",
		Env: []string{
			// In a container, loopback is useless: listen on all interfaces.
			"RS4OTRS_LISTEN=0.0.0.0:" + strconv.Itoa(port),
			// An absolute data dir: the relative default would resolve to
			// the read-only root. Mount a volume here; a Docker anonymous
			// volume inherits the directory's owner 65532.
			"RS4OTRS_DATA_DIR=" + dataDir,
		},
		ExposedPorts: map[string]struct{}{portKey: {}},
		Volumes:      map[string]struct{}{dataDir: {}},
		Labels: map[string]string{
			"org.opencontainers.image.title":    "rs4otrs-proxy",
			"org.opencontainers.image.source":   o.Source,
			"org.opencontainers.image.version":  o.Version,
			"org.opencontainers.image.licenses": "Apache-2.0",
		},
	}
	return mutate.ConfigFile(img, cf)
}

// checkStatic refuses anything but a static Linux executable: a
// dynamically linked one would fail at start in an image with no libc,
// with a confusing "no such file or directory".
func checkStatic(bin []byte) error {
	f, err := elf.NewFile(bytes.NewReader(bin))
	if err != nil {
		return fmt.Errorf("not a Linux executable: %w", err)
	}
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			return errors.New("dynamically linked: build it with CGO_ENABLED=0")
		}
	}
	return nil
}

// rootFS returns the image's only layer as an uncompressed tar. Every
// entry has a fixed time so the layer depends only on its contents.
func rootFS(bin, certs []byte, mtime time.Time) ([]byte, error) {
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	dir := func(name string, mode int64, owner int) error {
		return tw.WriteHeader(&tar.Header{Typeflag: tar.TypeDir, Name: name + "/", Mode: mode, Uid: owner, Gid: owner, ModTime: mtime})
	}
	file := func(name string, mode int64, data []byte) error {
		if err := tw.WriteHeader(&tar.Header{Typeflag: tar.TypeReg, Name: name, Mode: mode, Size: int64(len(data)), ModTime: mtime}); err != nil {
			return err
		}
		_, err := tw.Write(data)
		return err
	}
	// Go's os/user and some libraries read /etc/passwd; a user with no
	// entry also shows as "I have no name!" in tools that exec into it.
	passwd := fmt.Sprintf("root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:%d:%d:nonroot:/home/nonroot:/sbin/nologin\n", uid, uid)
	group := fmt.Sprintf("root:x:0:\nnonroot:x:%d:\n", uid)
	steps := []error{
		dir("etc", 0o755, 0),
		file("etc/passwd", 0o644, []byte(passwd)),
		file("etc/group", 0o644, []byte(group)),
		dir("etc/ssl", 0o755, 0),
		dir("etc/ssl/certs", 0o755, 0),
		file(certsPath[1:], 0o644, certs),
		dir("home", 0o755, 0),
		dir("home/nonroot", 0o700, uid),
		dir("tmp", 0o1777, 0),
		dir(dataDir[1:], 0o700, uid),
		file(binaryPath[1:], 0o755, bin),
		tw.Close(),
	}
	if err := errors.Join(steps...); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
