package markdown

import (
	"bytes"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// lineHostile are one-line texts that would open or close a structure
// somewhere if they were not escaped, and texts whose characters cannot
// open anything where they stand and so must stay as typed.
var lineHostile = []string{
	"12. September 2026", "1) first", "10. item", "1.", "1)", "123456789. x", "2025.", "v1.2",
	"+32 2 283 19 00", "+ item", "+", "+x", "- item", "-", "-5 °C", "--", "---", "- - -", "-- -", "a - b", ":-", "-:", ":--:", "- :", "|-|",
	"* item", "* * *", "*", "a*b", "= x", "=", "===", "== =", "a = b",
	"> quote", ">> nested", ">", "a > b", "a -> b",
	"# heading", "#", "##", "###### six", "####### seven", "#hashtag", "C# #", "title #", "title ##", "x\t#", "a # b", "#5",
	"register_en", "data-processing-register_en", "snake_case_name", "a__b__c", "_em_", "__strong__", "_", "__", "___", "_ _ _",
	"a_ b", "a _b", "trailing_", "_leading", "ünï_cödé", "日本_語", "a_1", "1_000", "(_x_)", "x_(y)_z", "a_.b",
	"R&D", "Q & A", "&amp;", "&#92;", "&#x3C;script&#x3E;", "&copy;", "AT&T;", "&;", "&#;", "&x", "a&b;c",
	`back\slash`, `trailing \`, `\*not em\*`, `C:\Users\x`,
	"[x]", "x]", "[ref]: http://evil.example", "![img](http://evil.example/x.png)", "[link](http://evil.example)", "[^1]",
	"<b>", "</p>", "<http://evil.example>", "<a@evil.example>", "<!-- c -->", "a < b",
	"`code`", "``", "~~strike~~", "~one~", "$math$", "$5 and $10",
	": definition", ":", "a :", "a: b", "|x|", "a | b",
	"- [ ] task", "[x] done",
	`<script>alert(1)</script>`, `"><img src=x onerror=alert(1)>`, `'><svg onload=alert(1)>`,
	`*em* _em_ **strong** __strong__ ***both***`, `# heading ## two`, "`code` ``double``",
	`&amp; &lt;b&gt; &#x3C;script&#x3E; &copy;`, `~~strike~~ $math$ \ trailing backslash \`,
	`<!-- comment --> <![CDATA[x]]> <?php ?>`, `javascript:alert(1)`, `{{.Title}} {x}`, `:smile: @someone #123`,
	"Telephone: +32 2 283 19 00", "https://ec.europa.eu/info/data-protection-register_en",
}

// htmlEscape escapes text as goldmark's renderer does.
func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s)
}

// context is a place where a template puts escaped text, with the HTML
// that text typed as it is must render to there.
type context struct {
	name string
	md   func(s string) string
	html func(escaped string) string
}

var contexts = []context{
	{"alone", Escape, func(e string) string { return "<p>" + e + "</p>\n" }},
	{"after a hard line break", func(s string) string { return "first\\\n" + Escape(s) },
		func(e string) string { return "<p>first<br>\n" + e + "</p>\n" }},
	{"a list item", func(s string) string { return "- " + Escape(s) },
		func(e string) string { return "<ul>\n<li>" + e + "</li>\n</ul>\n" }},
	{"after a label", func(s string) string { return "**Label**: " + Inline(s) },
		func(e string) string { return "<p><strong>Label</strong>: " + e + "</p>\n" }},
	{"in bold", func(s string) string { return "- **" + Escape(s) + "**: text" },
		func(e string) string { return "<ul>\n<li><strong>" + e + "</strong>: text</li>\n</ul>\n" }},
	{"a heading", func(s string) string { return "## " + Inline(s) },
		func(e string) string { return "<h2>" + e + "</h2>\n" }},
	{"a table cell", func(s string) string { return "| a | b |\n| --- | --- |\n| x | " + Cell(s) + " |\n" },
		func(e string) string {
			return "<table>\n<thead>\n<tr>\n<th>a</th>\n<th>b</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>x</td>\n<td>" + e + "</td>\n</tr>\n</tbody>\n</table>\n"
		}},
}

// render is gfm's HTML of src (raw HTML let through, so that any tag the
// escaping lets pass shows), with XHTML's "<br />" as "<br>".
func render(t testing.TB, src string) string {
	t.Helper()
	var out bytes.Buffer
	if err := gfm.Convert([]byte(src), &out); err != nil {
		t.Fatal(err)
	}
	return strings.ReplaceAll(out.String(), "<br />", "<br>")
}

// checkShowsAsTyped renders s escaped in every context and compares with
// the HTML of s as plain text there.
func checkShowsAsTyped(t testing.TB, s string) {
	t.Helper()
	for _, c := range contexts {
		if c.name == "in bold" && !boldSafe(s) {
			continue
		}
		src := c.md(s)
		if got, want := render(t, src), c.html(htmlEscape(s)); got != want {
			t.Errorf("%s: %q escaped as %q renders\n%q, want\n%q", c.name, s, src, got, want)
		}
	}
}

// boldSafe reports whether text can be put between "**" at all: bold
// closes only after a character that is not a blank, and the bold text
// cannot end with punctuation before the ":" of the label (CommonMark's
// flanking rules, which escaping cannot change).
func boldSafe(s string) bool {
	first, _ := utf8.DecodeRuneInString(s)
	last, _ := utf8.DecodeLastRuneInString(s)
	return isAlnum(first) && isAlnum(last)
}

// For every hostile line, in every place the documents put text, the
// rendered HTML of the escaped text is the text itself, HTML-escaped:
// escaping changes nothing but what the reader would not see anyway.
func TestEscapedTextShowsAsTyped(t *testing.T) {
	for _, s := range lineHostile {
		checkShowsAsTyped(t, s)
	}
	for _, h := range hostile {
		for _, line := range strings.Split(strings.ReplaceAll(h, "\r", ""), "\n") {
			if line = strings.TrimSpace(line); line != "" {
				checkShowsAsTyped(t, line)
			}
		}
	}
}

// What cannot open a structure where it stands is left as typed: the
// Markdown reads as the text.
func TestEscapeLeavesInertCharacters(t *testing.T) {
	for _, c := range []struct{ in, escape, inline string }{
		{"12. September 2026", `12\. September 2026`, "12. September 2026"},
		{"+32 2 283 19 00", "+32 2 283 19 00", "+32 2 283 19 00"},
		{"data-processing-register_en", "data-processing-register_en", "data-processing-register_en"},
		{"R&D, Q & A", "R&D, Q & A", "R&D, Q & A"},
		{"-5 °C", "-5 °C", "-5 °C"},
		{"a > b, #5", "a > b, #5", "a > b, #5"},
		{"- item", `\- item`, "- item"},
		{"# title #", `\# title \#`, `# title \#`},
		{"_em_ a_b", `\_em\_ a_b`, `\_em\_ a_b`},
		{"&amp;", `\&amp;`, `\&amp;`},
		{"*|[]<`~$", "\\*\\|\\[\\]\\<\\`\\~\\$", "\\*\\|\\[\\]\\<\\`\\~\\$"},
	} {
		if got := Escape(c.in); got != c.escape {
			t.Errorf("Escape(%q) = %q, want %q", c.in, got, c.escape)
		}
		if got := Inline(c.in); got != c.inline {
			t.Errorf("Inline(%q) = %q, want %q", c.in, got, c.inline)
		}
	}
}

// FuzzEscape: any one line of text, escaped, renders as itself in every
// place the documents put text.
func FuzzEscape(f *testing.F) {
	for _, s := range lineHostile {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !fuzzable(s) {
			return
		}
		checkShowsAsTyped(t, s)
	})
}

// fuzzable keeps what the documents hand to the escaper: valid UTF-8 on
// one line, trimmed, without control characters (export removes them).
// Unicode blanks other than the space are left out as well: renderers
// trim them from cells and headings or not, which is no escaping matter.
func fuzzable(s string) bool {
	if s == "" || !utf8.ValidString(s) || strings.TrimSpace(s) != s {
		return false
	}
	for _, r := range s {
		if r != ' ' && (unicode.IsControl(r) || unicode.IsSpace(r)) || r == utf8.RuneError || r >= 0xFDD0 && r <= 0xFDEF || r&0xFFFE == 0xFFFE {
			return false
		}
	}
	return true
}
