package dbtest

import (
	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs"
)

// settingRow is a sysconfig_default row as a release ships it.
type settingRow struct {
	id       int
	name     string
	yamlText string
}

// settingRows are the sysconfig_default rows of the settings otrs.Settings
// reads, with the shipped defaults as OTRS stores them (ids and values of
// otrs-recordings/real2/otrs60/db/21-sysconfig_default.txt; the other ids
// are made up).
var settingRows = []settingRow{
	{1835, "Ticket::Type", "--- '0'\n"},
	{1836, "Ticket::Type::Default", "--- Unclassified\n"},
	{1480, "Ticket::Frontend::PendingDiffTime", "--- '86400'\n"},
}

// productRows are what each line ships where the lines differ: its
// ProductName, ScriptAlias and SessionName (Kernel/Config/Files/XML/
// Framework.xml lines 53, 105 and ~990 of OTRS CE 6.0.41, Znuny 6.5.4 and
// OTOBO 11.0.6; Znuny 7.0.9's ScriptAlias from real2/znuny70/
// sysconfig.txt, its ProductName as 6.5's), and OTOBO's
// Ticket::OwnerResetOnUnlock (Ticket.xml:15035-15041, on).
var productRows = map[Naming][]settingRow{
	OTRS60: {{10, "ProductName", "--- ((OTRS)) Community Edition\n"}, {11, "ScriptAlias", "--- otrs/\n"},
		{12, "SessionName", "--- OTRSAgentInterface\n"}},
	Znuny: {{10, "ProductName", "--- Znuny\n"}, {11, "ScriptAlias", "--- otrs/\n"},
		{12, "SessionName", "--- OTRSAgentInterface\n"}},
	Znuny7: {{10, "ProductName", "--- Znuny\n"}, {11, "ScriptAlias", "--- znuny/\n"},
		{12, "SessionName", "--- OTRSAgentInterface\n"}},
	OTOBO: {{10, "ProductName", "--- OTOBO 11\n"}, {11, "ScriptAlias", "--- otobo/\n"},
		{12, "SessionName", "--- OTOBOAgentInterface\n"}, {13, "Ticket::OwnerResetOnUnlock", "--- '1'\n"}},
}

// seedSettings adds the layout's product rows as its release ships them,
// the ticket settings' defaults and, where the store deploys another
// ticket setting, a system-wide modification as the admin UI writes it
// (real2/otrs60/db/22-sysconfig_modified.txt: "--- '1'\n", is_dirty 0,
// user_id NULL). The store's own product settings are its dialect's, not
// the layout's, so they are not written. A few rows exist only to be
// ignored: a modification saved but not deployed, an agent's own
// PendingDiffTime preference, and an admin's own ProductName (the product
// is what the release shipped). The caller holds the store's lock.
func seedSettings(s *fakeotrs.Store, naming Naming, add func(table string, cols []string, vals ...any)) {
	defCols := []string{"id", "name", "is_valid", "effective_value"}
	modCols := []string{"id", "sysconfig_default_id", "name", "user_id", "is_valid", "is_dirty", "effective_value"}
	for _, r := range productRows[naming] {
		add("sysconfig_default", defCols, r.id, r.name, 1, r.yamlText)
	}
	id := 100
	for _, r := range settingRows {
		add("sysconfig_default", defCols, r.id, r.name, 1, r.yamlText)
		if v, ok := s.SysConfig[r.name]; ok && "--- '"+v+"'\n" != r.yamlText && "--- "+v+"\n" != r.yamlText {
			id++
			add("sysconfig_modified", modCols, id, r.id, r.name, nil, 1, 0, "--- '"+v+"'\n")
		}
	}
	id++
	add("sysconfig_modified", modCols, id, 1836, "Ticket::Type::Default", nil, 1, 1, "--- Problem\n")
	id++
	add("sysconfig_modified", modCols, id, 1480, "Ticket::Frontend::PendingDiffTime", 2, 1, 0, "--- '60'\n")
	if len(productRows[naming]) > 0 {
		id++
		add("sysconfig_modified", modCols, id, 10, "ProductName", nil, 1, 0, "--- ACME Helpdesk\n")
	}
}
