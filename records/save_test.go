package records

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/eu-ropa/ropa/model"
)

func TestSaveWritesCanonicalAndUpdatesDigest(t *testing.T) {
	root := newRegister(t)
	name := filepath.Join(root, "records", "x.toml")
	writeTestFile(t, name, []byte("title='x'\nversion=1\n"))
	if err := os.Chmod(name, 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := LoadFile(root, "records/x.toml")
	if err != nil {
		t.Fatal(err)
	}
	f.Record.Version = 2
	if err := Save(root, f); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(name)
	if want := "title = \"x\"\nversion = 2\n"; string(data) != want {
		t.Errorf("file holds %q, want %q", data, want)
	}
	if info, _ := os.Stat(name); info.Mode().Perm() != 0o600 {
		t.Errorf("permissions %v, want the file's own 0600", info.Mode().Perm())
	}
	// The digest now matches the new bytes, so a second save succeeds.
	f.Record.Version = 3
	if err := Save(root, f); err != nil {
		t.Fatalf("second save: %v", err)
	}
	assertNoTempFiles(t, filepath.Join(root, "records"))
}

// Saving an unchanged canonical file does not touch it.
func TestSaveUnchangedLeavesFileAlone(t *testing.T) {
	root := newRegister(t)
	r := model.Record{Title: "x"}
	f, err := Create(root, "x", &r)
	if err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-time.Hour)
	name := filepath.Join(root, "records", "x.toml")
	if err := os.Chtimes(name, old, old); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, root)
	if err := Save(root, f); err != nil {
		t.Fatal(err)
	}
	assertUnchanged(t, before, snapshot(t, root))
}

// A file changed on disk since it was loaded is never overwritten.
func TestSaveRefusesFileChangedOnDisk(t *testing.T) {
	root := newRegister(t)
	r := model.Record{Title: "mine"}
	f, err := Create(root, "x", &r)
	if err != nil {
		t.Fatal(err)
	}
	name := filepath.Join(root, "records", "x.toml")
	writeTestFile(t, name, []byte("title = \"theirs (a git pull)\"\n"))
	before := snapshot(t, root)

	f.Record.Title = "mine, changed"
	err = Save(root, f)
	if !errors.Is(err, ErrConflict) {
		t.Fatalf("want a conflict, got %v", err)
	}
	want := "records/x.toml changed on disk since it was loaded (a git pull or another editor?); reload it and apply your change again"
	if err.Error() != want {
		t.Errorf("message:\n%s\nwant:\n%s", err, want)
	}
	if err := Delete(root, f); !errors.Is(err, ErrConflict) {
		t.Errorf("delete of a changed file: %v", err)
	}
	assertUnchanged(t, before, snapshot(t, root))

	// Deleted on disk: Save refuses too, and does not bring it back.
	os.Remove(name)
	if err := Save(root, f); !errors.Is(err, ErrConflict) || !strings.Contains(err.Error(), "was deleted") {
		t.Errorf("save of a deleted file: %v", err)
	}
	if _, err := os.Stat(name); !os.IsNotExist(err) {
		t.Errorf("the deleted file came back")
	}
}

// A file with hand-written comments is not saved: canonical formatting
// would drop them. Nothing changes on disk.
func TestSaveRefusesComments(t *testing.T) {
	root := newRegister(t)
	writeTestFile(t, filepath.Join(root, "records", "x.toml"), []byte("# Ask Jane about retention\ntitle = \"x\"\n"))
	f, err := LoadFile(root, "records/x.toml")
	if err != nil {
		t.Fatal(err)
	}
	if !f.Comments {
		t.Fatal("comments not detected")
	}
	before := snapshot(t, root)
	f.Record.Title = "y"
	err = Save(root, f)
	if !errors.Is(err, ErrComments) {
		t.Fatalf("want ErrComments, got %v", err)
	}
	for _, s := range []string{"records/x.toml", "comments", "would drop", "notes"} {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("message does not say %q: %s", s, err)
		}
	}
	assertUnchanged(t, before, snapshot(t, root))

	// The caller may drop them knowingly, after asking the user.
	f.Comments = false
	if err := Save(root, f); err != nil {
		t.Fatal(err)
	}
}

func TestCreateAndDelete(t *testing.T) {
	root := newRegister(t)
	r := model.Record{Title: "x", Reference: "DPR-T-00001"}
	f, err := Create(root, "x", &r)
	if err != nil {
		t.Fatal(err)
	}
	if f.Path != "records/x.toml" || f.Slug != "x" {
		t.Errorf("path %q slug %q", f.Path, f.Slug)
	}
	loaded, err := LoadFile(root, f.Path)
	if err != nil || loaded.Digest != f.Digest || loaded.Record.Title != "x" {
		t.Fatalf("load after create: %v, digest equal %v", err, loaded.Digest == f.Digest)
	}
	before := snapshot(t, root)
	if _, err := Create(root, "x", &model.Record{Title: "other"}); !errors.Is(err, ErrConflict) || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("create over an existing file: %v", err)
	}
	assertUnchanged(t, before, snapshot(t, root))
	if _, err := Create(root, "../escape", &r); err == nil {
		t.Error("create accepted ../escape")
	}
	if err := Delete(root, f); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "records", "x.toml")); !os.IsNotExist(err) {
		t.Error("file still there after Delete")
	}
	if err := Delete(root, f); err != nil {
		t.Errorf("delete of a file already gone: %v", err)
	}
	assertNoTempFiles(t, filepath.Join(root, "records"))
}

// A File that was never loaded (zero Digest) may create its file, but not
// overwrite one.
func TestSaveOfUnloadedFile(t *testing.T) {
	root := newRegister(t)
	f := &File{Path: "records/new.toml", Slug: "new", Record: model.Record{Title: "new"}}
	if err := Save(root, f); err != nil {
		t.Fatal(err)
	}
	g := &File{Path: "records/new.toml", Slug: "new", Record: model.Record{Title: "blind"}}
	if err := Save(root, g); !errors.Is(err, ErrConflict) {
		t.Errorf("blind overwrite: %v", err)
	}
	for _, bad := range []string{"../x.toml", "records/../x.toml", "/etc/x.toml", "records/sub/x.toml", "records/x.txt", "records/.x.toml", "records/a\\b.toml"} {
		if err := Save(root, &File{Path: bad}); err == nil {
			t.Errorf("save to %q accepted", bad)
		}
		if _, err := LoadFile(root, bad); err == nil {
			t.Errorf("load of %q accepted", bad)
		}
	}
}

func TestWriteRegister(t *testing.T) {
	root := filepath.Join(t.TempDir(), "new", "register")
	info := syntheticRegister()
	if err := WriteRegister(root, &info); err != nil {
		t.Fatal(err)
	}
	got, err := LoadRegisterInfo(root)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(filepath.Join(root, RegisterFile))
	if !bytes.Equal(EncodeRegisterInfo(&got), data) {
		t.Errorf("register.toml does not round-trip:\n%s", data)
	}
	if got.Name != info.Name || got.DPO != info.DPO || len(got.Languages) != 4 {
		t.Errorf("read back %+v", got)
	}
}

func assertNoTempFiles(t *testing.T, dir string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("temporary file left: %s", e.Name())
		}
	}
}

// A record with a value outside the closed lists is not written: Load
// would refuse the file afterwards.
func TestSaveRefusesWhatLoadWouldRefuse(t *testing.T) {
	root := t.TempDir()
	r := model.Record{Title: "Badges", Kind: "bogus", Status: model.StatusDraft}
	if _, err := Create(root, "badges", &r); err == nil || !strings.Contains(err.Error(), "bogus") {
		t.Fatalf("Create with kind %q: %v", r.Kind, err)
	}
	if _, err := os.Stat(filepath.Join(root, RecordsDir, "badges.toml")); err == nil {
		t.Fatal("the file was written")
	}
	r.Kind = model.KindController
	f, err := Create(root, "badges", &r)
	if err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(filepath.Join(root, RecordsDir, "badges.toml"))
	f.Record.Status = "finished"
	if err := Save(root, f); err == nil || !strings.Contains(err.Error(), "finished") {
		t.Fatalf("Save with status %q: %v", f.Record.Status, err)
	}
	if after, _ := os.ReadFile(filepath.Join(root, RecordsDir, "badges.toml")); string(after) != string(before) {
		t.Error("the file changed")
	}
}
