package export

import (
	"bytes"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Lines written as a list become a list, after the paragraph they follow;
// addresses become links; in both formats.
func TestTextListsAndLinks(t *testing.T) {
	cases := []struct {
		name, in   string
		md, indent string // indent: mdText(…, 2)
		html       string
	}{
		{
			name:   "a paragraph, then a list, then a paragraph",
			in:     "At the level of EMN IES:\n- Encryption: all documents.\n- Secure transfer: HTTPS.\n\nAll persons are bound.",
			md:     "At the level of EMN IES:\n- Encryption: all documents.\n- Secure transfer: HTTPS.\n\nAll persons are bound.",
			indent: "At the level of EMN IES:\n  - Encryption: all documents.\n  - Secure transfer: HTTPS.\n\n  All persons are bound.",
			html:   "\n<p>At the level of EMN IES:</p>\n<ul>\n<li>Encryption: all documents.</li>\n<li>Secure transfer: HTTPS.</li>\n</ul>\n<p>All persons are bound.</p>",
		},
		{
			name:   "a list that opens the text starts a line of its own in a list item",
			in:     "* one\n• two\n\n- three",
			md:     "- one\n- two\n- three",
			indent: "\n  - one\n  - two\n  - three",
			html:   "\n<ul>\n<li>one</li>\n<li>two</li>\n<li>three</li>\n</ul>",
		},
		{
			name:   "lettered items: a lettered list in HTML, lines with their letters in Markdown",
			in:     "The part of IMI:\na) the security;\nb) the collection;\nc) the storage.",
			md:     "The part of IMI:\\\na) the security;\\\nb) the collection;\\\nc) the storage.",
			indent: "The part of IMI:\\\n  a) the security;\\\n  b) the collection;\\\n  c) the storage.",
			html:   "\n<p>The part of IMI:</p>\n<ol type=\"a\">\n<li>the security;</li>\n<li>the collection;</li>\n<li>the storage.</li>\n</ol>",
		},
		{
			name:   "bracketed letters, then prose, then bullets: three blocks, no merged lists",
			in:     "(a) first\n(b) second\nafter\n- one\n\na) again\nb) and again\n\n- two",
			md:     "(a) first\\\n(b) second\\\nafter\n- one\n\na) again\\\nb) and again\n- two",
			indent: "(a) first\\\n  (b) second\\\n  after\n  - one\n\n  a) again\\\n  b) and again\n  - two",
			html: "\n<ol type=\"a\">\n<li>first</li>\n<li>second</li>\n</ol>\n<p>after</p>\n<ul>\n<li>one</li>\n</ul>" +
				"\n<ol type=\"a\">\n<li>again</li>\n<li>and again</li>\n</ol>\n<ul>\n<li>two</li>\n</ul>",
		},
		{
			name:   "a lone letter, letters out of order, and a dash in prose are prose",
			in:     "a) only one\n\nb) first\nc) second\n\n-5 °C, - and -",
			md:     "a) only one\n\nb) first\\\nc) second\n\n-5 °C, - and -",
			indent: "a) only one\n\n  b) first\\\n  c) second\n\n  -5 °C, - and -",
			html:   "\n<p>a) only one</p>\n<p>b) first<br>\nc) second</p>\n<p>-5 °C, - and -</p>",
		},
		{
			name:   "addresses",
			in:     "Write to HOME-FORUM@ec.europa.eu or see https://ec.europa.eu/info/register_en (the register).\nNot: javascript:alert(1), x@y, http://localhost/, ftp://x.eu",
			md:     "Write to <HOME-FORUM@ec.europa.eu> or see <https://ec.europa.eu/info/register_en> (the register).\\\nNot: javascript:alert(1), x@y, http://localhost/, ftp://x.eu",
			indent: "Write to <HOME-FORUM@ec.europa.eu> or see <https://ec.europa.eu/info/register_en> (the register).\\\n  Not: javascript:alert(1), x@y, http://localhost/, ftp://x.eu",
			html: "\n<p>Write to <a href=\"mailto:HOME-FORUM@ec.europa.eu\">HOME-FORUM@ec.europa.eu</a> or see <a href=\"https://ec.europa.eu/info/register_en\">https://ec.europa.eu/info/register_en</a> (the register).<br>\n" +
				"Not: javascript:alert(1), x@y, http://localhost/, ftp://x.eu</p>",
		},
		{
			name:   "hostile list items stay text",
			in:     "Items:\n- <script>alert(1)</script>\n- \"><img src=x onerror=alert(1)>\n- * _ # | [ < 12. x",
			md:     "Items:\n- \\<script>alert(1)\\</script>\n- \">\\<img src=x onerror=alert(1)>\n- \\* \\_ # \\| \\[ \\< 12. x",
			indent: "Items:\n  - \\<script>alert(1)\\</script>\n  - \">\\<img src=x onerror=alert(1)>\n  - \\* \\_ # \\| \\[ \\< 12. x",
			html:   "\n<p>Items:</p>\n<ul>\n<li>&lt;script&gt;alert(1)&lt;/script&gt;</li>\n<li>&#34;&gt;&lt;img src=x onerror=alert(1)&gt;</li>\n<li>* _ # | [ &lt; 12. x</li>\n</ul>",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			md := prepareText(c.in, true)
			if got := mdText(md, 0); got != c.md {
				t.Errorf("Markdown:\n%q\nwant\n%q", got, c.md)
			}
			if got := mdText(md, 2); got != c.indent {
				t.Errorf("Markdown in a list item:\n%q\nwant\n%q", got, c.indent)
			}
			if got := string(textHTML(prepareText(c.in, false))); got != c.html {
				t.Errorf("HTML:\n%q\nwant\n%q", got, c.html)
			}
		})
	}
}

// A Text keeps its lang attribute on lists too, and a Text built from
// lines alone (as the full record builds its one-line values) shows them
// as the "text" template did: paragraphs with line breaks.
func TestTextHTMLLangAndPlainLines(t *testing.T) {
	txt := prepareText("Intro:\n- one", false)
	txt.Lang = "nl"
	if got, want := string(textHTML(txt)), "\n<p lang=\"nl\">Intro:</p>\n<ul lang=\"nl\">\n<li>one</li>\n</ul>"; got != want {
		t.Errorf("textHTML = %q, want %q", got, want)
	}
	plain := Text{Lang: "de", Paras: [][]string{{"10. Juli 2019", "a <b> & 'c' +1"}, {"- x"}}}
	if got, want := string(textHTML(plain)), "\n<p lang=\"de\">10. Juli 2019<br>\na &lt;b&gt; &amp; &#39;c&#39; &#43;1</p>\n<p lang=\"de\">- x</p>"; got != want {
		t.Errorf("textHTML of lines = %q, want %q", got, want)
	}
	if got, want := mdText(plain, 2), "10. Juli 2019\\\n  a <b> & 'c' +1\n\n  - x"; got != want {
		t.Errorf("mdText of lines = %q, want %q", got, want)
	}
}

// An address that is not well formed, or would carry more than an
// address, makes no link, or a link to the well-formed part only.
func TestLinkSpans(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"see https://ec.europa.eu.", "see |https://ec.europa.eu|."},
		{"(https://en.wikipedia.org/wiki/Foo_(bar))", "(|https://en.wikipedia.org/wiki/Foo_(bar)|)"},
		{"https://x.eu/a?b=1&c=2#d, then", "|https://x.eu/a?b=1&c=2#d|, then"},
		{"HTTPS://EC.EUROPA.EU/x", "|HTTPS://EC.EUROPA.EU/x|"},
		{"https://x.eu:8443/p", "|https://x.eu:8443/p|"},
		{`https://x.eu/"><script>`, `|https://x.eu/|"><script>`},
		{"https://x.eu/a'onmouseover=alert(1)", "|https://x.eu/a|'onmouseover=alert(1)"},
		{"https://x.eu/`code`", "|https://x.eu/|`code`"},
		{"xhttps://x.eu", "xhttps://x.eu"},
		{"https://user@evil.eu/", "https://user@evil.eu/"},
		{"https://evil", "https://evil"},
		{"https://-x.eu", "https://-x.eu"},
		{"https://x.eu:port/", "https://x.eu:port/"},
		{"https://127.0.0.1/", "|https://127.0.0.1/|"},
		{"javascript:alert(1)//https://x.eu", "javascript:alert(1)//|https://x.eu|"},
		{"„https://x.eu/straße“", "„|https://x.eu/straße|“"},
		{"mail a.b-c_d+e@sub.ec.europa.eu.", "mail |a.b-c_d+e@sub.ec.europa.eu|."},
		{"<a@evil.example>", "<|a@evil.example|>"},
		{"mailto:a@evil.example", "mailto:|a@evil.example|"},
		{"x@y", "x@y"},
		{"x@y.z", "x@y.z"},
		{".x@y.eu", ".|x@y.eu|"},
		{"x.@y.eu x..y@z.eu", "x.@y.eu x..y@z.eu"},
		{"x@-y.eu x@y-.eu x@y..eu", "x@-y.eu x@y-.eu x@y..eu"},
		{"x@y.eu@z.eu", "|x@y.eu|@z.eu"},
		{"a\"b@x.eu", "a\"|b@x.eu|"},
		{"@x.eu", "@x.eu"},
	} {
		var b strings.Builder
		for _, sp := range linkSpans(c.in) {
			if sp.href != "" {
				b.WriteString("|" + sp.text + "|")
				if want := sp.text; !strings.HasPrefix(sp.href, "mailto:") && sp.href != want {
					t.Errorf("linkSpans(%q): href %q for %q", c.in, sp.href, sp.text)
				}
			} else {
				b.WriteString(sp.text)
			}
		}
		if got := b.String(); got != c.want {
			t.Errorf("linkSpans(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// textShape is the elements (with their href) and the text of an HTML
// fragment, whitespace collapsed: what a reader gets from it.
func textShape(t testing.TB, src string) (shape []string, text string) {
	t.Helper()
	nodes, err := html.ParseFragment(strings.NewReader(src), &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			b.WriteString(n.Data)
		case html.ElementNode:
			el := n.Data
			for _, a := range n.Attr {
				if a.Key == "href" {
					// Percent-encoding aside: html/template encodes "(",
					// goldmark does not; the address is the same.
					href, err := url.PathUnescape(a.Val)
					if err != nil {
						href = a.Val
					}
					el += " href=" + href
				} else if a.Key != "lang" {
					el += " " + a.Key
				}
			}
			b.WriteByte(' ')
			if n.Data == "li" && n.Parent != nil && n.Parent.Data == "ol" {
				// A lettered list's item: its letter, as the reader sees it.
				el = "li in ol"
				letter := 'a'
				for s := n.PrevSibling; s != nil; s = s.PrevSibling {
					if s.Type == html.ElementNode {
						letter++
					}
				}
				b.WriteString(string(letter) + ") ")
			}
			shape = append(shape, el)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if n.Type == html.ElementNode {
			b.WriteByte(' ')
		}
	}
	for _, n := range nodes {
		walk(n)
	}
	return shape, strings.Join(strings.Fields(b.String()), " ")
}

// The Markdown of a Text, rendered by goldmark, and its HTML show the same
// elements, links and text: the two formats say the same thing, and no
// character of the text became structure in either.
func checkFormatsAgree(t testing.TB, s string) {
	t.Helper()
	var out bytes.Buffer
	md := mdText(prepareText(s, true), 0)
	if err := goldmarkGFM.Convert([]byte(md), &out); err != nil {
		t.Fatal(err)
	}
	mdShape, mdText := textShape(t, strings.ReplaceAll(out.String(), "<br />", "<br>"))
	h := string(textHTML(prepareText(s, false)))
	htmlShape, htmlText := textShape(t, h)
	if slices.Contains(htmlShape, "ol type") {
		// A lettered list is a list in HTML and lines in Markdown: the
		// same lines in the same order, the letters as written or as the
		// list's markers.
		mdShape, mdText = linesOnly(mdShape), letterMarkers.ReplaceAllString(mdText, "$1)")
		htmlShape, htmlText = linesOnly(htmlShape), letterMarkers.ReplaceAllString(htmlText, "$1)")
	}
	if fmt.Sprint(mdShape) != fmt.Sprint(htmlShape) || mdText != htmlText {
		t.Errorf("%q:\nMarkdown %q renders %v %q\nHTML %q has %v %q", s, md, mdShape, mdText, h, htmlShape, htmlText)
	}
	for _, el := range htmlShape {
		switch {
		case el == "p", el == "br", el == "ul", el == "li", el == "ol type", el == "li in ol":
		case hasPrefixFold(el, "a href=https://"), hasPrefixFold(el, "a href=http://"), strings.HasPrefix(el, "a href=mailto:"):
			if strings.ContainsAny(strings.TrimPrefix(el, "a href="), " \"'<>`") {
				t.Errorf("%q: link %s", s, el)
			}
		default:
			t.Errorf("%q: element %s in the HTML", s, el)
		}
	}
}

// linesOnly is a shape where a paragraph, a line break and an item of a
// lettered list all count as the start of a line.
func linesOnly(shape []string) []string {
	var out []string
	for _, el := range shape {
		switch el {
		case "ol type":
		case "p", "li in ol":
			out = append(out, "br")
		default:
			out = append(out, el)
		}
	}
	return out
}

// letterMarkers are letters written "(a)", which a lettered list shows
// as "a)": the same letter.
var letterMarkers = regexp.MustCompile(`\(([a-z])\)`)

var textSamples = []string{
	"At the level of EMN IES:\n- Encryption: all documents.\n- Secure transfer: HTTPS.\n\nAll persons are bound.",
	"The part of IMI:\na) the security;\nb) the collection;\nc) the storage.",
	"(a) first\n(b) second\nafter",
	"- one\n\n- two\nthree",
	"Write to HOME-FORUM@ec.europa.eu or see https://ec.europa.eu/info/register_en (the register).",
	"Items:\n- <script>alert(1)</script>\n- \"><img src=x onerror=alert(1)>\n- * _ # | [ < 12. x",
	"- https://x.eu/a_b_\n- x@y.eu_\n- <https://evil.example>\n- [x](https://evil.example)",
	"- 1. nested?\n- - double\n- > quote\n- # heading\n- ---",
	"https://x.eu/*a*_b_ *https://x.eu/c*",
	"x@y.eu\n---\nhttps://x.eu\n===",
}

func TestTextFormatsAgree(t *testing.T) {
	for _, s := range append(textSamples, hostile...) {
		checkFormatsAgree(t, s)
	}
}

// FuzzTextFormats: whatever the text, its Markdown and its HTML show the
// same lists, links and text, and the links are web or mail addresses.
func FuzzTextFormats(f *testing.F) {
	for _, s := range append(textSamples, hostile...) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkFormatsAgree(t, s)
	})
}

// The e-mail fields link only well-formed addresses, the ones a record's
// text links too.
func TestMailHref(t *testing.T) {
	for in, want := range map[string]string{
		"dpo@eta.example.eu":    "mailto:dpo@eta.example.eu",
		" DPO@EC.europa.eu ":    "mailto:DPO@EC.europa.eu",
		"first_last+x@a-b.eu":   "mailto:first_last+x@a-b.eu",
		"0@0":                   "",
		"x@localhost":           "",
		"a b@x.eu":              "",
		"x@y.eu>":               "",
		"x@y.eu\" onclick=\"x":  "",
		"mailto:x@y.eu":         "",
		".x@y.eu":               "",
		"javascript:alert(1)@x": "",
	} {
		if got := mailHref(in); got != want {
			t.Errorf("mailHref(%q) = %q, want %q", in, got, want)
		}
	}
}
