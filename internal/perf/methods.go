package perf

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"time"

	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/gi"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/web"
)

// Method is one RS4OTRS_API method as the measurements call it.
type Method struct {
	// Path is the contract's, under the API prefix.
	Path string
	// Open methods take no token.
	Open bool
	// EndsSession: each call needs a session of its own (logout).
	EndsSession bool
	// Params are those of a successful call with the agent's token tok.
	Params func(f *Fixture, tok string) map[string]any
	// Floor sends the fake OTRS, as session sid, the calls the method
	// cannot avoid; nil when it needs none (answered from the proxy's
	// caches). Floor names them.
	Floor     func(ctx context.Context, f *Fixture, sid string) error
	FloorName string
	// Cleanup, when set, runs untimed after a timed call with its answer.
	Cleanup func(ctx context.Context, f *Fixture, a *Answer) error
}

// no is Params for a method without parameters.
func no(*Fixture, string) map[string]any { return map[string]any{} }

// alt is a value that changes from call to call: OTRS refuses an update
// that changes nothing ("wasn't updated"), and a method finding the
// ticket as asked may not write at all.
type alt [2]any

// ticket is Params naming the work ticket plus kv; an alt value is its
// first value on the method's odd calls, its second on the even ones.
func ticket(path string, kv ...any) func(*Fixture, string) map[string]any {
	return func(f *Fixture, _ string) map[string]any {
		p := map[string]any{"TicketID": f.Ticket}
		odd := f.odd(path)
		for i := 0; i+1 < len(kv); i += 2 {
			v := kv[i+1]
			if a, ok := v.(alt); ok {
				v = a[map[bool]int{true: 0, false: 1}[odd]]
			}
			p[kv[i].(string)] = v
		}
		return p
	}
}

// article is Params naming the work ticket's first article plus key.
func article(key string, value any) func(*Fixture, string) map[string]any {
	return func(f *Fixture, _ string) map[string]any {
		return map[string]any{"TicketID": f.Ticket, "ArticleID": f.Article, key: value}
	}
}

// get is the floor of a ticket read: one TicketGet of the work ticket.
func get(opt gi.GetOptions) func(context.Context, *Fixture, string) error {
	return func(ctx context.Context, f *Fixture, sid string) error {
		_, err := f.GI.TicketGet(ctx, sid, []int{f.Ticket}, opt)
		return err
	}
}

// update is the floor of a ticket write: one TicketUpdate, of the first
// request on odd calls and the second on even ones.
func update(path string, odd, even gi.TicketRequest) func(context.Context, *Fixture, string) error {
	return func(ctx context.Context, f *Fixture, sid string) error {
		in := even
		if f.odd("floor " + path) {
			in = odd
		}
		_, err := f.GI.TicketUpdate(ctx, sid, f.Ticket, in)
		return err
	}
}

// fields is a TicketUpdate of ticket fields.
func fields(t gi.TicketInput) gi.TicketRequest { return gi.TicketRequest{Ticket: &t} }

func note(subject string) *gi.ArticleInput {
	return &gi.ArticleInput{CommunicationChannel: "Internal", SenderType: "agent", Subject: subject, Body: subject,
		ContentType: "text/plain; charset=utf8"}
}

var attachment = base64.StdEncoding.EncodeToString([]byte("perf: a small file\n"))

// withFile is createAttachment's floor: a note with the file.
var withFile = gi.TicketRequest{Article: note("perf.txt"),
	Attachment: []gi.AttachmentInput{{Content: attachment, ContentType: "text/plain", Filename: "perf.txt"}}}

// archive asks the demo's archive set-up to archive or restore.
func archive(value string) gi.TicketRequest {
	return gi.TicketRequest{DynamicField: []gi.FieldInput{{Name: fakeotrs.ArchiveField, Value: value}}}
}

// WarmUp validates a token and nothing else: the catalog answers it.
var WarmUp = Method{Path: "/queues/getQueueList", Params: no}

// Methods are the 40 methods of the contract, in the route table's order.
var Methods = []Method{
	{Path: "/auth/login", Open: true,
		Params: func(*Fixture, string) map[string]any { return map[string]any{"User": Login, "Password": Password} },
		// The login the proxy cannot avoid is the agent interface's: its
		// session is the one the agent-interface actions need (a GI
		// session crashes AdminCustomerUser, real2/znuny65/21, 27).
		Floor: func(ctx context.Context, f *Fixture, _ string) error {
			sid, err := f.Web.Login(ctx, Login, Password)
			f.floorSessions.Store(sid, true)
			return err
		}, FloorName: "web Login",
		// OTRS limits an agent's agent-interface sessions
		// (AgentSessionPerUserLimit 20, AgentSessionLimit 100): each one
		// a measured login or its floor made is ended again, untimed.
		Cleanup: func(ctx context.Context, f *Fixture, a *Answer) error {
			var out struct{ SessionValue string }
			if err := json.Unmarshal(a.Body, &out); err != nil {
				return err
			}
			ended := []string{out.SessionValue}
			f.floorSessions.Range(func(k, _ any) bool {
				f.floorSessions.Delete(k)
				if sid, _ := k.(string); sid != "" {
					ended = append(ended, sid)
				}
				return true
			})
			for _, sid := range ended {
				if err := f.GI.SessionRemove(ctx, sid, Login, Password); err != nil {
					return err
				}
			}
			return nil
		}},
	{Path: "/auth/logout", EndsSession: true,
		Params: func(f *Fixture, tok string) map[string]any {
			return map[string]any{"ChallengeToken": f.App.API.Sessions.ChallengeToken(tok)}
		},
		Floor:     func(ctx context.Context, f *Fixture, sid string) error { return f.Web.Logout(ctx, sid) },
		FloorName: "web Logout"},
	{Path: "/auth/lostPassword", Open: true,
		// A login of its own each call: the proxy lets a login ask 3
		// times in 15 minutes. OTRS answers an unknown one alike.
		Params: func(f *Fixture, _ string) map[string]any { return map[string]any{"User": f.unique("nobody.")} },
		Floor: func(ctx context.Context, f *Fixture, _ string) error {
			return f.Web.LostPassword(ctx, f.unique("nobody.floor."))
		},
		FloorName: "web LostPassword"},
	{Path: "/customers/createCustomerUser",
		Params: func(f *Fixture, _ string) map[string]any {
			login := f.unique("perf.")
			return map[string]any{"Firstname": "Pat", "Lastname": "Perf", "CustomerID": "acme", "Login": login, "Email": login + "@mail.acme.test"}
		},
		Floor: func(ctx context.Context, f *Fixture, sid string) error {
			login := f.unique("perf.floor.")
			err := f.Web.CreateCustomerUser(ctx, sid, web.CustomerUser{Login: login, Firstname: "Pat", Lastname: "Perf",
				CustomerID: "acme", Email: login + "@mail.acme.test"})
			if err != nil && f.customerUserStored(login) {
				// Znuny 6.5 stores it, then fails drawing the page
				// for a GI session (real2/znuny65/27): done all the same.
				return nil
			}
			return err
		}, FloorName: "web AdminCustomerUser"},
	{Path: "/customers/getCustomerList", Params: no},
	{Path: "/customers/getCustomerUser", Params: func(*Fixture, string) map[string]any { return map[string]any{"CustomerUser": "jdoe"} }},
	{Path: "/customers/getCustomerUserList", Params: no},
	{Path: "/filters/getTicketViews", Params: no},
	{Path: "/queues/getQueueList", Params: no},
	{Path: "/services/getServiceList", Params: no},
	{Path: "/settings/getLanguageList", Params: no},
	{Path: "/settings/setPushNotificationToken", Params: func(f *Fixture, _ string) map[string]any {
		return map[string]any{"Token": "perf-device-token"}
	}},
	{Path: "/sla/getSLAList", Params: func(*Fixture, string) map[string]any { return map[string]any{"ServiceID": 2} }},
	{Path: "/system/getPackageList", Params: no},
	{Path: "/system/getDynamicFieldList", Params: no},
	{Path: "/tickets/createArticle", Params: ticket("createArticle", "Subject", "perf note", "Body", "perf", "ArticleType", "Internal"),
		Floor:     update("createArticle", gi.TicketRequest{Article: note("perf note")}, gi.TicketRequest{Article: note("perf note")}),
		FloorName: "GI TicketUpdate"},
	{Path: "/tickets/createAttachment",
		Params: ticket("createAttachment", "File", map[string]any{"Content": attachment, "ContentType": "text/plain", "Filename": "perf.txt"}),
		Floor:  update("createAttachment", withFile, withFile), FloorName: "GI TicketUpdate"},
	{Path: "/tickets/createTicket",
		Params: func(*Fixture, string) map[string]any {
			return map[string]any{"Title": "perf ticket", "QueueID": 5, "PriorityID": 3, "Body": "perf", "CustomerUserID": "jdoe", "CustomerID": "acme"}
		},
		Floor: func(ctx context.Context, f *Fixture, sid string) error {
			_, err := f.GI.TicketCreate(ctx, sid, gi.TicketRequest{
				Ticket: &gi.TicketInput{Title: "perf ticket", QueueID: 5, PriorityID: 3, TypeID: 1, State: "new",
					CustomerUser: "jdoe", CustomerID: "acme"},
				Article: note("perf ticket"),
			})
			return err
		}, FloorName: "GI TicketCreate"},
	{Path: "/tickets/getArticles", Params: ticket("getArticles"),
		Floor: get(gi.GetOptions{AllArticles: true, Attachments: true, DynamicFields: true}), FloorName: "GI TicketGet"},
	{Path: "/tickets/getAttachment", Params: article("FileID", 1),
		Floor: get(gi.GetOptions{AllArticles: true, Attachments: true, GetAttachmentContents: true}), FloorName: "GI TicketGet"},
	{Path: "/tickets/getTicketList", Params: func(*Fixture, string) map[string]any { return map[string]any{"Limit": 20} },
		Floor: func(ctx context.Context, f *Fixture, sid string) error {
			ids, err := f.GI.TicketSearch(ctx, sid, gi.Search{"Limit": 20})
			if err == nil && len(ids) > 0 {
				_, err = f.GI.TicketGet(ctx, sid, ids, gi.GetOptions{DynamicFields: true})
			}
			return err
		}, FloorName: "GI TicketSearch, GI TicketGet"},
	{Path: "/tickets/markArticleAsSeen", Params: article("Seen", 1),
		Floor: func(ctx context.Context, f *Fixture, sid string) error {
			return f.Web.MarkSeen(ctx, sid, f.Ticket, f.Article)
		},
		FloorName: "web AgentTicketZoom/MarkAsSeen"},
	{Path: "/tickets/markTicketAsSeen", Params: ticket("markTicketAsSeen", "Seen", 1),
		Floor:     func(ctx context.Context, f *Fixture, sid string) error { return f.Web.MarkSeen(ctx, sid, f.Ticket, 0) },
		FloorName: "web AgentTicketZoom/TicketMarkAsSeen"},
	{Path: "/tickets/updateArchiveFlag", Params: ticket("updateArchiveFlag", "ArchiveFlag", alt{"y", "n"}),
		Floor: update("updateArchiveFlag", archive("archive"), archive("restore")), FloorName: "GI TicketUpdate"},
	{Path: "/tickets/updateCustomer", Params: ticket("updateCustomer", "CustomerID", "acme", "CustomerUserID", alt{"asmith", "jdoe"}),
		Floor: update("updateCustomer", fields(gi.TicketInput{CustomerUser: "asmith", CustomerID: "acme"}),
			fields(gi.TicketInput{CustomerUser: "jdoe", CustomerID: "acme"})), FloorName: "GI TicketUpdate"},
	{Path: "/tickets/updateLock", Params: ticket("updateLock", "Lock", alt{"lock", "unlock"}),
		Floor: update("updateLock", fields(gi.TicketInput{Lock: "lock"}), fields(gi.TicketInput{Lock: "unlock"})), FloorName: "GI TicketUpdate"},
	// The work ticket is the agent's: the owner goes to root@localhost
	// (1) and back, as the edit screen may do it (Rule TicketEdit; the
	// owner screen's rule wants the agent to hold the lock).
	{Path: "/tickets/updateOwner", Params: ticket("updateOwner", "NewUserID", alt{1, agentID}, "Rule", "TicketEdit"),
		Floor: update("updateOwner", fields(gi.TicketInput{OwnerID: 1}), fields(gi.TicketInput{OwnerID: agentID})), FloorName: "GI TicketUpdate"},
	{Path: "/tickets/updatePendingTime",
		Params: func(f *Fixture, _ string) map[string]any {
			days := map[bool]time.Duration{true: 2, false: 3}[f.odd("updatePendingTime")]
			return map[string]any{"TicketID": f.Pending, "UntilTimeDateUnix": f.Now().Add(days * 24 * time.Hour).Unix()}
		},
		Floor: func(ctx context.Context, f *Fixture, sid string) error {
			days := map[bool]int{true: 2, false: 3}[f.odd("floor updatePendingTime")]
			_, err := f.GI.TicketUpdate(ctx, sid, f.Pending, fields(gi.TicketInput{PendingTime: &gi.PendingTime{Diff: days * 24 * 60}}))
			return err
		}, FloorName: "GI TicketUpdate"},
	{Path: "/tickets/updatePriority", Params: ticket("updatePriority", "PriorityID", alt{4, 3}),
		Floor: update("updatePriority", fields(gi.TicketInput{PriorityID: 4}), fields(gi.TicketInput{PriorityID: 3})), FloorName: "GI TicketUpdate"},
	{Path: "/tickets/updateQueue", Params: ticket("updateQueue", "QueueID", alt{6, 5}),
		Floor: update("updateQueue", fields(gi.TicketInput{QueueID: 6}), fields(gi.TicketInput{QueueID: 5})), FloorName: "GI TicketUpdate"},
	{Path: "/tickets/updateResponsible", Params: ticket("updateResponsible", "NewUserID", alt{agentID, 1}),
		Floor:     update("updateResponsible", fields(gi.TicketInput{ResponsibleID: agentID}), fields(gi.TicketInput{ResponsibleID: 1})),
		FloorName: "GI TicketUpdate"},
	{Path: "/tickets/updateService", Params: ticket("updateService", "ServiceID", alt{1, 2}),
		Floor: update("updateService", fields(gi.TicketInput{ServiceID: 1}), fields(gi.TicketInput{ServiceID: 2})), FloorName: "GI TicketUpdate"},
	{Path: "/tickets/updateSLA", Params: ticket("updateSLA", "SLAID", alt{2, 1}),
		Floor: update("updateSLA", fields(gi.TicketInput{SLAID: 2}), fields(gi.TicketInput{SLAID: 1})), FloorName: "GI TicketUpdate"},
	{Path: "/tickets/updateState", Params: ticket("updateState", "State", alt{"closed successful", "open"}),
		Floor:     update("updateState", fields(gi.TicketInput{State: "closed successful"}), fields(gi.TicketInput{State: "open"})),
		FloorName: "GI TicketUpdate"},
	// Two fields (a priority would want the ticket locked by the agent).
	{Path: "/tickets/updateTicket", Params: ticket("updateTicket", "Title", alt{"perf: renamed", "perf: work ticket"}, "TypeID", alt{3, 2}),
		Floor: update("updateTicket", fields(gi.TicketInput{Title: "perf: renamed", TypeID: 3}),
			fields(gi.TicketInput{Title: "perf: work ticket", TypeID: 2})), FloorName: "GI TicketUpdate"},
	{Path: "/tickets/updateTitle", Params: ticket("updateTitle", "Title", alt{"perf: renamed", "perf: work ticket"}),
		Floor:     update("updateTitle", fields(gi.TicketInput{Title: "perf: renamed"}), fields(gi.TicketInput{Title: "perf: work ticket"})),
		FloorName: "GI TicketUpdate"},
	{Path: "/tickets/updateType", Params: ticket("updateType", "TypeID", alt{3, 2}),
		Floor: update("updateType", fields(gi.TicketInput{TypeID: 3}), fields(gi.TicketInput{TypeID: 2})), FloorName: "GI TicketUpdate"},
	{Path: "/tickets/watchTicket", Params: ticket("watchTicket", "Subscribe", 1),
		Floor:     func(ctx context.Context, f *Fixture, sid string) error { return f.Web.Watch(ctx, sid, f.Ticket, true) },
		FloorName: "web AgentTicketWatcher/Subscribe"},
	{Path: "/users/getUserList", Params: no},
	{Path: "/users/getUserPermissions", Params: no},
}
