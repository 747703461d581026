package export

import (
	"fmt"
	"net/url"
)

// CheckBaseURL accepts an empty base URL (links stay relative) or the
// absolute http(s) address where a site is published, without user,
// query or fragment, which every link would otherwise repeat. Site and
// the single documents refuse anything else (Options.BaseURL).
func CheckBaseURL(raw string) error {
	if raw == "" {
		return nil
	}
	example := "such as https://www.example.europa.eu/data-protection/register"
	u, err := url.Parse(raw)
	switch {
	case err != nil:
		return fmt.Errorf("%q is not a web address: give the address where the site is published, %s", raw, example)
	case u.Scheme != "https" && u.Scheme != "http":
		return fmt.Errorf("%q does not start with https:// (or http://): give the address where the site is published, %s", raw, example)
	case u.Host == "" || u.Opaque != "":
		return fmt.Errorf("%q names no web server: give the address where the site is published, %s", raw, example)
	case u.User != nil:
		return fmt.Errorf("%q holds a user name: remove it", u.Redacted())
	case u.RawQuery != "" || u.ForceQuery:
		return fmt.Errorf("%q holds a query (?…), which every link would repeat: remove it", raw)
	case u.Fragment != "":
		return fmt.Errorf("%q holds a fragment (#…): remove it", raw)
	}
	return nil
}
