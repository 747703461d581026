package tui

import (
	"fmt"
	"regexp"
	"strings"

	"charm.land/glamour/v2"
	gansi "charm.land/glamour/v2/ansi"
	"charm.land/glamour/v2/styles"
	"github.com/charmbracelet/x/ansi"
	"github.com/eu-ropa/ropa/internal/markdown"
)

// previewLook is how a preview is drawn: for a dark or a light
// background, or without colour (NO_COLOR, no terminal).
type previewLook int

const (
	lookPlain previewLook = iota
	lookDark
	lookLight
)

// previewStyle is glamour's style for a look, changed where glamour's own
// styles garble a notice compared with its HTML:
//   - headings print their Markdown markers ("## 1. Introduction"): here
//     they are bold, underlined for the numbered headings, without markers;
//   - a link prints its text and then its address, so that an address
//     written as the link's text shows twice ("E-mail: x mailto:x"): here
//     only the text shows, as in the HTML;
//   - without colour, glamour's ASCII style keeps "**" around bold text:
//     here bold is bold, which NO_COLOR keeps.
func previewStyle(look previewLook) gansi.StyleConfig {
	var s gansi.StyleConfig
	switch look {
	case lookDark:
		s = styles.DarkStyleConfig
	case lookLight:
		s = styles.LightStyleConfig
	default:
		s = styles.ASCIIStyleConfig
		s.Heading.Bold = boolPtr(true)
		s.Strong = gansi.StylePrimitive{Bold: boolPtr(true)}
		s.Emph = gansi.StylePrimitive{Italic: boolPtr(true)}
		s.H1.Underline = boolPtr(true)
	}
	if look == lookPlain {
		s.H1.Prefix = ""
	}
	for _, h := range []*gansi.StyleBlock{&s.H2, &s.H3, &s.H4, &s.H5, &s.H6} {
		h.Prefix = ""
	}
	s.H2.Underline = boolPtr(true)
	s.Link.Format = "{{/* the link's text already shows its address */}}"
	return s
}

func boolPtr(b bool) *bool { return &b }

// renderMarkdown renders an export's Markdown for the terminal at width.
func renderMarkdown(md string, width int, look previewLook) (string, error) {
	r, err := glamour.NewTermRenderer(
		glamour.WithStyles(previewStyle(look)),
		glamour.WithWordWrap(max(20, width-2)),
		// The exports break lines with a backslash (addresses, the lines
		// of a description); glamour keeps such breaks only with this.
		glamour.WithPreservedNewLines(),
	)
	if err != nil {
		return "", fmt.Errorf("preview: %w", err)
	}
	out, err := r.Render(joinItemParagraphs(autolinksAsLinks(md)))
	if err != nil {
		return "", err
	}
	return collapseBlankLines(strings.Trim(out, "\n")), nil
}

// autolinksAsLinks writes the web autolinks of an export
// ("<https://…>", an address in a record's text) as links whose text is
// the address: glamour prints an autolink's address as a link's address,
// which previewStyle hides, so that the address would vanish. E-mail
// autolinks glamour prints as text already. An escaped "\<" is text.
func autolinksAsLinks(md string) string {
	if !strings.Contains(md, "<http") && !strings.Contains(md, "<HTTP") && !strings.Contains(md, "<Http") {
		return md
	}
	var b strings.Builder
	for {
		i := autolinkStart(md)
		if i < 0 {
			b.WriteString(md)
			return b.String()
		}
		end := strings.IndexByte(md[i:], '>')
		addr := md[i+1 : i+end]
		b.WriteString(md[:i])
		b.WriteString("[" + markdown.Inline(addr) + "](<" + addr + ">)")
		md = md[i+end+1:]
	}
}

// autolinkStart returns the index of the "<" of the first web autolink in
// md, or -1.
func autolinkStart(md string) int {
	for from := 0; ; {
		k := strings.IndexByte(md[from:], '<')
		if k < 0 {
			return -1
		}
		i := from + k
		from = i + 1
		rest := md[i+1:]
		if i > 0 && md[i-1] == '\\' || !(hasPrefixFold(rest, "http://") || hasPrefixFold(rest, "https://")) {
			continue
		}
		if end := strings.IndexAny(rest, "> \t\n<"); end > 0 && rest[end] == '>' {
			return i
		}
	}
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// listMarker matches the start of a list item: "- ", "* ", "+ ", "1. ".
var listMarker = regexp.MustCompile(`^(?:[-*+]|\d{1,9}[.)])(?: |$)`)

// joinItemParagraphs turns the blank line between two paragraphs of one
// list item into a line break. Glamour prints the paragraphs of a list
// item with nothing between them ("…the data subject)Basis of the
// transfer:"); a line break keeps them apart.
func joinItemParagraphs(md string) string {
	lines := strings.Split(md, "\n")
	out := make([]string, 0, len(lines))
	for i, line := range lines {
		if line == "" && len(out) > 0 && i+1 < len(lines) {
			prev, next := out[len(out)-1], lines[i+1]
			n := indentOf(next)
			if n > 0 && strings.TrimSpace(next) != "" && !listMarker.MatchString(next[n:]) &&
				strings.TrimSpace(prev) != "" && !strings.HasSuffix(prev, `\`) && contentIndent(prev) == n {
				out[len(out)-1] = prev + `\`
				continue
			}
		}
		out = append(out, line)
	}
	return strings.Join(out, "\n")
}

func indentOf(line string) int {
	return len(line) - len(strings.TrimLeft(line, " "))
}

// contentIndent is the column where a line's text starts: after its list
// marker, if it has one.
func contentIndent(line string) int {
	n := indentOf(line)
	if m := listMarker.FindString(line[n:]); m != "" {
		return n + len(m)
	}
	return n
}

// collapseBlankLines leaves at most one blank line in a row: glamour adds
// one after a nested list on top of the paragraph's own.
func collapseBlankLines(s string) string {
	lines := strings.Split(s, "\n")
	out := lines[:0]
	blank := false
	for _, l := range lines {
		isBlank := strings.TrimSpace(ansi.Strip(l)) == ""
		if isBlank && blank {
			continue
		}
		blank = isBlank
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}
