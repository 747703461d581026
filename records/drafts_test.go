package records

import (
	"bytes"
	"crypto/sha256"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/eu-ropa/ropa/model"
)

// A draft of an existing record keeps the digest of the file it was
// started from, and reads it back; the draft is still a TOML file any
// parser reads.
func TestDraftKeepsItsBase(t *testing.T) {
	root := newRegister(t)
	r := model.Record{Title: "Staff newsletter", Language: "en"}
	file, err := Create(root, "staff-newsletter", &r)
	if err != nil {
		t.Fatal(err)
	}
	onDisk, err := os.ReadFile(filepath.Join(root, "records", "staff-newsletter.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if file.Digest != sha256.Sum256(onDisk) {
		t.Fatal("Create's digest is not the file's")
	}
	edited := r
	edited.Description = "Typed in the form."
	if err := SaveDraftWithBase(root, "staff-newsletter", &edited, file.Digest); err != nil {
		t.Fatal(err)
	}
	if err := SaveDraft(root, "new-record", &model.Record{Title: "New"}); err != nil {
		t.Fatal(err)
	}
	drafts, err := LoadDrafts(root)
	if err != nil || len(drafts) != 2 {
		t.Fatalf("%d drafts, %v", len(drafts), err)
	}
	if drafts[0].Key != "new-record" || drafts[0].Base != ([32]byte{}) {
		t.Errorf("a new record's draft: key %q base %x, want no base", drafts[0].Key, drafts[0].Base)
	}
	if drafts[1].Base != file.Digest {
		t.Errorf("base %x, want the file's digest %x", drafts[1].Base, file.Digest)
	}
	if !reflect.DeepEqual(drafts[1].Record, edited) {
		t.Errorf("the draft reads back as %+v", drafts[1].Record)
	}
	path := filepath.Join(root, ".ropa", "drafts", "staff-newsletter.toml")
	got := pythonTOML(t, path)
	if title := got[0].(map[string]any)["title"]; title != "Staff newsletter" {
		t.Errorf("tomllib reads the title as %v", title)
	}
}

// A draft written before drafts kept their base (no marker line) still
// loads, with a zero base; a damaged marker is reported, not taken for
// "no base", and the other drafts still load.
func TestDraftWithoutBaseStillLoads(t *testing.T) {
	root := newRegister(t)
	dir := filepath.Join(root, ".ropa", "drafts")
	old := model.Record{Title: "Written by an older ropa", Language: "en"}
	writeTestFile(t, filepath.Join(dir, "old.toml"), Encode(&old))
	damaged := append([]byte(draftBaseMarker+"12ab\n"), Encode(&old)...)
	writeTestFile(t, filepath.Join(dir, "damaged.toml"), damaged)
	long := append([]byte(draftBaseMarker+strings.Repeat("ab", 40)+"\n"), Encode(&old)...)
	writeTestFile(t, filepath.Join(dir, "long.toml"), long)
	drafts, err := LoadDrafts(root)
	if len(drafts) != 1 || drafts[0].Key != "old" || drafts[0].Base != ([32]byte{}) || drafts[0].Record.Title != old.Title {
		t.Fatalf("drafts = %+v", drafts)
	}
	for _, name := range []string{".ropa/drafts/damaged.toml:1:", ".ropa/drafts/long.toml:1:"} {
		if err == nil || !strings.Contains(err.Error(), name) || !strings.Contains(err.Error(), "damaged") {
			t.Errorf("error %v, want %s named as damaged", err, name)
		}
	}
}

// Writing a draft again replaces its base with the new one, in one file.
func TestDraftBaseIsRewrittenWithTheDraft(t *testing.T) {
	root := newRegister(t)
	r := model.Record{Title: "T"}
	first, second := sha256.Sum256([]byte("one")), sha256.Sum256([]byte("two"))
	if err := SaveDraftWithBase(root, "t", &r, first); err != nil {
		t.Fatal(err)
	}
	if err := SaveDraftWithBase(root, "t", &r, second); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(root, ".ropa", "drafts", "t.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(data, []byte(draftBaseMarker)); n != 1 {
		t.Errorf("%d base lines in the draft:\n%s", n, data)
	}
	drafts, err := LoadDrafts(root)
	if err != nil || len(drafts) != 1 || drafts[0].Base != second {
		t.Errorf("drafts %+v, %v; want the second base", drafts, err)
	}
}
