package records

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/eu-ropa/ropa/model"
)

// maxSlugLen keeps file names short enough to read in a listing and far
// from any file system's limit.
const maxSlugLen = model.MaxSlugLen

// windowsReserved are device names that Windows refuses as file names,
// whatever the extension: a register cloned there must still check out.
var windowsReserved = map[string]bool{
	"con": true, "prn": true, "aux": true, "nul": true,
	"com1": true, "com2": true, "com3": true, "com4": true, "com5": true, "com6": true, "com7": true, "com8": true, "com9": true,
	"lpt1": true, "lpt2": true, "lpt3": true, "lpt4": true, "lpt5": true, "lpt6": true, "lpt7": true, "lpt8": true, "lpt9": true,
}

// CheckSlug accepts a record's file name without .toml: lower-case ASCII
// letters and digits in words joined by single hyphens, at most 64 bytes.
// Anything that could leave the records folder or is awkward in a file
// name (a path, "..", NUL, control characters, spaces, upper case) is
// refused with the reason.
func CheckSlug(slug string) error {
	return checkName("file name", slug, false)
}

// CheckReference accepts a reference (DPR-EC-00932) for use in a file name
// (exports name files after it): the same rules as CheckSlug, except that
// upper case, '_' and '.' are allowed.
func CheckReference(ref string) error {
	return checkName("reference", ref, true)
}

func checkName(what, s string, reference bool) error {
	fail := func(format string, args ...any) error {
		return fmt.Errorf("%s %q: %s", what, s, fmt.Sprintf(format, args...))
	}
	if s == "" {
		return fmt.Errorf("%s is empty: give a name of lower-case letters, digits and hyphens, like data-protection-training", what)
	}
	if !utf8.ValidString(s) {
		return fail("is not valid UTF-8")
	}
	for _, r := range s {
		switch {
		case r == 0:
			return fail("holds a NUL character")
		case unicode.IsControl(r):
			return fail("holds a control character (U+%04X)", r)
		case r == '/' || r == '\\':
			return fail("holds a slash; it names one file in the records folder, not a path")
		case unicode.IsSpace(r):
			return fail("holds a space; use hyphens between words")
		}
	}
	if strings.Contains(s, "..") || strings.HasPrefix(s, ".") {
		return fail(`must not start with "." or hold ".."`)
	}
	if len(s) > maxSlugLen {
		return fail("is %d bytes long; at most %d", len(s), maxSlugLen)
	}
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-':
		case reference && (r >= 'A' && r <= 'Z' || r == '_' || r == '.'):
		case r >= 'A' && r <= 'Z':
			return fail("use lower case: %q", strings.ToLower(s))
		default:
			if reference {
				return fail("may hold only letters A-Z and a-z, digits, '-', '_' and '.'; not %q", r)
			}
			return fail("may hold only lower-case letters a-z, digits and hyphens; not %q", r)
		}
	}
	if !isAlnum(s[0]) || !isAlnum(s[len(s)-1]) {
		return fail("must start and end with a letter or a digit")
	}
	if !reference && strings.Contains(s, "--") {
		return fail("holds two hyphens in a row")
	}
	stem, _, _ := strings.Cut(strings.ToLower(s), ".")
	if windowsReserved[stem] {
		return fail("is a device name that Windows does not allow as a file name")
	}
	return nil
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// SlugFor makes a file name from a title (model.SlugFor) that passes
// CheckSlug and that taken (which may be nil) does not say is in use.
func SlugFor(title string, taken func(string) bool) string {
	return model.SlugFor(title, func(s string) bool { return CheckSlug(s) == nil && (taken == nil || !taken(s)) })
}
