package store_test

import (
	"testing"

	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs/store"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/catalogtest"
)

func TestCatalog(t *testing.T) {
	s := catalogtest.NewStore()
	catalogtest.Run(t, store.NewCatalog(s), s)
}
