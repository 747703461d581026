package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/eu-ropa/ropa/example"
	"github.com/eu-ropa/ropa/export"
	"github.com/eu-ropa/ropa/records"
)

// exampleRoot writes the example register (what 'ropa init --example'
// writes) into a new temporary folder.
func exampleRoot(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	if err := example.WriteTo(root); err != nil {
		t.Fatal(err)
	}
	return root
}

// runExport runs 'ropa --dir root export args…' and returns what it wrote
// to standard output and standard error, and its error.
func runExport(t *testing.T, root string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errOut bytes.Buffer
	cmd := newRootCmd(strings.NewReader(""), &out, &errOut)
	cmd.SetArgs(append([]string{"--dir", root, "export"}, args...))
	err = cmd.Execute()
	return out.String(), errOut.String(), err
}

// mustExport is runExport for a run that must succeed quietly: standard
// error is not a terminal, so nothing but errors may appear on it.
func mustExport(t *testing.T, root string, args ...string) string {
	t.Helper()
	stdout, stderr, err := runExport(t, root, args...)
	if err != nil {
		t.Fatalf("ropa export %s: %v\nstderr: %s", strings.Join(args, " "), err, stderr)
	}
	if stderr != "" {
		t.Errorf("ropa export %s: standard error is not a terminal, yet it got:\n%s", strings.Join(args, " "), stderr)
	}
	return stdout
}

// libraryDoc renders a document with the export package directly, for
// comparison with the command's output.
func libraryDoc(t *testing.T, root, slug string, d export.Doc, f export.Format, lang string) string {
	t.Helper()
	reg, err := records.Load(root)
	if err != nil {
		t.Fatal(err)
	}
	e, err := export.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range reg.Files {
		if file.Slug == slug {
			var buf bytes.Buffer
			it := export.Item{Slug: file.Slug, Record: &file.Record}
			if err := e.Write(&buf, reg.Info, []export.Item{it}, d, f, export.Options{Lang: lang}); err != nil {
				t.Fatal(err)
			}
			return buf.String()
		}
	}
	t.Fatalf("no record %q", slug)
	return ""
}

func TestExportSingleDocumentToStdout(t *testing.T) {
	root := exampleRoot(t)
	for _, tc := range []struct {
		args     []string
		slug     string
		doc      export.Doc
		format   export.Format
		lang     string
		contains []string
	}{
		// By reference; Markdown by default; the record's language (en).
		{[]string{"DPR-EC-00932"}, "emn-ies", export.DocNotice, export.FormatMarkdown, "en",
			[]string{"# Data protection notice", "DPR-EC-00932", "European Migration Network"}},
		// By slug; the record's own language is Dutch.
		{[]string{"imi", "--format", "html"}, "imi", export.DocNotice, export.FormatHTML, "nl",
			[]string{"<!DOCTYPE html>", `<html lang="nl">`, "DPR-EC-00373"}},
		// By path, another document and language.
		{[]string{"records/emn-ies.toml", "--doc", "entry", "--format", "html", "--lang", "fr"}, "emn-ies", export.DocEntry, export.FormatHTML, "fr",
			[]string{`<html lang="fr">`, "DPR-EC-00932"}},
		{[]string{"migrationsforum", "--doc", "record", "--lang", "de"}, "migrationsforum", export.DocRecord, export.FormatMarkdown, "de",
			[]string{"DPR-EC-03318"}},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			got := mustExport(t, root, tc.args...)
			for _, s := range tc.contains {
				if !strings.Contains(got, s) {
					t.Errorf("output lacks %q", s)
				}
			}
			if want := libraryDoc(t, root, tc.slug, tc.doc, tc.format, tc.lang); got != want {
				t.Errorf("the command's output differs from export's %s of %s in %s (%d bytes, want %d)", tc.doc, tc.slug, tc.lang, len(got), len(want))
			}
			if again := mustExport(t, root, tc.args...); again != got {
				t.Error("the same input gave different bytes on a second run")
			}
		})
	}
}

func TestExportIndexAndData(t *testing.T) {
	root := exampleRoot(t)
	index := mustExport(t, root, "--doc", "index", "--format", "md", "--lang", "en")
	if !strings.Contains(index, "DPR-EC-00932") || !strings.Contains(index, "DPR-EC-00373") {
		t.Errorf("index lacks published records:\n%s", index)
	}
	// home-newsletter is a draft: listed only with --unpublished.
	if strings.Contains(index, "home-newsletter") {
		t.Error("the index lists a draft without --unpublished")
	}
	if all := mustExport(t, root, "--doc", "index", "--unpublished", "--lang", "en"); !strings.Contains(all, "home-newsletter") {
		t.Error("the index with --unpublished lacks the draft home-newsletter")
	}

	var doc struct {
		Records []map[string]any `json:"records"`
	}
	out := mustExport(t, root, "--all", "--format", "json")
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("--format json: %v\n%.300s", err, out)
	}
	if len(doc.Records) != 5 {
		t.Errorf("--all --format json: %d records, want the example's 5 published", len(doc.Records))
	}
	out = mustExport(t, root, "--all", "--unpublished", "--format", "json")
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("--format json --unpublished: %v\n%.300s", err, out)
	}
	if len(doc.Records) != 8 {
		t.Errorf("--all --unpublished --format json: %d records, want the example's 8", len(doc.Records))
	}
	rows, err := csv.NewReader(strings.NewReader(mustExport(t, root, "--all", "--format", "csv"))).ReadAll()
	if err != nil {
		t.Fatalf("--format csv: %v", err)
	}
	if len(rows) != 6 {
		t.Errorf("--all --format csv: %d rows, want a header and 5 published records", len(rows))
	}

	dir := t.TempDir()
	mustExport(t, root, "--all", "--format", "json", "--doc", "record", "--out", dir)
	if _, err := os.Stat(filepath.Join(dir, "records.json")); err != nil {
		t.Errorf("--doc record --format json --out: %v", err)
	}
}

// siteTree returns the files under dir, slash-separated, with their bytes.
func siteTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = data
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func TestExportAllWritesTheSite(t *testing.T) {
	root := exampleRoot(t)
	out := filepath.Join(t.TempDir(), "site")
	if stdout := mustExport(t, root, "--all", "--format", "html", "--out", out); stdout != "" {
		t.Errorf("--out wrote to standard output:\n%s", stdout)
	}
	published := []string{"emn-ies", "eu4health-evaluation-survey", "imi", "medical-files", "migrationsforum"}
	want := []string{".ropa-manifest", "index.html"} // the manifest lists the site's files
	for _, lang := range []string{"en", "fr", "de", "nl"} {
		want = append(want, lang+"/index.html")
		for _, slug := range published {
			want = append(want, lang+"/notices/"+slug+".html", lang+"/entries/"+slug+".html")
		}
	}
	slices.Sort(want)
	files := siteTree(t, out)
	var got []string
	for name := range files {
		got = append(got, name)
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("site tree:\n got %v\nwant %v", got, want)
	}
	if !bytes.Contains(files["nl/notices/imi.html"], []byte(`<html lang="nl">`)) {
		t.Error("nl/notices/imi.html is not a Dutch page")
	}
	if !bytes.Contains(files["fr/index.html"], []byte(`href="notices/emn-ies.html"`)) {
		t.Error("fr/index.html has no relative link to notices/emn-ies.html")
	}

	// The same input gives the same bytes.
	again := filepath.Join(t.TempDir(), "site")
	mustExport(t, root, "--all", "--format", "html", "--out", again)
	second := siteTree(t, again)
	for name, data := range files {
		if !bytes.Equal(second[name], data) {
			t.Errorf("%s differs between two exports of the same register", name)
		}
	}

	// --unpublished adds the drafts; --lang limits the languages; Markdown.
	md := t.TempDir()
	mustExport(t, root, "--all", "--unpublished", "--format", "md", "--lang", "en,de", "--out", md)
	tree := siteTree(t, md)
	for _, name := range []string{"index.md", "en/notices/home-newsletter.md", "de/entries/pmo-remunerations-agences.md"} {
		if _, ok := tree[name]; !ok {
			t.Errorf("--unpublished --lang en,de --format md: no %s", name)
		}
	}
	if _, ok := tree["fr/index.md"]; ok {
		t.Error("--lang en,de wrote French pages")
	}
}

func TestExportNamedRecordsIntoFolder(t *testing.T) {
	root := exampleRoot(t)
	out := t.TempDir()
	// A draft named on the command line is exported: it was asked for.
	mustExport(t, root, "home-newsletter", "DPR-EC-00373", "--out", out, "--lang", "en")
	got := slices.Sorted(func(yield func(string) bool) {
		for name := range siteTree(t, out) {
			if !yield(name) {
				return
			}
		}
	})
	want := []string{".ropa-manifest", "en/entries/home-newsletter.html", "en/entries/imi.html", "en/notices/home-newsletter.html", "en/notices/imi.html"}
	if !slices.Equal(got, want) {
		t.Errorf("files: got %v, want %v", got, want)
	}

	full := t.TempDir()
	mustExport(t, root, "imi", "--doc", "record", "--format", "md", "--out", full)
	if _, err := os.Stat(filepath.Join(full, "nl", "records", "imi.md")); err != nil {
		t.Errorf("--doc record --out: %v", err)
	}
}

func TestExportErrors(t *testing.T) {
	root := exampleRoot(t)
	missing := filepath.Join(t.TempDir(), "not-created")
	for _, tc := range []struct {
		args []string
		want []string // in the error
	}{
		{[]string{"DPR-EC-99999"}, []string{`"DPR-EC-99999"`, "ropa list"}},
		{[]string{"emn-ies", "no-such-record", "--out", missing}, []string{`"no-such-record"`}},
		{[]string{}, []string{"--all", "ropa list"}},
		{[]string{"--all"}, []string{"--out"}},
		{[]string{"emn-ies", "imi"}, []string{"2 records", "--out"}},
		{[]string{"emn-ies", "--all"}, []string{"not both"}},
		{[]string{"emn-ies", "--doc", "letter"}, []string{`"letter"`, "notice, entry, index, record"}},
		{[]string{"emn-ies", "--format", "pdf"}, []string{`"pdf"`, "md, html, json, csv"}},
		{[]string{"emn-ies", "--lang", "it"}, []string{`"it"`, "en, fr, de, nl"}},
		{[]string{"emn-ies", "--lang", "en,fr"}, []string{"one --lang"}},
		{[]string{"emn-ies", "--format", "json", "--doc", "notice"}, []string{"md or html"}},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			stdout, _, err := runExport(t, root, tc.args...)
			if err == nil {
				t.Fatalf("no error; output:\n%.200s", stdout)
			}
			for _, s := range tc.want {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q lacks %q", err, s)
				}
			}
			if stdout != "" {
				t.Errorf("an error, yet standard output got:\n%.200s", stdout)
			}
		})
	}
	if _, err := os.Stat(missing); err == nil {
		t.Error("a failed export created its output folder")
	}

	// An --out that is a file, not a folder: the error names it.
	file := filepath.Join(t.TempDir(), "site.html")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := runExport(t, root, "--all", "--out", file); err == nil || !strings.Contains(err.Error(), file) {
		t.Errorf("--out naming a file: %v, want an error naming %s", err, file)
	}
}

func TestExportTemplatesOverrideAndDump(t *testing.T) {
	root := exampleRoot(t)
	dump := filepath.Join(t.TempDir(), "templates")
	stdout := mustExport(t, root, "--dump-templates", dump)
	if !strings.Contains(stdout, dump) {
		t.Errorf("--dump-templates does not say where it wrote: %q", stdout)
	}
	for _, name := range export.TemplateNames() {
		if _, err := os.Stat(filepath.Join(dump, filepath.FromSlash(name))); err != nil {
			t.Errorf("--dump-templates: %v", err)
		}
	}
	if _, _, err := runExport(t, root, "--dump-templates", dump); err == nil || !strings.Contains(err.Error(), "exists") {
		t.Errorf("a second dump into the same folder: %v, want a refusal to overwrite", err)
	}

	// The register's templates/ folder overrides the embedded template.
	src, err := os.ReadFile(filepath.Join(dump, "md", "notice.tmpl"))
	if err != nil {
		t.Fatal(err)
	}
	const heading = `# {{t "doc.notice"}}`
	if !bytes.Contains(src, []byte(heading)) {
		t.Fatalf("md/notice.tmpl no longer starts its page with %s; update this test", heading)
	}
	custom := bytes.Replace(src, []byte(heading), []byte("# Privacy statement of DG HOME"), 1)
	if err := os.MkdirAll(filepath.Join(root, "templates", "md"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "templates", "md", "notice.tmpl"), custom, 0o644); err != nil {
		t.Fatal(err)
	}
	got := mustExport(t, root, "emn-ies")
	if !strings.HasPrefix(got, "# Privacy statement of DG HOME\n") {
		t.Errorf("the register's templates/md/notice.tmpl was not used:\n%.200s", got)
	}

	// A misspelt template is named, with the names that exist.
	if err := os.WriteFile(filepath.Join(root, "templates", "md", "notise.tmpl"), custom, 0o644); err != nil {
		t.Fatal(err)
	}
	_, _, err = runExport(t, root, "emn-ies")
	if err == nil || !strings.Contains(err.Error(), "templates/md/notise.tmpl") || !strings.Contains(err.Error(), "md/notice.tmpl") {
		t.Errorf("misspelt template: %v, want the file named and the right names listed", err)
	}
}

// The institution issues no notice for a record kept as processor: asking
// for one fails, saying why and what to export instead; a site gives it
// its entry only.
func TestExportProcessorHasNoNotice(t *testing.T) {
	root := exampleRoot(t)
	out := filepath.Join(t.TempDir(), "not-created")
	for _, c := range []struct {
		args    []string
		suggest string // the command suggested keeps the format and folder asked
	}{
		{[]string{"pmo-remunerations-agences"}, "ropa export pmo-remunerations-agences --doc entry"},
		{[]string{"DPR-EC-02107", "--format", "html", "--lang", "de"}, "ropa export pmo-remunerations-agences --doc entry --format html"},
		{[]string{"pmo-remunerations-agences", "--doc", "notice", "--out", out}, "ropa export pmo-remunerations-agences --doc entry --format html --out " + out},
	} {
		args := c.args
		stdout, _, err := runExport(t, root, args...)
		if err == nil {
			t.Fatalf("ropa export %s: no error; output:\n%.200s", strings.Join(args, " "), stdout)
		}
		for _, want := range []string{"records/pmo-remunerations-agences.toml", `kind = "processor"`, "Articles 15 and 16", "Agence exécutive européenne pour la recherche (REA)", c.suggest} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("ropa export %s: the error lacks %q: %v", strings.Join(args, " "), want, err)
			}
		}
		if stdout != "" {
			t.Errorf("ropa export %s: standard output got %.200s", strings.Join(args, " "), stdout)
		}
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a refused notice created the output folder")
	}
	entry := mustExport(t, root, "pmo-remunerations-agences", "--doc", "entry", "--lang", "en")
	if !strings.Contains(entry, "issues no data protection notice for it") || strings.Contains(entry, "notices/") {
		t.Errorf("the entry does not say whose notice applies, or links to a notice:\n%s", entry)
	}
	site := t.TempDir()
	mustExport(t, root, "pmo-remunerations-agences", "emn-ies", "--out", site, "--lang", "fr")
	tree := siteTree(t, site)
	for name, want := range map[string]bool{
		"fr/entries/pmo-remunerations-agences.html": true,
		"fr/notices/pmo-remunerations-agences.html": false,
		"fr/notices/emn-ies.html":                   true,
	} {
		if _, ok := tree[name]; ok != want {
			t.Errorf("%s in the site: %v, want %v", name, ok, want)
		}
	}
}

// A record unpublished since the last export of the whole register loses
// its pages at the next one; the web team's files stay; a named export
// leaves the other records' pages alone.
func TestExportAllRemovesStalePages(t *testing.T) {
	root := exampleRoot(t)
	out := t.TempDir()
	own := filepath.Join(out, "en", "about.html")
	if err := os.MkdirAll(filepath.Dir(own), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(own, []byte("<p>about the register</p>"), 0o644); err != nil {
		t.Fatal(err)
	}
	mustExport(t, root, "--all", "--out", out)
	if _, ok := siteTree(t, out)["de/notices/emn-ies.html"]; !ok {
		t.Fatal("the first export lacks de/notices/emn-ies.html")
	}
	mustExport(t, root, "imi", "--out", out, "--lang", "en")
	if _, ok := siteTree(t, out)["de/notices/emn-ies.html"]; !ok {
		t.Fatal("an export of one named record removed another record's page")
	}

	path := filepath.Join(root, "records", "emn-ies.toml")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	unpublished := bytes.Replace(data, []byte(`status = "published"`), []byte(`status = "approved"`), 1)
	if bytes.Equal(unpublished, data) {
		t.Fatal(`records/emn-ies.toml has no status = "published"`)
	}
	if err := os.WriteFile(path, unpublished, 0o644); err != nil {
		t.Fatal(err)
	}
	mustExport(t, root, "--all", "--out", out)
	tree := siteTree(t, out)
	for name := range tree {
		if strings.Contains(name, "emn-ies") {
			t.Errorf("%s is still there after emn-ies was unpublished", name)
		}
	}
	if string(tree["en/about.html"]) != "<p>about the register</p>" {
		t.Error("a file of the web team changed")
	}
	if bytes.Contains(tree[".ropa-manifest"], []byte("emn-ies")) {
		t.Error("the manifest still lists emn-ies")
	}
	if _, ok := tree["en/notices/imi.html"]; !ok {
		t.Error("the export removed a published record's notice")
	}
}

// What a person at a terminal reads after an export into a folder.
func TestSiteSummary(t *testing.T) {
	res := export.SiteResult{Files: 42, Removed: 8, NoNotice: 1, Records: 5, Languages: []string{"en", "fr"}}
	got := siteSummary(res, exportJob{format: export.FormatHTML, skipped: 3}, exportFlags{all: true, out: "site"})
	for _, want := range []string{
		"Wrote 42 files into site: 5 records, languages en, fr, html.",
		"Removed 8 files of an earlier export",
		"3 records whose status is not published were left out",
		"1 record is kept as processor: the institution issues no notice for it, and its entry names the controllers",
		"Open " + filepath.Join("site", "index.html"),
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the summary lacks %q:\n%s", want, got)
		}
	}
	if got := siteSummary(export.SiteResult{Files: 2, Records: 1, Languages: []string{"en"}}, exportJob{format: export.FormatMarkdown}, exportFlags{out: "x"}); strings.Contains(got, "Removed") || strings.Contains(got, "processor") {
		t.Errorf("the summary of an export that removed nothing:\n%s", got)
	}
}

// An export stopped before its site is moved into place says that the
// folder was not changed, and leaves it so.
func TestExportInterrupted(t *testing.T) {
	root := exampleRoot(t)
	out := t.TempDir()
	mustExport(t, root, "--all", "--out", out)
	before := siteTree(t, out)
	// The record's pages would go at the next export.
	path := filepath.Join(root, "records", "imi.toml")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, bytes.Replace(data, []byte(`status = "published"`), []byte(`status = "approved"`), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // as ctrl+C does, before the site is written
	var stdout, stderr bytes.Buffer
	cmd := newRootCmd(strings.NewReader(""), &stdout, &stderr)
	cmd.SetArgs([]string{"--dir", root, "export", "--all", "--out", out})
	err = cmd.ExecuteContext(ctx)
	if err == nil {
		t.Fatal("an interrupted export returned no error")
	}
	for _, want := range []string{"interrupted before the new site was moved into place", "no file in " + out + " was changed", "run the export again"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the error lacks %q: %v", want, err)
		}
	}
	if strings.Contains(err.Error(), "after 0 files") {
		t.Errorf("the error counts files as if some were written: %v", err)
	}
	after := siteTree(t, out)
	if len(after) != len(before) {
		t.Errorf("%d files after the interrupted export, %d before", len(after), len(before))
	}
	for name, data := range before {
		if !bytes.Equal(after[name], data) {
			t.Errorf("%s changed", name)
		}
	}
}

// A record file whose name cannot name its pages is reported by lint and
// by an export into a folder, with the name to rename it to; the export
// writes nothing.
func TestMisnamedRecordFile(t *testing.T) {
	root := exampleRoot(t)
	data, err := os.ReadFile(filepath.Join(root, "records", "emn-ies.toml"))
	if err != nil {
		t.Fatal(err)
	}
	data = bytes.Replace(data, []byte("DPR-EC-00932"), []byte("DPR-EC-09999"), 1)
	if err := os.WriteFile(filepath.Join(root, "records", "Staff Survey.toml"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	want := []string{"records/Staff Survey.toml", `"Staff Survey"`, "records/staff-survey.toml", "git mv 'records/Staff Survey.toml' records/staff-survey.toml"}

	var lintOut, lintErr bytes.Buffer
	lint := newRootCmd(strings.NewReader(""), &lintOut, &lintErr)
	lint.SetArgs([]string{"--dir", root, "lint"})
	if err := lint.Execute(); err == nil {
		t.Error("ropa lint passed a register with a misnamed record file")
	}
	for _, s := range want {
		if !strings.Contains(lintOut.String(), s) {
			t.Errorf("ropa lint does not say %q:\n%s", s, lintOut.String())
		}
	}

	out := filepath.Join(t.TempDir(), "site")
	_, stderr, err := runExport(t, root, "--all", "--out", out)
	if err == nil || !strings.Contains(err.Error(), "1 record file has a name that cannot name the pages of the site") {
		t.Errorf("ropa export --all --out: %v", err)
	}
	for _, s := range want {
		if !strings.Contains(stderr, s) {
			t.Errorf("ropa export --all does not say %q:\n%s", s, stderr)
		}
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("the refused export created its output folder")
	}
	// To standard output, no file is named after it.
	if doc := mustExport(t, root, "DPR-EC-09999", "--doc", "entry"); !strings.Contains(doc, "DPR-EC-09999") {
		t.Errorf("the entry of the misnamed record:\n%.300s", doc)
	}
}
