package records

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestCheckSlugRejectsHostileNames(t *testing.T) {
	for _, c := range []struct{ slug, says string }{
		{"", "empty"},
		{"../x", "slash"},
		{"..", `".."`},
		{"a..b", `".."`},
		{".hidden", `start with "."`},
		{"/abs", "slash"},
		{"/etc/passwd", "slash"},
		{"a/b", "slash"},
		{`a\b`, "slash"},
		{`..\x`, "slash"},
		{"nul\x00byte", "NUL"},
		{"tab\tname", "control character"},
		{"new\nline", "control character"},
		{"esc\x1b[31m", "control character"},
		{"del\x7f", "control character"},
		{"with space", "space"},
		{"nbsp\u00a0x", "space"},
		{"Upper", `use lower case: "upper"`},
		{"EMN-IES", "lower case"},
		{"café", `not 'é'`},
		{"a_b", `not '_'`},
		{"a.b", `not '.'`},
		{"x.toml", `not '.'`},
		{"-lead", "start and end"},
		{"trail-", "start and end"},
		{"double--hyphen", "two hyphens"},
		{strings.Repeat("a", 65), "65 bytes long"},
		{"con", "Windows"},
		{"lpt1", "Windows"},
		{"bad\xffutf8", "UTF-8"},
		{"rtl\u202eevil", "not"},
	} {
		err := CheckSlug(c.slug)
		if err == nil {
			t.Errorf("CheckSlug(%q) accepted", c.slug)
			continue
		}
		if !strings.Contains(err.Error(), c.says) {
			t.Errorf("CheckSlug(%q) = %q, want it to say %q", c.slug, err, c.says)
		}
	}
	for _, ok := range []string{"emn-ies", "imi", "a", "0", "staff-newsletter-2", strings.Repeat("a", 64)} {
		if err := CheckSlug(ok); err != nil {
			t.Errorf("CheckSlug(%q): %v", ok, err)
		}
		if !filepath.IsLocal(ok + ".toml") {
			t.Errorf("%q passes but is not a local name", ok)
		}
	}
}

func TestCheckReference(t *testing.T) {
	for _, ok := range []string{"DPR-EC-00932", "DPR-EC-00373", "dpr_ec.1"} {
		if err := CheckReference(ok); err != nil {
			t.Errorf("CheckReference(%q): %v", ok, err)
		}
	}
	for _, bad := range []string{"", "../DPR", "DPR/EC/1", "DPR EC 1", "DPR\x00", ".DPR", "DPR..1", "DPR-", "CON", "con.txt", "DPR:1", strings.Repeat("D", 65)} {
		if err := CheckReference(bad); err == nil {
			t.Errorf("CheckReference(%q) accepted", bad)
		}
	}
}

func TestSlugFor(t *testing.T) {
	for _, c := range []struct{ title, want string }{
		{"Staff newsletter", "staff-newsletter"},
		{"European Migration Network – Information Exchange System (EMN IES)", "european-migration-network-information-exchange-system-emn"},
		{"Informatiesysteem interne markt (IMI)", "informatiesysteem-interne-markt-imi"},
		{"Sélection des stagiaires à Bruxelles", "selection-des-stagiaires-a-bruxelles"},
		{"Straße & Größe: Übersicht", "strasse-grosse-ubersicht"},
		{"Ochrona danych – Łódź, Kraków", "ochrona-danych-lodz-krakow"},
		{"Protecția datelor în România", "protectia-datelor-in-romania"},
		{"Προστασία δεδομένων", "prostasia-dedomenon"},
		{"Защита на данните", "zashtita-na-dannite"},
		{"../../etc/passwd", "etc-passwd"},
		{"  --Hello--  ", "hello"},
		{"日本語", "record"},
		{"", "record"},
		{"CON", "con-2"},
	} {
		got := SlugFor(c.title, nil)
		if got != c.want {
			t.Errorf("SlugFor(%q) = %q, want %q", c.title, got, c.want)
		}
		if err := CheckSlug(got); err != nil {
			t.Errorf("SlugFor(%q) = %q, which CheckSlug refuses: %v", c.title, got, err)
		}
	}
	taken := map[string]bool{"staff-newsletter": true, "staff-newsletter-2": true}
	if got := SlugFor("Staff Newsletter", func(s string) bool { return taken[s] }); got != "staff-newsletter-3" {
		t.Errorf("with taken names: %q", got)
	}
	long := strings.Repeat("word ", 40)
	got := SlugFor(long, func(s string) bool { return !strings.HasSuffix(s, "-12") })
	if len(got) > maxSlugLen || !strings.HasSuffix(got, "-12") || CheckSlug(got) != nil {
		t.Errorf("long title with suffix: %q (%d bytes)", got, len(got))
	}
}
