package export

import (
	"bytes"
	"html/template"
	"strings"
)

// Line is a one-line value of a record (a joint controller's contact, say)
// prepared for a document with the web and e-mail addresses in it as
// links. Templates show it with the line function: {{line .Contact}};
// an empty Line is false in {{with}}.
type Line []span

// line prepares a one-line value as a Line: whitespace collapsed as str
// does, escaped for Markdown, its addresses links.
func (m *maker) line(s string) Line {
	s = inline(s)
	if s == "" {
		return nil
	}
	return Line(prepareLines([]string{s}, nil, m.md)[0])
}

// mdLine renders a Line as Markdown: an address as an autolink.
func mdLine(l Line) string {
	if len(l) == 1 && l[0].href == "" {
		return l[0].text
	}
	var b strings.Builder
	writeMDSpans(&b, l)
	return b.String()
}

// lineHTML renders a Line as HTML, escaped as html/template escapes, an
// address as a link.
func lineHTML(l Line) template.HTML {
	var b bytes.Buffer
	writeHTMLSpans(&b, l)
	return template.HTML(b.String())
}
