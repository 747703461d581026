package markdown

import (
	"bytes"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	gmhtml "github.com/yuin/goldmark/renderer/html"
	"golang.org/x/net/html"
)

// hostile are texts that would change a document's structure if they were
// not escaped.
var hostile = []string{
	`<script>alert(1)</script>`,
	`"><img src=x onerror=alert(1)>`,
	`*em* _em_ **strong** __strong__ ***both***`,
	`# heading ## two`,
	"## heading at the start\nsecond line #",
	"title that ends with a hash #",
	`[link](http://evil.example) ![img](http://evil.example/x.png) [ref][1]`,
	`<http://evil.example> <mailto:a@evil.example>`,
	"`code` ``double``",
	"- item\n+ item\n* item\n1. item\n2) item\n10. item",
	"> quote\n---\n===\n***\n___",
	"| a | b |\n|---|---|\n| c | d |",
	`a | b \| c \\| d`,
	`&amp; &lt;b&gt; &#x3C;script&#x3E; &copy;`,
	"```\nfence\n```\n~~~\ntilde fence\n~~~",
	`~~strike~~ $math$ \ trailing backslash \`,
	`<!-- comment --> <![CDATA[x]]> <?php ?>`,
	"a  \nb\\\nc",
	"windows\r\nline ends\r\n",
	"- [ ] task\n- [x] done",
}

// gfm renders as GitHub and GitLab do (tables, strikethrough, task lists),
// and lets raw HTML through, so that any tag the escaping lets pass shows.
var gfm = goldmark.New(
	goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.TaskList),
	goldmark.WithRendererOptions(gmhtml.WithUnsafe()),
)

// shown renders src and returns what the last element named tag holds:
// its text, <br> as a new line, and the names of any other elements in
// it; and how many elements are named tag.
func shown(t *testing.T, src, tag string) (text string, elements []string, count int) {
	t.Helper()
	var out bytes.Buffer
	if err := gfm.Convert([]byte(src), &out); err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(&out)
	if err != nil {
		t.Fatal(err)
	}
	var found *html.Node
	var find func(n *html.Node)
	find = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == tag {
			count++
			found = n
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			find(c)
		}
	}
	find(doc)
	if found == nil {
		t.Fatalf("%q renders without a <%s>: %s", src, tag, out.String())
	}
	var b strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch {
		case n.Type == html.TextNode:
			b.WriteString(n.Data)
		case n.Type == html.ElementNode && n.Data == "br":
			b.WriteByte('\n')
		case n.Type != html.ElementNode || n != found:
			elements = append(elements, n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(found)
	return b.String(), elements, count
}

// lines compares texts line by line, blanks collapsed: a renderer may trim
// the spaces around a cell or a line.
func lines(s string) string {
	var out []string
	for _, l := range strings.Split(strings.ReplaceAll(s, "\r", ""), "\n") {
		out = append(out, strings.Join(strings.Fields(l), " "))
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}

// In a table cell, hostile text stays in its one cell and shows as typed,
// its lines as lines.
func TestCellShowsAsTypedInATable(t *testing.T) {
	for _, s := range hostile {
		cell := Cell(s)
		if strings.ContainsAny(cell, "\r\n") {
			t.Errorf("Cell(%q) = %q spans lines", s, cell)
			continue
		}
		src := "| Field | Value |\n| --- | --- |\n| x | " + cell + " |\n"
		text, elements, tds := shown(t, src, "td")
		if tds != 2 || len(elements) != 0 {
			t.Errorf("Cell(%q) = %q: the row has %d cells, the value %v", s, cell, tds, elements)
			continue
		}
		if got, want := lines(text), lines(s); got != want {
			t.Errorf("Cell(%q) = %q shows as %q, want %q", s, cell, got, want)
		}
	}
}

// The diff report also uses cells for a heading and a quoted line: a
// heading keeps a closing "#", a quote shows the text.
func TestCellShowsAsTypedInAHeadingAndAQuote(t *testing.T) {
	for _, s := range hostile {
		if strings.Contains(s, "\n") {
			continue // headings are one line
		}
		text, elements, _ := shown(t, "### "+Cell(s)+"\n", "h3")
		if len(elements) != 0 || lines(text) != lines(s) {
			t.Errorf("heading of %q shows as %q with %v", s, text, elements)
		}
	}
	for _, s := range hostile {
		text, elements, _ := shown(t, "\n> The old version cannot be read: "+Cell(s)+"\n", "blockquote")
		if len(elements) != 1 || lines(text) != lines("The old version cannot be read: "+s) { // p
			t.Errorf("quote of %q shows as %q with %v", s, text, elements)
		}
	}
}

func TestCell(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", ""},
		{"plain text, 6 months", "plain text, 6 months"},
		{"a | b", `a \| b`},
		{"one\r\ntwo\n\nthree", "one<br>two<br><br>three"},
		{"- item\n1. first", `- item<br>1. first`}, // a cell holds no blocks
		{`back\slash <b> & ~~x~~ #`, `back&#92;slash \<b> & \~\~x\~\~ \#`},
		{"12. September | +32 2 283 19 00 | register_en", `12. September \| +32 2 283 19 00 \| register_en`},
		{"&amp; _em_ snake_case", `\&amp; \_em\_ snake_case`},
	} {
		if got := Cell(c.in); got != c.want {
			t.Errorf("Cell(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
