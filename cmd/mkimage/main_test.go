package main

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
	"github.com/rs4otrs/rs4otrs-proxy/internal/logtest"
)

// versionPackage returns the import path of the package holding the
// proxy's Version variable, so the test keeps working when packages move
// (app/ or internal/app/).
func versionPackage(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("go", "list", "-find", "-f", "{{.ImportPath}}", "../../...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, p := range strings.Fields(string(out)) {
		if strings.HasSuffix(p, "/app") {
			return p
		}
	}
	t.Fatal("no package named app in the module")
	return ""
}

// TestImage builds the real binary once, writes the image as `make image`
// does, then reads the tarball back as a registry client would and runs
// the binary it contains.
func TestImage(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the proxy binary")
	}
	if runtime.GOOS != "linux" {
		t.Skip("the image's binary is a linux binary; it can only be run on linux")
	}
	const version = "9.8.7-imagetest"
	dir := t.TempDir()
	bin := filepath.Join(dir, "rs4otrs-proxy")
	build := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w -X "+versionPackage(t)+".Version="+version, "-o", bin, "../..")
	build.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out := filepath.Join(dir, "image.tar")
	err := Write(Options{
		Binary: bin, Certs: "/etc/ssl/certs/ca-certificates.crt", Out: out,
		Ref: "rs4otrs-proxy:test", Version: version, Source: "https://example.test/src", Arch: runtime.GOARCH,
		Gzip: gzip.NoCompression,
	})
	if errors.Is(err, os.ErrNotExist) {
		t.Skipf("no CA bundle on this machine: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}

	img, err := tarball.ImageFromPath(out, nil)
	if err != nil {
		t.Fatal(err)
	}
	cf, err := img.ConfigFile()
	if err != nil {
		t.Fatal(err)
	}
	c := cf.Config
	checks := []struct {
		name      string
		got, want string
	}{
		{"user", c.User, "65532:65532"},
		{"entrypoint", strings.Join(c.Entrypoint, " "), "/rs4otrs-proxy"},
		{"os", cf.OS, "linux"},
		{"label source", c.Labels["org.opencontainers.image.source"], "https://example.test/src"},
		{"label version", c.Labels["org.opencontainers.image.version"], version},
		{"label licenses", c.Labels["org.opencontainers.image.licenses"], "Apache-2.0"},
		{"env", strings.Join(c.Env, " "), "RS4OTRS_LISTEN=0.0.0.0:8187 RS4OTRS_DATA_DIR=/data"},
	}
	for _, ck := range checks {
		if ck.got != ck.want {
			t.Errorf("%s = %q, want %q", ck.name, ck.got, ck.want)
		}
	}
	if _, ok := c.ExposedPorts["8187/tcp"]; !ok || len(c.ExposedPorts) != 1 {
		t.Errorf("exposed ports = %v, want only 8187/tcp", c.ExposedPorts)
	}

	// Walk the flattened file system: the files a container would see.
	files := map[string]*tar.Header{}
	var binary []byte
	rc := mutate.Extract(img)
	defer rc.Close()
	tr := tar.NewReader(rc)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		files["/"+strings.TrimSuffix(h.Name, "/")] = h
		if h.Name == "rs4otrs-proxy" {
			if binary, err = io.ReadAll(tr); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, f := range []struct {
		path string
		uid  int
		mode int64
	}{
		{"/rs4otrs-proxy", 0, 0o755},
		{"/etc/ssl/certs/ca-certificates.crt", 0, 0o644},
		{"/etc/passwd", 0, 0o644},
		{"/data", 65532, 0o700}, // writable by the user the image runs as
		{"/tmp", 0, 0o1777},
	} {
		h, ok := files[f.path]
		if !ok {
			t.Errorf("%s missing from the image", f.path)
			continue
		}
		if h.Uid != f.uid || h.Mode != f.mode {
			t.Errorf("%s: uid %d mode %o, want uid %d mode %o", f.path, h.Uid, h.Mode, f.uid, f.mode)
		}
	}

	// Run the binary taken out of the image, not the one built above.
	exe := filepath.Join(t.TempDir(), "from-image")
	if err := os.WriteFile(exe, binary, 0o755); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, exe, "--version")
	// A clean environment: --version must not need configuration. Should
	// the binary ignore --version and start serving (older builds did),
	// it must at least start and name its version before the timeout.
	cmd.Env = []string{"RS4OTRS_LISTEN=127.0.0.1:0", "RS4OTRS_DATA_DIR=" + t.TempDir()}
	var stdout logtest.Buffer // exec copies the output from its own goroutine
	cmd.Stdout, cmd.Stderr = &stdout, &stdout
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	deadline := time.After(8 * time.Second)
	for !strings.Contains(stdout.String(), version) {
		select {
		case err := <-done:
			if !strings.Contains(stdout.String(), version) {
				t.Fatalf("--version: %v, output %q lacks %q", err, stdout.String(), version)
			}
			return
		case <-deadline:
			t.Fatalf("--version printed no version in 8s: %q", stdout.String())
		case <-time.After(50 * time.Millisecond):
		}
	}
	cancel()
	<-done
}

// TestBuildRefuses covers the inputs that would give an image that cannot
// start or cannot reach OTRS over HTTPS.
func TestBuildRefuses(t *testing.T) {
	dir := t.TempDir()
	text := filepath.Join(dir, "text")
	if err := os.WriteFile(text, []byte("#!/bin/sh\necho hi\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	// Build looks only for a PEM header; the bundle is copied as is.
	pem := filepath.Join(dir, "ca.pem")
	if err := os.WriteFile(pem, []byte("-----BEGIN CERTIFICATE-----\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, binary, certs, want string
	}{
		{"script, not an executable", text, pem, "not a Linux executable"},
		{"missing binary", filepath.Join(dir, "nope"), text, "no such file"},
		{"no certificates in the bundle", os.Args[0], text, "no PEM certificate"},
		{"missing bundle", os.Args[0], filepath.Join(dir, "nope"), "CA certificates"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Build(Options{Binary: tc.binary, Certs: tc.certs})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want one containing %q", err, tc.want)
			}
		})
	}
}
