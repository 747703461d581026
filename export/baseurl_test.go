package export

import (
	"context"
	"strings"
	"testing"
)

// TestCheckBaseURL says what is wrong with each address it refuses, and
// Site refuses such an address before writing anything.
func TestCheckBaseURL(t *testing.T) {
	for _, ok := range []string{"", "https://www.example.europa.eu/dpr", "http://example.org/dpr/"} {
		if err := CheckBaseURL(ok); err != nil {
			t.Errorf("CheckBaseURL(%q): %v", ok, err)
		}
	}
	for raw, want := range map[string]string{
		"example.org":                 "does not start with https://",
		"javascript:alert(1)":         "does not start with https://",
		"https:///path":               "names no web server",
		"https://user:pw@example.org": "holds a user name",
		"https://example.org/?a=1":    "holds a query",
		"https://example.org/#top":    "holds a fragment",
		"https://exa mple.org/":       "is not a web address",
	} {
		err := CheckBaseURL(raw)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("CheckBaseURL(%q) = %v, want it to say %q", raw, err, want)
		}
		if err != nil && strings.Contains(err.Error(), "pw@") {
			t.Errorf("CheckBaseURL(%q) repeats the password: %v", raw, err)
		}
	}
	reg, items := loadExample(t)
	out := t.TempDir() + "/site"
	if _, err := Site(context.Background(), reg, items, SiteOptions{Out: out, BaseURL: "ftp://example.org"}); err == nil || !strings.Contains(err.Error(), "base URL") {
		t.Errorf("Site with an ftp base URL: %v", err)
	}
}
