// Package markdown escapes text for Markdown documents: the exported
// documents (export) and the diff report (report) alike.
//
// Every character of user text that could open a structure (emphasis,
// link, HTML, code, table cell, heading, list, quote, thematic break) is
// escaped: CommonMark lets any ASCII punctuation be escaped with a
// backslash, and the renderer shows it as the plain character.
package markdown

import "strings"

// always are escaped wherever they stand.
const always = "\\`*_[]<>#|~&$"

// Escape escapes one line of text that will stand at the start of a line
// or after other inline content. It does not handle line breaks: the
// caller decides what a new line becomes (a hard break, a new paragraph,
// or <br> in a table cell, as Cell does).
func Escape(s string) string {
	if s == "" {
		return s
	}
	if !needsEscape(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	start := 0
	// A line that starts with a block marker: "-", "+", "=", or an
	// ordered-list marker ("12." or "12)").
	switch s[0] {
	case '-', '+', '=': // '>' is in always, escaped below
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
		case strings.IndexByte(always, c) >= 0:
			b.WriteByte('\\')
		}
		b.WriteByte(c)
	}
	return b.String()
}

func needsEscape(s string) bool {
	switch s[0] {
	case '-', '+', '=': // '>' is in always, escaped below
		return true
	}
	if s[0] >= '0' && s[0] <= '9' {
		return true
	}
	for i := 0; i < len(s); i++ {
		if strings.IndexByte(always, s[i]) >= 0 {
			return true
		}
	}
	return false
}

// Cell escapes text that must stay on one line: a table cell, a heading,
// a quoted line. Each line is escaped as by Escape ("|" included, which a
// table cell needs); line breaks become <br> and carriage returns go.
func Cell(s string) string {
	s = strings.ReplaceAll(s, "\r", "")
	if !strings.Contains(s, "\n") {
		return Escape(s)
	}
	lines := strings.Split(s, "\n")
	for i, line := range lines {
		lines[i] = Escape(line)
	}
	return strings.Join(lines, "<br>")
}
