package export

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"html"
	htmltemplate "html/template"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	texttemplate "text/template"

	"github.com/eu-ropa/ropa/model"
)

//go:embed templates
var defaultTemplates embed.FS

// templateDocs are the documents that have a template of their own, in
// each format folder: templates/<format>/<doc>.tmpl.
var templateDocs = []Doc{DocNotice, DocEntry, DocIndex, DocRecord, docHome}

// baseTemplate is the file of each format folder shared by every document:
// the page frame, the stylesheet and the partials.
const baseTemplate = "base.tmpl"

// TemplateNames lists the files an institution may override, as paths
// relative to its templates/ folder: "html/base.tmpl", "md/notice.tmpl"...
func TemplateNames() []string {
	var names []string
	for _, f := range []Format{FormatHTML, FormatMarkdown} {
		names = append(names, string(f)+"/"+baseTemplate)
		for _, d := range templateDocs {
			names = append(names, string(f)+"/"+string(d)+".tmpl")
		}
	}
	return names
}

type setKey struct {
	doc    Doc
	format Format
	lang   string
}

// Exporter renders documents. It parses every template once (New); its
// methods are safe for concurrent use.
type Exporter struct {
	sets map[setKey]*templateSet
}

// New parses the embedded templates, each replaced by the file of the same
// name in overrides when there is one (a register's templates/ folder, as
// an fs.FS; nil for none). A file in overrides that matches no template is
// an error, so that a misspelt name does not go unnoticed.
func New(overrides fs.FS) (*Exporter, error) {
	if _, err := catalogs(); err != nil {
		return nil, err
	}
	src, err := templateSources(overrides)
	if err != nil {
		return nil, err
	}
	e := &Exporter{sets: make(map[setKey]*templateSet, len(templateDocs)*2*len(languages))}
	for _, f := range []Format{FormatHTML, FormatMarkdown} {
		for _, d := range templateDocs {
			if err := e.parse(src, f, d); err != nil {
				return nil, err
			}
		}
	}
	return e, nil
}

// source is the text of one template file and where it came from.
type source struct {
	name string // shown in errors: "templates/html/notice.tmpl"
	text string
}

func templateSources(overrides fs.FS) (map[string]source, error) {
	src := map[string]source{}
	for _, name := range TemplateNames() {
		data, err := defaultTemplates.ReadFile("templates/" + name)
		if err != nil {
			return nil, fmt.Errorf("embedded template %s: %w", name, err)
		}
		src[name] = source{name: "embedded templates/" + name, text: string(data)}
	}
	if overrides == nil {
		return src, nil
	}
	known := TemplateNames()
	err := fs.WalkDir(overrides, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == "." && errors.Is(err, fs.ErrNotExist) {
				return fs.SkipAll
			}
			return err
		}
		if d.IsDir() || path.Ext(p) != ".tmpl" {
			return nil
		}
		if !slices.Contains(known, p) {
			return fmt.Errorf("templates/%s: no such template; the templates are %s", p, strings.Join(known, ", "))
		}
		data, err := fs.ReadFile(overrides, p)
		if err != nil {
			return fmt.Errorf("templates/%s: %w", p, err)
		}
		src[p] = source{name: "templates/" + p, text: string(data)}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read template overrides: %w", err)
	}
	return src, nil
}

// parse builds the template sets of one document and format, one per
// language. Each {{t "key"}} without arguments is replaced by the key's
// text, escaped for the format, before parsing: it is the same for every
// document of a language, and a template function call costs a reflective
// call per use at run time. The other functions stay calls.
func (e *Exporter) parse(src map[string]source, f Format, d Doc) error {
	base := src[string(f)+"/"+baseTemplate]
	doc := src[string(f)+"/"+string(d)+".tmpl"]
	md := f == FormatMarkdown
	for _, lang := range languages {
		cat, err := catalogFor(lang)
		if err != nil {
			return err
		}
		baseText, docText := inlineConstants(base.text, cat, md), inlineConstants(doc.text, cat, md)
		funcs := templateFuncs(cat, md)
		var set *templateSet
		var page, main bool
		if md {
			t := texttemplate.New("").Funcs(texttemplate.FuncMap(funcs))
			if _, err := t.New(base.name).Parse(baseText); err != nil {
				return fmt.Errorf("parse %s: %w", base.name, err)
			}
			if _, err := t.New(doc.name).Parse(docText); err != nil {
				return fmt.Errorf("parse %s: %w", doc.name, err)
			}
			set, page, main = newTextSet(t, cat), t.Lookup("page") != nil, t.Lookup("main") != nil
		} else {
			t := htmltemplate.New("").Funcs(htmltemplate.FuncMap(funcs))
			if _, err := t.New(base.name).Parse(baseText); err != nil {
				return fmt.Errorf("parse %s: %w", base.name, err)
			}
			if _, err := t.New(doc.name).Parse(docText); err != nil {
				return fmt.Errorf("parse %s: %w", doc.name, err)
			}
			set, page, main = newHTMLSet(t, cat), t.Lookup("page") != nil, t.Lookup("main") != nil
		}
		if err := checkDefined(page, main, base, doc); err != nil {
			return err
		}
		e.sets[setKey{d, f, lang}] = set
	}
	return nil
}

// constantCall matches {{t "key"}} with no arguments and no trim markers.
var constantCall = regexp.MustCompile(`\{\{t "([a-z0-9_.]+)"\}\}`)

// inlineConstants replaces each constant {{t "key"}} of a template's text by
// the catalog's text, escaped for the format (HTML escaping is valid in text
// and in quoted attributes, the only places the templates call t). A key
// the catalog lacks stays a call, to fail with a clear message; so does a
// text with spaces at an end next to a trim marker ({{- or -}}), which
// would eat them once they are template text.
func inlineConstants(text string, cat *catalog, md bool) string {
	var b strings.Builder
	last := 0
	for _, m := range constantCall.FindAllStringSubmatchIndex(text, -1) {
		start, end := m[0], m[1]
		s, ok := cat.lookup(text[m[2]:m[3]], md)
		trimmed := strings.HasPrefix(strings.TrimLeft(text[end:], " \t\r\n"), "{{-") ||
			strings.HasSuffix(strings.TrimRight(text[:start], " \t\r\n"), "-}}")
		if !ok || s == "" || strings.Contains(s, "{{") || strings.Contains(s, "}}") || trimmed && strings.TrimSpace(s) != s {
			continue
		}
		if !md {
			s = html.EscapeString(s)
		}
		b.WriteString(text[last:start])
		b.WriteString(s)
		last = end
	}
	b.WriteString(text[last:])
	return b.String()
}

func checkDefined(page, main bool, base, doc source) error {
	if !page {
		return fmt.Errorf("%s: defines no template \"page\"", base.name)
	}
	if !main {
		return fmt.Errorf("%s: defines no template \"main\"", doc.name)
	}
	return nil
}

// exec renders a document at the end of buf and tidies its blank lines.
func (e *Exporter) exec(buf *bytes.Buffer, d Doc, f Format, lang string, data any) error {
	set, ok := e.sets[setKey{d, f, lang}]
	if !ok {
		return fmt.Errorf("no %s template for %s in language %q", f, d, lang)
	}
	start := buf.Len()
	if err := set.execute(buf, data); err != nil {
		return fmt.Errorf("render %s as %s in %s: %w", d, f, lang, err)
	}
	n := tidyLen(buf.Bytes()[start:])
	buf.Truncate(start + n)
	if n > 0 {
		buf.WriteByte('\n')
	}
	return nil
}

// tidy removes the blank lines that template conditionals leave behind:
// no trailing blanks on a line, no more than one empty line in a row, none
// at the start, exactly one newline at the end. Neither format gives
// meaning to what it removes (the Markdown templates never rely on
// trailing spaces).
func tidy(b []byte) []byte {
	n := tidyLen(b)
	if n == 0 {
		return b[:0]
	}
	return append(b[:n:n], '\n')
}

// tidyLen tidies b in place and returns the length of the result, without
// its final newline.
func tidyLen(b []byte) int {
	w := 0       // write position; never passes the read position
	pending := 0 // newlines owed before the next non-blank line (at most 2)
	for r := 0; r < len(b); {
		end := bytes.IndexByte(b[r:], '\n')
		next := len(b)
		if end >= 0 {
			end += r
			next = end + 1
		} else {
			end = len(b)
		}
		for end > r && (b[end-1] == ' ' || b[end-1] == '\t') {
			end--
		}
		if end == r { // a blank line
			if w > 0 && pending < 2 {
				pending++
			}
		} else {
			for ; pending > 0; pending-- {
				b[w] = '\n'
				w++
			}
			if w != r {
				copy(b[w:], b[r:end])
			}
			w += end - r
			pending = 1
		}
		r = next
	}
	return w
}

func checkPageFormat(d Doc, f Format) error {
	if f != FormatHTML && f != FormatMarkdown {
		return fmt.Errorf("the %s is written as md or html, not %s", d, f)
	}
	return nil
}

// linker makes the links of one document: relative to its place in the
// site layout, or absolute under a base URL.
type linker struct {
	from    string // Path of the document being written
	format  Format
	lang    string
	baseURL string
	md      bool
}

func (l linker) href(d Doc, lang, slug string) string {
	to := Path(d, l.format, lang, slug)
	var h string
	if l.baseURL != "" {
		h = strings.TrimRight(l.baseURL, "/") + "/" + to
	} else {
		h = relPath(l.from, to)
	}
	if l.md {
		return mdDest(h)
	}
	return h
}

// relPath is the relative link from the document at from to the one at to
// (both slash-separated paths under the same root).
func relPath(from, to string) string {
	dir := path.Dir(from)
	if dir == "." {
		return to
	}
	// Climb out of the folders not shared with the target.
	fromParts := strings.Split(dir, "/")
	toParts := strings.Split(to, "/")
	common := 0
	for common < len(fromParts) && common < len(toParts)-1 && fromParts[common] == toParts[common] {
		common++
	}
	ups := len(fromParts) - common
	return strings.Repeat("../", ups) + strings.Join(toParts[common:], "/")
}

// pageFor fills the navigation of a document.
func (m *maker) pageFor(l linker, title string, d Doc, slug string, langs []string) page {
	p := page{Lang: m.cat.lang, HeadTitle: title}
	if len(langs) == 0 {
		return p
	}
	if d != DocIndex && d != docHome {
		p.Home = l.href(DocIndex, m.cat.lang, "")
	}
	if d == docHome {
		return p
	}
	for _, lang := range langs {
		if lang == m.cat.lang {
			continue
		}
		name := lang
		if o, ok := model.FindOption(model.LanguageOptions, lang); ok {
			name = o.Label
		}
		p.Others = append(p.Others, altLink{Lang: lang, Name: name, Href: l.href(d, lang, slug)})
	}
	return p
}

// headTitle joins a document kind and a title for <title>.
func headTitle(kind, title string) string {
	if title == "" {
		return kind
	}
	return title + " – " + kind
}

// Notice writes the data protection notice of one record. It renders one
// for a record kept as processor too, as a preview of what the record
// says; Site and the command publish none for it (HasNotice, CheckNotice).
func (e *Exporter) Notice(w io.Writer, reg model.Register, it Item, f Format, opt Options) error {
	return e.recordDoc(w, &reg, it, DocNotice, f, opt)
}

// Entry writes the register entry of one record: its public part only.
func (e *Exporter) Entry(w io.Writer, reg model.Register, it Item, f Format, opt Options) error {
	return e.recordDoc(w, &reg, it, DocEntry, f, opt)
}

// Record writes the full record, internal fields included (Article 31(4)).
// As JSON or CSV it is the record's data.
func (e *Exporter) Record(w io.Writer, reg model.Register, it Item, f Format, opt Options) error {
	if f == FormatJSON || f == FormatCSV {
		return writeData(w, reg, []Item{it}, DocRecord, f, opt)
	}
	return e.recordDoc(w, &reg, it, DocRecord, f, opt)
}

func (e *Exporter) recordDoc(w io.Writer, reg *model.Register, it Item, d Doc, f Format, opt Options) error {
	if it.Record == nil {
		return fmt.Errorf("%s of %q: no record", d, it.Slug)
	}
	if err := checkPageFormat(d, f); err != nil {
		return err
	}
	lang, err := docLang(opt.Lang, reg, it.Record)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := e.renderRecordDoc(&buf, reg, it, nil, d, f, lang, opt); err != nil {
		return err
	}
	_, err = w.Write(buf.Bytes())
	return err
}

// renderRecordDoc renders into buf; on error buf holds a partial document.
// shared, when not nil, is the view of the record's public copy in this
// language and format (maker.entry), built once by Site for both the
// notice and the entry: a notice shows only public facts, so it is the
// same view (TestSiteMatchesSingleExports holds Site to that).
func (e *Exporter) renderRecordDoc(buf *bytes.Buffer, reg *model.Register, it Item, shared *noticeView, d Doc, f Format, lang string, opt Options) error {
	cat, err := catalogFor(lang)
	if err != nil {
		return err
	}
	md := f == FormatMarkdown
	m := newMaker(cat, md, it.Record.Language)
	m.knowInstitution(reg, lang)
	reg = registerIn(reg, lang)
	l := linker{from: Path(d, f, lang, it.Slug), format: f, lang: lang, baseURL: opt.BaseURL, md: md}
	raw := inline(it.Record.Title)
	var data any
	switch d {
	case DocNotice:
		var v *noticeView
		if shared != nil {
			cp := *shared
			v = &cp
		} else {
			v = m.notice(reg, it.Record)
		}
		v.page = m.pageFor(l, headTitle(cat.text["doc.notice"], raw), d, it.Slug, opt.Languages)
		if len(opt.Languages) > 0 && it.Slug != "" {
			v.EntryHref = l.href(DocEntry, lang, it.Slug)
		}
		data = v
	case DocEntry:
		var v *noticeView
		if shared != nil {
			cp := *shared
			v = &cp
		} else {
			v = m.entry(reg, publicCopy(it.Record))
		}
		v.page = m.pageFor(l, headTitle(cat.text["doc.entry"], raw), d, it.Slug, opt.Languages)
		if it.Slug != "" && HasNotice(it.Record) {
			v.NoticeHref = l.href(DocNotice, lang, it.Slug)
		}
		data = v
	case DocRecord:
		v := m.record(it.Record)
		v.page = m.pageFor(l, headTitle(cat.text["doc.record"], raw), d, it.Slug, nil)
		data = v
	default:
		return fmt.Errorf("%s is not a document of one record", d)
	}
	// The <title> starts with the record's title but ends in the page's
	// language, and cannot hold a <span>: it keeps the page's language
	// (review N9). The h1 marks the title.
	return e.exec(buf, d, f, lang, data)
}

// sharedView is the view Site shares between the notice and the entry of
// a record in one language and format; memo holds the record's text
// prepared for the format, shared by every language.
func sharedView(reg *model.Register, pub *model.Record, f Format, lang string, memo *userText) (*noticeView, error) {
	cat, err := catalogFor(lang)
	if err != nil {
		return nil, err
	}
	m := newMaker(cat, f == FormatMarkdown, pub.Language)
	m.memo = memo
	m.knowInstitution(reg, lang)
	return m.entry(registerIn(reg, lang), pub), nil
}

// registerIn is the register as the documents in lang show it: its names,
// addresses and register URL in that language (register.toml's
// [[translations]]). Every document of one record or of the index is
// rendered from what it returns, so no page mixes the register's main
// language with the language of its fixed text.
func registerIn(reg *model.Register, lang string) *model.Register {
	if len(reg.Translations) == 0 {
		return reg
	}
	in := reg.In(lang)
	return &in
}

// Index writes the register index: the published records (every record
// with opt.All), sorted by reference. As JSON or CSV it is the list of
// rows.
func (e *Exporter) Index(w io.Writer, reg model.Register, items []Item, f Format, opt Options) error {
	switch f {
	case FormatJSON, FormatCSV:
		return writeData(w, reg, items, DocIndex, f, opt)
	}
	if err := checkPageFormat(DocIndex, f); err != nil {
		return err
	}
	lang, err := docLang(opt.Lang, &reg, nil)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := e.renderIndex(&buf, &reg, selectItems(items, opt.All), f, lang, opt); err != nil {
		return err
	}
	_, err = w.Write(buf.Bytes())
	return err
}

func (e *Exporter) renderIndex(buf *bytes.Buffer, reg *model.Register, selected []Item, f Format, lang string, opt Options) error {
	cat, err := catalogFor(lang)
	if err != nil {
		return err
	}
	md := f == FormatMarkdown
	m := newMaker(cat, md, "")
	m.knowInstitution(reg, lang)
	reg = registerIn(reg, lang)
	l := linker{from: Path(DocIndex, f, lang, ""), format: f, lang: lang, baseURL: opt.BaseURL, md: md}
	v := m.index(reg, selected, opt.All, func(d Doc, slug string) string {
		if slug == "" {
			return ""
		}
		return l.href(d, lang, slug)
	})
	v.page = m.pageFor(l, headTitle(cat.text["doc.index"], inline(institution(reg, nil))), DocIndex, "", opt.Languages)
	return e.exec(buf, DocIndex, f, lang, v)
}

// Write writes one document for the command: d and f as given on its
// command line, items the records chosen (one for a notice, an entry or a
// record; any number for an index, JSON or CSV).
func (e *Exporter) Write(w io.Writer, reg model.Register, items []Item, d Doc, f Format, opt Options) error {
	if err := CheckBaseURL(opt.BaseURL); err != nil {
		return fmt.Errorf("base URL: %w", err)
	}
	if f == FormatJSON || f == FormatCSV {
		if d == DocNotice {
			return fmt.Errorf("the notice is written as md or html; JSON and CSV hold the register (--doc index, entry or record)")
		}
		return writeData(w, reg, items, d, f, opt)
	}
	if d == DocIndex {
		return e.Index(w, reg, items, f, opt)
	}
	if len(items) != 1 {
		return fmt.Errorf("a %s is written for one record at a time (got %d); use Site for many", d, len(items))
	}
	return e.recordDoc(w, &reg, items[0], d, f, opt)
}

// WriteDoc writes one document, as Write does, into dir at its place in
// the layout of Site (Path), atomically, and returns the path written. The
// language of the path is the document's (Options.Lang, else the record's).
func (e *Exporter) WriteDoc(dir string, reg model.Register, items []Item, d Doc, f Format, opt Options) (string, error) {
	var rec *model.Record
	slug := ""
	if d != DocIndex && len(items) == 1 {
		rec, slug = items[0].Record, items[0].Slug
		if err := CheckSlug(slug); err != nil {
			return "", err
		}
	}
	lang, err := docLang(opt.Lang, &reg, rec)
	if err != nil {
		return "", err
	}
	opt.Lang = lang
	var buf bytes.Buffer
	if err := e.Write(&buf, reg, items, d, f, opt); err != nil {
		return "", err
	}
	target := filepath.Join(dir, filepath.FromSlash(Path(d, f, lang, slug)))
	if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
		return "", fmt.Errorf("export: %w", err)
	}
	if err := writeFileAtomic(target, buf.Bytes()); err != nil {
		return "", err
	}
	return target, nil
}

// DumpTemplates writes the embedded templates into dir (html/… and md/…),
// for an institution to edit and keep in its register's templates/ folder.
// It refuses to overwrite a file that exists. It returns the files written.
func DumpTemplates(dir string) ([]string, error) {
	var written []string
	for _, name := range TemplateNames() {
		target := filepath.Join(dir, filepath.FromSlash(name))
		if _, err := os.Lstat(target); err == nil {
			return written, fmt.Errorf("%s exists: move it away, or dump into an empty folder", target)
		}
	}
	for _, name := range TemplateNames() {
		data, err := defaultTemplates.ReadFile("templates/" + name)
		if err != nil {
			return written, err
		}
		target := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return written, fmt.Errorf("dump templates: %w", err)
		}
		if err := writeFileAtomic(target, data); err != nil {
			return written, fmt.Errorf("dump templates: %w", err)
		}
		written = append(written, target)
	}
	return written, nil
}
