package export

import (
	"strings"
	"unicode/utf8"

	"github.com/eu-ropa/ropa/internal/markdown"
)

// textBlock is a paragraph of a record's text (its lines, kept apart by
// line breaks) or a list (its items, one line each): bulleted, or lettered
// (HTML only: its items without their letters, which the list shows).
type textBlock struct {
	list     bool
	lettered bool
	lines    [][]span
}

// prepareText turns a multi-line value of a record into a Text for a
// format: paragraphs (separated by blank lines) of lines, where lines
// written as a list ("- ", "* ", "• ", or "a) ", "b) " … in order) become a
// list, and web and e-mail addresses become links. In Markdown, which has
// no lettered lists, lettered lines stay lines of their paragraph, letters
// and all; every piece of text is escaped here.
func prepareText(s string, md bool) Text {
	raw := paragraphs(s)
	shown := raw // Text.Paras: the lines as they are, escaped for Markdown
	if md {
		shown = make([][]string, len(raw))
		for i, p := range raw {
			shown[i] = make([]string, len(p))
			for j, line := range p {
				shown[i][j] = markdown.Escape(line)
			}
		}
	}
	var blocks []textBlock
	for pi, p := range raw {
		lettered := letteredItems(p)
		if md {
			clear(lettered)
		}
		start := 0 // first line of the paragraph block being gathered
		for i := 0; i <= len(p); {
			if i < len(p) && listItem(p[i], lettered[i]) == "" {
				i++
				continue
			}
			if i > start {
				blocks = append(blocks, textBlock{lines: prepareLines(p[start:i], shown[pi][start:i], md)})
			}
			if i == len(p) {
				break
			}
			kind := lettered[i]
			var items []string
			j := i
			for ; j < len(p) && lettered[j] == kind; j++ {
				item := listItem(p[j], lettered[j])
				if item == "" {
					break
				}
				if kind {
					item = stripLetter(item)
				}
				items = append(items, item)
			}
			lines := prepareLines(items, nil, md)
			if n := len(blocks); n > 0 && blocks[n-1].list && blocks[n-1].lettered == kind && i == 0 && !kind {
				// A bulleted list right after one, a blank line between:
				// one list, as Markdown would make of it. (A lettered
				// list starts again at "a".)
				blocks[n-1].lines = append(blocks[n-1].lines, lines...)
			} else {
				blocks = append(blocks, textBlock{list: true, lettered: kind, lines: lines})
			}
			i, start = j, j
		}
	}
	return Text{Paras: shown, blocks: blocks}
}

// prepareLines splits lines into spans, escaping them for Markdown: the
// first span as text that starts a line, the others as text after other
// text. escaped, when given, holds the lines escaped whole already.
func prepareLines(lines, escaped []string, md bool) [][]span {
	out := make([][]span, len(lines))
	for i, line := range lines {
		spans := linkSpans(line)
		if md {
			if len(spans) == 1 && spans[0].href == "" && escaped != nil {
				spans[0].text = escaped[i]
			} else {
				for k := range spans {
					switch {
					case spans[k].href != "":
						// An autolink takes its text literally.
					case k == 0:
						spans[k].text = markdown.Escape(spans[k].text)
					default:
						spans[k].text = markdown.Inline(spans[k].text)
					}
				}
			}
		}
		out[i] = spans
	}
	return out
}

// bullets are the markers of an unordered list item, each followed by a
// space.
var bullets = []string{"- ", "* ", "• "}

// listItem returns the text of a list item written on line, or "" when the
// line is no list item. A bulleted item loses its marker; a lettered one
// (lettered says it is one) keeps its letter, which other text may cite.
func listItem(line string, lettered bool) string {
	if lettered {
		return line
	}
	for _, b := range bullets {
		if strings.HasPrefix(line, b) {
			return strings.TrimSpace(line[len(b):])
		}
	}
	return ""
}

// letteredItems marks the lines of p that are items of a lettered list:
// two or more lines in a row starting "a) ", "b) ", "c) " … or "(a) ",
// "(b) " …, in alphabetical order from "a", each with text after it. A
// lone "a) " or letters out of order are prose.
func letteredItems(p []string) []bool {
	marks := make([]bool, len(p))
	for i := 0; i < len(p); {
		if letterOf(p[i]) != 'a' {
			i++
			continue
		}
		j := i + 1
		for j < len(p) && letterOf(p[j]) == rune('a'+j-i) {
			j++
		}
		if j-i >= 2 {
			for k := i; k < j; k++ {
				marks[k] = true
			}
		}
		i = j
	}
	return marks
}

// stripLetter returns a lettered item's text without its "x) " or "(x) "
// (letterOf accepted it).
func stripLetter(line string) string {
	_, rest, _ := strings.Cut(line, ") ")
	return strings.TrimSpace(rest)
}

// letterOf returns the letter of a line starting "x) " or "(x) " with text
// after it, or 0.
func letterOf(line string) rune {
	s := strings.TrimPrefix(line, "(")
	r, size := utf8.DecodeRuneInString(s)
	if r < 'a' || r > 'z' || !strings.HasPrefix(s[size:], ") ") || strings.TrimSpace(s[size+2:]) == "" {
		return 0
	}
	return r
}
