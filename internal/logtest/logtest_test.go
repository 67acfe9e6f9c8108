package logtest_test

import (
	"sync"
	"testing"

	"github.com/rs/zerolog"
	"github.com/rs4otrs/rs4otrs-proxy/internal/logtest"
)

// Lines sees every line the writers wrote; Take sees them once.
func TestBufferConcurrentWriters(t *testing.T) {
	var b logtest.Buffer
	log := zerolog.New(&b)
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 25 {
				log.Info().Msg("tick")
			}
		}()
	}
	wg.Wait()
	if n := len(b.Lines(t)); n != 100 {
		t.Errorf("Lines: %d lines, want 100", n)
	}
	if n := len(b.Take(t)); n != 100 {
		t.Errorf("Take: %d lines, want 100", n)
	}
	log.Warn().Msg("after")
	got := b.Take(t)
	if len(got) != 1 || got[0]["message"] != "after" || got[0]["level"] != "warn" {
		t.Errorf("Take after Take: %v, want the one line written since", got)
	}
	if b.String() != "" {
		t.Errorf("String after Take: %q, want empty", b.String())
	}
}
