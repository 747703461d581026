package records

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/eu-ropa/ropa/model"
)

// This file reads records straight out of Git, without a checkout: the
// records of a revision, one file at a revision, and which record files
// changed between two revisions (or a revision and the working tree),
// pairing the old and new file of a renamed record.

// isRecordPath reports whether rel (slash-separated, relative to the
// register root) names a record file, as Load finds them.
func isRecordPath(rel string) bool {
	dir, name := path.Split(rel)
	return dir == RecordsDir+"/" && isRecordName(name)
}

func slugOf(rel string) string { return strings.TrimSuffix(path.Base(rel), recordExt) }

// GitPrefix returns the register's folder inside its repository, with a
// trailing slash ("" when the register is the repository's top), for
// turning register paths into repository paths.
func GitPrefix(root string) (string, error) {
	out, err := runGit(root, "rev-parse", "--show-prefix")
	if err != nil {
		return "", err
	}
	return strings.TrimSpace(string(out)), nil
}

// ResolveCommit returns the commit id that rev names ("HEAD", "main",
// "v1.2", "HEAD~3", an id). It refuses anything that is not a commit, and
// an argument that git could take for an option.
func ResolveCommit(root, rev string) (string, error) {
	if rev == "" || strings.ContainsAny(rev, "\x00\n") {
		return "", fmt.Errorf("%q is not a Git revision", rev)
	}
	out, err := runGit(root, "rev-parse", "--verify", "--quiet", "--end-of-options", rev+"^{commit}")
	if err != nil {
		if _, perr := GitPrefix(root); perr != nil {
			if errors.Is(perr, ErrNotGit) {
				return "", fmt.Errorf("the register at %s is not in a Git repository: there is no history to compare with", root)
			}
			return "", perr
		}
		if _, herr := runGit(root, "rev-parse", "--verify", "--quiet", "HEAD"); herr != nil {
			return "", fmt.Errorf("%q is not a commit: the repository at %s has no commits yet", rev, root)
		}
		return "", fmt.Errorf("%q is not a commit in the repository at %s (try HEAD, a branch, a tag or a commit id)", rev, root)
	}
	return strings.TrimSpace(string(out)), nil
}

// MergeBase returns the best common ancestor of two commits, as git diff
// A...B uses it: the point where a branch left its base.
func MergeBase(root, a, b string) (string, error) {
	out, err := runGit(root, "merge-base", "--end-of-options", a, b)
	if err != nil {
		return "", fmt.Errorf("no common ancestor of %s and %s: %w", a, b, err)
	}
	return strings.TrimSpace(string(out)), nil
}

// ReadRevision returns the bytes of every record file in rev, by path
// relative to the register root, read in one git process.
func ReadRevision(root, rev string) (map[string][]byte, error) {
	commit, err := ResolveCommit(root, rev)
	if err != nil {
		return nil, err
	}
	out, err := runGit(root, "ls-tree", "-r", "-z", commit, "--", RecordsDir+"/")
	if err != nil {
		return nil, err
	}
	var paths, ids []string
	for _, entry := range bytes.Split(out, []byte{0}) {
		// "<mode> SP <type> SP <object> TAB <file>"
		meta, name, ok := bytes.Cut(entry, []byte{'\t'})
		if !ok {
			continue
		}
		fields := strings.Fields(string(meta))
		if len(fields) != 3 || fields[1] != "blob" || !isRecordPath(string(name)) {
			continue
		}
		paths = append(paths, string(name))
		ids = append(ids, fields[2])
	}
	blobs, err := readBlobs(root, ids)
	if err != nil {
		return nil, err
	}
	files := make(map[string][]byte, len(paths))
	for i, p := range paths {
		files[p] = blobs[i]
	}
	return files, nil
}

// LoadRevision decodes the record files of rev, in parallel, sorted by
// path. Files that do not parse are returned as errors; the rest load.
func LoadRevision(root, rev string) ([]*File, []*ParseError, error) {
	blobs, err := ReadRevision(root, rev)
	if err != nil {
		return nil, nil, err
	}
	paths := make([]string, 0, len(blobs))
	for p := range blobs {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	datas := make([][]byte, len(paths))
	for i, p := range paths {
		datas[i] = blobs[p]
	}
	files, errs := decodeFiles(paths, datas)
	var loaded []*File
	var failed []*ParseError
	for i := range paths {
		if errs[i] != nil {
			var pe *ParseError
			if !errors.As(errs[i], &pe) {
				pe = &ParseError{Path: paths[i], Line: 1, Col: 1, Msg: errs[i].Error()}
			}
			failed = append(failed, pe)
			continue
		}
		loaded = append(loaded, files[i])
	}
	return loaded, failed, nil
}

// ReadFileAt returns the bytes of one file (relative to the register root)
// as it was in rev.
func ReadFileAt(root, rev, rel string) ([]byte, error) {
	commit, err := ResolveCommit(root, rev)
	if err != nil {
		return nil, err
	}
	prefix, err := GitPrefix(root)
	if err != nil {
		return nil, err
	}
	blobs, err := readBlobs(root, []string{commit + ":" + prefix + rel})
	if err != nil {
		return nil, err
	}
	if blobs[0] == nil {
		return nil, fmt.Errorf("%s does not exist in %s", rel, shortID(rev))
	}
	return blobs[0], nil
}

// LoadFileAt decodes one record file as it was in rev.
func LoadFileAt(root, rev, rel string) (*File, error) {
	data, err := ReadFileAt(root, rev, rel)
	if err != nil {
		return nil, err
	}
	return decodeFile(rel, data)
}

func decodeFile(rel string, data []byte) (*File, error) {
	rec, comments, err := Decode(rel, data)
	if err != nil {
		return nil, err
	}
	return &File{Path: rel, Slug: slugOf(rel), Record: rec, Digest: sha256.Sum256(data), Comments: comments,
		Schema: SchemaDirective(data)}, nil
}

// decodeFiles decodes many files on every core; results keep their index.
func decodeFiles(paths []string, datas [][]byte) ([]*File, []error) {
	files := make([]*File, len(paths))
	errs := make([]error, len(paths))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), max(len(paths), 1)) {
		wg.Go(func() {
			for i := range next {
				files[i], errs[i] = decodeFile(paths[i], datas[i])
			}
		})
	}
	for i := range paths {
		next <- i
	}
	close(next)
	wg.Wait()
	return files, errs
}

// readBlobs reads objects ("<commit>:<path>" or object ids) through one
// `git cat-file --batch`. An object that does not exist gives nil.
func readBlobs(dir string, specs []string) ([][]byte, error) {
	out := make([][]byte, len(specs))
	if len(specs) == 0 {
		return out, nil
	}
	cmd := gitCommand(dir, "cat-file", "--batch")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, fmt.Errorf("git cat-file in %s: %w", dir, err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, fmt.Errorf("git cat-file in %s: %w", dir, err)
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("git cat-file in %s: %w", dir, err)
	}
	// Feed the names while reading, so that neither pipe fills up.
	go func() {
		w := bufio.NewWriter(stdin)
		for _, s := range specs {
			w.WriteString(s)
			w.WriteByte('\n')
		}
		w.Flush()
		stdin.Close()
	}()
	r := bufio.NewReaderSize(stdout, 64<<10)
	readErr := func() error {
		for i := range specs {
			header, err := r.ReadString('\n')
			if err != nil {
				return fmt.Errorf("reading %s: %w", specs[i], err)
			}
			fields := strings.Fields(header)
			if len(fields) == 2 && (fields[1] == "missing" || fields[1] == "ambiguous") {
				continue
			}
			if len(fields) != 3 {
				return fmt.Errorf("unexpected answer %q for %s", strings.TrimSpace(header), specs[i])
			}
			size, err := strconv.Atoi(fields[2])
			if err != nil || size < 0 {
				return fmt.Errorf("unexpected size in %q", strings.TrimSpace(header))
			}
			data := make([]byte, size+1) // the content and its closing newline
			if _, err := io.ReadFull(r, data); err != nil {
				return fmt.Errorf("reading %s: %w", specs[i], err)
			}
			if fields[1] == "blob" {
				out[i] = data[:size]
			}
		}
		return nil
	}()
	io.Copy(io.Discard, stdout)
	waitErr := cmd.Wait()
	if readErr != nil {
		return nil, fmt.Errorf("git cat-file in %s: %w", dir, readErr)
	}
	if waitErr != nil {
		return nil, fmt.Errorf("git cat-file in %s: %v: %s", dir, waitErr, strings.TrimSpace(stderr.String()))
	}
	return out, nil
}

// Kinds of FileChange.
const (
	FileAdded    = "added"
	FileRemoved  = "removed"
	FileModified = "modified"
	FileRenamed  = "renamed"
)

// FileChange is one record file that differs between two versions of the
// register. OldPath is empty for an added file, NewPath for a removed one.
type FileChange struct {
	Kind    string `json:"change"`
	OldPath string `json:"old_path,omitempty"`
	NewPath string `json:"new_path,omitempty"`
}

// ChangedFiles lists the record files that differ from oldRev to newRev;
// newRev "" means the working tree (untracked record files count as
// added). Renames are those git detects (-M); ChangedRecords also pairs
// files by reference.
func ChangedFiles(root, oldRev, newRev string) ([]FileChange, error) {
	oldCommit, err := ResolveCommit(root, oldRev)
	if err != nil {
		return nil, err
	}
	args := []string{"diff", "--name-status", "-z", "-M", "--relative",
		"--no-ext-diff", "--no-textconv", oldCommit}
	if newRev != "" {
		newCommit, err := ResolveCommit(root, newRev)
		if err != nil {
			return nil, err
		}
		args = append(args, newCommit)
	}
	args = append(args, "--", RecordsDir+"/")
	out, err := runGit(root, args...)
	if err != nil {
		return nil, err
	}
	changes, err := parseNameStatus(out)
	if err != nil {
		return nil, err
	}
	if newRev == "" {
		untracked, err := runGit(root, "ls-files", "--others", "--exclude-standard", "-z", "--", RecordsDir+"/")
		if err != nil {
			return nil, err
		}
		for _, p := range strings.Split(string(untracked), "\x00") {
			if isRecordPath(p) {
				changes = append(changes, FileChange{Kind: FileAdded, NewPath: p})
			}
		}
	}
	return changes, nil
}

// parseNameStatus reads `git diff --name-status -z`: "X\0path\0", or for
// renames and copies "R086\0old\0new\0". Only record files are kept; a
// rename from or to a non-record path counts as a removal or an addition.
func parseNameStatus(out []byte) ([]FileChange, error) {
	var changes []FileChange
	tokens := strings.Split(string(out), "\x00")
	for i := 0; i < len(tokens); i++ {
		status := tokens[i]
		if status == "" {
			continue
		}
		if i+1 >= len(tokens) {
			return nil, fmt.Errorf("git diff --name-status: truncated entry %q", status)
		}
		p := tokens[i+1]
		i++
		switch status[0] {
		case 'R', 'C':
			if i+1 >= len(tokens) {
				return nil, fmt.Errorf("git diff --name-status: truncated rename of %q", p)
			}
			newPath := tokens[i+1]
			i++
			oldOK, newOK := isRecordPath(p), isRecordPath(newPath)
			switch {
			case oldOK && newOK && status[0] == 'R':
				changes = append(changes, FileChange{Kind: FileRenamed, OldPath: p, NewPath: newPath})
			case oldOK && newOK: // a copy: the old file stays
				changes = append(changes, FileChange{Kind: FileAdded, NewPath: newPath})
			case oldOK && status[0] == 'R':
				changes = append(changes, FileChange{Kind: FileRemoved, OldPath: p})
			case newOK:
				changes = append(changes, FileChange{Kind: FileAdded, NewPath: newPath})
			}
		case 'A':
			if isRecordPath(p) {
				changes = append(changes, FileChange{Kind: FileAdded, NewPath: p})
			}
		case 'D':
			if isRecordPath(p) {
				changes = append(changes, FileChange{Kind: FileRemoved, OldPath: p})
			}
		default: // M, T, U (unmerged), X
			if isRecordPath(p) {
				changes = append(changes, FileChange{Kind: FileModified, OldPath: p, NewPath: p})
			}
		}
	}
	return changes, nil
}

// RecordDiff is what changed in one record between two versions.
type RecordDiff struct {
	FileChange
	Reference string         `json:"reference,omitempty"` // the new reference, else the old
	Title     string         `json:"title,omitempty"`     // the new title, else the old
	Changes   []model.Change `json:"changes"`
	// A version that does not parse (a conflict left in the file, a hand
	// edit gone wrong) is reported here; Changes is then empty.
	OldError string `json:"old_error,omitempty"`
	NewError string `json:"new_error,omitempty"`

	Old *model.Record `json:"-"` // nil when added or unreadable
	New *model.Record `json:"-"` // nil when removed or unreadable
}

// Name is how a review names the record: its reference, else its file.
func (d RecordDiff) Name() string {
	if d.Reference != "" {
		return d.Reference
	}
	if d.NewPath != "" {
		return d.NewPath
	}
	return d.OldPath
}

// StatusChange returns the record's status change, if it has one.
func (d RecordDiff) StatusChange() (model.Change, bool) {
	for _, c := range d.Changes {
		if c.IsStatus() {
			return c, true
		}
	}
	return model.Change{}, false
}

// DiffRevisions returns the semantic diff of every record that changed from
// oldRev to newRev ("" for the working tree), sorted by the record's new
// path (else its old one). Files git does not see as renamed are paired
// when the removed and the added file carry the same reference, or else
// the same title. Files whose bytes changed but no field did (formatting)
// come with no Changes.
func DiffRevisions(root, oldRev, newRev string) ([]RecordDiff, error) {
	files, err := ChangedFiles(root, oldRev, newRev)
	if err != nil {
		return nil, err
	}
	oldCommit, err := ResolveCommit(root, oldRev)
	if err != nil {
		return nil, err
	}
	newCommit := ""
	if newRev != "" {
		if newCommit, err = ResolveCommit(root, newRev); err != nil {
			return nil, err
		}
	}
	prefix, err := GitPrefix(root)
	if err != nil {
		return nil, err
	}

	// Read every old and new version involved, in one git process each.
	var oldSpecs, newSpecs []string
	for _, f := range files {
		if f.OldPath != "" {
			oldSpecs = append(oldSpecs, oldCommit+":"+prefix+f.OldPath)
		}
		if f.NewPath != "" && newCommit != "" {
			newSpecs = append(newSpecs, newCommit+":"+prefix+f.NewPath)
		}
	}
	oldBlobs, err := readBlobs(root, oldSpecs)
	if err != nil {
		return nil, err
	}
	newBlobs, err := readBlobs(root, newSpecs)
	if err != nil {
		return nil, err
	}
	diffs := make([]RecordDiff, len(files))
	oi, ni := 0, 0
	for k, f := range files {
		diffs[k].FileChange = f
		if f.OldPath != "" {
			diffs[k].Old, diffs[k].OldError = decodeVersion(f.OldPath, oldBlobs[oi], nil)
			oi++
		}
		if f.NewPath != "" {
			if newCommit != "" {
				diffs[k].New, diffs[k].NewError = decodeVersion(f.NewPath, newBlobs[ni], nil)
				ni++
			} else {
				data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(f.NewPath)))
				diffs[k].New, diffs[k].NewError = decodeVersion(f.NewPath, data, err)
			}
		}
	}
	diffs = pairRenames(diffs)
	for k := range diffs {
		diffs[k].finish()
	}
	sortDiffs(diffs)
	return diffs, nil
}

// decodeVersion decodes one version of a file for a diff; a failure is
// kept as text, so that one broken file does not hide the others.
func decodeVersion(rel string, data []byte, readErr error) (*model.Record, string) {
	if readErr != nil {
		return nil, readErr.Error()
	}
	if data == nil {
		return nil, rel + ": not found in Git"
	}
	rec, _, err := Decode(rel, data)
	if err != nil {
		return nil, err.Error()
	}
	return &rec, ""
}

// pairRenames joins a removed and an added file that hold the same record:
// same reference first, then same title.
func pairRenames(diffs []RecordDiff) []RecordDiff {
	for _, key := range []func(*model.Record) string{
		func(r *model.Record) string { return r.Reference },
		func(r *model.Record) string { return r.Title },
	} {
		removedBy := map[string]int{}
		for k, d := range diffs {
			if d.Kind == FileRemoved && d.Old != nil && key(d.Old) != "" {
				if _, dup := removedBy[key(d.Old)]; !dup {
					removedBy[key(d.Old)] = k
				}
			}
		}
		for k := range diffs {
			d := &diffs[k]
			if d.Kind != FileAdded || d.New == nil {
				continue
			}
			r, ok := removedBy[key(d.New)]
			if !ok || diffs[r].Kind != FileRemoved {
				continue
			}
			d.Kind, d.OldPath, d.Old, d.OldError = FileRenamed, diffs[r].OldPath, diffs[r].Old, diffs[r].OldError
			diffs[r].Kind = "" // consumed
			delete(removedBy, key(d.New))
		}
	}
	kept := diffs[:0]
	for _, d := range diffs {
		if d.Kind != "" {
			kept = append(kept, d)
		}
	}
	return kept
}

// finish fills the names and the field changes once both sides are known.
func (d *RecordDiff) finish() {
	for _, r := range []*model.Record{d.Old, d.New} {
		if r == nil {
			continue
		}
		if r.Reference != "" {
			d.Reference = r.Reference
		}
		if r.Title != "" {
			d.Title = r.Title
		}
	}
	d.Changes = []model.Change{}
	if d.OldError != "" || d.NewError != "" {
		return
	}
	switch d.Kind {
	case FileModified, FileRenamed:
		d.Changes = model.Diff(d.Old, d.New)
	case FileAdded:
		d.Changes = model.Diff(nil, d.New)
	}
	if d.Changes == nil {
		d.Changes = []model.Change{}
	}
}

func sortDiffs(diffs []RecordDiff) {
	key := func(d RecordDiff) string {
		if d.NewPath != "" {
			return d.NewPath
		}
		return d.OldPath
	}
	slices.SortStableFunc(diffs, func(a, b RecordDiff) int { return strings.Compare(key(a), key(b)) })
}

func shortID(rev string) string {
	if len(rev) == 40 {
		return rev[:10]
	}
	return rev
}
