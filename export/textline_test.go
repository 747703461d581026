package export

import (
	"bytes"
	htmltemplate "html/template"
	"testing"
	texttemplate "text/template"
	"text/template/parse"

	"github.com/eu-ropa/ropa/export/internal/tmplexec"
)

// A one-line value keeps its text, escaped, with its addresses as links.
func TestLine(t *testing.T) {
	cat := allCatalogs(t)["en"]
	for _, c := range []struct{ in, md, html string }{
		{"EESC, Rue Belliard 99; DPO: data.protection@eesc.europa.eu",
			"EESC, Rue Belliard 99; DPO: <data.protection@eesc.europa.eu>",
			`EESC, Rue Belliard 99; DPO: <a href="mailto:data.protection@eesc.europa.eu">data.protection@eesc.europa.eu</a>`},
		{"- *x* <b>\n 12. https://x.eu/a_b",
			`\- \*x\* \<b> 12. <https://x.eu/a_b>`,
			`- *x* &lt;b&gt; 12. <a href="https://x.eu/a_b">https://x.eu/a_b</a>`},
		{"  ", "", ""},
	} {
		if got := mdLine(newMaker(cat, true, "en").line(c.in)); got != c.md {
			t.Errorf("Markdown of %q = %q, want %q", c.in, got, c.md)
		}
		if got := string(lineHTML(newMaker(cat, false, "en").line(c.in))); got != c.html {
			t.Errorf("HTML of %q = %q, want %q", c.in, got, c.html)
		}
	}
}

// The functions text and line write the same bytes whether html/template
// or text/template runs them, or tmplexec, the fast path.
func TestTextFunctionsOnTheFastPath(t *testing.T) {
	cat := allCatalogs(t)["en"]
	src := `<div>{{text .Text}}</div><p>{{line .Line}}</p>{{with .None}}{{line .}}{{end}}`
	type data struct {
		Text       Text
		Line, None Line
	}
	for _, md := range []bool{false, true} {
		m := newMaker(cat, md, "nl")
		d := data{
			Text: m.text("Intro <b>:\n- one x@y.eu\n- two https://x.eu/a?b=1&c=(2)\n\nEnd \"quoted\" +1"),
			Line: m.line("DPO: x@y.eu, <i>"),
		}
		var std bytes.Buffer
		var lookup func(string) *parse.Tree
		if md {
			tt := texttemplate.Must(texttemplate.New("page").Funcs(templateFuncs(cat, true)).Parse(src))
			if err := tt.Execute(&std, d); err != nil {
				t.Fatal(err)
			}
			lookup = func(name string) *parse.Tree { return tt.Lookup(name).Tree }
		} else {
			ht := htmltemplate.Must(htmltemplate.New("page").Funcs(templateFuncs(cat, false)).Parse(src))
			if err := ht.Execute(&std, d); err != nil {
				t.Fatal(err)
			}
			lookup = func(name string) *parse.Tree { return ht.Lookup(name).Tree }
		}
		p, err := tmplexec.Compile("page", lookup, fastFuncs(cat, md))
		if err != nil {
			t.Fatal(err)
		}
		var fast bytes.Buffer
		if err := p.Execute(&fast, d); err != nil {
			t.Fatal(err)
		}
		if fast.String() != std.String() {
			t.Errorf("md %v: the fast path wrote\n%s\nthe standard library\n%s", md, fast.String(), std.String())
		}
		if !md && !bytes.Contains(std.Bytes(), []byte(`<ul lang="nl">`)) {
			t.Errorf("the HTML has no list: %s", std.String())
		}
	}
}
