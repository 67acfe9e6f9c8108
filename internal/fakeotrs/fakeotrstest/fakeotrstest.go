// Package fakeotrstest starts the fake OTRS (internal/fakeotrs) for tests
// of other packages: on a loopback port, closed when the test ends. The
// product never imports it.
package fakeotrstest

import (
	"testing"

	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs"
)

// Start serves a new fake OTRS with the demo data (Znuny 6.5.4) on
// 127.0.0.1; it is closed when tb ends (closing it earlier is fine).
func Start(tb testing.TB) (*fakeotrs.OTRS, *fakeotrs.Server) {
	return serve(tb, fakeotrs.New(fakeotrs.NewStore()))
}

// StartFor is Start with the demo data as product p holds it.
func StartFor(tb testing.TB, p fakeotrs.Product) (*fakeotrs.OTRS, *fakeotrs.Server) {
	return serve(tb, fakeotrs.New(fakeotrs.NewStoreFor(p)))
}

func serve(tb testing.TB, o *fakeotrs.OTRS) (*fakeotrs.OTRS, *fakeotrs.Server) {
	tb.Helper()
	srv, err := o.Listen("127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = srv.Close() })
	return o, srv
}
