package push_test

import (
	"bytes"
	"net/http"
	"slices"
	"testing"
	"time"
)

// BenchmarkNotificationToFCM measures the end-to-end latency on loopback:
// from the moment a recorded Znuny notification is posted to the intake
// until the fake FCM receives the message (one device). Run with
// go test -bench NotificationToFCM -benchtime 2000x ./push/
func BenchmarkNotificationToFCM(b *testing.B) {
	e := newEnv(b, nil)
	e.setToken(b, 3, "device")
	r := loadRecorded(b, notifSimple)
	body := r.wireBody(b)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 4}}
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := range b.N {
		req, _ := http.NewRequest(http.MethodPost, e.intake.URL+"/push/notification", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Proxy-Secret", testSecret)
		start := time.Now()
		resp, err := client.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		resp.Body.Close()
		got := e.fcm.Wait(i+1, 10*time.Second)
		if len(got) != i+1 {
			b.Fatalf("FCM has %d of %d", len(got), i+1)
		}
		lat = append(lat, got[i].At.Sub(start))
	}
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds()), "p50-µs")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds()), "p99-µs")
}
