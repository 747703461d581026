package tmplexec

import (
	"bytes"
	"errors"
	htmltemplate "html/template"
	"reflect"
	"strings"
	"testing"
	texttemplate "text/template"
	"text/template/parse"
)

type contact struct {
	Name  string
	Lines []string
	Href  string
}

func (c contact) Empty() bool { return c.Name == "" && len(c.Lines) == 0 }

type counter struct{ N int }

func (c *counter) Twice() int { return 2 * c.N }

type stringer int

func (s stringer) String() string { return "S" + strings.Repeat("!", int(s)) }

type inner struct {
	Title string
	Items []string
}

type page struct {
	inner    // promoted fields
	Lang     string
	Count    int
	Flag     bool
	Contacts []contact
	Nested   [][]string
	Ptr      *inner
	NilPtr   *inner
	Any      any
	AnyNil   any
	HTML     htmltemplate.HTML
	Num      stringer
	Counter  counter
	Map      map[string]string
	Empty    []string
}

func sample(text string) *page {
	return &page{
		inner:    inner{Title: text, Items: []string{"a", text, "", "c<d"}},
		Lang:     "en",
		Count:    3,
		Flag:     true,
		Contacts: []contact{{Name: text, Lines: []string{"l1", text}, Href: "https://example.eu/?q=" + text}, {}, {Lines: []string{"x"}, Href: "javascript:alert(1)"}},
		Nested:   [][]string{{"1", "2"}, {}, {text}},
		Ptr:      &inner{Title: "ptr " + text},
		Any:      text,
		HTML:     "<b>bold</b>",
		Num:      2,
		Counter:  counter{N: 21},
		Map:      map[string]string{"k": text},
	}
}

// hostile strings that escaping must neutralise, and odd bytes.
var texts = []string{
	"plain",
	"",
	`<script>alert("x")</script>`,
	`"><img src=x onerror=alert(1)>`,
	"a & b ' \" + < > \x00 nul",
	"invalid \xff\xfe utf-8 \xc3",
	"é ü – 中文 \u2028 \ufdd0 \uffff",
	"javascript:alert(1)",
	"mailto:x@y.eu",
	"%zz %41 100% (a) [b] {c} `d`",
}

func testFuncs() (map[string]any, map[string]Func) {
	std := map[string]any{
		"up":   strings.ToUpper,
		"pair": func(a, b string) string { return a + "|" + b },
	}
	fast := map[string]Func{
		"up": func(args []reflect.Value) (reflect.Value, error) {
			if len(args) != 1 || !args[0].IsValid() || args[0].Type() != stringT {
				return reflect.Value{}, ErrUnsupported
			}
			return reflect.ValueOf(strings.ToUpper(args[0].String())), nil
		},
		"pair": func(args []reflect.Value) (reflect.Value, error) {
			if len(args) != 2 || args[0].Type() != stringT || args[1].Type() != stringT {
				return reflect.Value{}, ErrUnsupported
			}
			return reflect.ValueOf(args[0].String() + "|" + args[1].String()), nil
		},
	}
	return std, fast
}

const textCases = `
{{define "fields"}}[{{.Title}}|{{.Lang}}|{{.Count}}|{{.Flag}}|{{.Ptr.Title}}|{{.Any}}|{{.Num}}|{{.Counter.Twice}}|{{.HTML}}]{{end}}
{{define "control"}}{{if .Flag}}yes{{else}}no{{end}}{{if .NilPtr}}p{{else if .Count}}c{{end}}{{with .Title}}<{{.}}>{{else}}none{{end}}{{with .Ptr}}{{.Title}}{{end}}{{with .AnyNil}}x{{else}}nil{{end}}{{end}}
{{define "ranges"}}{{range .Items}}({{.}}){{else}}empty{{end}}{{range $i, $e := .Items}}{{$i}}={{$e}};{{end}}{{range $e := .Nested}}[{{range .}}{{.}},{{else}}-{{end}}]{{end}}{{range .Empty}}x{{else}}nothing{{end}}{{range $i, $c := .Contacts}}{{if eq $i 1}}{{continue}}{{end}}{{if $c.Empty}}{{break}}{{end}}{{$c.Name}}{{end}}{{end}}
{{define "vars"}}{{$x := .Title}}{{$sep := false}}{{range .Items}}{{if $sep}}, {{end}}{{.}}{{$sep = true}}{{end}}|{{$x}}|{{$.Lang}}{{with $y := .Lang}}{{$y}}{{$x}}{{end}}{{end}}
{{define "funcs"}}{{up .Title}}{{.Title | up}}{{pair .Lang .Title}}{{.Title | pair "l"}}{{up (pair "a" "b")}}{{and .Flag .Title}}{{or .NilPtr .Count}}{{not .Flag}}{{and .Flag .NilPtr .Title}}{{or 0 ""}}{{eq .Lang "en"}}{{ne .Count 3}}{{eq .Lang "fr" "en"}}{{if and .Flag (ne .Lang "x")}}ok{{end}}{{end}}
{{define "call"}}{{template "callee" .Ptr}}{{template "callee" .}}{{template "noarg"}}{{$v := 1}}{{template "scoped" .}}{{end}}
{{define "callee"}}<{{.Title}}|{{$.Title}}>{{end}}
{{define "noarg"}}no arg{{end}}
{{define "scoped"}}{{$v := "inner"}}{{$v}}{{end}}
{{define "all"}}{{template "fields" .}}/{{template "control" .}}/{{template "ranges" .}}/{{template "vars" .}}/{{template "funcs" .}}/{{template "call" .}}{{end}}
`

// compare runs a template with text/template (or html/template) and with
// the Program, and requires the same bytes.
func compare(t *testing.T, name string, html bool, src string, data any) {
	t.Helper()
	std, fast := testFuncs()
	var want bytes.Buffer
	var lookup func(string) *parse.Tree
	if html {
		tm := htmltemplate.Must(htmltemplate.New("").Funcs(std).Parse(src))
		if err := tm.ExecuteTemplate(&want, name, data); err != nil {
			t.Fatalf("html/template: %v", err)
		}
		lookup = func(n string) *parse.Tree {
			if x := tm.Lookup(n); x != nil {
				return x.Tree
			}
			return nil
		}
	} else {
		tm := texttemplate.Must(texttemplate.New("").Funcs(std).Parse(src))
		if err := tm.ExecuteTemplate(&want, name, data); err != nil {
			t.Fatalf("text/template: %v", err)
		}
		lookup = func(n string) *parse.Tree {
			if x := tm.Lookup(n); x != nil {
				return x.Tree
			}
			return nil
		}
	}
	p, err := Compile(name, lookup, fast)
	if err != nil {
		t.Fatalf("compile %s: %v", name, err)
	}
	var got bytes.Buffer
	got.WriteString("prefix:")
	if err := p.Execute(&got, data); err != nil {
		t.Fatalf("execute %s: %v", name, err)
	}
	if g := strings.TrimPrefix(got.String(), "prefix:"); g != want.String() {
		t.Errorf("%s (html %v):\n got %q\nwant %q", name, html, g, want.String())
	}
}

func TestSameAsTextTemplate(t *testing.T) {
	for _, text := range texts {
		compare(t, "all", false, textCases, sample(text))
	}
}

const htmlCases = `
{{define "page"}}<!DOCTYPE html><html lang="{{.Lang}}"><head><title>{{.Title}}</title></head><body>
<p title="{{.Title}}">{{.Title}}</p>
{{range .Contacts}}<a href="{{.Href}}">{{.Name}}</a><a href="/x/{{.Name}}?q={{.Name}}&amp;r={{.Href}}">y</a>{{template "contact" .}}{{end}}
{{range $i, $l := .Items}}{{if $i}}<br>{{end}}{{$l}}{{end}}
{{.HTML}}<!-- comment -->{{up .Title}} {{pair "a&b" .Title}}
{{with .Ptr}}<h2 id="x">{{.Title}}</h2>{{end}}
</body></html>{{end}}
{{define "contact"}}{{if not .Empty}}<address>{{with .Name}}<div>{{.}}</div>{{end}}{{range .Lines}}<div>{{.}}</div>{{end}}</address>{{end}}{{end}}
`

func TestSameAsHTMLTemplate(t *testing.T) {
	for _, text := range texts {
		compare(t, "page", true, htmlCases, sample(text))
	}
}

// What the fast path does not do it refuses, at compile time or when it
// meets the value, and never writes something else.
func TestRefusesWhatItDoesNotDo(t *testing.T) {
	_, fast := testFuncs()
	for _, src := range []string{
		`{{printf "%d" 1}}`,
		`{{len .Items}}`,
		`{{.Title | html}}`,
		`{{template "missing"}}`,
		`{{1.5}}`,
		`{{(.Counter).N}}`,
	} {
		tm := texttemplate.Must(texttemplate.New("x").Parse(`{{define "missing2"}}{{end}}` + src))
		_, err := Compile("x", func(n string) *parse.Tree {
			if x := tm.Lookup(n); x != nil {
				return x.Tree
			}
			return nil
		}, fast)
		if !errors.Is(err, ErrUnsupported) {
			t.Errorf("%s: compiled (err %v), want ErrUnsupported", src, err)
		}
	}
	for _, src := range []string{
		`{{.Map.k}}`,                 // a map key
		`{{.NilPtr.Title}}`,          // an error in text/template
		`{{.Nope}}`,                  // no such field
		`{{range .Map}}{{.}}{{end}}`, // range over a map
		`{{up .Count}}`,              // a function refusing its argument
		`{{eq .Count "3"}}`,          // incomparable
	} {
		tm := texttemplate.Must(texttemplate.New("x").Funcs(map[string]any{"up": strings.ToUpper}).Parse(src))
		p, err := Compile("x", func(n string) *parse.Tree { return tm.Lookup(n).Tree }, fast)
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		var buf bytes.Buffer
		if err := p.Execute(&buf, sample("t")); err == nil {
			t.Errorf("%s: executed, want an error", src)
		}
	}
}

// html/template's escapers on values other than strings are left to it.
func TestEscapersRefuseOtherValues(t *testing.T) {
	tm := htmltemplate.Must(htmltemplate.New("x").Parse(`<p title="{{.}}">{{.}}</p>`))
	if err := tm.Execute(&bytes.Buffer{}, "escape first"); err != nil {
		t.Fatal(err)
	}
	p, err := Compile("x", func(n string) *parse.Tree { return tm.Lookup(n).Tree }, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []any{42, htmltemplate.HTMLAttr("a"), nil, stringer(1)} {
		if err := p.Execute(&bytes.Buffer{}, v); err == nil {
			t.Errorf("%#v: escaped, want an error", v)
		}
	}
}
