package records

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/eu-ropa/ropa/model"
)

// Drafts keep the terminal program's unfinished forms, so that an
// interrupted session loses nothing. They live in <root>/.ropa/drafts/,
// which a .gitignore keeps out of the repository.
const (
	stateDir  = ".ropa"
	draftsDir = "drafts"
)

// Draft is a record being written that is not yet saved in records/.
type Draft struct {
	Key    string // the form's key: a slug
	Record model.Record
	Saved  time.Time // when the draft was last written
	// Base is the Digest of the record file the draft was started from, so
	// that resuming it can tell whether the file changed meanwhile (a git
	// pull). Zero for a new record, and for a draft written before ropa
	// kept it: then nothing is known.
	Base [32]byte
}

// draftBaseMarker starts the first line of a draft that knows its base:
// "# ropa-draft-base: sha256:<64 hex digits>". A comment, so that the
// draft stays a plain record file, and in the same file, so that the
// record and its base are written together, atomically.
const draftBaseMarker = "# ropa-draft-base: sha256:"

// SaveDraft writes the draft atomically under <root>/.ropa/drafts/<key>.toml,
// with no base (a new record).
func SaveDraft(root, key string, r *model.Record) error {
	return SaveDraftWithBase(root, key, r, [32]byte{})
}

// SaveDraftWithBase is SaveDraft for a draft of an existing record: base is
// the Digest of the file the draft was started from (zero when unknown).
func SaveDraftWithBase(root, key string, r *model.Record, base [32]byte) error {
	if err := CheckSlug(key); err != nil {
		return fmt.Errorf("save draft: %w", err)
	}
	dir := filepath.Join(root, stateDir, draftsDir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("save draft %s: %w", key, err)
	}
	if err := ignoreStateDir(root); err != nil {
		return fmt.Errorf("save draft %s: %w", key, err)
	}
	data := Encode(r)
	if base != ([32]byte{}) {
		data = append([]byte(draftBaseMarker+hex.EncodeToString(base[:])+"\n"), data...)
	}
	if err := checkLimits(stateDir+"/"+draftsDir+"/"+key+recordExt, r, data); err != nil {
		return err
	}
	if err := writeAtomic(filepath.Join(dir, key+recordExt), data); err != nil {
		return fmt.Errorf("save draft %s: %w", key, err)
	}
	return nil
}

// ignoreStateDir writes <root>/.ropa/.gitignore, so that git never offers
// drafts for a commit.
func ignoreStateDir(root string) error {
	name := filepath.Join(root, stateDir, ".gitignore")
	if got, err := os.ReadFile(name); err == nil && slices.Contains(strings.Fields(string(got)), "*") {
		return nil
	}
	return writeAtomic(name, []byte("*\n"))
}

// LoadDrafts returns the saved drafts, sorted by key. Drafts that do not
// decode are left out and reported in the error, beside the others.
func LoadDrafts(root string) ([]Draft, error) {
	dir := filepath.Join(root, stateDir, draftsDir)
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("load drafts: %w", err)
	}
	var drafts []Draft
	var errs []error
	for _, e := range entries {
		if !isRecordName(e.Name()) || !e.Type().IsRegular() {
			continue
		}
		key := strings.TrimSuffix(e.Name(), recordExt)
		name := filepath.Join(dir, e.Name())
		info, err := e.Info()
		if err != nil {
			errs = append(errs, fmt.Errorf("load draft %s: %w", key, err))
			continue
		}
		data, err := readFile(name)
		if err != nil {
			errs = append(errs, fmt.Errorf("load draft %s: %w", key, err))
			continue
		}
		rel := stateDir + "/" + draftsDir + "/" + e.Name()
		base, perr := draftBase(rel, data)
		if perr != nil {
			errs = append(errs, perr)
			continue
		}
		d, perr := decodeRecord(rel, data)
		if perr != nil {
			errs = append(errs, perr)
			continue
		}
		drafts = append(drafts, Draft{Key: key, Record: d.record, Saved: info.ModTime(), Base: base})
	}
	sort.Slice(drafts, func(i, j int) bool { return drafts[i].Key < drafts[j].Key })
	return drafts, errors.Join(errs...)
}

// draftBase reads the base marker of a draft's first line; a draft without
// one has a zero base. A damaged marker is an error rather than no base:
// taken for "unknown", it would let the draft overwrite a newer file.
func draftBase(rel string, data []byte) ([32]byte, *ParseError) {
	var base [32]byte
	if !bytes.HasPrefix(data, []byte(draftBaseMarker)) {
		return base, nil
	}
	line, _, _ := bytes.Cut(data[len(draftBaseMarker):], []byte("\n"))
	line = bytes.TrimSpace(line)
	valid := len(line) == hex.EncodedLen(len(base))
	if valid {
		_, err := hex.Decode(base[:], line)
		valid = err == nil
	}
	if !valid {
		return [32]byte{}, &ParseError{Path: rel, Line: 1, Col: len(draftBaseMarker) + 1,
			Msg: "the draft's note of the file it was started from is damaged",
			Fix: "delete the first line to resume the draft without that check, or delete the draft"}
	}
	return base, nil
}

// DeleteDraft removes a draft; a draft already gone is not an error.
func DeleteDraft(root, key string) error {
	if err := CheckSlug(key); err != nil {
		return fmt.Errorf("delete draft: %w", err)
	}
	err := os.Remove(filepath.Join(root, stateDir, draftsDir, key+recordExt))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("delete draft %s: %w", key, err)
	}
	return nil
}
