// Package markdown escapes text for Markdown documents: the exported
// documents (export) and the diff report (report) alike.
//
// A character of user text is escaped when, where it stands, it could
// open or close a structure (emphasis, link, HTML, code, table cell,
// heading, list, quote, thematic break) in CommonMark, GitHub and GitLab:
// CommonMark lets any ASCII punctuation be escaped with a backslash, and
// the renderer shows it as the plain character. Characters that cannot
// start anything where they stand stay as typed, so that the Markdown
// reads well as it is: "+32 2 283 19 00", "register_en", "R&D", and
// "12. September" after a label or in a table cell.
package markdown

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Escape escapes one line of text that may stand at the start of a line
// or of a block (a paragraph's line, a list item's text): besides what
// Inline escapes, the markers that open a block there ("- ", "+ ", "> ",
// "# ", "12. ", "1) ", "---", "===", ": "). It does not handle line
// breaks: the caller decides what a new line becomes (a hard break, a new
// paragraph, or <br> in a table cell, as Cell does).
func Escape(s string) string { return escape(s, true) }

// Inline escapes one line of text that stands after other text on its
// line (after a label, in a table cell, in a heading): what could open or
// close an inline structure there, and a closing "#" sequence, which would
// vanish from a heading. A block marker at its start stays as typed.
func Inline(s string) string { return escape(s, false) }

// Cell escapes text that must stay on one line: a table cell, a heading,
// a quoted line. Each line is escaped as by Inline ("|" included, which a
// table cell needs); line breaks become <br> and carriage returns go.
func Cell(s string) string {
	s = strings.ReplaceAll(s, "\r", "")
	if !strings.Contains(s, "\n") {
		return Inline(s)
	}
	lines := strings.Split(s, "\n")
	for i, line := range lines {
		lines[i] = Inline(line)
	}
	return strings.Join(lines, "<br>")
}

// always are escaped wherever they stand: emphasis ("*"; "~" and "$" for
// GitHub's strikethrough and math), links and images ("[", "]"), HTML and
// autolinks ("<"), code ("`") and table cells ("|").
const always = "`*[]<|~$"

func escape(s string, lineStart bool) string {
	marker := -1 // the byte of a block marker to escape
	if lineStart {
		marker = blockMarker(s)
	}
	closing := closingHashes(s)
	first := -1
	for i := 0; i < len(s); i++ {
		if i == marker || i == closing || needs(s, i) {
			first = i
			break
		}
	}
	if first < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	b.WriteString(s[:first])
	for i := first; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\':
			// A backslash as a character reference, not "\\": goldmark
			// (behind glamour) misreads an escaped backslash before a
			// hard line break and lets later delimiters open emphasis.
			b.WriteString("&#92;")
			continue
		case c == '_':
			// A run of underscores is escaped whole or not at all: one
			// left bare next to an escaped one could still open emphasis.
			j := i
			for j < len(s) && s[j] == '_' {
				j++
			}
			if underscoresInert(s, i, j) {
				b.WriteString(s[i:j])
			} else {
				for range j - i {
					b.WriteString(`\_`)
				}
			}
			i = j - 1
			continue
		case i == marker || i == closing || needs(s, i):
			b.WriteByte('\\')
		}
		b.WriteByte(c)
	}
	return b.String()
}

// needs reports whether the byte at i must be escaped wherever the text
// stands. Underscores are decided by runs, in escape; here any run that
// is not inert counts.
func needs(s string, i int) bool {
	switch c := s[i]; c {
	case '\\':
		return true
	case '&':
		return entityAt(s, i)
	case '_':
		j := i
		for j < len(s) && s[j] == '_' {
			j++
		}
		start := i
		for start > 0 && s[start-1] == '_' {
			start--
		}
		return !underscoresInert(s, start, j)
	default:
		return strings.IndexByte(always, c) >= 0
	}
}

// underscoresInert reports whether the run of underscores s[i:j] can
// neither open nor close emphasis: in CommonMark an underscore run between
// two letters or digits (register_en, snake_case) is both left- and
// right-flanking and so does neither. At either end of the text the
// neighbour is unknown (it is the template's), so the run is escaped.
func underscoresInert(s string, i, j int) bool {
	if i == 0 || j >= len(s) {
		return false
	}
	before, _ := utf8.DecodeLastRuneInString(s[:i])
	after, _ := utf8.DecodeRuneInString(s[j:])
	return isAlnum(before) && isAlnum(after)
}

func isAlnum(r rune) bool {
	return r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

// entityAt reports whether an entity or numeric character reference
// ("&amp;", "&#92;", "&#x3C;") starts at the "&" at i: only then does the
// renderer read it as something else than the characters typed. A broader
// shape than HTML's list of names, to be safe: "&" then letters or digits
// (after "#" or "#x") and ";".
func entityAt(s string, i int) bool {
	j := i + 1
	if j < len(s) && s[j] == '#' {
		j++
		if j < len(s) && (s[j] == 'x' || s[j] == 'X') {
			j++
		}
	}
	k := j
	for k < len(s) && (s[k] >= '0' && s[k] <= '9' || s[k] >= 'a' && s[k] <= 'z' || s[k] >= 'A' && s[k] <= 'Z') {
		k++
	}
	return k > j && k < len(s) && s[k] == ';'
}

// blockMarker returns the index of the byte to escape so that a line
// starting with s opens no block, or -1: a bullet ("-", "+" followed by a
// blank or nothing), an ordered-list marker ("12." or "1)" followed by a
// blank or nothing), a quote (">"), a heading ("#" run followed by a blank
// or nothing), a thematic break or setext underline (a line of "-" or "=")
// or a definition ": " (Hugo's goldmark). "*", "_", "<", "`", "~", "|" and
// "[" are escaped wherever they stand.
func blockMarker(s string) int {
	p := 0
	for p < len(s) && (s[p] == ' ' || s[p] == '\t') {
		p++
	}
	if p == len(s) {
		return -1
	}
	blankOrEnd := func(i int) bool { return i >= len(s) || s[i] == ' ' || s[i] == '\t' }
	switch c := s[p]; {
	case c == '-' || c == ':':
		// A bullet, a definition (": " then text; a bare ": " is the
		// colon after a label), or a line of "-" (with ":" and blanks): a
		// thematic break, a setext underline, a table's delimiter row.
		if c == '-' && blankOrEnd(p+1) || c == ':' && blankOrEnd(p+1) && strings.TrimSpace(s[p+1:]) != "" ||
			strings.Trim(s[p:], "-: \t|") == "" && strings.Contains(s[p:], "-") {
			return p
		}
	case c == '+':
		if blankOrEnd(p + 1) {
			return p
		}
	case c == '=':
		if strings.Trim(strings.TrimRight(s[p:], " \t"), "=") == "" {
			return p
		}
	case c == '>':
		return p
	case c == '#':
		j := p
		for j < len(s) && s[j] == '#' {
			j++
		}
		if blankOrEnd(j) {
			return p
		}
	case c >= '0' && c <= '9':
		j := p
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		if j < len(s) && (s[j] == '.' || s[j] == ')') && blankOrEnd(j+1) {
			return j
		}
	}
	return -1
}

// closingHashes returns the index of the first "#" of a run that ends
// the text (trailing blanks aside) after a blank, or -1: in a heading it
// would be taken for the optional closing sequence and vanish.
func closingHashes(s string) int {
	t := strings.TrimRight(s, " \t")
	j := len(t)
	i := j
	for i > 0 && t[i-1] == '#' {
		i--
	}
	if i == j || i > 0 && t[i-1] != ' ' && t[i-1] != '\t' {
		return -1
	}
	return i
}
