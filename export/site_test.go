package export

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/net/html"

	"github.com/eu-ropa/ropa/model"
)

// siteFiles returns the files under dir with the sha256 of each, but not
// the manifest at its top.
func siteFiles(t *testing.T, dir string) map[string][32]byte {
	t.Helper()
	out := map[string][32]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || p == filepath.Join(dir, manifestName) {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = sha256.Sum256(data)
		info, err := d.Info()
		if err != nil {
			return err
		}
		if info.Mode().Perm() != 0o644 {
			t.Errorf("%s: mode %v, want 0644", rel, info.Mode().Perm())
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestSite(t *testing.T) {
	reg, items := loadExample(t)
	dir := t.TempDir()
	var calls, last, total int
	opts := SiteOptions{
		Out:     dir,
		Formats: []Format{FormatHTML, FormatMarkdown},
		Progress: func(done, n int) {
			calls++
			if done != last+1 {
				t.Errorf("progress went from %d to %d", last, done)
			}
			last, total = done, n
		},
	}
	res, err := Site(context.Background(), reg, items, opts)
	if err != nil {
		t.Fatal(err)
	}
	published := selectItems(items, false)
	langs := len(reg.Languages)
	want := len(published)*2*langs*2 + (langs+1)*2
	if res.Files != want || total != want || last != want || calls != want {
		t.Errorf("files: result %d, progress %d/%d in %d calls; want %d", res.Files, last, total, calls, want)
	}
	files := siteFiles(t, dir)
	if len(files) != want {
		names := make([]string, 0, len(files))
		for n := range files {
			names = append(names, n)
		}
		sort.Strings(names)
		t.Fatalf("%d files on disk, want %d: %v", len(files), want, names)
	}
	for _, p := range []string{"index.html", "index.md", "en/index.html", "nl/notices/imi.html", "fr/entries/emn-ies.md"} {
		if _, ok := files[p]; !ok {
			t.Errorf("site lacks %s", p)
		}
	}
	// Every relative link of every page leads to a file of the site.
	for name := range files {
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil {
			t.Fatal(err)
		}
		for _, href := range siteLinks(t, name, data) {
			target := path.Join(path.Dir(name), href)
			if _, ok := files[target]; !ok {
				t.Errorf("%s links to %s, which the site lacks", name, href)
			}
		}
		if path.Ext(name) == ".html" {
			lang := strings.SplitN(name, "/", 2)[0]
			if name == "index.html" {
				lang = reg.Languages[0]
			}
			checkPage(t, name, data, lang)
		}
	}
	// The same input gives the same bytes.
	again := t.TempDir()
	opts.Out, opts.Progress = again, nil
	if _, err := Site(context.Background(), reg, items, opts); err != nil {
		t.Fatal(err)
	}
	second := siteFiles(t, again)
	for name, sum := range files {
		if second[name] != sum {
			t.Errorf("%s differs between two exports of the same register", name)
		}
	}
	// Exporting again into the same folder leaves no temporary file.
	opts.Out = dir
	if _, err := Site(context.Background(), reg, items, opts); err != nil {
		t.Fatal(err)
	}
	if n := len(siteFiles(t, dir)); n != want {
		t.Errorf("%d files after a second export into the same folder, want %d", n, want)
	}
}

// siteLinks returns the relative links of a page (HTML href, or Markdown
// link destinations).
func siteLinks(t *testing.T, name string, data []byte) []string {
	var links []string
	keep := func(h string) {
		if h == "" {
			t.Errorf("%s: a link without a destination", name)
			return
		}
		if strings.HasPrefix(h, "#") || strings.Contains(h, ":") {
			return
		}
		links = append(links, h)
	}
	if path.Ext(name) == ".md" {
		shape, _ := mdShape(data)
		for _, s := range shape {
			if h, ok := strings.CutPrefix(s, "link:"); ok {
				keep(h)
			}
		}
		return links
	}
	z := html.NewTokenizer(bytes.NewReader(data))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return links
		}
		if tt == html.StartTagToken || tt == html.SelfClosingTagToken {
			tok := z.Token()
			for _, a := range tok.Attr {
				if a.Key == "href" {
					keep(a.Val)
				}
			}
		}
	}
}

func TestSiteRejectsBadInput(t *testing.T) {
	reg, items := loadExample(t)
	bad := append([]Item(nil), items...)
	r := *bad[0].Record
	r.Status = "published"
	bad = append(bad, Item{Slug: "../escape", Record: &r})
	if _, err := Site(context.Background(), reg, bad, SiteOptions{Out: t.TempDir()}); err == nil || !strings.Contains(err.Error(), "../escape") {
		t.Errorf("a slug with ../ : err = %v", err)
	}
	dup := append([]Item(nil), items...)
	dup = append(dup, Item{Slug: selectItems(items, false)[0].Slug, Record: &r})
	if _, err := Site(context.Background(), reg, dup, SiteOptions{Out: t.TempDir()}); err == nil || !strings.Contains(err.Error(), "two records") {
		t.Errorf("a duplicate slug: err = %v", err)
	}
	reg.Languages = []string{"en", "it"}
	if _, err := Site(context.Background(), reg, items, SiteOptions{Out: t.TempDir()}); err == nil || !strings.Contains(err.Error(), `"it"`) {
		t.Errorf("an unsupported register language: err = %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	reg.Languages = nil
	if _, err := Site(ctx, reg, items, SiteOptions{Out: t.TempDir()}); err == nil {
		t.Error("a cancelled export returned no error")
	}
}

func TestTemplateOverrides(t *testing.T) {
	reg, it := exampleItem(t, "emn-ies")
	over := fstest.MapFS{
		"html/notice.tmpl": {Data: []byte(`{{define "main"}}<h1>{{t "doc.notice"}}</h1><p>OVERRIDDEN {{.Operation}}</p>{{end}}`)},
		"README.txt":       {Data: []byte("not a template")},
	}
	e, err := New(over)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := e.Notice(&buf, reg, it, FormatHTML, Options{Lang: "de"}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "<h1>Datenschutzerklärung</h1><p>OVERRIDDEN European Migration") || !strings.Contains(buf.String(), "<!DOCTYPE html>") {
		t.Errorf("the override was not used with the default frame:\n%s", buf.String())
	}
	buf.Reset()
	if err := e.Notice(&buf, reg, it, FormatMarkdown, Options{}); err != nil || strings.Contains(buf.String(), "OVERRIDDEN") {
		t.Errorf("the HTML override changed the Markdown notice (err %v)", err)
	}

	if _, err := New(fstest.MapFS{"html/notcie.tmpl": {Data: []byte(`x`)}}); err == nil || !strings.Contains(err.Error(), "templates/html/notcie.tmpl") {
		t.Errorf("a misspelt override: err = %v", err)
	}
	if _, err := New(fstest.MapFS{"md/entry.tmpl": {Data: []byte(`{{define "main"}}{{.Nope`)}}); err == nil || !strings.Contains(err.Error(), "templates/md/entry.tmpl") {
		t.Errorf("an override that does not parse: err = %v", err)
	}
	e, err = New(fstest.MapFS{"md/entry.tmpl": {Data: []byte(`{{define "main"}}{{.NoSuchField}}{{end}}`)}})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Entry(&buf, reg, it, FormatMarkdown, Options{}); err == nil || !strings.Contains(err.Error(), "NoSuchField") {
		t.Errorf("an override asking for an unknown field: err = %v", err)
	}
}

// The dumped templates, used as overrides, give the same documents as the
// embedded ones; a second dump refuses to overwrite them.
func TestDumpTemplates(t *testing.T) {
	dir := t.TempDir()
	written, err := DumpTemplates(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(written) != len(TemplateNames()) {
		t.Errorf("wrote %d files, want %d", len(written), len(TemplateNames()))
	}
	dumped, err := New(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	embedded := newExporter(t)
	reg, items := loadExample(t)
	for _, f := range []Format{FormatHTML, FormatMarkdown} {
		for _, d := range []Doc{DocNotice, DocEntry, DocRecord, DocIndex} {
			var a, b bytes.Buffer
			sel := items[:1]
			if d == DocIndex {
				sel = items
			}
			if err := embedded.Write(&a, reg, sel, d, f, Options{}); err != nil {
				t.Fatal(err)
			}
			if err := dumped.Write(&b, reg, sel, d, f, Options{}); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(a.Bytes(), b.Bytes()) {
				t.Errorf("%s %s: dumped templates give another document", d, f)
			}
		}
	}
	if _, err := DumpTemplates(dir); err == nil || !strings.Contains(err.Error(), "exists") {
		t.Errorf("a second dump into the same folder: err = %v", err)
	}
}

func TestWriteDoc(t *testing.T) {
	e := newExporter(t)
	reg, it := exampleItem(t, "imi")
	dir := t.TempDir()
	got, err := e.WriteDoc(dir, reg, []Item{it}, DocNotice, FormatHTML, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(dir, "nl", "notices", "imi.html"); got != want {
		t.Errorf("WriteDoc wrote %s, want %s (the record's language)", got, want)
	}
	var direct bytes.Buffer
	if err := e.Notice(&direct, reg, it, FormatHTML, Options{}); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(got); !bytes.Equal(data, direct.Bytes()) {
		t.Error("WriteDoc wrote other bytes than Notice")
	}
	_, items := loadExample(t)
	got, err = e.WriteDoc(dir, reg, items, DocRecord, FormatJSON, Options{})
	if err != nil || got != filepath.Join(dir, "records.json") {
		t.Errorf("WriteDoc JSON: %s, %v", got, err)
	}
	if _, err := e.WriteDoc(dir, reg, []Item{{Slug: "../x", Record: it.Record}}, DocNotice, FormatHTML, Options{}); err == nil {
		t.Error("WriteDoc accepted the slug ../x")
	}
}

func TestBaseURL(t *testing.T) {
	e := newExporter(t)
	reg, it := exampleItem(t, "emn-ies")
	opt := Options{BaseURL: "https://example.europa.eu/register/", Languages: []string{"en", "fr"}}
	for _, f := range []Format{FormatHTML, FormatMarkdown} {
		var buf bytes.Buffer
		if err := e.Entry(&buf, reg, it, f, opt); err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{
			"https://example.europa.eu/register/en/notices/emn-ies" + f.Ext(),
			"https://example.europa.eu/register/fr/entries/emn-ies" + f.Ext(),
			"https://example.europa.eu/register/en/index" + f.Ext(),
		} {
			if !strings.Contains(buf.String(), want) {
				t.Errorf("%s entry lacks the link %s", f, want)
			}
		}
	}
}

// Site shares one view between a record's notice and entry; its pages are
// byte for byte those of the single exports with the same options.
func TestSiteMatchesSingleExports(t *testing.T) {
	e := newExporter(t)
	reg, items := loadExample(t)
	dir := t.TempDir()
	if _, err := e.Site(context.Background(), reg, items, SiteOptions{Out: dir, Formats: []Format{FormatHTML, FormatMarkdown}, All: true}); err != nil {
		t.Fatal(err)
	}
	for _, it := range items {
		for _, lang := range reg.Languages {
			for _, f := range []Format{FormatHTML, FormatMarkdown} {
				for _, d := range []Doc{DocNotice, DocEntry} {
					page := filepath.Join(dir, filepath.FromSlash(Path(d, f, lang, it.Slug)))
					if d == DocNotice && !HasNotice(it.Record) {
						if _, err := os.Lstat(page); !errors.Is(err, fs.ErrNotExist) {
							t.Errorf("%s: a notice of a record kept as processor (%v)", Path(d, f, lang, it.Slug), err)
						}
						continue
					}
					var buf bytes.Buffer
					if err := e.Write(&buf, reg, []Item{it}, d, f, Options{Lang: lang, Languages: reg.Languages, All: true}); err != nil {
						t.Fatal(err)
					}
					got, err := os.ReadFile(page)
					if err != nil {
						t.Fatal(err)
					}
					if !bytes.Equal(got, buf.Bytes()) {
						t.Errorf("%s: the site's page differs from the single export", Path(d, f, lang, it.Slug))
					}
				}
			}
		}
	}
}

// A register without a templates/ folder uses the embedded templates.
func TestMissingOverridesFolder(t *testing.T) {
	if _, err := New(os.DirFS(filepath.Join(t.TempDir(), "templates"))); err != nil {
		t.Errorf("New with a missing templates/ folder: %v", err)
	}
}

// The entries as JSON or CSV are the public register: without All they
// hold the published records only, whoever calls the exporter.
func TestDataEntriesHonourAll(t *testing.T) {
	reg := fullRegister()
	pub, draft := fullRecord(), fullRecord()
	pub.Status, draft.Status = model.StatusPublished, model.StatusDraft
	draft.Title = "A draft that must stay internal"
	items := []Item{{Slug: "pub", Record: pub}, {Slug: "draft", Record: draft}}
	for _, all := range []bool{false, true} {
		var buf bytes.Buffer
		if err := WriteJSON(&buf, reg, items, DocEntry, Options{All: all}); err != nil {
			t.Fatal(err)
		}
		if got := strings.Contains(buf.String(), draft.Title); got != all {
			t.Errorf("All=%v: the draft is in the entries: %v", all, got)
		}
	}
}

// A record kept as processor gets no notice: Articles 15 and 16 bind the
// controllers it serves. Its entry and its row in the index link to none,
// and name those controllers instead, in every language and format.
func TestSiteWritesNoNoticeForProcessor(t *testing.T) {
	reg := fullRegister()
	proc := fullRecord() // kind = "processor", serving "Served Agency"
	proc.ProcessingOnBehalf = append(proc.ProcessingOnBehalf, model.ServedController{Controller: "Second Agency"})
	ctrl := fullRecord()
	ctrl.Kind, ctrl.Title, ctrl.Reference = model.KindController, "Controller operation", "DPR-ETA-00002"
	items := []Item{{Slug: "proc", Record: proc}, {Slug: "ctrl", Record: ctrl}}
	dir := t.TempDir()
	formats := []Format{FormatHTML, FormatMarkdown}
	res, err := Site(context.Background(), reg, items, SiteOptions{Out: dir, Formats: formats})
	if err != nil {
		t.Fatal(err)
	}
	files := siteFiles(t, dir)
	if res.Files != len(files) || res.NoNotice != 1 {
		t.Errorf("result: %d files, %d without notice; on disk %d files, want 1 without notice", res.Files, res.NoNotice, len(files))
	}
	served := map[string][]string{
		"en": {"The institution carries out this processing operation as a processor", "The data protection notice of each controller on whose behalf", "Processed on behalf of: Served Agency; Second Agency. See their data protection notices."},
		"fr": {"en tant que sous-traitant", "de chacun des responsables du traitement pour le compte desquels", "Traitement effectué pour le compte de\u00a0: Served Agency\u00a0; Second Agency. Voir leurs déclarations relatives à la protection des données."},
		"de": {"Das Organ führt diesen Verarbeitungsvorgang als Auftragsverarbeiter durch", "Es gilt die Datenschutzerklärung jedes Verantwortlichen", "Verarbeitung im Auftrag von: Served Agency; Second Agency. Es gelten die Datenschutzerklärungen dieser Verantwortlichen."},
		"nl": {"als verwerker", "De privacyverklaring van elke verwerkingsverantwoordelijke", "Verwerking namens: Served Agency; Second Agency. Zie de privacyverklaringen van die verwerkingsverantwoordelijken."},
	}
	for _, lang := range reg.Languages {
		for _, f := range formats {
			if _, ok := files[Path(DocNotice, f, lang, "proc")]; ok {
				t.Errorf("%s: the institution issues no notice as processor", Path(DocNotice, f, lang, "proc"))
			}
			if _, ok := files[Path(DocNotice, f, lang, "ctrl")]; !ok {
				t.Errorf("%s is missing", Path(DocNotice, f, lang, "ctrl"))
			}
			entry := readSiteFile(t, dir, Path(DocEntry, f, lang, "proc"))
			index := readSiteFile(t, dir, Path(DocIndex, f, lang, ""))
			for _, page := range []struct {
				name string
				data string
			}{{Path(DocEntry, f, lang, "proc"), entry}, {Path(DocIndex, f, lang, ""), index}} {
				if strings.Contains(page.data, "notices/proc") {
					t.Errorf("%s links to the processor's notice", page.name)
				}
			}
			for _, want := range served[lang][:2] {
				if !strings.Contains(entry, want) {
					t.Errorf("%s lacks %q", Path(DocEntry, f, lang, "proc"), want)
				}
			}
			if !strings.Contains(entry, "Second Agency") {
				t.Errorf("%s does not name the controllers served", Path(DocEntry, f, lang, "proc"))
			}
			if !strings.Contains(index, served[lang][2]) {
				t.Errorf("%s lacks %q", Path(DocIndex, f, lang, ""), served[lang][2])
			}
			if !strings.Contains(index, "notices/ctrl"+f.Ext()) {
				t.Errorf("%s no longer links to the controller record's notice", Path(DocIndex, f, lang, ""))
			}
		}
	}
	// Every link of the site leads to a page of the site.
	for name := range files {
		for _, href := range siteLinks(t, name, []byte(readSiteFile(t, dir, name))) {
			if _, ok := files[path.Join(path.Dir(name), href)]; !ok {
				t.Errorf("%s links to %s, which the site lacks", name, href)
			}
		}
	}
}

func readSiteFile(t *testing.T, dir, rel string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// The entry and the index say whose notice applies in words that fit the
// number of controllers served: one, several, or none named.
func TestProcessorEntryWording(t *testing.T) {
	e := newExporter(t)
	reg := fullRegister()
	cases := []struct {
		served       []model.ServedController
		entry, index string
	}{
		{nil, "The data protection notice of the controller on whose behalf the processing is carried out applies.", "Processed on behalf of another controller. See its data protection notice."},
		{[]model.ServedController{{Controller: "Only Agency"}}, "The data protection notice of the controller on whose behalf the processing is carried out applies:", "Processed on behalf of: Only Agency. See its data protection notice."},
		// A name that ends in a full stop ends the sentence: no "Inc.. See".
		{[]model.ServedController{{Controller: "Acme Inc."}}, "The data protection notice of the controller on whose behalf the processing is carried out applies:", "Processed on behalf of: Acme Inc. See its data protection notice."},
		{[]model.ServedController{{Controller: "A*gency"}, {Controller: "B|agency"}}, "The data protection notice of each controller on whose behalf the processing is carried out applies:", `Processed on behalf of: A\*gency; B\|agency. See their data protection notices.`},
	}
	for _, c := range cases {
		r := fullRecord()
		r.ProcessingOnBehalf = c.served
		it := Item{Slug: "proc", Record: r}
		var entry, index bytes.Buffer
		if err := e.Entry(&entry, reg, it, FormatMarkdown, Options{Lang: "en"}); err != nil {
			t.Fatal(err)
		}
		if err := e.Index(&index, reg, []Item{it}, FormatMarkdown, Options{Lang: "en"}); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(entry.String(), c.entry) || strings.Contains(entry.String(), "notices/proc") {
			t.Errorf("%d served: the entry lacks %q or links to a notice:\n%s", len(c.served), c.entry, entry.String())
		}
		if !strings.Contains(index.String(), c.index) || strings.Contains(index.String(), "notices/proc") {
			t.Errorf("%d served: the index lacks %q or links to a notice:\n%s", len(c.served), c.index, index.String())
		}
		if !strings.Contains(entry.String(), "\n## Processor\n") || strings.Contains(entry.String(), "on the legal basis of each controller") {
			t.Errorf("%d served: the entry does not head the processor's contact as such, or hides its own grounds", len(c.served))
		}
	}
	// A processor record without a legal basis of its own says whose applies.
	r := fullRecord()
	r.LegalBasis = model.LegalBasis{}
	var entry bytes.Buffer
	if err := e.Entry(&entry, reg, Item{Slug: "proc", Record: r}, FormatHTML, Options{Lang: "en"}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<h2>Processor</h2>", "As processor, the institution processes the data on the legal basis of each controller"} {
		if !strings.Contains(entry.String(), want) {
			t.Errorf("the entry of a processor record without grounds lacks %q", want)
		}
	}
}

func TestCheckNotice(t *testing.T) {
	r := fullRecord()
	r.ProcessingOnBehalf = []model.ServedController{{Controller: "Agency One"}, {Controller: "Agency\nTwo"}}
	err := CheckNotice(Item{Slug: "proc", Record: r})
	var nn *NoNoticeError
	if !errors.As(err, &nn) || !slices.Equal(nn.Controllers, []string{"Agency One", "Agency Two"}) {
		t.Fatalf("CheckNotice of a processor record = %v", err)
	}
	for _, want := range []string{"records/proc.toml", "processor", "Articles 15 and 16", "Agency One; Agency Two", "register entry"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the error lacks %q: %v", want, err)
		}
	}
	r.Kind = model.KindController
	if err := CheckNotice(Item{Slug: "ctrl", Record: r}); err != nil {
		t.Errorf("CheckNotice of a controller record = %v", err)
	}
}
