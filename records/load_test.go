package records

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/eu-ropa/ropa/model"
)

func TestFindRoot(t *testing.T) {
	root := newRegister(t)
	deep := filepath.Join(root, "records", "a", "b")
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, start := range []string{root, filepath.Join(root, "records"), deep} {
		got, err := FindRoot(start)
		if err != nil || got != root {
			t.Errorf("FindRoot(%s) = %q, %v; want %q", start, got, err, root)
		}
	}
	// A folder named register.toml is not a register.
	lonely := t.TempDir()
	if err := os.Mkdir(filepath.Join(lonely, RegisterFile), 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := FindRoot(lonely); err == nil || !strings.Contains(err.Error(), "ropa init") {
		t.Errorf("FindRoot without a register: %v", err)
	}
}

// Load takes records/*.toml only: not hidden files (temporary files of an
// interrupted save), not other extensions, not sub-folders.
func TestLoadPicksRecordFilesOnly(t *testing.T) {
	root := newRegister(t)
	recs := filepath.Join(root, "records")
	for name, text := range map[string]string{
		"b.toml":                      "title = \"b\"\nreference = \"DPR-T-00002\"\n",
		"a.toml":                      "title = \"a\"\nreference = \"DPR-T-00001\"\n",
		".b.toml.tmp-12345":           "half a fi",
		".hidden.toml":                "title = \"hidden\"\n",
		"notes.txt":                   "not a record",
		"README.md":                   "# records",
		".toml":                       "title = \"no name\"\n",
		"sub/c.toml":                  "title = \"c\"\n",
		"x.toml.orig":                 "title = \"merge leftover\"\n",
		"Upper Case Name.toml":        "title = \"hand-made name\"\n",
		".ropa-not-a-record.toml.tmp": "x",
	} {
		writeTestFile(t, filepath.Join(recs, name), []byte(text))
	}
	var calls, last atomic.Int64
	reg, err := LoadWithProgress(root, func(done, total int) {
		calls.Add(1)
		last.Store(int64(done*1000 + total))
	})
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, f := range reg.Files {
		paths = append(paths, f.Path)
	}
	want := []string{"records/Upper Case Name.toml", "records/a.toml", "records/b.toml"}
	if !reflect.DeepEqual(paths, want) || len(reg.Errors) != 0 {
		t.Fatalf("loaded %v, errors %v; want %v", paths, reg.Errors, want)
	}
	if calls.Load() != 3 || last.Load() != 3003 {
		t.Errorf("progress called %d times, last (done*1000+total) %d", calls.Load(), last.Load())
	}
	if reg.Root != root || reg.Info.Name != "Test Agency" {
		t.Errorf("root %q info %+v", reg.Root, reg.Info)
	}
	if f := reg.ByReference("DPR-T-00002"); f == nil || f.Slug != "b" {
		t.Errorf("ByReference: %v", f)
	}
	if reg.ByReference("") != nil || reg.ByReference("DPR-T-99999") != nil {
		t.Error("ByReference found a record that does not exist")
	}
	if f := reg.BySlug("a"); f == nil || f.Record.Title != "a" {
		t.Errorf("BySlug: %v", f)
	}
	named := reg.Named()
	if len(named) != 3 || named[1].Name != "records/a.toml" || named[1].Record != &reg.Files[1].Record {
		t.Errorf("Named: %v", named)
	}
}

// An empty register (no records folder yet) loads with no files.
func TestLoadEmptyRegister(t *testing.T) {
	root := newRegister(t)
	reg, err := Load(root)
	if err != nil || len(reg.Files) != 0 || len(reg.Errors) != 0 {
		t.Fatalf("%v %v", reg, err)
	}
	if _, err := Load(t.TempDir()); err == nil {
		t.Error("Load of a folder without register.toml succeeded")
	}
}

// Duplicate references load (lint reports them); ByReference gives the first.
func TestDuplicateReferences(t *testing.T) {
	root := newRegister(t)
	for _, slug := range []string{"b", "a"} {
		if _, err := Create(root, slug, &model.Record{Title: slug, Reference: "DPR-T-00001"}); err != nil {
			t.Fatal(err)
		}
	}
	reg, err := Load(root)
	if err != nil {
		t.Fatal(err)
	}
	if f := reg.ByReference("DPR-T-00001"); f == nil || f.Slug != "a" {
		t.Errorf("ByReference: %v", f)
	}
}

func TestDrafts(t *testing.T) {
	root := newRegister(t)
	if drafts, err := LoadDrafts(root); err != nil || len(drafts) != 0 {
		t.Fatalf("no drafts yet: %v %v", drafts, err)
	}
	r := fullRecord(nastyTexts)
	if err := SaveDraft(root, "new-record", &r); err != nil {
		t.Fatal(err)
	}
	if err := SaveDraft(root, "another", &model.Record{Title: "t"}); err != nil {
		t.Fatal(err)
	}
	ignore, err := os.ReadFile(filepath.Join(root, ".ropa", ".gitignore"))
	if err != nil || strings.TrimSpace(string(ignore)) != "*" {
		t.Errorf(".ropa/.gitignore = %q, %v", ignore, err)
	}
	drafts, err := LoadDrafts(root)
	if err != nil || len(drafts) != 2 {
		t.Fatalf("%d drafts, %v", len(drafts), err)
	}
	if drafts[0].Key != "another" || drafts[1].Key != "new-record" || drafts[1].Saved.IsZero() {
		t.Errorf("keys %q %q saved %v", drafts[0].Key, drafts[1].Key, drafts[1].Saved)
	}
	if !reflect.DeepEqual(drafts[1].Record, r) {
		t.Error("the draft does not read back as saved")
	}
	// Drafts are not records.
	reg, err := Load(root)
	if err != nil || len(reg.Files) != 0 {
		t.Errorf("Load sees drafts: %v %v", reg.Files, err)
	}
	// A broken draft is reported; the others still come back.
	writeTestFile(t, filepath.Join(root, ".ropa", "drafts", "broken.toml"), []byte("title = \n"))
	drafts, err = LoadDrafts(root)
	if len(drafts) != 2 || err == nil || !strings.Contains(err.Error(), ".ropa/drafts/broken.toml:1:") {
		t.Errorf("with a broken draft: %d drafts, %v", len(drafts), err)
	}
	if err := DeleteDraft(root, "new-record"); err != nil {
		t.Fatal(err)
	}
	if err := DeleteDraft(root, "new-record"); err != nil {
		t.Errorf("deleting a draft already gone: %v", err)
	}
	for _, bad := range []string{"../escape", "/abs", "a/b", ""} {
		if err := SaveDraft(root, bad, &r); err == nil {
			t.Errorf("SaveDraft(%q) accepted", bad)
		}
		if err := DeleteDraft(root, bad); err == nil {
			t.Errorf("DeleteDraft(%q) accepted", bad)
		}
	}
	if _, err := os.Stat(filepath.Join(root, "escape.toml")); !os.IsNotExist(err) {
		t.Error("a draft escaped its folder")
	}
}

// Save and Create refuse what Load would refuse to read.
func TestWritersRespectTheReadersLimits(t *testing.T) {
	root := newRegister(t)
	r := model.Record{Title: "x", Purposes: []string{"ok", strings.Repeat("p", maxTextLen+1)}}
	_, err := Create(root, "x", &r)
	if err == nil || !strings.Contains(err.Error(), "purposes[1] is 64.0 KB long") {
		t.Errorf("Create: %v", err)
	}
	if err := SaveDraft(root, "x", &r); err == nil {
		t.Error("SaveDraft accepted an overlong text")
	}
	if _, err := os.Stat(filepath.Join(root, "records", "x.toml")); !os.IsNotExist(err) {
		t.Error("the file was written")
	}
}
