// Package records is the register on disk: it finds the register, loads
// every record in parallel, writes canonical TOML atomically, refuses to
// overwrite a file changed since it was loaded or to drop hand-written
// comments, checks file names, keeps drafts of the terminal program, and
// generates synthetic registers for benchmarks.
package records

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/eu-ropa/ropa/model"
)

// Names of the register's files and folders.
const (
	RegisterFile = "register.toml"
	RecordsDir   = "records"
	// TemplatesDir holds the register's own export templates, if any.
	TemplatesDir = "templates"
	recordExt    = ".toml"
)

// File is a loaded record file.
type File struct {
	Path     string // relative to the register root, slash-separated: "records/emn-ies.toml"
	Slug     string // "emn-ies"
	Record   model.Record
	Digest   [32]byte // sha256 of the bytes loaded; Save refuses when the file on disk no longer matches
	Comments bool     // the file holds hand-written comments, which a save would drop: Save refuses
	Schema   string   // target of the file's first-line "#:schema" directive, kept by Save
}

// Register is a register loaded from disk.
type Register struct {
	Root   string // absolute path of the folder holding register.toml
	Info   model.Register
	Files  []*File       // sorted by Path
	Errors []*ParseError // files that failed, register.toml included; the others still load
}

// FindRoot walks up from start to the first folder that holds register.toml.
func FindRoot(start string) (string, error) {
	dir, err := filepath.Abs(start)
	if err != nil {
		return "", fmt.Errorf("find register: %w", err)
	}
	for {
		info, err := os.Stat(filepath.Join(dir, RegisterFile))
		if err == nil && info.Mode().IsRegular() {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no %s in %s or any folder above it: run `ropa init` to create a register, or give its folder with --dir", RegisterFile, start)
		}
		dir = parent
	}
}

// LoadRegisterInfo reads register.toml.
func LoadRegisterInfo(root string) (model.Register, error) {
	data, err := readFile(filepath.Join(root, RegisterFile))
	if errors.Is(err, fs.ErrNotExist) {
		return model.Register{}, fmt.Errorf("%s is not a register: it has no %s (run `ropa init` to create one): %w", root, RegisterFile, err)
	}
	if err != nil {
		return model.Register{}, fmt.Errorf("load %s: %w", RegisterFile, err)
	}
	reg, perr := decodeRegisterInfo(RegisterFile, data)
	if perr != nil {
		return model.Register{}, perr
	}
	return reg, nil
}

// Load reads register.toml and every record, in parallel.
func Load(root string) (*Register, error) {
	return LoadWithProgress(root, nil)
}

// LoadWithProgress is Load, calling progress (when not nil) after each
// record file, from one goroutine at a time, with done counting up to total.
func LoadWithProgress(root string, progress func(done, total int)) (*Register, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, fmt.Errorf("load register: %w", err)
	}
	reg := &Register{Root: abs}
	info, err := LoadRegisterInfo(abs)
	var perr *ParseError
	switch {
	case errors.As(err, &perr):
		reg.Errors = append(reg.Errors, perr)
	case err != nil:
		return nil, err
	default:
		reg.Info = info
	}

	names, err := recordNames(abs)
	if err != nil {
		return nil, err
	}
	files := make([]*File, len(names))
	errs := make([]*ParseError, len(names))
	forEachParallel(len(names), func(i int) {
		files[i], errs[i] = loadFile(abs, RecordsDir+"/"+names[i])
	}, progress)

	for i := range names {
		if errs[i] != nil {
			reg.Errors = append(reg.Errors, errs[i])
		} else {
			reg.Files = append(reg.Files, files[i])
		}
	}
	sort.Slice(reg.Errors, func(i, j int) bool { return reg.Errors[i].Path < reg.Errors[j].Path })
	return reg, nil
}

// recordNames lists the record files, sorted. Hidden files (the temporary
// files of an interrupted save among them) and other extensions are not
// records.
func recordNames(root string) ([]string, error) {
	entries, err := os.ReadDir(filepath.Join(root, RecordsDir))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("load register: %w", err)
	}
	var names []string
	for _, e := range entries {
		if isRecordName(e.Name()) && e.Type().IsRegular() {
			names = append(names, e.Name())
		}
	}
	return names, nil // ReadDir sorts by name
}

func isRecordName(name string) bool {
	return strings.HasSuffix(name, recordExt) && !strings.HasPrefix(name, ".") && len(name) > len(recordExt)
}

// forEachParallel runs do(0..n-1) on a pool of one worker per CPU and
// reports progress from the calling goroutine.
func forEachParallel(n int, do func(i int), progress func(done, total int)) {
	workers := min(runtime.NumCPU(), n)
	next := make(chan int)
	done := make(chan struct{}, workers)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				do(i)
				done <- struct{}{}
			}
		}()
	}
	go func() {
		for i := range n {
			next <- i
		}
		close(next)
	}()
	for i := range n {
		<-done
		if progress != nil {
			progress(i+1, n)
		}
	}
	wg.Wait()
}

// LoadFile reads one record file; rel is relative to root, like File.Path.
func LoadFile(root, rel string) (*File, error) {
	rel = filepath.ToSlash(rel)
	if err := checkRecordPath(rel); err != nil {
		return nil, err
	}
	f, perr := loadFile(root, rel)
	if perr != nil {
		return nil, perr
	}
	return f, nil
}

func loadFile(root, rel string) (*File, *ParseError) {
	data, err := readFile(filepath.Join(root, filepath.FromSlash(rel)))
	if err != nil {
		return nil, &ParseError{Path: rel, Msg: err.Error()}
	}
	d, perr := decodeRecord(rel, data)
	if perr != nil {
		return nil, perr
	}
	return &File{
		Path:     rel,
		Slug:     strings.TrimSuffix(path.Base(rel), recordExt),
		Record:   d.record,
		Digest:   sha256.Sum256(data),
		Comments: d.comments,
		Schema:   d.schema,
	}, nil
}

// readFile reads a file, refusing one too large to be a record before
// reading it.
func readFile(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file", name)
	}
	if info.Size() > maxReadSize {
		return nil, fmt.Errorf("the file is %s; a record file may be at most %s", sizeText(int(info.Size())), sizeText(maxFileSize))
	}
	buf := bytes.NewBuffer(make([]byte, 0, info.Size()+bytes.MinRead))
	if _, err := buf.ReadFrom(io.LimitReader(f, maxReadSize+1)); err != nil {
		return nil, err
	}
	if buf.Len() > maxReadSize {
		return nil, fmt.Errorf("the file grew beyond %s while being read", sizeText(maxReadSize))
	}
	return buf.Bytes(), nil
}

// checkRecordPath accepts "records/<name>.toml" and nothing that could
// reach outside the records folder.
func checkRecordPath(rel string) error {
	dir, name := path.Split(rel)
	if dir != RecordsDir+"/" || !isRecordName(name) || !filepath.IsLocal(filepath.FromSlash(rel)) ||
		strings.ContainsAny(name, "\\\x00") {
		return fmt.Errorf("%q is not a record file: records are %s/<name>%s inside the register", rel, RecordsDir, recordExt)
	}
	return nil
}

// Named lists the records for model.LintRegister, named by their paths.
func (reg *Register) Named() []model.NamedRecord {
	out := make([]model.NamedRecord, len(reg.Files))
	for i, f := range reg.Files {
		out[i] = model.NamedRecord{Name: f.Path, Record: &f.Record}
	}
	return out
}

// ByReference returns the first file (by path) whose record has the
// reference, or nil. Duplicate references are a lint finding.
func (reg *Register) ByReference(ref string) *File {
	if ref == "" {
		return nil
	}
	for _, f := range reg.Files {
		if f.Record.Reference == ref {
			return f
		}
	}
	return nil
}

// BySlug returns the file with the slug, or nil.
func (reg *Register) BySlug(slug string) *File {
	for _, f := range reg.Files {
		if f.Slug == slug {
			return f
		}
	}
	return nil
}
