package export

import (
	"bytes"
	"html/template"

	"github.com/eu-ropa/ropa/export/internal/tmplexec"
)

// textHTML renders a Text as HTML: a paragraph as <p> with its lines
// joined by <br>, a list as <ul> (a lettered one as <ol type="a">, its
// letters in the marker rather than in the text), an address as a link; each with the
// Text's lang attribute. Every piece of text, and every address, is
// escaped here exactly as html/template escapes it (tmplexec's escapers
// are its twins), so the result is safe as template.HTML; the links are
// only addresses that linkSpans and safeURL accepted (http, https,
// mailto).
func textHTML(t Text) template.HTML {
	var b bytes.Buffer
	open := func(tag string) {
		b.WriteString("\n<")
		b.WriteString(tag)
		if t.Lang != "" {
			b.WriteString(` lang="`)
			tmplexec.EscapeHTML(&b, t.Lang)
			b.WriteByte('"')
		}
		b.WriteByte('>')
	}
	if t.blocks == nil {
		for _, p := range t.Paras {
			open("p")
			for j, line := range p {
				if j > 0 {
					b.WriteString("<br>\n")
				}
				tmplexec.EscapeHTML(&b, line)
			}
			b.WriteString("</p>")
		}
		return template.HTML(b.String())
	}
	for _, blk := range t.blocks {
		if blk.list {
			tag, end := "ul", "\n</ul>"
			if blk.lettered {
				tag, end = `ol type="a"`, "\n</ol>"
			}
			open(tag)
			for _, line := range blk.lines {
				b.WriteString("\n<li>")
				writeHTMLSpans(&b, line)
				b.WriteString("</li>")
			}
			b.WriteString(end)
			continue
		}
		open("p")
		for j, line := range blk.lines {
			if j > 0 {
				b.WriteString("<br>\n")
			}
			writeHTMLSpans(&b, line)
		}
		b.WriteString("</p>")
	}
	return template.HTML(b.String())
}

func writeHTMLSpans(b *bytes.Buffer, spans []span) {
	for _, sp := range spans {
		if sp.href == "" {
			tmplexec.EscapeHTML(b, sp.text)
			continue
		}
		b.WriteString(`<a href="`)
		tmplexec.EscapeHTML(b, tmplexec.NormalizeURL(sp.href))
		b.WriteString(`">`)
		tmplexec.EscapeHTML(b, sp.text)
		b.WriteString("</a>")
	}
}
