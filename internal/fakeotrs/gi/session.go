package gi

import (
	"crypto/sha256"
	"encoding/hex"
	"sort"
	"strconv"

	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs/store"
)

// Customer backend configs as a customer session carries them (serialized
// JSON values in SessionGet).
const (
	customerCompanyConfig = `{"CacheTTL":86400,"CustomerCompanyKey":"customer_id","CustomerCompanyListFields":["customer_id","name"],"CustomerCompanySearchFields":["customer_id","name"],"CustomerCompanySearchListLimit":250,"CustomerCompanySearchPrefix":"*","CustomerCompanySearchSuffix":"*","CustomerCompanyValid":"valid_id","Map":[["CustomerID","CustomerID","customer_id",0,1,"var","",0],["CustomerCompanyName","Customer","name",1,1,"var","",0],["CustomerCompanyStreet","Street","street",1,0,"var","",0],["CustomerCompanyZIP","Zip","zip",1,0,"var","",0],["CustomerCompanyCity","City","city",1,0,"var","",0],["CustomerCompanyCountry","Country","country",1,0,"var","",0],["CustomerCompanyURL","URL","url",1,0,"var","[% Data.CustomerCompanyURL | html %]",0],["CustomerCompanyComment","Comment","comments",1,0,"var","",0],["ValidID","Valid","valid_id",0,1,"int","",0]],"Module":"Kernel::System::CustomerCompany::DB","Name":"Database Backend","Params":{"SearchCaseSensitive":0,"Table":"customer_company"}}`
	customerUserConfig    = `{"CacheTTL":86400,"CustomerCompanySupport":1,"CustomerID":"customer_id","CustomerKey":"login","CustomerUserEmailUniqCheck":1,"CustomerUserListFields":["first_name","last_name","email"],"CustomerUserNameFields":["title","first_name","last_name"],"CustomerUserPostMasterSearchFields":["email"],"CustomerUserSearchFields":["login","first_name","last_name","customer_id"],"CustomerUserSearchListLimit":250,"CustomerUserSearchPrefix":"*","CustomerUserSearchSuffix":"*","CustomerValid":"valid_id","Map":[["UserTitle","Title or salutation","title",1,0,"var","",0,null,null],["UserFirstname","Firstname","first_name",1,1,"var","",0,null,null],["UserLastname","Lastname","last_name",1,1,"var","",0,null,null],["UserLogin","Username","login",1,1,"var","",0,null,null],["UserPassword","Password","pw",0,0,"var","",0,null,null],["UserEmail","Email","email",1,1,"var","",0,null,null],["UserCustomerID","CustomerID","customer_id",0,1,"var","",0,null,null],["UserPhone","Phone","phone",1,0,"var","",0,null,null],["UserFax","Fax","fax",1,0,"var","",0,null,null],["UserMobile","Mobile","mobile",1,0,"var","",0,null,null],["UserStreet","Street","street",1,0,"var","",0,null,null],["UserZip","Zip","zip",1,0,"var","",0,null,null],["UserCity","City","city",1,0,"var","",0,null,null],["UserCountry","Country","country",1,0,"var","",0,null,null],["UserComment","Comment","comments",1,0,"var","",0,null,null],["ValidID","Valid","valid_id",0,1,"int","",0,null,null]],"Module":"Kernel::System::CustomerUser::DB","Name":"Database Backend","Params":{"SearchCaseSensitive":0,"Table":"customer_user"},"Selections":{}}`
)

func (o *Connector) giSessionCreate(d giData) any {
	s := o.Store
	s.Mu.Lock()
	defer s.Mu.Unlock()
	fail := giError("SessionCreate.AuthFail", "SessionCreate: Authorization failing!")
	pw := giStr(d["Password"])
	now := s.Now()
	sess := &store.Session{ID: store.NewSessionID(), CreateTime: now, LastRequest: now}
	switch {
	case giStr(d["UserLogin"]) != "":
		a := s.AgentByLogin(giStr(d["UserLogin"]))
		if a == nil || a.ValidID != 1 || pw == "" || a.Password != pw {
			return fail
		}
		sess.UserID = a.ID
	case giStr(d["CustomerUserLogin"]) != "":
		cu := s.CustomerUser(giStr(d["CustomerUserLogin"]))
		if cu == nil || cu.ValidID != 1 || pw == "" || cu.Password != pw {
			return fail
		}
		sess.UserID, sess.Customer = cu.ID, true
	default:
		return fail
	}
	s.Sessions[sess.ID] = sess
	return map[string]any{"SessionID": sess.ID}
}

func (o *Connector) giSessionGet(d giData) any {
	s := o.Store
	s.Mu.Lock()
	defer s.Mu.Unlock()
	sess := s.Sessions[giStr(d["SessionID"])]
	u, ok := store.User{}, sess != nil
	if ok {
		u, ok = s.SessionUser(sess.ID)
	}
	if !ok {
		return giError("SessionGet.SessionInvalid", "SessionGet: SessionID is Invalid!")
	}
	var kv map[string]any
	if u.Agent != nil {
		kv = agentSessionData(s, u.Agent, sess)
	} else {
		kv = customerSessionData(s, u.Customer, sess)
	}
	keys := make([]string, 0, len(kv))
	for k := range kv {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	list := make([]any, 0, len(keys))
	for _, k := range keys {
		e := map[string]any{"Key": k, "Value": kv[k]}
		if k == "Config" || k == "CompanyConfig" {
			e["Serialized"] = 1
		}
		list = append(list, e)
	}
	return map[string]any{"SessionData": list}
}

func agentSessionData(s *store.Store, a *store.Agent, sess *store.Session) map[string]any {
	start := strconv.FormatInt(sess.CreateTime.Unix(), 10)
	var title any
	if a.Title != "" {
		title = a.Title
	}
	kv := map[string]any{
		"AdminCommunicationLogPageShown": "25", "AdminDynamicFieldsOverviewPageShown": "25",
		"ChangeTime": store.OTRSTime(a.CreateTime), "CreateTime": store.OTRSTime(a.CreateTime),
		"SessionSource": sessionSource(sess), "UserCreateNextMask": "", "UserEmail": a.Email,
		"UserFirstname": a.FirstName, "UserFullname": a.FullName(), "UserID": strconv.Itoa(a.ID),
		"UserLastLogin": start, "UserLastLoginTimestamp": store.OTRSTime(sess.CreateTime),
		"UserLastRequest": strconv.FormatInt(sess.LastRequest.Unix(), 10), "UserLastViewsLimit": "5",
		"UserLastViewsPosition": "Avatar", "UserLastname": a.LastName, "UserLogin": a.Login,
		"UserLoginFailed": "0", "UserRefreshTime": "0", "UserRemoteAddr": "127.0.0.1",
		"UserRemoteUserAgent": "none", "UserSessionStart": start,
		"UserTicketOverviewMediumPageShown": "20", "UserTicketOverviewPreviewPageShown": "15",
		"UserTicketOverviewSmallPageShown": "25", "UserTitle": title, "UserType": "User",
		"ValidID": strconv.Itoa(a.ValidID),
	}
	// OTRS copies the agent's stored preferences (UserLanguage,
	// UserTimeZone...) into the session data.
	for k, v := range store.AgentPrefs(a) {
		kv[k] = v
	}
	return kv
}

// customerSessionData includes UserPassword, the password hash, because
// Znuny's SessionGet returns it for customer sessions (gi/012).
func customerSessionData(s *store.Store, cu *store.CustomerUser, sess *store.Session) map[string]any {
	start := strconv.FormatInt(sess.CreateTime.Unix(), 10)
	sum := sha256.Sum256([]byte(cu.Password))
	kv := map[string]any{
		"ChangeBy": "1", "ChangeTime": store.OTRSTime(cu.CreateTime), "CreateBy": "1", "CreateTime": store.OTRSTime(cu.CreateTime),
		"CompanyConfig": customerCompanyConfig, "Config": customerUserConfig,
		"CustomerID": cu.CustomerID, "SessionSource": sessionSource(sess), "Source": "CustomerUser",
		"UserAuthBackend": "", "UserCity": cu.City, "UserComment": cu.Comment, "UserCountry": cu.Country,
		"UserCustomerID": cu.CustomerID, "UserEmail": cu.Email, "UserFax": "", "UserFirstname": cu.FirstName,
		"UserFullname": cu.FirstName + " " + cu.LastName, "UserID": cu.Login, "UserLastLogin": start,
		"UserLastLoginTimestamp": store.OTRSTime(sess.CreateTime), "UserLastRequest": strconv.FormatInt(sess.LastRequest.Unix(), 10),
		"UserLastViewsLimit": "5", "UserLastname": cu.LastName, "UserLogin": cu.Login, "UserLoginFailed": "0",
		"UserMailString": "\"" + cu.FirstName + " " + cu.LastName + "\" <" + cu.Email + ">", "UserMobile": cu.Mobile,
		"UserPassword": hex.EncodeToString(sum[:]), "UserPhone": cu.Phone, "UserRefreshTime": "0",
		"UserRemoteAddr": "127.0.0.1", "UserRemoteUserAgent": "none", "UserSessionStart": start,
		"UserShowTickets": "25", "UserStreet": cu.Street, "UserTitle": cu.Title, "UserType": "Customer",
		"UserZip": cu.Zip, "ValidID": strconv.Itoa(cu.ValidID),
	}
	for _, cc := range s.CustomerCompanys {
		if cc.CustomerID != cu.CustomerID {
			continue
		}
		null := func(v string) any {
			if v == "" {
				return nil
			}
			return v
		}
		kv["CustomerCompanyName"] = cc.Name
		kv["CustomerCompanyCity"] = null(cc.City)
		kv["CustomerCompanyComment"] = nil
		kv["CustomerCompanyCountry"] = null(cc.Country)
		kv["CustomerCompanyStreet"] = null(cc.Street)
		kv["CustomerCompanyURL"] = null(cc.URL)
		kv["CustomerCompanyValidID"] = strconv.Itoa(cc.ValidID)
		kv["CustomerCompanyZIP"] = nil
	}
	return kv
}

// giSessionRemove authenticates with the credentials only: OTRS drops the
// route's SessionID before it authenticates (gi/013, gi/018).
func (o *Connector) giSessionRemove(d giData) any {
	s := o.Store
	s.Mu.Lock()
	defer s.Mu.Unlock()
	sid := giStr(d["SessionID"])
	creds := giData{}
	for _, k := range []string{"UserLogin", "CustomerUserLogin", "Password"} {
		if v, ok := d[k]; ok {
			creds[k] = v
		}
	}
	u, ok := giAuth(s, creds)
	if !ok {
		return giError("SessionRemove.AuthFail", "SessionRemove: Authorization failed!")
	}
	sess := s.Sessions[sid]
	if sess == nil {
		return map[string]any{"Success": 1}
	}
	own := (u.Agent != nil && !sess.Customer && sess.UserID == u.Agent.ID) ||
		(u.Customer != nil && sess.Customer && sess.UserID == u.Customer.ID)
	admin := s.GroupByName("admin")
	if !own && (u.Agent == nil || admin == nil || !s.AgentHas(u.Agent.ID, admin.ID, "rw")) {
		return giError("SessionRemove.AuthFail", "SessionRemove: Authorization failed! User needs to be in group admin.")
	}
	delete(s.Sessions, sid)
	return map[string]any{"Success": 1}
}

// sessionSource is SessionGet's SessionSource: "AgentInterface" for a
// web login (real2/znuny65/31), "GenericInterface" otherwise (gi/010).
func sessionSource(sess *store.Session) string {
	if sess.Source == store.SourceGI {
		return "GenericInterface"
	}
	return sess.Source
}
