package proxy

import "github.com/rs4otrs/rs4otrs-proxy/internal/api"

// route is one RS4OTRS_API method.
type route struct {
	path       string
	needsToken bool
	method     api.Method
}

// routes lists every method of the contract and the translate function
// that serves it.
func routes(a *api.API) []route {
	return []route{
		{"/auth/login", false, a.Login},
		{"/auth/logout", true, a.Logout},
		{"/auth/lostPassword", false, a.LostPassword},
		{"/customers/createCustomerUser", true, a.CreateCustomerUser},
		{"/customers/getCustomerList", true, a.GetCustomerList},
		{"/customers/getCustomerUser", true, a.GetCustomerUser},
		{"/customers/getCustomerUserList", true, a.GetCustomerUserList},
		{"/filters/getTicketViews", true, a.GetTicketViews},
		{"/queues/getQueueList", true, a.GetQueueList},
		{"/services/getServiceList", true, a.GetServiceList},
		{"/settings/getLanguageList", true, a.GetLanguageList},
		{"/settings/setPushNotificationToken", true, a.SetPushNotificationToken},
		{"/sla/getSLAList", true, a.GetSLAList},
		{"/system/getPackageList", true, a.GetPackageList},
		{"/system/getDynamicFieldList", true, a.GetDynamicFieldList},
		{"/tickets/createArticle", true, a.CreateArticle},
		{"/tickets/createAttachment", true, a.CreateAttachment},
		{"/tickets/createTicket", true, a.CreateTicket},
		{"/tickets/getArticles", true, a.GetArticles},
		{"/tickets/getAttachment", true, a.GetAttachment},
		{"/tickets/getTicketList", true, a.GetTicketList},
		{"/tickets/markArticleAsSeen", true, a.MarkArticleAsSeen},
		{"/tickets/markTicketAsSeen", true, a.MarkTicketAsSeen},
		{"/tickets/updateArchiveFlag", true, a.UpdateArchiveFlag},
		{"/tickets/updateCustomer", true, a.UpdateCustomer},
		{"/tickets/updateLock", true, a.UpdateLock},
		{"/tickets/updateOwner", true, a.UpdateOwner},
		{"/tickets/updatePendingTime", true, a.UpdatePendingTime},
		{"/tickets/updatePriority", true, a.UpdatePriority},
		{"/tickets/updateQueue", true, a.UpdateQueue},
		{"/tickets/updateResponsible", true, a.UpdateResponsible},
		{"/tickets/updateService", true, a.UpdateService},
		{"/tickets/updateSLA", true, a.UpdateSLA},
		{"/tickets/updateState", true, a.UpdateState},
		{"/tickets/updateTicket", true, a.UpdateTicket},
		{"/tickets/updateTitle", true, a.UpdateTitle},
		{"/tickets/updateType", true, a.UpdateType},
		{"/tickets/watchTicket", true, a.WatchTicket},
		{"/users/getUserList", true, a.GetUserList},
		{"/users/getUserPermissions", true, a.GetUserPermissions},
	}
}
