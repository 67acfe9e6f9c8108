package push

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/rs4otrs/rs4otrs-proxy/internal/push/fcmtest"
)

// BenchmarkSenderThroughput measures how many messages per second the
// workers push through go-fcm to the fake FCM on loopback (one device
// per message, bbolt token lookups included).
func BenchmarkSenderThroughput(b *testing.B) {
	for _, workers := range []int{1, 4, 16, 64} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			fake := fcmtest.New()
			defer fake.Close()
			sender, err := NewFCM(context.Background(), FCMConfig{ProjectID: "bench", Endpoint: fake.Endpoint(), TokenSource: fcmtest.TokenSource()})
			if err != nil {
				b.Fatal(err)
			}
			store, err := OpenBolt(b.TempDir())
			if err != nil {
				b.Fatal(err)
			}
			defer store.Close()
			const agents = 100
			for a := 1; a <= agents; a++ {
				if err := store.Set(context.Background(), a+1, fmt.Sprintf("device-%d", a)); err != nil {
					b.Fatal(err)
				}
			}
			s := New(Config{Workers: workers, QueueSize: 10000, Log: zerolog.New(io.Discard)}, store, sender, nil, nil)
			m := Message{TicketID: 19, Title: "[Ticket#2026112610000186] Owner Update: Push recording ticket", Detail: "Owner: agent.ro"}
			b.ResetTimer()
			start := time.Now()
			for i := range b.N {
				m.AgentID = i%agents + 2
				for !s.enqueue(job{msgs: []Message{m}}) {
					runtime.Gosched()
				}
			}
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			if err := s.Shutdown(ctx); err != nil {
				b.Fatal(err)
			}
			el := time.Since(start)
			b.StopTimer()
			if st := s.Stats(); st.Sent != int64(b.N) {
				b.Fatalf("sent %d of %d (%+v)", st.Sent, b.N, st)
			}
			b.ReportMetric(float64(b.N)/el.Seconds(), "msgs/s")
		})
	}
}
