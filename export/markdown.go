package export

import (
	"net/url"
	"strings"
)

// Markdown escaping. Every piece of text that goes into a Markdown document,
// the record's and the catalog's alike, passes through mdEscape, so that no
// character of it can open a structure (emphasis, link, HTML, code, table
// cell, heading, list, quote, thematic break): CommonMark lets any ASCII
// punctuation be escaped with a backslash, and the renderer shows it as the
// plain character.

// mdAlways are escaped wherever they stand.
const mdAlways = "\\`*_[]<>#|~&$"

// mdEscape escapes one line of text that will stand at the start of a line
// or after other inline content.
func mdEscape(s string) string {
	if s == "" {
		return s
	}
	if !needsMDEscape(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	start := 0
	// A line that starts with a block marker: "-", "+", "=", or an
	// ordered-list marker ("12." or "12)").
	switch s[0] {
	case '-', '+', '=': // '>' is in mdAlways, escaped below
		b.WriteByte('\\')
	default:
		n := 0
		for n < len(s) && n < 10 && s[n] >= '0' && s[n] <= '9' {
			n++
		}
		if n > 0 && n < len(s) && (s[n] == '.' || s[n] == ')') {
			b.WriteString(s[:n])
			b.WriteByte('\\')
			start = n
		}
	}
	for i := start; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\':
			// A backslash as a character reference, not "\\": goldmark
			// (behind glamour) misreads an escaped backslash before a
			// hard line break and lets later delimiters open emphasis.
			b.WriteString("&#92;")
			continue
		case strings.IndexByte(mdAlways, c) >= 0:
			b.WriteByte('\\')
		}
		b.WriteByte(c)
	}
	return b.String()
}

func needsMDEscape(s string) bool {
	switch s[0] {
	case '-', '+', '=': // '>' is in mdAlways, escaped below
		return true
	}
	if s[0] >= '0' && s[0] <= '9' {
		return true
	}
	for i := 0; i < len(s); i++ {
		if strings.IndexByte(mdAlways, s[i]) >= 0 {
			return true
		}
	}
	return false
}

// mdText renders a Text as Markdown paragraphs: lines of a paragraph are
// joined by hard line breaks (a backslash before the newline); paragraphs
// are separated by a blank line. indent is put before every line but the
// first, for text inside a list item.
func mdText(t Text, indent int) string {
	var b strings.Builder
	pad := strings.Repeat(" ", indent)
	for i, p := range t.Paras {
		if i > 0 {
			b.WriteString("\n\n")
			b.WriteString(pad)
		}
		for j, line := range p {
			if j > 0 {
				b.WriteString("\\\n")
				b.WriteString(pad)
			}
			b.WriteString(line)
		}
	}
	return b.String()
}

// mdHref makes a link destination safe for Markdown, or "" when the value
// is not a web or mail address and so must not become a link.
func mdHref(raw string) string {
	u := safeURL(raw)
	if u == "" {
		return ""
	}
	return mdDest(u)
}

// mdDest makes a link of ours (a relative path of the site, or one under
// the base URL) safe as a Markdown link destination.
func mdDest(h string) string {
	return mdDestReplacer.Replace(h)
}

// mdDestReplacer percent-encodes what would end or break a destination;
// the address stays the same.
var mdDestReplacer = strings.NewReplacer("(", "%28", ")", "%29", " ", "%20", "<", "%3C", ">", "%3E", "\\", "%5C", "`", "%60", "\n", "%0A")

// safeURL returns the address when it is an absolute http, https or
// mailto URL, and "" otherwise.
func safeURL(raw string) string {
	raw = strings.TrimSpace(clean(raw))
	if raw == "" || strings.ContainsAny(raw, " \t\n\"'<>") {
		return ""
	}
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		if u.Host == "" {
			return ""
		}
	case "mailto":
		if u.Opaque == "" {
			return ""
		}
	default:
		return ""
	}
	return u.String()
}

// mailHref returns a mailto link for an e-mail address, or "".
func mailHref(email string) string {
	email = strings.TrimSpace(clean(email))
	at := strings.IndexByte(email, '@')
	if at <= 0 || at == len(email)-1 || strings.ContainsAny(email, " \t\n\"'<>()[]\\,;:") {
		return ""
	}
	return "mailto:" + email
}
