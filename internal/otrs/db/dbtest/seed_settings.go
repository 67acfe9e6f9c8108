package dbtest

import "github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs"

// settingRows are the sysconfig_default rows of the settings otrs.Settings
// reads, with the shipped defaults as OTRS stores them (ids and values of
// otrs-recordings/real2/otrs60/db/21-sysconfig_default.txt; the
// PendingDiffTime id is made up).
var settingRows = []struct {
	id       int
	name     string
	yamlText string
}{
	{1835, "Ticket::Type", "--- '0'\n"},
	{1836, "Ticket::Type::Default", "--- Unclassified\n"},
	{1480, "Ticket::Frontend::PendingDiffTime", "--- '86400'\n"},
}

// seedSettings adds the settings' defaults and, where the store deploys
// another value, a system-wide modification as the admin UI writes it
// (real2/otrs60/db/22-sysconfig_modified.txt: "--- '1'\n", is_dirty 0,
// user_id NULL). Two rows exist only to be ignored: a modification saved
// but not deployed, and an agent's own PendingDiffTime preference. The
// caller holds the store's lock.
func seedSettings(s *fakeotrs.Store, add func(table string, cols []string, vals ...any)) {
	modCols := []string{"id", "sysconfig_default_id", "name", "user_id", "is_valid", "is_dirty", "effective_value"}
	id := 100
	for _, r := range settingRows {
		add("sysconfig_default", []string{"id", "name", "is_valid", "effective_value"}, r.id, r.name, 1, r.yamlText)
		if v, ok := s.SysConfig[r.name]; ok && "--- '"+v+"'\n" != r.yamlText && "--- "+v+"\n" != r.yamlText {
			id++
			add("sysconfig_modified", modCols, id, r.id, r.name, nil, 1, 0, "--- '"+v+"'\n")
		}
	}
	id++
	add("sysconfig_modified", modCols, id, 1836, "Ticket::Type::Default", nil, 1, 1, "--- Problem\n")
	id++
	add("sysconfig_modified", modCols, id, 1480, "Ticket::Frontend::PendingDiffTime", 2, 1, 0, "--- '60'\n")
}
