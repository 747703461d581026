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

// An export that fails, or is stopped, leaves the folder as it was.
func TestSiteFailureLeavesOldSite(t *testing.T) {
	reg, items := loadExample(t)
	out := t.TempDir()
	opts := SiteOptions{Out: out, Formats: []Format{FormatHTML}}
	if _, err := Site(context.Background(), reg, items, opts); err != nil {
		t.Fatal(err)
	}
	old := siteFiles(t, out)

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
