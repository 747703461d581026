package main

import (
	"bytes"
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
	want := []string{"index.html"}
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
	want := []string{"en/entries/home-newsletter.html", "en/entries/imi.html", "en/notices/home-newsletter.html", "en/notices/imi.html"}
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
