package model

import (
	"strconv"
	"strings"
	"unicode"
)

// MaxSlugLen keeps file names short enough to read in a listing and far
// from any file system's limit.
const MaxSlugLen = 64

// SlugFor makes a file name from a title: lower-case ASCII (accents folded,
// Greek and Cyrillic transliterated), words joined by hyphens, at most 60
// bytes cut at a word boundary, and "-2", "-3", … appended until free
// accepts it. records.SlugFor (the names of new record files) and lint's
// suggestion for a misnamed file both use it.
func SlugFor(title string, free func(string) bool) string {
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
	const maxBase = MaxSlugLen - 4 // room for "-999"
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
	if free(base) {
		return base
	}
	for n := 2; ; n++ {
		suffix := "-" + strconv.Itoa(n)
		candidate := base
		if len(candidate)+len(suffix) > MaxSlugLen {
			candidate = strings.TrimRight(candidate[:MaxSlugLen-len(suffix)], "-")
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
