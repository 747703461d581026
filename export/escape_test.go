package export

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/eu-ropa/ropa/model"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	gmtext "github.com/yuin/goldmark/text"
	"golang.org/x/net/html"
)

// hostile are texts that would change a document's structure if they were
// not escaped: Markdown syntax of every kind, HTML, entities, and control
// characters.
var hostile = []string{
	`<script>alert(1)</script>`,
	`"><img src=x onerror=alert(1)>`,
	`'><svg onload=alert(1)>`,
	`*em* _em_ **strong** __strong__ ***both***`,
	`# heading ## two`,
	"## heading at the start\nsecond line #",
	`[link](http://evil.example) ![img](http://evil.example/x.png) [ref][1]`,
	`<http://evil.example> <mailto:a@evil.example>`,
	"`code` ``double``",
	"- item\n+ item\n* item\n1. item\n2) item\n10. item",
	"> quote\n---\n===\n***\n___",
	"| a | b |\n|---|---|\n| c | d |",
	`&amp; &lt;b&gt; &#x3C;script&#x3E; &copy;`,
	"line one\n\n    indented code\n\n```\nfence\n```\n~~~\ntilde fence\n~~~",
	`~~strike~~ $math$ \ trailing backslash \`,
	`<!-- comment --> <![CDATA[x]]> <?php ?>`,
	"[ref]: http://evil.example\n[ref]",
	"a  \nb\\\nc",
	"\x00nul \x01\x1b[31mansi\u2028sep\u0085nel \ufffe",
	`javascript:alert(1)`,
	`{{.Title}} {{template "page"}} {x}`,
	"- [ ] task\n- [x] done",
	`:smile: @someone #123`,
	"\t\ttabbed\n\t- tabbed item",
	`</p></li></ul></main></body></html><script>alert(1)</script>`,
	// Lines written as a list become a list; addresses become links.
	"Intro:\n- <script>alert(1)</script>\n- \"><img src=x onerror=alert(1)>\n- * _ # | [ < 12. x\n\nAfter.",
	"a) <b>x</b>\nb) [y](javascript:alert(1))\n(c) not in order",
	"Mail x@evil.example\"><script>alert(1)</script> or https://evil.example/\"onmouseover=\"alert(1) or <https://evil.example/<script>>",
}

// benignFor keeps the shape of a hostile text (its lines and paragraphs,
// the lines written as a list and the web and e-mail addresses, which the
// documents show as lists and links) with every other ASCII punctuation
// replaced by a letter: what the document must look like.
func benignFor(s string) string {
	b := []byte(clean(s))
	keep := make([]bool, len(b))
	link := make([]bool, len(b)) // the bytes of an address
	for _, p := range sourceParagraphs(string(b)) {
		lines := make([]string, len(p))
		for i, l := range p {
			lines[i] = l.text
		}
		lettered := letteredItems(lines)
		for i, l := range p {
			item := listItem(l.text, lettered[i])
			off := l.off
			if item != "" && !lettered[i] {
				// The bullet, and the text after it.
				k := strings.Index(l.text, item)
				for j := range k {
					keep[off+j] = true
				}
				off += k
			} else if lettered[i] {
				// "a) " or "(a) ": the letter's parentheses.
				for j := 0; j < len(l.text) && j < 4; j++ {
					if c := l.text[j]; c == '(' || c == ')' {
						keep[off+j] = true
					}
				}
			} else {
				item = l.text
			}
			at := off
			for _, sp := range linkSpans(item) {
				if sp.href != "" {
					for j := range len(sp.text) {
						keep[at+j], link[at+j] = true, true
					}
				}
				at += len(sp.text)
			}
		}
	}
	isPunct := func(c byte) bool {
		return c < 0x80 && (c >= '!' && c <= '/' || c >= ':' && c <= '@' || c >= '[' && c <= '`' || c >= '{' && c <= '~')
	}
	// The punctuation right around an address becomes a space, not a
	// letter, which would join the address or stop it being one.
	for i := range b {
		if !keep[i] && isPunct(b[i]) && (i > 0 && link[i-1] || i+1 < len(b) && link[i+1]) {
			b[i] = ' '
		}
	}
	for i, c := range b {
		if !keep[i] && c < 0x80 && (c >= '!' && c <= '/' || c >= ':' && c <= '@' || c >= '[' && c <= '`' || c >= '{' && c <= '~') {
			b[i] = 'x'
		}
	}
	return string(b)
}

// sourceLine is a trimmed line of a text and where it starts in it.
type sourceLine struct {
	text string
	off  int
}

// sourceParagraphs splits a clean text as paragraphs does, keeping where
// each line stands.
func sourceParagraphs(s string) [][]sourceLine {
	var paras [][]sourceLine
	var cur []sourceLine
	off := 0
	for line := range strings.SplitSeq(s, "\n") {
		trimmed := strings.TrimSpace(line)
		start := off + strings.Index(line, trimmed)
		off += len(line) + 1
		if trimmed == "" {
			if cur != nil {
				paras = append(paras, cur)
				cur = nil
			}
			continue
		}
		cur = append(cur, sourceLine{trimmed, start})
	}
	if cur != nil {
		paras = append(paras, cur)
	}
	return paras
}

// textRecord returns the full record and register with every text field
// set to s (codes, like the language, are kept).
func textRecord(s string) (model.Register, *model.Record) {
	reg := fullRegister()
	r := fullRecord()
	value := func(path string) string {
		if strings.HasSuffix(path, ".Language") || strings.HasPrefix(path, ".Languages") {
			return "en"
		}
		return s
	}
	fillStrings(r, value)
	fillStrings(&reg, value)
	reg.Languages = []string{"en", "fr"}
	return reg, r
}

type rendered struct {
	doc  Doc
	lang string
	out  []byte
}

func renderAll(t *testing.T, e *Exporter, reg model.Register, r *model.Record, f Format) []rendered {
	t.Helper()
	it := Item{Slug: "test", Record: r}
	var out []rendered
	for _, lang := range languages {
		opt := Options{Lang: lang, Languages: reg.Languages, All: true}
		for _, d := range []Doc{DocNotice, DocEntry, DocRecord, DocIndex} {
			var buf bytes.Buffer
			if err := e.Write(&buf, reg, []Item{it}, d, f, opt); err != nil {
				t.Fatalf("%s %s %s: %v", d, f, lang, err)
			}
			out = append(out, rendered{d, lang, buf.Bytes()})
		}
	}
	return out
}

// lines are the non-empty lines of a text as the documents show them.
func shownLines(s string) []string {
	var out []string
	for _, p := range paragraphs(s) {
		for _, l := range p {
			out = append(out, inline(l))
		}
	}
	return out
}

func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }

var goldmarkGFM = goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.TaskList))

// mdShape returns the structure of a Markdown document (every node but
// text, with heading, emphasis and link details) and its text as goldmark
// renders it (escapes and character references resolved).
func mdShape(src []byte) (shape []string, text string) {
	doc := goldmarkGFM.Parser().Parse(gmtext.NewReader(src))
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Text, *ast.String:
		case *ast.Heading:
			shape = append(shape, fmt.Sprintf("h%d", n.Level))
		case *ast.Emphasis:
			shape = append(shape, fmt.Sprintf("em%d", n.Level))
		case *ast.Link:
			shape = append(shape, "link:"+string(n.Destination))
		case *ast.AutoLink:
			shape = append(shape, "autolink:"+string(n.URL(src)))
		default:
			shape = append(shape, n.Kind().String())
		}
		return ast.WalkContinue, nil
	})
	var out bytes.Buffer
	if err := goldmarkGFM.Renderer().Render(&out, src, doc); err != nil {
		return shape, "render: " + err.Error()
	}
	return shape, htmlText(out.Bytes())
}

// htmlText is the text of an HTML fragment, entities decoded, with a
// space for every element boundary.
func htmlText(src []byte) string {
	z := html.NewTokenizer(bytes.NewReader(src))
	var b strings.Builder
	for {
		switch z.Next() {
		case html.ErrorToken:
			return b.String()
		case html.TextToken:
			b.Write(z.Text())
		default:
			b.WriteByte(' ')
		}
	}
}

// htmlShape returns the elements and attribute names of an HTML document
// and its text.
func htmlShape(t *testing.T, src []byte) (shape []string, text string) {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(src))
	if err != nil {
		t.Fatalf("parse HTML: %v", err)
	}
	var b strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			if n.Parent == nil || n.Parent.Data != "style" {
				b.WriteString(n.Data)
			}
		case html.ElementNode:
			attrs := make([]string, 0, len(n.Attr))
			for _, a := range n.Attr {
				v := ""
				if a.Key == "href" || a.Key == "lang" || a.Key == "hreflang" {
					v = "=" + a.Val
				}
				attrs = append(attrs, a.Key+v)
			}
			sort.Strings(attrs)
			shape = append(shape, n.Data+"["+strings.Join(attrs, " ")+"]")
			b.WriteByte(' ')
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if n.Type == html.ElementNode {
			b.WriteByte(' ')
		}
	}
	walk(doc)
	return shape, b.String()
}

// TestMarkdownEscapesEveryField fills every text field of a record in
// which every part of every document shows with hostile text: the
// documents must have the structure they have with harmless text, and
// show the hostile text as text.
func TestMarkdownEscapesEveryField(t *testing.T) {
	e := newExporter(t)
	for i, h := range hostile {
		reg, r := textRecord(h)
		breg, br := textRecord(benignFor(h))
		got := renderAll(t, e, reg, r, FormatMarkdown)
		want := renderAll(t, e, breg, br, FormatMarkdown)
		for j := range got {
			shape, text := mdShape(got[j].out)
			wantShape, _ := mdShape(want[j].out)
			if !slicesEqual(shape, wantShape) {
				t.Errorf("hostile text %d %q: %s (%s) has another structure:\n%s", i, h, got[j].doc, got[j].lang, firstDiff(shape, wantShape))
				continue
			}
			for _, el := range shape {
				if a, ok := strings.CutPrefix(el, "autolink:"); ok && (strings.ContainsAny(a, " \"'<>`") ||
					!hasPrefixFold(a, "http://") && !hasPrefixFold(a, "https://") && !strings.Contains(a, "@")) {
					t.Errorf("hostile text %d: %s (%s) links %q", i, got[j].doc, got[j].lang, a)
				}
			}
			text = collapse(text)
			for _, line := range shownLines(h) {
				if !strings.Contains(text, collapse(line)) {
					t.Errorf("hostile text %d: %s (%s) does not show %q as text", i, got[j].doc, got[j].lang, line)
				}
			}
		}
	}
}

// TestHTMLEscapesEveryField is the same for HTML: no element or attribute
// comes from the record's text, and the text shows as text.
func TestHTMLEscapesEveryField(t *testing.T) {
	e := newExporter(t)
	for i, h := range hostile {
		reg, r := textRecord(h)
		breg, br := textRecord(benignFor(h))
		got := renderAll(t, e, reg, r, FormatHTML)
		want := renderAll(t, e, breg, br, FormatHTML)
		for j := range got {
			shape, text := htmlShape(t, got[j].out)
			wantShape, _ := htmlShape(t, want[j].out)
			if !slicesEqual(shape, wantShape) {
				t.Errorf("hostile text %d %q: %s (%s) has other elements:\n%s", i, h, got[j].doc, got[j].lang, firstDiff(shape, wantShape))
				continue
			}
			for _, el := range shape {
				if strings.HasPrefix(el, "script[") || strings.HasPrefix(el, "img[") || strings.HasPrefix(el, "svg[") || strings.Contains(el, " on") || strings.Contains(el, "[on") {
					t.Errorf("hostile text %d: %s (%s) has element %s", i, got[j].doc, got[j].lang, el)
				}
			}
			if bytes.Contains(bytes.ToLower(got[j].out), []byte("<script")) {
				t.Errorf("hostile text %d: %s (%s) contains <script", i, got[j].doc, got[j].lang)
			}
			text = collapse(text)
			for _, line := range shownLines(h) {
				if !strings.Contains(text, collapse(line)) {
					t.Errorf("hostile text %d: %s (%s) does not show %q as text", i, got[j].doc, got[j].lang, line)
				}
			}
		}
	}
}

func slicesEqual(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func firstDiff(got, want []string) string {
	for i := range min(len(got), len(want)) {
		if got[i] != want[i] {
			lo := max(0, i-3)
			return fmt.Sprintf("at node %d: got %v, want %v", i, got[lo:min(len(got), i+3)], want[lo:min(len(want), i+3)])
		}
	}
	return fmt.Sprintf("got %d nodes, want %d", len(got), len(want))
}

// Links are made only of web and mail addresses, and only safe ones.
func TestLinksOnlyFromSafeAddresses(t *testing.T) {
	e := newExporter(t)
	reg, r := fullRegister(), fullRecord()
	reg.RegisterURL = "javascript:alert(1)"
	r.Controller.Email = "x@y.eu\" onclick=\"alert(1)"
	r.DPO.URL = "https://dpo.example.eu/a (b)/<c>"
	r.DPO.Email = "dpo@example.eu"
	for _, f := range []Format{FormatHTML, FormatMarkdown} {
		var buf bytes.Buffer
		if err := e.Notice(&buf, reg, Item{Slug: "t", Record: r}, f, Options{}); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		if strings.Contains(out, "href=\"javascript") || strings.Contains(out, "](javascript") {
			t.Errorf("%s: a javascript: address became a link", f)
		}
		if strings.Contains(out, "onclick=") && !strings.Contains(out, "onclick=&#34;") && f == FormatHTML {
			t.Errorf("%s: an attribute came from an e-mail address", f)
		}
		if !strings.Contains(out, "mailto:dpo@example.eu") {
			t.Errorf("%s: the DPO's e-mail is not a mailto link", f)
		}
		if f == FormatMarkdown {
			shape, _ := mdShape(buf.Bytes())
			for _, s := range shape {
				if strings.HasPrefix(s, "link:javascript") || strings.Contains(s, "onclick") {
					t.Errorf("markdown link %s", s)
				}
			}
		}
	}
}

// Text that starts like a block quote, a list or a heading shows exactly
// as typed: escaped once, not twice (a visible backslash is a defect too).
func TestMarkdownLineStartsShowAsTyped(t *testing.T) {
	for _, s := range []string{"> quote", "- item", "+ item", "# heading", "1. first", "= setext", ">> nested"} {
		var out bytes.Buffer
		if err := goldmark.Convert([]byte(mdEscape(s)), &out); err != nil {
			t.Fatal(err)
		}
		got := strings.TrimSpace(htmlText(out.Bytes()))
		if got != s || !strings.HasPrefix(out.String(), "<p>") {
			t.Errorf("mdEscape(%q) = %q renders as %q, want a paragraph showing %q", s, mdEscape(s), out.String(), s)
		}
	}
}
