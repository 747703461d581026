package export

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"

	"github.com/eu-ropa/ropa/model"
	"github.com/eu-ropa/ropa/records"
)

// generated loads a generated register of n records.
func generated(t testing.TB, n int) (model.Register, []Item) {
	t.Helper()
	dir := t.TempDir()
	if err := records.Generate(dir, n, 3); err != nil {
		t.Fatal(err)
	}
	return loadItems(t, dir)
}

func loadItems(t testing.TB, dir string) (model.Register, []Item) {
	t.Helper()
	reg, err := records.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	items := make([]Item, len(reg.Files))
	for i, f := range reg.Files {
		items[i] = Item{Slug: f.Slug, Record: &f.Record}
	}
	return reg.Info, items
}

// stagingLeft lists the staging folders in out.
func stagingLeft(t *testing.T, out string) []string {
	t.Helper()
	entries, err := os.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	var left []string
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), stagingPrefix) {
			left = append(left, e.Name())
		}
	}
	return left
}

func writeFile(t *testing.T, p, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// What the export does not write stays as it is: files of the user's
// beside the site, and pages of an earlier export of a record since
// removed. Files already up to date are not written again.
func TestSiteLeavesOtherFilesAlone(t *testing.T) {
	reg, items := loadExample(t)
	out := t.TempDir()
	foreign := map[string]string{
		"README.txt":                 "the institution's own",
		"en/about.html":              "<p>about</p>",
		"en/notices/old-record.html": "a notice of a record since removed",
		"assets/logo.svg":            "<svg/>",
	}
	for name, text := range foreign {
		writeFile(t, filepath.Join(out, name), text)
	}
	opts := SiteOptions{Out: out, Formats: []Format{FormatHTML, FormatMarkdown}}
	first, err := Site(context.Background(), reg, items, opts)
	if err != nil {
		t.Fatal(err)
	}
	if first.Unchanged != 0 {
		t.Errorf("first export: %d files unchanged, want 0", first.Unchanged)
	}
	for name, text := range foreign {
		data, err := os.ReadFile(filepath.Join(out, name))
		if err != nil || string(data) != text {
			t.Errorf("%s: %q, %v; want it untouched", name, data, err)
		}
	}
	if left := stagingLeft(t, out); len(left) != 0 {
		t.Errorf("staging folders left: %v", left)
	}

	// Again: every file is up to date, and none is written.
	before := infos(t, out)
	second, err := Site(context.Background(), reg, items, opts)
	if err != nil {
		t.Fatal(err)
	}
	if second.Files != first.Files || second.Unchanged != second.Files {
		t.Errorf("second export: %d files, %d unchanged; want %d and %d", second.Files, second.Unchanged, first.Files, first.Files)
	}
	after := infos(t, out)
	for name, info := range before {
		if !os.SameFile(info, after[name]) || !info.ModTime().Equal(after[name].ModTime()) {
			t.Errorf("%s was written again", name)
		}
	}

	// A change to one record rewrites its pages, and the pages that show
	// what changed (the indexes), only.
	changed := append([]Item(nil), items...)
	var slug string
	for i, it := range changed {
		if it.Record.IsPublished() {
			r := *it.Record
			r.Purposes = append(append([]string(nil), r.Purposes...), "A new purpose")
			changed[i].Record, slug = &r, it.Slug
			break
		}
	}
	third, err := Site(context.Background(), reg, changed, opts)
	if err != nil {
		t.Fatal(err)
	}
	rewritten := third.Files - third.Unchanged
	want := 2 * 2 * len(reg.Languages) // notice and entry, two formats, each language
	if rewritten != want {
		t.Errorf("one record changed: %d files written, want %d", rewritten, want)
	}
	data, err := os.ReadFile(filepath.Join(out, "en", "notices", slug+".html"))
	if err != nil || !bytes.Contains(data, []byte("A new purpose")) {
		t.Errorf("the changed notice is not in place (%v)", err)
	}
	siteFiles(t, filepath.Join(out, "en", "notices")) // modes
}

// infos maps the site's files to their FileInfo, to tell a file rewritten
// (os.SameFile).
func infos(t *testing.T, dir string) map[string]os.FileInfo {
	t.Helper()
	out := map[string]os.FileInfo{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := os.Stat(p)
		out[p] = info
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func sumOf(data []byte) [32]byte { return sha256.Sum256(data) }

// An export that fails, or is stopped, leaves the folder as it was, its
// manifest included: nothing is pruned.
func TestSiteFailureLeavesOldSite(t *testing.T) {
	reg, items := loadExample(t)
	out := t.TempDir()
	opts := SiteOptions{Out: out, Formats: []Format{FormatHTML}, Prune: true}
	if _, err := Site(context.Background(), reg, items, opts); err != nil {
		t.Fatal(err)
	}
	old := siteFiles(t, out)
	oldManifest, err := os.ReadFile(filepath.Join(out, manifestName))
	if err != nil {
		t.Fatal(err)
	}
	assertManifest := func() {
		t.Helper()
		if data, err := os.ReadFile(filepath.Join(out, manifestName)); err != nil || !bytes.Equal(data, oldManifest) {
			t.Errorf("the manifest changed (%v)", err)
		}
	}
	// Each export below would prune the pages of emn-ies.
	items = withRecord(items, "emn-ies", func(*model.Record) string { return "" })

	// A template that fails on the last record in index order.
	published := selectItems(items, false)
	last := published[len(published)-1].Record.Reference
	bad := opts
	bad.Languages = []string{"en", "fr"} // every page would change
	bad.Overrides = fstest.MapFS{"html/entry.tmpl": {Data: []byte(
		`{{define "main"}}<h1>{{.Title}}</h1>{{if eq .Reference "` + last + `"}}{{.NoSuchField}}{{end}}{{end}}`)}}
	res, err := Site(context.Background(), reg, items, bad)
	if err == nil || !strings.Contains(err.Error(), "NoSuchField") {
		t.Fatalf("a failing template: err = %v", err)
	}
	if res.Files != 0 {
		t.Errorf("a failed export says %d files in place", res.Files)
	}
	assertSite(t, out, old)
	assertManifest()

	// Stopped half-way.
	ctx, cancel := context.WithCancel(context.Background())
	stop := opts
	stop.Languages = []string{"en", "fr"}
	stop.Progress = func(done, total int) {
		if done == total/2 {
			cancel()
		}
	}
	if _, err := Site(ctx, reg, items, stop); !errors.Is(err, context.Canceled) {
		t.Fatalf("a stopped export: err = %v", err)
	}
	assertSite(t, out, old)
	assertManifest()
}

// assertSite requires out to hold exactly the files of want, and no
// staging folder.
func assertSite(t *testing.T, out string, want map[string][32]byte) {
	t.Helper()
	got := siteFiles(t, out)
	if len(got) != len(want) {
		t.Errorf("%d files, want %d", len(got), len(want))
	}
	for name, sum := range want {
		if got[name] != sum {
			t.Errorf("%s changed", name)
		}
	}
	if left := stagingLeft(t, out); len(left) != 0 {
		t.Errorf("staging folders left: %v", left)
	}
}

// While an export moves its files into place, a reader of the folder sees
// each file whole: the old page or the new one.
func TestSiteReadersSeeWholeFiles(t *testing.T) {
	reg, items := generated(t, 80)
	out := t.TempDir()
	oldOpts := SiteOptions{Out: out, Formats: []Format{FormatHTML}, Languages: []string{"en"}, All: true}
	if _, err := Site(context.Background(), reg, items, oldOpts); err != nil {
		t.Fatal(err)
	}
	oldSite := t.TempDir()
	newSite := t.TempDir()
	newOpts := oldOpts
	newOpts.Languages = []string{"en", "fr"} // links to French: every page changes
	newOpts.Out = newSite
	if _, err := Site(context.Background(), reg, items, newOpts); err != nil {
		t.Fatal(err)
	}
	oldOpts.Out = oldSite
	if _, err := Site(context.Background(), reg, items, oldOpts); err != nil {
		t.Fatal(err)
	}
	whole := map[[32]byte]bool{}
	for _, m := range []map[string][32]byte{siteFiles(t, oldSite), siteFiles(t, newSite)} {
		for _, sum := range m {
			whole[sum] = true
		}
	}

	var stop atomic.Bool
	var reads atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan string, 1)
	wg.Add(1)
	go func() {
		defer wg.Done()
		dir := filepath.Join(out, "en", "notices")
		for !stop.Load() {
			for _, it := range items {
				data, err := os.ReadFile(filepath.Join(dir, it.Slug+".html"))
				if err != nil {
					select {
					case errs <- fmt.Sprintf("%s: %v", it.Slug, err):
					default:
					}
					return
				}
				reads.Add(1)
				if !whole[sumOf(data)] {
					select {
					case errs <- fmt.Sprintf("%s: a partial or unknown page (%d bytes)", it.Slug, len(data)):
					default:
					}
					return
				}
			}
		}
	}()
	newOpts.Out = out
	if _, err := Site(context.Background(), reg, items, newOpts); err != nil {
		t.Fatal(err)
	}
	stop.Store(true)
	wg.Wait()
	select {
	case e := <-errs:
		t.Fatal(e)
	default:
	}
	if reads.Load() == 0 {
		t.Fatal("the reader read nothing")
	}
	assertSite(t, out, siteFiles(t, newSite))
}

// A staging folder that a killed export left is removed by the next
// export; one that a running export holds is not.
func TestSiteRemovesStaleStaging(t *testing.T) {
	reg, items := loadExample(t)
	out := t.TempDir()
	stale := filepath.Join(out, stagingPrefix+"killed")
	writeFile(t, filepath.Join(stale, "en", "notices", "half.html"), "<!DOCTYPE html><p>half a pa")
	busy := filepath.Join(out, stagingPrefix+"busy")
	writeFile(t, filepath.Join(busy, "en", "index.html"), "being written")
	unlock, err := lockDir(busy)
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	if _, err := Site(context.Background(), reg, items, SiteOptions{Out: out}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the stale staging folder is still there (%v)", err)
	}
	if _, err := os.Stat(filepath.Join(busy, "en", "index.html")); err != nil {
		t.Errorf("the staging folder of a running export was removed: %v", err)
	}
}

// A kill during the export leaves the site it had; the next export
// finishes the job and removes what the killed one left.
func TestSiteKilled(t *testing.T) {
	if dirs := os.Getenv("ROPA_TEST_KILLED_EXPORT"); dirs != "" {
		regDir, out, _ := strings.Cut(dirs, string(os.PathListSeparator))
		killedExport(t, regDir, out)
		return
	}
	if testing.Short() {
		t.Skip("runs an export in a child process")
	}
	regDir := t.TempDir()
	if err := records.Generate(regDir, 40, 3); err != nil {
		t.Fatal(err)
	}
	reg, items := loadItems(t, regDir)
	out := t.TempDir()
	opts := SiteOptions{Out: out, Formats: []Format{FormatHTML}, Languages: []string{"en"}, All: true}
	if _, err := Site(context.Background(), reg, items, opts); err != nil {
		t.Fatal(err)
	}
	old := siteFiles(t, out)

	cmd := exec.Command(os.Args[0], "-test.run=^TestSiteKilled$", "-test.count=1")
	cmd.Env = append(os.Environ(), "ROPA_TEST_KILLED_EXPORT="+regDir+string(os.PathListSeparator)+out)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// The child says when half its files are written, and waits.
	lines := bufio.NewScanner(stdout)
	halfway := false
	for lines.Scan() {
		if lines.Text() == "halfway" {
			halfway = true
			break
		}
	}
	cmd.Process.Kill()
	cmd.Wait()
	if !halfway {
		t.Fatal("the child export never got half-way")
	}
	if left := stagingLeft(t, out); len(left) != 1 {
		t.Errorf("staging folders after a kill: %v, want the killed export's", left)
	}
	got := siteFiles(t, out)
	for name, sum := range old {
		if got[name] != sum {
			t.Errorf("%s changed by the killed export", name)
		}
	}
	for name := range got {
		if _, ok := old[name]; !ok && !strings.HasPrefix(name, stagingPrefix) {
			t.Errorf("%s appeared after the killed export", name)
		}
	}

	// The next export completes the site and removes the leftovers.
	opts.Languages = []string{"en", "de"}
	if _, err := Site(context.Background(), reg, items, opts); err != nil {
		t.Fatal(err)
	}
	want := t.TempDir()
	opts.Out = want
	if _, err := Site(context.Background(), reg, items, opts); err != nil {
		t.Fatal(err)
	}
	assertSite(t, out, siteFiles(t, want))
}

// killedExport is the child of TestSiteKilled: an export that stops
// half-way and waits to be killed.
func killedExport(t *testing.T, regDir, out string) {
	reg, items := loadItems(t, regDir)
	opts := SiteOptions{Out: out, Formats: []Format{FormatHTML}, Languages: []string{"en", "de"}, All: true, Workers: 1}
	opts.Progress = func(done, total int) {
		if done == total/2 {
			fmt.Println("halfway")
			time.Sleep(time.Minute)
		}
	}
	Site(context.Background(), reg, items, opts)
	t.Fatal("the export was not killed")
}

// manifestOf returns the files the manifest in out lists, as written.
func manifestOf(t *testing.T, out string) []string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(out, manifestName))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	if lines[0] != manifestHeader {
		t.Fatalf("the manifest starts with %q", lines[0])
	}
	var files []string
	for _, l := range lines[1:] {
		if !strings.HasPrefix(l, "#") {
			files = append(files, l)
		}
	}
	return files
}

func sortedNames[V any](m map[string]V) []string {
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// withRecord returns a copy of items in which fn changed a copy of the
// record with the slug (and its slug, when fn returns another), or which
// lacks it when fn returns "".
func withRecord(items []Item, slug string, fn func(*model.Record) string) []Item {
	out := make([]Item, 0, len(items))
	for _, it := range items {
		if it.Slug == slug {
			r := *it.Record
			if it.Slug = fn(&r); it.Slug == "" {
				continue
			}
			it.Record = &r
		}
		out = append(out, it)
	}
	return out
}

// A record unpublished, renamed, deleted or kept as processor since the
// last export loses its pages at the next export of the whole register;
// the files the manifest does not list stay, and the manifest lists the
// site's files.
func TestSitePrunesStalePages(t *testing.T) {
	reg, items := loadExample(t)
	out := t.TempDir()
	foreign := map[string]string{
		"README.txt":                 "the institution's own",
		"en/about.html":              "<p>about</p>",
		"en/notices/old-record.html": "a page the manifest does not list",
	}
	for name, text := range foreign {
		writeFile(t, filepath.Join(out, name), text)
	}
	opts := SiteOptions{Out: out, Formats: []Format{FormatHTML, FormatMarkdown}, Prune: true}
	if _, err := Site(context.Background(), reg, items, opts); err != nil {
		t.Fatal(err)
	}
	if got, want := manifestOf(t, out), sortedNames(siteFiles(t, out)); !slices.Equal(got, slices.DeleteFunc(want, func(n string) bool { _, ok := foreign[n]; return ok })) {
		t.Errorf("the manifest lists %v,\nthe site is %v", got, want)
	}

	changed := withRecord(items, "emn-ies", func(r *model.Record) string { r.Status = model.StatusApproved; return "emn-ies" })
	changed = withRecord(changed, "imi", func(*model.Record) string { return "imi-renamed" })
	changed = withRecord(changed, "medical-files", func(*model.Record) string { return "" })
	changed = withRecord(changed, "migrationsforum", func(r *model.Record) string {
		r.Kind = model.KindProcessor
		r.ProcessingOnBehalf = []model.ServedController{{Controller: "Another Agency"}}
		return "migrationsforum"
	})
	res, err := Site(context.Background(), reg, changed, opts)
	if err != nil {
		t.Fatal(err)
	}
	langs, formats := len(reg.Languages), 2
	// emn-ies, imi, medical-files: entry and notice; migrationsforum: notice.
	if want := (3*2 + 1) * langs * formats; res.Removed != want {
		t.Errorf("removed %d files, want %d", res.Removed, want)
	}
	fresh := t.TempDir()
	freshOpts := opts
	freshOpts.Out = fresh
	if _, err := Site(context.Background(), reg, changed, freshOpts); err != nil {
		t.Fatal(err)
	}
	want := siteFiles(t, fresh)
	got := siteFiles(t, out)
	for name, text := range foreign {
		if got[name] != sumOf([]byte(text)) {
			t.Errorf("%s: not in the manifest, yet changed or removed", name)
		}
		delete(got, name)
	}
	if !slices.Equal(sortedNames(got), sortedNames(want)) {
		t.Errorf("after pruning the site holds\n%v\nwant\n%v", sortedNames(got), sortedNames(want))
	}
	if !slices.Equal(manifestOf(t, out), manifestOf(t, fresh)) {
		t.Errorf("the manifest after pruning differs from a fresh export's")
	}
	if _, err := os.Stat(filepath.Join(out, "en", "notices")); err != nil {
		t.Errorf("a folder of the new site went: %v", err)
	}
}

// Without Prune (some records only), the other records' pages stay and
// stay listed; a later export with Prune removes them once stale.
func TestSiteWithoutPruneKeepsOtherPages(t *testing.T) {
	reg, items := loadExample(t)
	out := t.TempDir()
	all := SiteOptions{Out: out, Formats: []Format{FormatHTML}, Languages: []string{"en"}, Prune: true}
	if _, err := Site(context.Background(), reg, items, all); err != nil {
		t.Fatal(err)
	}
	before := siteFiles(t, out)
	_, one := exampleItem(t, "imi")
	some := SiteOptions{Out: out, Formats: []Format{FormatHTML, FormatMarkdown}, Languages: []string{"en"}, Docs: []Doc{DocEntry}}
	res, err := Site(context.Background(), reg, []Item{one}, some)
	if err != nil {
		t.Fatal(err)
	}
	if res.Removed != 0 {
		t.Errorf("an export without Prune removed %d files", res.Removed)
	}
	after := siteFiles(t, out)
	for name := range before {
		if _, ok := after[name]; !ok {
			t.Errorf("%s went", name)
		}
	}
	if !slices.Equal(manifestOf(t, out), sortedNames(after)) {
		t.Errorf("the manifest does not list every file written: %v", manifestOf(t, out))
	}
	// The whole register again, in HTML only: the Markdown entry of imi is
	// of a format this export does not write, and stays.
	res, err = Site(context.Background(), reg, withRecord(items, "emn-ies", func(*model.Record) string { return "" }), all)
	if err != nil {
		t.Fatal(err)
	}
	if res.Removed != 2 {
		t.Errorf("removed %d files, want emn-ies's entry and notice", res.Removed)
	}
	if _, err := os.Stat(filepath.Join(out, "en", "entries", "imi.md")); err != nil {
		t.Errorf("the Markdown entry went with an HTML export: %v", err)
	}
}

// A language dropped from the register loses its pages and its folders
// at the next export in the register's languages; one left out with
// Languages (an export in some languages) keeps them.
func TestSitePrunesDroppedLanguage(t *testing.T) {
	reg, items := loadExample(t)
	out := t.TempDir()
	opts := SiteOptions{Out: out, Formats: []Format{FormatHTML}, Prune: true}
	if _, err := Site(context.Background(), reg, items, opts); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(out, "fr", "a-propos.html"), "<p>the web team's page</p>")
	some := opts
	some.Languages = []string{"en"}
	if res, err := Site(context.Background(), reg, items, some); err != nil || res.Removed != 0 {
		t.Fatalf("an export in English only: removed %d, %v", res.Removed, err)
	}
	reg.Languages = []string{"en", "de"}
	res, err := Site(context.Background(), reg, items, opts)
	if err != nil {
		t.Fatal(err)
	}
	published := len(selectItems(items, false))
	if want := 2 * (1 + published*2); res.Removed != want {
		t.Errorf("removed %d files, want %d (French and Dutch)", res.Removed, want)
	}
	if _, err := os.Stat(filepath.Join(out, "nl")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the Dutch folder is still there, empty (%v)", err)
	}
	if _, err := os.Stat(filepath.Join(out, "fr", "a-propos.html")); err != nil {
		t.Errorf("a file of the web team in the French folder went: %v", err)
	}
	if _, err := os.Stat(filepath.Join(out, "fr", "notices")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the French notices folder is still there, empty (%v)", err)
	}
}

// A manifest edited by hand cannot make an export remove a file outside
// the output folder, a file that is not a page of the site, or anything
// reached through a symbolic link.
func TestSiteManifestEditedByHand(t *testing.T) {
	reg, items := loadExample(t)
	root := t.TempDir()
	out := filepath.Join(root, "site")
	victims := filepath.Join(root, "victims")
	for _, name := range []string{"x.html", "notices/emn-ies.html", "passwd"} {
		writeFile(t, filepath.Join(victims, name), "precious")
	}
	writeFile(t, filepath.Join(out, "assets", "logo.html"), "<svg/>")
	writeFile(t, filepath.Join(out, "en", "notices", "Upper.html"), "hand-made")
	if err := os.MkdirAll(filepath.Join(out, "fr"), 0o755); err != nil {
		t.Fatal(err)
	}
	// A language folder of the old site now links elsewhere.
	if err := os.Symlink(victims, filepath.Join(out, "nl")); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	if err := os.Symlink(filepath.Join(victims, "x.html"), filepath.Join(out, "fr", "index.html")); err != nil {
		t.Fatal(err)
	}
	manifest := manifestHeader + "\n" + strings.Join([]string{
		"../victims/x.html",
		filepath.Join(victims, "passwd"),
		"/etc/passwd",
		"en/notices/../../../victims/x.html",
		"./en/index.html",
		"en//index.html",
		"en\\notices\\x.html",
		"assets/logo.html",
		"en/notices/Upper.html",
		"nl/notices/emn-ies.html", // through the link
		"fr/index.html",           // a link in place of the page
		".ropa-manifest",
		"",
	}, "\n")
	writeFile(t, filepath.Join(out, manifestName), manifest)
	reg.Languages = []string{"en", "de"}
	res, err := Site(context.Background(), reg, items, SiteOptions{Out: out, Prune: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Removed != 0 {
		t.Errorf("removed %d files on a hand-edited manifest", res.Removed)
	}
	for _, name := range []string{"x.html", "notices/emn-ies.html", "passwd"} {
		if data, err := os.ReadFile(filepath.Join(victims, name)); err != nil || string(data) != "precious" {
			t.Errorf("%s outside the site: %q, %v", name, data, err)
		}
	}
	for _, name := range []string{"assets/logo.html", "en/notices/Upper.html"} {
		if _, err := os.Stat(filepath.Join(out, name)); err != nil {
			t.Errorf("%s, not a page of the site, went: %v", name, err)
		}
	}
	if info, err := os.Lstat(filepath.Join(out, "fr", "index.html")); err != nil || info.Mode()&fs.ModeSymlink == 0 {
		t.Errorf("the link in place of a page was removed or replaced (%v)", err)
	}
	for _, line := range manifestOf(t, out) {
		if _, ok := parseSitePath(line); !ok {
			t.Errorf("the new manifest keeps the line %q", line)
		}
	}
}

// The removal comes only once the new site is in place: an export whose
// move into place fails removes nothing, and its manifest lists the old
// files and the new ones, for the next export to finish the job.
func TestSiteMoveFailureRemovesNothing(t *testing.T) {
	reg, items := loadExample(t)
	out := t.TempDir()
	opts := SiteOptions{Out: out, Formats: []Format{FormatHTML}, Languages: []string{"en"}, Prune: true}
	if _, err := Site(context.Background(), reg, items, opts); err != nil {
		t.Fatal(err)
	}
	oldManifest := manifestOf(t, out)
	changed := withRecord(items, "emn-ies", func(*model.Record) string { return "emn-ies-renamed" })
	// A folder where the renamed record's entry goes: its move fails.
	writeFile(t, filepath.Join(out, "en", "entries", "emn-ies-renamed.html", "blocker"), "x")
	res, err := Site(context.Background(), reg, changed, opts)
	if err == nil {
		t.Fatal("the move into place did not fail")
	}
	if res.Files != 0 || res.Removed != 0 {
		t.Errorf("a failed move says %d files in place, %d removed", res.Files, res.Removed)
	}
	for _, name := range []string{"en/entries/emn-ies.html", "en/notices/emn-ies.html"} {
		if _, err := os.Stat(filepath.Join(out, name)); err != nil {
			t.Errorf("%s went though the new site is not in place: %v", name, err)
		}
	}
	listed := manifestOf(t, out)
	for _, name := range append(oldManifest, "en/notices/emn-ies-renamed.html") {
		if !slices.Contains(listed, name) {
			t.Errorf("the manifest after a failed move lacks %s", name)
		}
	}
	if left := stagingLeft(t, out); len(left) != 0 {
		t.Errorf("staging folders left: %v", left)
	}

	// Once the way is clear, the next export finishes the job.
	if err := os.RemoveAll(filepath.Join(out, "en", "entries", "emn-ies-renamed.html")); err != nil {
		t.Fatal(err)
	}
	if res, err = Site(context.Background(), reg, changed, opts); err != nil {
		t.Fatal(err)
	}
	if res.Removed != 2 {
		t.Errorf("removed %d files, want the old entry and notice of emn-ies", res.Removed)
	}
}
