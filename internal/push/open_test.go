package push_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/rs4otrs/rs4otrs-proxy/internal/push"
	"github.com/rs4otrs/rs4otrs-proxy/internal/push/fcmtest"
)

// Open with a real service-account key: the SDK signs a JWT, trades it
// at the key's token_uri (a fake here) and sends with the access token.
func TestOpenWithServiceAccountKey(t *testing.T) {
	tokenSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil || r.Form.Get("assertion") == "" {
			http.Error(w, "no assertion", http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"access_token":"from-service-account","token_type":"Bearer","expires_in":3600}`)
	}))
	defer tokenSrv.Close()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	der, _ := x509.MarshalPKCS8PrivateKey(key)
	sa, _ := json.Marshal(map[string]string{
		"type": "service_account", "project_id": "from-key", "private_key_id": "k1",
		"private_key":  string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})),
		"client_email": "push@from-key.iam.gserviceaccount.com", "client_id": "1",
		"token_uri": tokenSrv.URL + "/token",
	})
	dir := t.TempDir()
	credFile := filepath.Join(dir, "sa.json")
	if err := os.WriteFile(credFile, sa, 0o600); err != nil {
		t.Fatal(err)
	}
	fake := fcmtest.New()
	defer fake.Close()
	svc, err := push.Open(context.Background(), push.Setup{
		DataDir: filepath.Join(dir, "data"), FCMCredentials: credFile, FCMEndpoint: fake.Endpoint(),
		Service: push.Config{Secret: testSecret, Server: "otrs.example.com", Log: zerolog.New(io.Discard)},
	})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(svc.Handler())
	defer srv.Close()
	if err := svc.SetToken(context.Background(), 3, "device"); err != nil {
		t.Fatal(err)
	}
	e := &env{svc: svc, intake: srv}
	r := loadRecorded(t, notifSimple)
	if status, _ := e.post(t, r, "/push/notification", nil); status != http.StatusOK {
		t.Fatalf("status %d", status)
	}
	got := fake.Wait(1, 10*time.Second)
	if len(got) != 1 || got[0].Auth != "Bearer from-service-account" || got[0].Project != "from-key" {
		t.Fatalf("FCM received %+v", got)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := svc.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	// The token file survives: a new service finds the device.
	again, err := push.OpenBolt(filepath.Join(dir, "data"))
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if toks, _ := again.Tokens(context.Background(), 3); len(toks) != 1 {
		t.Errorf("after restart: %d tokens", len(toks))
	}
}
