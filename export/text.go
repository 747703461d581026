package export

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Text is a multi-line value of a record prepared for a document:
// paragraphs (separated in the source by blank lines), each a list of lines
// (single line breaks in the source are kept as line breaks). In Markdown
// views every line is already escaped; in HTML views the template escapes.
//
// The documents show a Text with the text function of their format
// (mdText, textHTML), which also makes lists of the lines written as a
// list and links of the addresses in it (blocks, from prepareText).
// Paras holds the lines as written, for templates that ask whether there
// is any text; a Text built from Paras alone shows them as paragraphs.
type Text struct {
	Lang   string // the record's language when it differs from the document's, for a lang attribute
	Paras  [][]string
	blocks []textBlock // nil: Paras as paragraphs, as they are
}

// Empty reports whether the text has nothing to show.
func (t Text) Empty() bool { return len(t.Paras) == 0 }

// clean removes what has no place in a document whatever the format:
// control characters other than tab and newline, and carriage returns.
// It returns s itself when nothing needs removing (the common case).
func clean(s string) string {
	if isClean(s) {
		return s
	}
	return rebuildClean(s)
}

// rebuildClean is clean the long way, rune by rune.
func rebuildClean(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '\r':
			if i+1 >= len(s) || s[i+1] != '\n' {
				b.WriteByte('\n') // a lone CR is a line break
			}
		case r == utf8.RuneError && size == 1:
			b.WriteRune(utf8.RuneError)
		case r == '\n' || r == '\t':
			b.WriteRune(r)
		case unicode.IsControl(r), isNoncharacter(r):
			// dropped: invisible, and invalid in HTML
		case r == '\u2028' || r == '\u2029':
			b.WriteByte('\n')
		default:
			b.WriteRune(r)
		}
		i += size
	}
	return b.String()
}

// isClean reports whether clean would return s as it is: no control
// character but tab and newline, no invalid UTF-8, no line or paragraph
// separator, no noncharacter.
func isClean(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\n' && c != '\t' || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || unicode.IsControl(r) || isNoncharacter(r) || r == '\u2028' || r == '\u2029' {
			return false
		}
		i += size
	}
	return true
}

func isNoncharacter(r rune) bool {
	return r >= 0xFDD0 && r <= 0xFDEF || r&0xFFFE == 0xFFFE
}

// inline prepares a value meant for one line (a name, a list item): its
// whitespace, newlines included, collapses to single spaces.
func inline(s string) string {
	s = clean(s)
	simple := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\n' || c == '\t' || c == ' ' && (i == 0 || i == len(s)-1 || s[i+1] == ' ') {
			simple = false
			break
		}
	}
	if simple {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// paragraphs splits a multi-line value into paragraphs of trimmed lines.
func paragraphs(s string) [][]string {
	s = clean(s)
	var paras [][]string
	var cur []string
	for line := range strings.SplitSeq(s, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			if cur != nil {
				paras = append(paras, cur)
				cur = nil
			}
			continue
		}
		cur = append(cur, line)
	}
	if cur != nil {
		paras = append(paras, cur)
	}
	return paras
}
