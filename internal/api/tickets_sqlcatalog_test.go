package api_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/db/dbtest"
	"github.com/rs4otrs/rs4otrs-proxy/internal/perms"
)

// TestTicketsOverSQLCatalog reads tickets once with the in-memory catalog
// and once with the SQL one over the same data on PostgreSQL and MariaDB:
// every answer must be the same byte for byte (the in-memory answers are
// pinned by the goldens of the other tests). It also logs how many
// statements a getTicketList page costs the database, cold and warm.
func TestTicketsOverSQLCatalog(t *testing.T) {
	dbtest.Skip(t)
	for _, v := range []dbtest.Variant{{Driver: "postgres", Naming: dbtest.Znuny}, {Driver: "mysql", Naming: dbtest.OTRS6}} {
		t.Run(v.String(), func(t *testing.T) {
			env, tok := startTickets(t)
			var pngArticle int
			env.Store.Lock(func(s *fakeotrs.Store) {
				for _, tk := range s.Tickets {
					switch tk.ID {
					case 2, 5:
						tk.SeenBy[2] = true
					case 3:
						tk.Links = 2
					case 4:
						tk.Watchers = []int{3, 2}
					}
					if tk.ID == 5 {
						tk.Articles[0].SeenBy[2] = true
						pngArticle = tk.Articles[0].ID
					}
				}
			})
			cases := []struct {
				name, path string
				params     map[string]any
			}{
				{"list-default", "/tickets/getTicketList", nil},
				{"list-df-all", "/tickets/getTicketList", map[string]any{"DynamicFieldsMode": "all"}},
				{"list-newnotes", "/tickets/getTicketList", map[string]any{"ViewID": -5}},
				{"list-newnotes-count", "/tickets/getTicketList", map[string]any{"ViewID": -5, "Count": 1}},
				{"list-myqueues", "/tickets/getTicketList", map[string]any{"ViewID": -2}},
				{"list-watched", "/tickets/getTicketList", map[string]any{"ViewID": -7}},
				{"articles-seen", "/tickets/getArticles", map[string]any{"TicketID": 5}},
				{"articles-no-ticket", "/tickets/getArticles", map[string]any{"TicketID": 999}},
				{"articles-no-permission", "/tickets/getArticles", map[string]any{"TicketID": 9}},
				{"attachment-by-article", "/tickets/getAttachment", map[string]any{"ArticleID": pngArticle, "FileID": 1}},
				{"attachment-no-article", "/tickets/getAttachment", map[string]any{"ArticleID": 99999, "FileID": 1}},
			}
			want := map[string][]byte{}
			for _, tc := range cases {
				_, want[tc.name] = env.Call(tc.path, env.As(tok, tc.params))
			}

			// The data must show every fact, or equal answers prove little.
			for _, s := range []string{`"Response":"OK"`, `"LinkCount":2`, `"WatcherCount":2`, `"Seen":1`, `"CustomerUserFirstname":"Alice"`, `"Value":"Medium"`} {
				if !bytes.Contains(want["list-df-all"], []byte(s)) {
					t.Errorf("list-df-all lacks %s", s)
				}
			}

			cat := dbtest.Catalog(t, dbtest.Create(t, v, env.Store), time.Hour)
			env.App.API.Catalog = cat
			env.App.API.Perms = perms.New(cat, 0)

			for _, run := range []string{"cold", "warm"} {
				n0 := cat.Queries()
				_, b := env.Call("/tickets/getTicketList", env.As(tok, map[string]any{"DynamicFieldsMode": "all"}))
				t.Logf("getTicketList page, DynamicFieldsMode all, %s catalog: %d statements", run, cat.Queries()-n0)
				if !bytes.Equal(b, want["list-df-all"]) {
					t.Errorf("%s: getTicketList differs", run)
				}
			}
			for _, tc := range cases {
				t.Run(tc.name, func(t *testing.T) {
					n0 := cat.Queries()
					_, got := env.Call(tc.path, env.As(tok, tc.params))
					t.Logf("warm catalog: %d statements", cat.Queries()-n0)
					if !bytes.Equal(got, want[tc.name]) {
						t.Errorf("SQL catalog answers\n%.2000s\nin-memory catalog answers\n%.2000s", got, want[tc.name])
					}
				})
			}
		})
	}
}
