package latency

// Table is what a real Znuny 6.5.4 took to answer, per GI operation and
// per agent-interface action, on a 2-core machine with everything on
// 127.0.0.1 (Apache prefork + mod_perl, PostgreSQL). Files are under
// /work/shared/otrs-recordings (LATENCY.txt; gi/, web/ and real2/ hold one
// elapsed_ms per recorded request). Where a row has a handful of samples,
// median and p95 are computed over them as LATENCY.txt's pct() does; only
// successful requests are used.
var Table = []Row{
	{"GI SessionCreate", 44.3, 53.0, "LATENCY.txt:49 (a) n=200"},
	{"GI SessionGet", 22.3, 22.4, "gi/010, gi/012, real2/znuny65/31"},
	{"GI SessionRemove", 38.9, 45.7, "gi/014, gi/017, gi/018"},
	{"GI TicketGet", 20.6, 27.5, "LATENCY.txt:45 (a) n=200, one ticket"},
	{"GI TicketSearch", 24.1, 29.4, "LATENCY.txt:47 (a) n=200"},
	// Ticket creation sends notifications: about half the recorded
	// creates took 0.3-0.5 s, the others ~45 ms.
	{"GI TicketCreate", 341, 476.9, "gi/020-024, real2/znuny65/01-02, real2/proxy-traffic/znuny65/upstream/027-028"},
	{"GI TicketUpdate", 63.1, 105.2, "gi/040-045, 047-061, 063, 064 (22 successful updates)"},
	// No TicketHistoryGet was timed; it reads like a TicketGet.
	{"GI TicketHistoryGet", 20.6, 27.5, "as GI TicketGet (not recorded)"},

	{"web Login", 222.5, 240.9, "web/02, real2/znuny65/22"},
	{"web Logout", 158.2, 242.3, "real2/proxy-traffic/znuny65/upstream/086-087"},
	{"web LostPassword", 43.2, 97.6, "web/40, 41, 43, real2/proxy-traffic/znuny65/upstream/077"},
	{"web AgentTicketWatcher", 68.5, 138.1, "web/21-23, real2/proxy-traffic/znuny65/upstream/075"},
	{"web AgentTicketZoom/MarkAsSeen", 52.4, 77.8, "web/30, 31, 33, real2/proxy-traffic/znuny65/upstream/072-073"},
	{"web AgentTicketZoom/TicketMarkAsSeen", 52.4, 77.8, "as web AgentTicketZoom/MarkAsSeen (same samples)"},
	{"web AgentTicketZoom", 312, 334.9, "web/11, real2/proxy-traffic/znuny65/upstream/074, 085 (the whole page)"},
	{"web AgentTicketMarkSeenUnseen", 106.7, 132.6, "real2/znuny70/40, real2/proxy-traffic/znuny70/upstream (2 calls; Znuny 7 only)"},
	{"web AgentUserSearch", 18.8, 83.9, "web/60-65, real2/proxy-traffic/znuny65/upstream/003, 080"},
	{"web AgentCustomerSearch", 17.5, 26.2, "web/50-55"},
	{"web AgentCustomerInformationCenterSearch", 16.8, 18.3, "web/70-73"},
	{"web AdminCustomerUser", 516.1, 892.1, "real2/znuny65/24, 27, real2/proxy-traffic/znuny65/upstream/076 (AddAction)"},
	{"web AgentDashboard", 351.1, 2594.9, "web/10, real2/znuny65/26"},
	// The ChallengeToken page (internal/otrs/web tokenAction) was not
	// timed; it renders a page like AgentTicketZoom's.
	{"web AgentTicketSearch", 312, 334.9, "as web AgentTicketZoom (not recorded)"},
}

// PerTicket is what each ticket after the first adds to a TicketGet: the
// five-ticket gets of the proxy-traffic day took 55.8 ms (median of
// real2/proxy-traffic/znuny65/upstream/005-017, 023), the one-ticket ones
// 47.5 ms (029-066 without the article reads 033-036): 8.3 ms for 4.
const PerTicket = 2.1 // ms

// PerMB is the cost of a megabyte of request or answer body (mostly
// attachments, base64 in JSON both ways). No recording timed a large
// attachment: this is an estimate of Perl's base64 and JSON coding in
// OTRS plus the database read, to be replaced by a measurement.
const PerMB = 20.0 // ms

// Default is the row of an operation or action the table lacks: a GI
// operation costs what a TicketGet does, a page what AgentTicketZoom does.
var defaults = map[string]Row{
	"GI":  {"GI", 20.6, 27.5, "as GI TicketGet"},
	"web": {"web", 312, 334.9, "as web AgentTicketZoom"},
}
