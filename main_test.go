package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestMain lets a test run the real main (exit code included) by
// starting this test binary again with RS4OTRS_TEST_RUN_MAIN=1.
func TestMain(m *testing.M) {
	if os.Getenv("RS4OTRS_TEST_RUN_MAIN") == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// TestCommandLine runs the program as an admin would and checks what it
// answers and its exit code; none of these cases may start serving.
func TestCommandLine(t *testing.T) {
	for _, tc := range []struct {
		name     string
		args     []string
		env      []string
		code     int
		stdout   string
		stderr   []string
		noStdout bool
	}{
		{name: "help", args: []string{"--help"}, stdout: "rs4otrs-proxy demo"},
		{name: "-h", args: []string{"-h"}, stdout: "RS4OTRS_DEMO=true"},
		{name: "version", args: []string{"--version"}, stdout: "rs4otrs-proxy 0."},
		{name: "unknown argument", args: []string{"serve"}, code: 2, stderr: []string{`unknown arguments ["serve"]`}},
		// Issue 14: no URL and no demo request used to serve demo/demo.
		{name: "no OTRS, no demo", code: 1, noStdout: true,
			stderr: []string{"set RS4OTRS_OTRS_URL", "rs4otrs-proxy demo", "RS4OTRS_DEMO=true"}},
		{name: "misspelled URL", env: []string{"RS4OTRS_OTRS_ULR=https://typo.example"}, code: 1, noStdout: true,
			stderr: []string{"RS4OTRS_OTRS_ULR: unknown setting; did you mean RS4OTRS_OTRS_URL?", "set RS4OTRS_OTRS_URL"}},
		{name: "type errors at once", args: []string{"demo"}, env: []string{"RS4OTRS_RETRIES=many", "RS4OTRS_CATALOG_TTL=xyz", "RS4OTRS_PUSH_WORKERS=0"},
			code: 1, noStdout: true, stderr: []string{
				`RS4OTRS_RETRIES: "many" is not a whole number`,
				`RS4OTRS_CATALOG_TTL: "xyz" is not a duration`,
				`RS4OTRS_PUSH_WORKERS: 0: want 1 to 256`,
			}},
		{name: "placeholder secret", env: []string{"RS4OTRS_OTRS_URL=https://otrs.example/x", "RS4OTRS_CHALLENGE_SECRET=change-me-to-32-random-bytes"},
			code: 1, noStdout: true, stderr: []string{"RS4OTRS_CHALLENGE_SECRET: still the placeholder"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], tc.args...)
			cmd.Env = append(cleanEnv(), "RS4OTRS_TEST_RUN_MAIN=1", "RS4OTRS_LISTEN=127.0.0.1:0", "RS4OTRS_DATA_DIR="+t.TempDir())
			cmd.Env = append(cmd.Env, tc.env...)
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			done := make(chan error, 1)
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			go func() { done <- cmd.Wait() }()
			var err error
			select {
			case err = <-done:
			case <-time.After(30 * time.Second):
				cmd.Process.Kill()
				t.Fatalf("still running (it started serving?); stdout:\n%s", stdout.String())
			}
			code := 0
			var exit *exec.ExitError
			if errors.As(err, &exit) {
				code = exit.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			if code != tc.code {
				t.Errorf("exit code %d, want %d; stderr:\n%s", code, tc.code, stderr.String())
			}
			if !strings.Contains(stdout.String(), tc.stdout) || (tc.noStdout && stdout.Len() > 0) {
				t.Errorf("stdout:\n%s\nwant %q", stdout.String(), tc.stdout)
			}
			for _, want := range tc.stderr {
				if !strings.Contains(stderr.String(), want) {
					t.Errorf("stderr does not say %q:\n%s", want, stderr.String())
				}
			}
		})
	}
}

// cleanEnv is this process's environment without the proxy's settings, so
// that a developer's shell does not change the cases.
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "RS4OTRS_") {
			env = append(env, kv)
		}
	}
	return env
}

// startRun starts run with args as `make run` does and returns what it
// printed up to the line matching until, and a stop function.
func startRun(t *testing.T, args []string, until string) (printed []string, stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	out, w := io.Pipe()
	done := make(chan error, 1)
	go func() { done <- run(ctx, args, w, io.Discard); w.Close() }()
	lines := bufio.NewScanner(out)
	for lines.Scan() {
		printed = append(printed, lines.Text())
		if strings.Contains(lines.Text(), until) {
			break
		}
	}
	if len(printed) == 0 || !strings.Contains(printed[len(printed)-1], until) {
		cancel()
		t.Fatalf("no %q printed (%q); run returned %v", until, printed, <-done)
	}
	go io.Copy(io.Discard, out)
	return printed, func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("run: %v", err)
			}
		case <-time.After(30 * time.Second):
			t.Fatal("run did not shut down")
		}
	}
}

// TestRunDemo starts the program as `make run` does (`demo`), logs in with
// the printed demo login, and shuts it down.
func TestRunDemo(t *testing.T) {
	t.Setenv("RS4OTRS_LISTEN", "127.0.0.1:0")
	t.Setenv("RS4OTRS_DATA_DIR", t.TempDir())
	t.Setenv("RS4OTRS_OTRS_URL", "")
	printed, stop := startRun(t, []string{"demo"}, "API: ")
	defer stop()
	base := regexp.MustCompile(`API: (http://\S+)`).FindStringSubmatch(printed[len(printed)-1])[1]

	resp, err := http.Post(base+"/auth/login", "application/json", strings.NewReader(`{"User":"demo","Password":"demo"}`))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(b), `"Response":"OK"`) {
		t.Fatalf("demo login: %s", b)
	}
}

// TestMetricsListener: with RS4OTRS_METRICS_LISTEN the metrics leave the
// public port for their own.
func TestMetricsListener(t *testing.T) {
	t.Setenv("RS4OTRS_LISTEN", "127.0.0.1:0")
	t.Setenv("RS4OTRS_METRICS_LISTEN", "127.0.0.1:0")
	t.Setenv("RS4OTRS_DATA_DIR", t.TempDir())
	t.Setenv("RS4OTRS_DEMO", "true")
	printed, stop := startRun(t, nil, "API: ")
	defer stop()
	text := strings.Join(printed, "\n")
	metricsURL := regexp.MustCompile(`metrics: (http://\S+)`).FindStringSubmatch(text)
	api := regexp.MustCompile(`API: http://([^/\s]+)`).FindStringSubmatch(text)
	if metricsURL == nil || api == nil {
		t.Fatalf("printed:\n%s", text)
	}
	for _, tc := range []struct {
		url  string
		want int
	}{
		{metricsURL[1], http.StatusOK},
		{"http://" + api[1] + "/metrics", http.StatusNotFound},
		{"http://" + api[1] + "/healthz", http.StatusOK},
	} {
		resp, err := http.Get(tc.url)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != tc.want {
			t.Errorf("GET %s: %d, want %d", tc.url, resp.StatusCode, tc.want)
		}
	}
}

func TestReachableURL(t *testing.T) {
	for _, tc := range []struct{ addr, want string }{
		{"[::]:8187", "http://127.0.0.1:8187"},
		{"0.0.0.0:8187", "http://127.0.0.1:8187"},
		{"127.0.0.1:8187", "http://127.0.0.1:8187"},
		{"[::1]:8187", "http://[::1]:8187"},
		{"192.0.2.7:8187", "http://192.0.2.7:8187"},
	} {
		addr, err := net.ResolveTCPAddr("tcp", tc.addr)
		if err != nil {
			t.Fatal(err)
		}
		if got := reachableURL("http", addr); got != tc.want {
			t.Errorf("%s: %s, want %s", tc.addr, got, tc.want)
		}
	}
}

func TestRunRefusesBadConfig(t *testing.T) {
	t.Setenv("RS4OTRS_LISTEN", "nonsense")
	err := run(context.Background(), []string{"demo"}, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "RS4OTRS_LISTEN") {
		t.Fatalf("run = %v, want an error naming RS4OTRS_LISTEN", err)
	}
}
