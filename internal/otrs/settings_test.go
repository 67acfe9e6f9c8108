package otrs

import (
	"testing"
	"time"
)

func TestParseProduct(t *testing.T) {
	tests := []struct {
		name string
		want Product
	}{
		{"((OTRS)) Community Edition", Product{OTRS, ""}},
		{"OTRS 6", Product{OTRS, "6"}},
		{"Znuny", Product{Znuny, ""}},
		{"OTOBO 11", Product{OTOBO, "11"}},
		{"ACME Helpdesk 2", Product{}},
		{"", Product{}},
	}
	for _, tt := range tests {
		if got := ParseProduct(tt.name); got != tt.want {
			t.Errorf("ParseProduct(%q) = %+v, want %+v", tt.name, got, tt.want)
		}
	}
}

func TestParseSettings(t *testing.T) {
	tests := []struct {
		name   string
		values map[string]string
		want   Settings
	}{
		{"nothing read: shipped defaults", nil, DefaultSettings()},
		{"OTOBO 11 as recorded (real2/otobo11/sysconfig.txt)", map[string]string{
			"ProductName": "OTOBO 11", "ScriptAlias": "otobo/", "SessionName": "OTOBOAgentInterface",
			"Ticket::Type": "1", "Ticket::Type::Default": "Unclassified", "Ticket::Frontend::PendingDiffTime": "86400",
			"Ticket::OwnerResetOnUnlock": "1",
		}, Settings{
			Product: Product{OTOBO, "11"}, ScriptAlias: "otobo/", SessionName: "OTOBOAgentInterface", TypeEnabled: true,
			DefaultType: "Unclassified", PendingDiffTime: 24 * time.Hour, OwnerResetOnUnlock: true,
		}},
		{"empty SessionName keeps the default", map[string]string{"SessionName": " ", "Ticket::OwnerResetOnUnlock": "0"}, DefaultSettings()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseSettings(tt.values)
			if err != nil || got != tt.want {
				t.Errorf("got %+v, %v; want %+v", got, err, tt.want)
			}
		})
	}
	if _, err := ParseSettings(map[string]string{"Ticket::Frontend::PendingDiffTime": "soon"}); err == nil {
		t.Error("a PendingDiffTime that is no number was accepted")
	}
}
