package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs/store"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/catalogtest"
)

func TestCatalog(t *testing.T) {
	s := catalogtest.NewStore()
	catalogtest.Run(t, store.NewCatalog(s), s)
}

// TestSettingsPerDialect: the in-memory catalog states each line's
// product and the settings it differs in (real2/*/sysconfig.txt).
func TestSettingsPerDialect(t *testing.T) {
	for _, tc := range []struct {
		p           store.Product
		product     otrs.Product
		sessionName string
		ownerReset  bool
		scriptAlias string
	}{
		{store.Znuny65, otrs.Product{Name: otrs.Znuny, Version: "6.5.4"}, "OTRSAgentInterface", false, "otrs/"},
		{store.Znuny70, otrs.Product{Name: otrs.Znuny, Version: "7.0.9"}, "OTRSAgentInterface", false, "znuny/"},
		{store.OTRS60, otrs.Product{Name: otrs.OTRS, Version: "6.0.41"}, "OTRSAgentInterface", false, "otrs/"},
		{store.OTOBO11, otrs.Product{Name: otrs.OTOBO, Version: "11.0.6"}, "OTOBOAgentInterface", true, "otobo/"},
	} {
		t.Run(string(tc.p), func(t *testing.T) {
			got, err := store.NewCatalog(store.NewStoreFor(tc.p)).Settings(context.Background())
			want := otrs.Settings{TypeEnabled: true, DefaultType: "Unclassified", PendingDiffTime: 86400 * time.Second,
				Product: tc.product, SessionName: tc.sessionName, OwnerResetOnUnlock: tc.ownerReset, ScriptAlias: tc.scriptAlias}
			if err != nil || got != want {
				t.Errorf("Settings = %+v, %v; want %+v", got, err, want)
			}
		})
	}
}
