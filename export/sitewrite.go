package export

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"
)

// stagingPrefix names the folder inside the output folder where an export
// writes its files before moving them into place. Only Site makes folders
// of that name, and only Site removes them.
const stagingPrefix = ".ropa-staging-"

// staleAfter is how old a staging folder must be before an export removes
// it, on systems where Site cannot tell whether another export still uses
// it (see lockDir).
const staleAfter = 24 * time.Hour

// siteWriter writes the files of one export of a site. Each file is
// written whole into a staging folder inside the output folder (one
// create, one write, one close: no temporary name, no rename per file
// while rendering), and only when every file has been written are they
// moved into place: a folder the site did not have yet in one rename, a
// file in an existing folder in one rename over the old one. A reader of
// the output folder sees each file old or new, never a part of one; an
// export that fails or is stopped leaves the folder as it was (a kill
// leaves the staging folder, which the next export removes). A file whose
// bytes are already in place is not written again. Files in the output
// folder that the export does not write are never touched.
type siteWriter struct {
	out    string
	stage  string
	unlock func()
	// existed are the site's folders (slash-separated, relative to out;
	// "." for out) that were there before the export: only their files
	// can be up to date already.
	existed map[string]bool
	// chmod: the umask would take read permission from group or others,
	// so each file gets 0644 explicitly, as a published page needs.
	chmod bool
}

// newSiteWriter prepares the output folder and a staging folder holding
// the site's folders dirs (slash-separated, relative to out).
func newSiteWriter(out string, dirs []string) (*siteWriter, error) {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, fmt.Errorf("create output folder: %w", err)
	}
	removeStaleStaging(out)
	stage, err := os.MkdirTemp(out, stagingPrefix+"*")
	if err != nil {
		return nil, fmt.Errorf("create output folder: %w", err)
	}
	w := &siteWriter{out: out, stage: stage, unlock: func() {}, existed: map[string]bool{}}
	if unlock, err := lockDir(stage); err == nil {
		w.unlock = unlock
	}
	for _, d := range dirs {
		target := filepath.Join(out, filepath.FromSlash(d))
		info, err := os.Stat(target)
		switch {
		case err == nil && info.IsDir():
			w.existed[d] = true
		case err == nil:
			w.discard()
			return nil, fmt.Errorf("create output folder: %s is a file, not a folder: move it away", target)
		case !errors.Is(err, fs.ErrNotExist):
			w.discard()
			return nil, fmt.Errorf("create output folder: %w", err)
		}
		if err := os.MkdirAll(filepath.Join(stage, filepath.FromSlash(d)), 0o755); err != nil {
			w.discard()
			return nil, fmt.Errorf("create output folder: %w", err)
		}
	}
	if w.chmod, err = umaskRestricts(stage); err != nil {
		w.discard()
		return nil, fmt.Errorf("create output folder: %w", err)
	}
	return w, nil
}

// umaskRestricts creates a file with mode 0644 in dir (a new, empty
// folder of ours) and reports whether it got less: the process's umask.
func umaskRestricts(dir string) (bool, error) {
	name := filepath.Join(dir, ".mode")
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return false, err
	}
	info, err := f.Stat()
	f.Close()
	os.Remove(name)
	if err != nil {
		return false, err
	}
	return info.Mode().Perm() != 0o644, nil
}

// write stages the file rel (slash-separated) with data, unless the output
// folder holds those bytes already (unchanged). scratch is the caller's
// buffer for reading the file in place.
func (w *siteWriter) write(rel string, data []byte, scratch *[]byte) (unchanged bool, err error) {
	target := filepath.Join(w.out, filepath.FromSlash(rel))
	if w.existed[path.Dir(rel)] && sameContent(target, data, scratch) {
		return true, nil
	}
	if err := createFile(filepath.Join(w.stage, filepath.FromSlash(rel)), data, w.chmod); err != nil {
		return false, fmt.Errorf("write %s: %w", target, err)
	}
	return false, nil
}

// sameContent reports whether target is a regular file, mode 0644, holding
// exactly data.
func sameContent(target string, data []byte, scratch *[]byte) bool {
	f, err := os.OpenFile(target, os.O_RDONLY|openNoFollow, 0)
	if err != nil {
		return false
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil || !info.Mode().IsRegular() || info.Mode().Perm() != 0o644 || info.Size() != int64(len(data)) {
		return false
	}
	if cap(*scratch) < len(data)+1 {
		*scratch = make([]byte, len(data)+1)
	}
	buf := (*scratch)[:len(data)+1]
	n, err := io.ReadFull(f, buf)
	if err != io.ErrUnexpectedEOF || n != len(data) {
		return false // shorter, longer, or unreadable
	}
	return bytes.Equal(buf[:n], data)
}

// commit moves the staged files into the output folder, then removes the
// staging folder. In each folder the subfolders go first, so that a page
// is in place before an index that links to it.
func (w *siteWriter) commit() error {
	err := w.move(".")
	w.discard()
	return err
}

func (w *siteWriter) move(rel string) error {
	entries, err := os.ReadDir(filepath.Join(w.stage, filepath.FromSlash(rel)))
	if err != nil {
		return fmt.Errorf("move the export into place: %w", err)
	}
	slices.SortStableFunc(entries, func(a, b fs.DirEntry) int {
		switch {
		case a.IsDir() == b.IsDir():
			return 0
		case a.IsDir():
			return -1
		}
		return 1
	})
	for _, e := range entries {
		r := path.Join(rel, e.Name())
		src := filepath.Join(w.stage, filepath.FromSlash(r))
		dst := filepath.Join(w.out, filepath.FromSlash(r))
		if !e.IsDir() {
			if err := replaceFile(src, dst); err != nil {
				return fmt.Errorf("write %s: %w", dst, err)
			}
			continue
		}
		// A folder the output folder lacks arrives whole, in one rename.
		if _, err := os.Lstat(dst); errors.Is(err, fs.ErrNotExist) {
			if err := os.Rename(src, dst); err == nil {
				continue
			}
		}
		info, err := os.Stat(dst)
		if err != nil {
			return fmt.Errorf("write %s: %w", dst, err)
		}
		if !info.IsDir() {
			return fmt.Errorf("write %s: a file, not a folder: move it away", dst)
		}
		if err := w.move(r); err != nil {
			return err
		}
	}
	return nil
}

// replaceFile renames src over dst. When they are on different file
// systems (dst's folder is a link to another disk), it copies, atomically.
func replaceFile(src, dst string) error {
	err := os.Rename(src, dst)
	if err == nil || !errors.Is(err, syscall.EXDEV) {
		return err
	}
	data, rerr := os.ReadFile(src)
	if rerr != nil {
		return err
	}
	return writeFileAtomic(dst, data)
}

// discard removes the staging folder and what is left in it.
func (w *siteWriter) discard() {
	os.RemoveAll(w.stage)
	w.unlock()
}

// removeStaleStaging removes the staging folders that killed exports left
// in out, but not one that a running export holds.
func removeStaleStaging(out string) {
	entries, err := os.ReadDir(out)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), stagingPrefix) {
			continue
		}
		p := filepath.Join(out, e.Name())
		unlock, ok := tryLockDir(p)
		if !ok {
			continue
		}
		os.RemoveAll(p)
		unlock()
	}
}
