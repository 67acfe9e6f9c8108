package otrstest_test

import (
	"testing"

	"github.com/rs4otrs/rs4otrs-proxy/otrs/catalogtest"
	"github.com/rs4otrs/rs4otrs-proxy/otrs/otrstest"
)

func TestCatalog(t *testing.T) {
	s := catalogtest.NewStore()
	catalogtest.Run(t, otrstest.NewCatalog(s), s)
}
