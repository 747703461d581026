package records

import (
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
}

// SaveDraft writes the draft atomically under <root>/.ropa/drafts/<key>.toml.
func SaveDraft(root, key string, r *model.Record) error {
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
		d, perr := decodeRecord(rel, data)
		if perr != nil {
			errs = append(errs, perr)
			continue
		}
		drafts = append(drafts, Draft{Key: key, Record: d.record, Saved: info.ModTime()})
	}
	sort.Slice(drafts, func(i, j int) bool { return drafts[i].Key < drafts[j].Key })
	return drafts, errors.Join(errs...)
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
