package proxy

import (
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/rs4otrs/rs4otrs-proxy/internal/api"
	"github.com/rs4otrs/rs4otrs-proxy/internal/api/tickets"
	"github.com/rs4otrs/rs4otrs-proxy/internal/api/tickets/writes"
	"github.com/rs4otrs/rs4otrs-proxy/internal/openapi"
)

// route is one entry of the route table.
type route struct {
	verbs []string
	// path is absolute for the operational routes; an API method's path
	// is relative to Config.Prefix.
	path    string
	handler echo.HandlerFunc
	// off leaves the route out (metrics or push not configured): Echo
	// then answers it as an unknown path.
	off bool
	// ops serves the route on Server.OpsHandler (the metrics listener)
	// instead of the API port.
	ops bool
}

// methodRoute is one RS4OTRS_API method.
type methodRoute struct {
	path       string
	needsToken bool
	method     api.Method
	// mw wraps the method (the login limiter), innermost last.
	mw []func(api.Method) api.Method
}

var (
	// get serves the operational reads; HEAD answers like GET without
	// the body (load balancers probe /healthz that way). The API methods
	// take GET and POST only: a method call may write or log in, so HEAD
	// there answers 405 with Allow, and OPTIONS (without CORS) 204 with
	// Allow, both from Echo's router.
	get  = []string{http.MethodGet, http.MethodHead}
	post = []string{http.MethodPost}
)

// routes is the route table: every path the proxy serves, the
// operational ones first, then the 40 methods of the contract with the
// api function that serves each and the middleware of its own.
func (s *Server) routes(a *api.API, ready *readiness) []route {
	var metrics, push http.Handler = http.NotFoundHandler(), http.NotFoundHandler()
	if s.cfg.Metrics != nil {
		metrics = s.cfg.Metrics.Handler()
	}
	if s.cfg.Push != nil {
		push = s.cfg.Push
	}
	out := []route{
		{verbs: get, path: "/healthz", handler: func(c echo.Context) error { return c.String(http.StatusOK, "ok") }},
		{verbs: get, path: "/readyz", handler: ready.handle},
		{verbs: get, path: "/openapi.json", handler: func(c echo.Context) error {
			return c.Blob(http.StatusOK, "application/json", openapi.JSON)
		}},
		{verbs: get, path: "/metrics", handler: echo.WrapHandler(metrics), off: s.cfg.Metrics == nil, ops: s.cfg.MetricsElsewhere},
		// The push intake OTRS posts notifications and events to.
		{verbs: post, path: "/push/notification", handler: echo.WrapHandler(push), off: s.cfg.Push == nil},
		{verbs: post, path: "/push/event", handler: echo.WrapHandler(push), off: s.cfg.Push == nil},
		{verbs: post, path: "/push/event/:event", handler: echo.WrapHandler(push), off: s.cfg.Push == nil},
	}
	for _, m := range s.methodRoutes(a) {
		out = append(out, route{verbs: []string{http.MethodGet, http.MethodPost}, path: s.cfg.Prefix + m.path, handler: s.handle(m)})
	}
	return out
}

// methodRoutes are the 40 methods of the contract, served under
// Config.Prefix by GET and POST alike.
func (s *Server) methodRoutes(a *api.API) []methodRoute {
	t, w := tickets.New(a), writes.New(a)
	const token, open = true, false
	return []methodRoute{
		{"/auth/login", open, a.Login, mw(s.limitLogins)},
		{"/auth/logout", token, a.Logout, nil},
		{"/auth/lostPassword", open, a.LostPassword, mw(s.limitLostPassword)},
		{"/customers/createCustomerUser", token, a.CreateCustomerUser, nil},
		{"/customers/getCustomerList", token, a.GetCustomerList, nil},
		{"/customers/getCustomerUser", token, a.GetCustomerUser, nil},
		{"/customers/getCustomerUserList", token, a.GetCustomerUserList, nil},
		{"/filters/getTicketViews", token, a.GetTicketViews, nil},
		{"/queues/getQueueList", token, a.GetQueueList, nil},
		{"/services/getServiceList", token, a.GetServiceList, nil},
		{"/settings/getLanguageList", token, a.GetLanguageList, nil},
		{"/settings/setPushNotificationToken", token, a.SetPushNotificationToken, nil},
		{"/sla/getSLAList", token, a.GetSLAList, nil},
		{"/system/getPackageList", token, a.GetPackageList, nil},
		{"/system/getDynamicFieldList", token, a.GetDynamicFieldList, nil},
		{"/tickets/createArticle", token, w.CreateArticle, nil},
		{"/tickets/createAttachment", token, w.CreateAttachment, nil},
		{"/tickets/createTicket", token, w.CreateTicket, nil},
		{"/tickets/getArticles", token, t.GetArticles, nil},
		{"/tickets/getAttachment", token, t.GetAttachment, nil},
		{"/tickets/getTicketList", token, t.GetTicketList, nil},
		{"/tickets/markArticleAsSeen", token, w.MarkArticleAsSeen, nil},
		{"/tickets/markTicketAsSeen", token, w.MarkTicketAsSeen, nil},
		{"/tickets/updateArchiveFlag", token, w.UpdateArchiveFlag, nil},
		{"/tickets/updateCustomer", token, w.UpdateCustomer, nil},
		{"/tickets/updateLock", token, w.UpdateLock, nil},
		{"/tickets/updateOwner", token, w.UpdateOwner, nil},
		{"/tickets/updatePendingTime", token, w.UpdatePendingTime, nil},
		{"/tickets/updatePriority", token, w.UpdatePriority, nil},
		{"/tickets/updateQueue", token, w.UpdateQueue, nil},
		{"/tickets/updateResponsible", token, w.UpdateResponsible, nil},
		{"/tickets/updateService", token, w.UpdateService, nil},
		{"/tickets/updateSLA", token, w.UpdateSLA, nil},
		{"/tickets/updateState", token, w.UpdateState, nil},
		{"/tickets/updateTicket", token, w.UpdateTicket, nil},
		{"/tickets/updateTitle", token, w.UpdateTitle, nil},
		{"/tickets/updateType", token, w.UpdateType, nil},
		{"/tickets/watchTicket", token, w.WatchTicket, nil},
		{"/users/getUserList", token, a.GetUserList, nil},
		{"/users/getUserPermissions", token, a.GetUserPermissions, nil},
	}
}

// mw lists a route's own middleware.
func mw(m ...func(api.Method) api.Method) []func(api.Method) api.Method { return m }
