package records

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxSlugLen keeps file names short enough to read in a listing and far
// from any file system's limit.
const maxSlugLen = 64

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

// SlugFor makes a file name from a title: lower-case ASCII (accents folded,
// Greek and Cyrillic transliterated), words joined by hyphens, at most 60
// bytes cut at a word boundary, and "-2", "-3", … appended while taken
// (which may be nil) says the name is in use. The result passes CheckSlug.
func SlugFor(title string, taken func(string) bool) string {
	var b strings.Builder
	hyphen := false
	for _, r := range title {
		r = unicode.ToLower(r)
		var s string
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			s = string(r)
		default:
			s = foldRune[r]
		}
		if s == "" {
			hyphen = b.Len() > 0
			continue
		}
		if hyphen {
			b.WriteByte('-')
			hyphen = false
		}
		b.WriteString(s)
	}
	base := b.String()
	const maxBase = maxSlugLen - 4 // room for "-999"
	if len(base) > maxBase {
		base = base[:maxBase]
		if i := strings.LastIndexByte(base, '-'); i > maxBase/2 {
			base = base[:i]
		}
		base = strings.TrimRight(base, "-")
	}
	if base == "" {
		base = "record"
	}
	free := func(s string) bool { return CheckSlug(s) == nil && (taken == nil || !taken(s)) }
	if free(base) {
		return base
	}
	for n := 2; ; n++ {
		suffix := "-" + strconv.Itoa(n)
		candidate := base
		if len(candidate)+len(suffix) > maxSlugLen {
			candidate = strings.TrimRight(candidate[:maxSlugLen-len(suffix)], "-")
		}
		candidate += suffix
		if free(candidate) || n > 1_000_000 {
			return candidate
		}
	}
}

// foldRune spells letters of the EU's languages in ASCII, for file names.
var foldRune = map[rune]string{
	// Latin-1 Supplement and Latin Extended-A, lower case.
	'ß': "ss", 'à': "a", 'á': "a", 'â': "a", 'ã': "a", 'ä': "a", 'å': "a",
	'æ': "ae", 'ç': "c", 'è': "e", 'é': "e", 'ê': "e", 'ë': "e", 'ì': "i", 'í': "i",
	'î': "i", 'ï': "i", 'ð': "d", 'ñ': "n", 'ò': "o", 'ó': "o", 'ô': "o", 'õ': "o", 'ö': "o",
	'ø': "o", 'ù': "u", 'ú': "u", 'û': "u", 'ü': "u", 'ý': "y", 'þ': "th", 'ÿ': "y",
	'ā': "a", 'ă': "a", 'ą': "a", 'ć': "c", 'ĉ': "c", 'ċ': "c", 'č': "c", 'ď': "d", 'đ': "d",
	'ē': "e", 'ĕ': "e", 'ė': "e", 'ę': "e", 'ě': "e", 'ĝ': "g", 'ğ': "g", 'ġ': "g", 'ģ': "g",
	'ĥ': "h", 'ħ': "h", 'ĩ': "i", 'ī': "i", 'ĭ': "i", 'į': "i", 'ı': "i", 'ĳ': "ij",
	'ĵ': "j", 'ķ': "k", 'ĸ': "k", 'ĺ': "l", 'ļ': "l", 'ľ': "l", 'ŀ': "l", 'ł': "l", 'ń': "n",
	'ņ': "n", 'ň': "n", 'ŉ': "n", 'ŋ': "n", 'ō': "o", 'ŏ': "o", 'ő': "o", 'œ': "oe",
	'ŕ': "r", 'ŗ': "r", 'ř': "r", 'ś': "s", 'ŝ': "s", 'ş': "s", 'š': "s", 'ţ': "t", 'ť': "t",
	'ũ': "u", 'ū': "u", 'ŭ': "u", 'ů': "u", 'ű': "u", 'ų': "u", 'ŵ': "w", 'ŷ': "y", 'ź': "z",
	'ż': "z", 'ž': "z", 'ſ': "s",
	// Romanian comma-below letters.
	'ș': "s", 'ț': "t",
	// Greek (ELOT 743, simplified).
	'α': "a", 'β': "v", 'γ': "g", 'δ': "d", 'ε': "e", 'ζ': "z", 'η': "i", 'θ': "th",
	'ι': "i", 'κ': "k", 'λ': "l", 'μ': "m", 'ν': "n", 'ξ': "x", 'ο': "o", 'π': "p",
	'ρ': "r", 'σ': "s", 'ς': "s", 'τ': "t", 'υ': "y", 'φ': "f", 'χ': "ch", 'ψ': "ps",
	'ω': "o", 'ά': "a", 'έ': "e", 'ή': "i", 'ί': "i", 'ό': "o", 'ύ': "y", 'ώ': "o",
	'ϊ': "i", 'ϋ': "y", 'ΐ': "i", 'ΰ': "y",
	// Bulgarian Cyrillic (the official Streamlined System).
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ж': "zh", 'з': "z",
	'и': "i", 'й': "y", 'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o", 'п': "p",
	'р': "r", 'с': "s", 'т': "t", 'у': "u", 'ф': "f", 'х': "h", 'ц': "ts", 'ч': "ch",
	'ш': "sh", 'щ': "sht", 'ъ': "a", 'ь': "y", 'ю': "yu", 'я': "ya",
}
