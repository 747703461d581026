package records

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"time"

	"github.com/eu-ropa/ropa/model"
)

// Save writes the record to its file as canonical TOML, atomically, and
// updates f.Digest. It refuses, changing nothing, when the file holds
// hand-written comments or changed on disk since it was loaded (a *File
// never loaded, with a zero Digest, may only create its file).
func Save(root string, f *File) error {
	if err := checkRecordPath(f.Path); err != nil {
		return fmt.Errorf("save: %w", err)
	}
	if f.Comments {
		return &CommentsError{Path: f.Path}
	}
	name := filepath.Join(root, filepath.FromSlash(f.Path))
	onDisk, err := os.ReadFile(name)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if f.Digest != ([32]byte{}) {
			return &ConflictError{Path: f.Path, Deleted: true}
		}
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			return fmt.Errorf("save %s: %w", f.Path, err)
		}
	case err != nil:
		return fmt.Errorf("save %s: %w", f.Path, err)
	case sha256.Sum256(onDisk) != f.Digest:
		return &ConflictError{Path: f.Path}
	}
	data := EncodeWithSchema(&f.Record, f.Schema)
	if err := checkReadable(f.Path, &f.Record, data); err != nil {
		return err
	}
	if err == nil && bytes.Equal(data, onDisk) {
		return nil // already canonical and unchanged: leave the file (and its mtime) alone
	}
	write := writeAtomic
	if errors.Is(err, fs.ErrNotExist) {
		write = writeAtomicNew // and not over a file someone creates meanwhile
	}
	if err := write(name, data); errors.Is(err, fs.ErrExist) {
		return &ConflictError{Path: f.Path}
	} else if err != nil {
		return fmt.Errorf("save %s: %w", f.Path, err)
	}
	f.Digest = sha256.Sum256(data)
	return nil
}

// Create writes a new record file records/<slug>.toml; it fails when the
// file exists.
func Create(root, slug string, r *model.Record) (*File, error) {
	if err := CheckSlug(slug); err != nil {
		return nil, fmt.Errorf("create: %w", err)
	}
	rel := RecordsDir + "/" + slug + recordExt
	dir := filepath.Join(root, RecordsDir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("create %s: %w", rel, err)
	}
	data := Encode(r)
	if err := checkReadable(rel, r, data); err != nil {
		return nil, err
	}
	err := writeAtomicNew(filepath.Join(dir, slug+recordExt), data)
	if errors.Is(err, fs.ErrExist) {
		return nil, &ConflictError{Path: rel, Exists: true}
	}
	if err != nil {
		return nil, fmt.Errorf("create %s: %w", rel, err)
	}
	return &File{Path: rel, Slug: slug, Record: *r, Digest: sha256.Sum256(data)}, nil
}

// Delete removes the record's file; it refuses when the file changed on
// disk since it was loaded. A file already gone is not an error.
func Delete(root string, f *File) error {
	if err := checkRecordPath(f.Path); err != nil {
		return fmt.Errorf("delete: %w", err)
	}
	name := filepath.Join(root, filepath.FromSlash(f.Path))
	onDisk, err := os.ReadFile(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("delete %s: %w", f.Path, err)
	}
	if sha256.Sum256(onDisk) != f.Digest {
		return &ConflictError{Path: f.Path}
	}
	if err := os.Remove(name); err != nil {
		return fmt.Errorf("delete %s: %w", f.Path, err)
	}
	syncDirAfterRename(filepath.Dir(name))
	return nil
}

// checkLimits refuses to write what Load would refuse to read: a text
// longer than maxTextLen, or a file larger than maxFileSize.
// checkReadable refuses to write a record that Load would refuse: values
// outside the closed lists (a kind, a status, a ground…) and the limits of
// checkLimits. Drafts skip it: they keep whatever the user had.
func checkReadable(rel string, r *model.Record, data []byte) error {
	if err := checkLimits(rel, r, data); err != nil {
		return err
	}
	if _, _, err := Decode(rel, data); err != nil {
		return fmt.Errorf("save %s: nothing was written, because ropa could not read the record back: %w", rel, err)
	}
	return nil
}

func checkLimits(rel string, r *model.Record, data []byte) error {
	if len(data) > maxFileSize {
		return fmt.Errorf("save %s: the record would take %s; a record file may be at most %s: shorten its texts",
			rel, sizeText(len(data)), sizeText(maxFileSize))
	}
	var long string
	walkStrings(recordTable, reflect.ValueOf(r).Elem(), nil, func(path []string, s string) {
		if long == "" && len(s) > maxTextLen {
			long = fmt.Sprintf("save %s: %s is %s long; one value may hold at most %s: shorten it, or keep the long document elsewhere and refer to it",
				rel, joinPath(path), sizeText(len(s)), sizeText(maxTextLen))
		}
	})
	if long != "" {
		return errors.New(long)
	}
	return nil
}

// walkStrings calls visit for every string value of a struct, with its path.
func walkStrings(tb *table, v reflect.Value, path []string, visit func(path []string, s string)) {
	for i := range tb.fields {
		f := &tb.fields[i]
		fv := v.Field(f.index)
		p := append(path, f.name)
		switch f.kind {
		case kindString:
			visit(p, fv.String())
		case kindStringList:
			for j := range fv.Len() {
				visit(append(p, indexSegment(j)), fv.Index(j).String())
			}
		case kindTable:
			walkStrings(f.table, fv, p, visit)
		case kindTableList:
			for j := range fv.Len() {
				walkStrings(f.table, fv.Index(j), append(p, indexSegment(j)), visit)
			}
		}
	}
}

// WriteRegister writes register.toml atomically, creating root if needed.
func WriteRegister(root string, info *model.Register) error {
	if err := os.MkdirAll(root, 0o755); err != nil {
		return fmt.Errorf("write %s: %w", RegisterFile, err)
	}
	if err := writeAtomic(filepath.Join(root, RegisterFile), EncodeRegisterInfo(info)); err != nil {
		return fmt.Errorf("write %s: %w", RegisterFile, err)
	}
	return nil
}

// writeAtomic replaces name with data so that a crash at any moment leaves
// either the old file or the new one: a temporary file in the same folder
// is written and synced, renamed over name, and the folder is synced so
// that the rename itself survives a power cut.
func writeAtomic(name string, data []byte) error {
	perm := fs.FileMode(0o644)
	if info, err := os.Stat(name); err == nil {
		perm = info.Mode().Perm()
	}
	tmp, err := writeTemp(name, data, perm)
	if err != nil {
		return err
	}
	if err := os.Rename(tmp, name); err != nil {
		os.Remove(tmp)
		return err
	}
	syncDirAfterRename(filepath.Dir(name))
	return nil
}

// writeAtomicNew is writeAtomic for a file that must not exist yet: the
// temporary file is linked to name, which fails when name exists, so two
// creators cannot overwrite each other.
func writeAtomicNew(name string, data []byte) error {
	tmp, err := writeTemp(name, data, 0o644)
	if err != nil {
		return err
	}
	defer os.Remove(tmp)
	if err := os.Link(tmp, name); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return err
		}
		// A file system without hard links: check, then rename.
		if _, statErr := os.Lstat(name); statErr == nil {
			return fs.ErrExist
		}
		if err := os.Rename(tmp, name); err != nil {
			return err
		}
	}
	syncDirAfterRename(filepath.Dir(name))
	return nil
}

// writeTemp writes data to a synced temporary file beside name, named
// ".<name>.tmp-<random>": hidden and not ending in .toml, so that Load
// never takes one left over by a crash for a record.
func writeTemp(name string, data []byte, perm fs.FileMode) (string, error) {
	dir, base := filepath.Split(name)
	f, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return "", err
	}
	tmp := f.Name()
	fail := func(err error) (string, error) {
		f.Close()
		os.Remove(tmp)
		return "", err
	}
	if _, err := f.Write(data); err != nil {
		return fail(err)
	}
	if err := f.Chmod(perm); err != nil {
		return fail(err)
	}
	if err := f.Sync(); err != nil {
		return fail(err)
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return "", err
	}
	return tmp, nil
}

// syncDir makes a rename or removal in dir durable.
// syncDirAfterRename makes a rename or removal durable where the system
// can. It is best effort: the change is already made and visible, so
// failing the save now would tell the caller that nothing was written when
// it was (and its digest would go stale). Some systems cannot sync a folder
// at all (Windows refuses a folder handle).
func syncDirAfterRename(dir string) {
	_ = syncDir(dir)
}

func syncDir(dir string) error {
	if dir == "" {
		dir = "."
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("sync folder %s: %w", dir, err)
	}
	return nil
}

// RemoveStaleTemp removes the temporary files that saves interrupted by a
// crash left in records/ and the drafts folder, when older than minAge (a
// save in progress elsewhere has a young one). It returns how many it
// removed. Load ignores such files anyway; this only tidies up.
func RemoveStaleTemp(root string, minAge time.Duration) (int, error) {
	removed := 0
	for _, dir := range []string{filepath.Join(root, RecordsDir), filepath.Join(root, stateDir, draftsDir), root} {
		entries, err := os.ReadDir(dir)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return removed, fmt.Errorf("remove temporary files: %w", err)
		}
		for _, e := range entries {
			if !isTempName(e.Name()) || !e.Type().IsRegular() {
				continue
			}
			info, err := e.Info()
			if err != nil || time.Since(info.ModTime()) < minAge {
				continue
			}
			if err := os.Remove(filepath.Join(dir, e.Name())); err == nil {
				removed++
			}
		}
	}
	return removed, nil
}

// isTempName matches the names writeTemp gives: ".<name>.tmp-<digits>".
func isTempName(name string) bool {
	i := strings.LastIndex(name, ".tmp-")
	if !strings.HasPrefix(name, ".") || i < 0 || i+5 == len(name) {
		return false
	}
	for _, c := range name[i+5:] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
