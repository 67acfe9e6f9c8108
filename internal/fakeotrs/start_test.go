package fakeotrs

import "testing"

// start serves a fake OTRS over store on a
// loopback port, closed when tb ends (fakeotrstest.StartFor for the tests
// of this package, which cannot import it).
func start(tb testing.TB, store *Store) (*OTRS, *Server) {
	tb.Helper()
	o := New(store)
	srv, err := o.Listen("127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = srv.Close() })
	return o, srv
}
