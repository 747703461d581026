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

// manifestName is the file in the output folder that lists the files of
// the site the last export wrote there (see SiteOptions.Out), and
// manifestHeader its first line: a file of that name without it is not a
// manifest of ours, and lists nothing.
const (
	manifestName   = ".ropa-manifest"
	manifestHeader = "# ropa site manifest 1"
)

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
// folder that the export does not write are never touched, except the
// files of an earlier export that its manifest lists and that this export
// prunes (commit).
type siteWriter struct {
	out    string
	stage  string
	unlock func()
	dirs   map[string]bool // the site's folders, slash-separated, relative to out
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
	w := &siteWriter{out: out, stage: stage, unlock: func() {}, existed: map[string]bool{}, dirs: map[string]bool{}}
	if unlock, err := lockDir(stage); err == nil {
		w.unlock = unlock
	}
	for _, d := range dirs {
		w.dirs[d] = true
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

// commit puts the site whose files are files (slash-separated, relative
// to out; the staged ones and those found up to date) in place of the old
// one, in this order:
//
//  1. When files holds a file the manifest does not list, the manifest
//     gets it before anything moves, so that whatever stops the move (a
//     kill, a full disk) leaves no file of the site unlisted.
//  2. The staged files move into out, and the staging folder goes. In
//     each folder the subfolders go first, so that a page is in place
//     before an index that links to it.
//  3. When prune is not nil, the files the manifest lists that files
//     lacks and that prune covers are removed (removeStale), with the
//     folders this leaves empty.
//  4. The manifest is rewritten: files, and what it listed that was kept.
//
// An error in step 1 leaves out and its manifest as they were; one in
// step 2 leaves each file whole, old or new, and the manifest listing
// both, and removes nothing. inPlace reports whether the new site is in
// place (step 2 done): an error after that concerns the removal of stale
// files or the manifest only.
func (w *siteWriter) commit(files []string, prune func(siteFile) bool) (removed int, inPlace bool, err error) {
	old := readManifest(w.out)
	listed := make(map[string]bool, len(old))
	for _, rel := range old {
		listed[rel] = true
	}
	var added []string
	for _, rel := range files {
		if !listed[rel] {
			added = append(added, rel)
		}
	}
	if len(added) > 0 {
		if err := writeManifest(w.out, append(slices.Clip(old), added...)); err != nil {
			w.discard()
			return 0, false, err
		}
	}
	err = w.move(".")
	w.discard()
	if err != nil {
		return 0, false, err
	}

	writing := make(map[string]bool, len(files))
	for _, rel := range files {
		writing[rel] = true
	}
	keep := slices.Clip(files)
	failed := 0
	var firstErr error
	for _, rel := range old {
		if writing[rel] {
			continue
		}
		f, _ := parseSitePath(rel) // readManifest keeps only the site's paths
		if prune == nil || !prune(f) {
			keep = append(keep, rel)
			continue
		}
		gone, err := w.removeStale(rel)
		switch {
		case err != nil:
			keep = append(keep, rel)
			failed++
			if firstErr == nil {
				firstErr = err
			}
		case gone:
			removed++
		}
	}
	if err := writeManifest(w.out, keep); err != nil {
		return removed, true, fmt.Errorf("the new site is in place, but its list of files could not be updated: %w", err)
	}
	if failed > 0 {
		return removed, true, fmt.Errorf("the new site is in place, but %d files of an earlier export could not be removed (%w); the next export tries again", failed, firstErr)
	}
	return removed, true, nil
}

// removeStale removes rel, a file the manifest lists that the new site
// does not write, and then the folders of the old site that this leaves
// empty (never out, nor a folder of the new site). It removes a regular
// file reached through real folders inside out only, never what a
// symbolic link leads to, so that no manifest, edited by hand or not,
// reaches outside out. A file that is gone, or that is no longer a
// regular file (someone else's now), is let go. gone reports whether the
// file was removed.
func (w *siteWriter) removeStale(rel string) (gone bool, err error) {
	target := filepath.Join(w.out, filepath.FromSlash(rel))
	dir := path.Dir(rel)
	for d := dir; d != "."; d = path.Dir(d) {
		info, err := os.Lstat(filepath.Join(w.out, filepath.FromSlash(d)))
		if errors.Is(err, fs.ErrNotExist) {
			return false, nil
		}
		if err != nil {
			return false, fmt.Errorf("remove %s: %w", target, err)
		}
		if !info.IsDir() {
			return false, nil // a link or a file where the folder was: not the site's any more
		}
	}
	info, err := os.Lstat(target)
	if errors.Is(err, fs.ErrNotExist) || err == nil && !info.Mode().IsRegular() {
		return false, nil
	}
	if err == nil {
		err = os.Remove(target)
	}
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("remove %s: %w", target, err)
	}
	// os.Remove removes a folder only when it is empty.
	for d := dir; d != "." && !w.dirs[d]; d = path.Dir(d) {
		if os.Remove(filepath.Join(w.out, filepath.FromSlash(d))) != nil {
			break
		}
	}
	return true, nil
}

// readManifest returns the files that the manifest in out lists, once
// each: only paths of pages that Site writes (parseSitePath), so that a
// line edited by hand ("../x", "/etc/passwd", "assets/logo.svg") is never
// acted on. A manifest that is missing, unreadable, not a regular file, or
// without manifestHeader lists nothing.
func readManifest(out string) []string {
	name := filepath.Join(out, manifestName)
	info, err := os.Lstat(name)
	if err != nil || !info.Mode().IsRegular() {
		return nil
	}
	data, err := os.ReadFile(name)
	if err != nil {
		return nil
	}
	first, rest, _ := strings.Cut(string(data), "\n")
	if strings.TrimSuffix(first, "\r") != manifestHeader {
		return nil
	}
	var files []string
	seen := map[string]bool{}
	for line := range strings.Lines(rest) {
		rel := strings.TrimRight(line, "\r\n")
		if seen[rel] {
			continue
		}
		if _, ok := parseSitePath(rel); ok {
			seen[rel] = true
			files = append(files, rel)
		}
	}
	return files
}

// writeManifest writes the manifest listing files, sorted and once each,
// atomically, unless it holds those bytes already.
func writeManifest(out string, files []string) error {
	files = slices.Clone(files)
	slices.Sort(files)
	files = slices.Compact(files)
	var b bytes.Buffer
	b.WriteString(manifestHeader + "\n")
	b.WriteString("# The pages that ropa export wrote into this folder, by name, and nothing\n")
	b.WriteString("# else. Keep this file here (the next export needs it), but leave it out\n")
	b.WriteString("# when you publish the folder: rsync --exclude=.ropa-manifest, or a web\n")
	b.WriteString("# server that refuses dotfiles. An export of the whole register removes the\n")
	b.WriteString("# pages listed here that it no longer writes; it never touches a file that\n")
	b.WriteString("# is not listed here.\n")
	for _, rel := range files {
		b.WriteString(rel)
		b.WriteByte('\n')
	}
	name := filepath.Join(out, manifestName)
	var scratch []byte
	if sameContent(name, b.Bytes(), &scratch) {
		return nil
	}
	return writeFileAtomic(name, b.Bytes())
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
