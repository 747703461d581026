// Package example holds the example register that ships inside the ropa
// binary: the European Commission's register with the EMN IES and IMI
// operations entered from their published notices, and further records that
// exercise what those two do not (a processor's record, special categories
// with a DPIA, joint controllers, transfers under Article 48 safeguards,
// data obtained from third parties). `ropa demo` opens it and
// `ropa init --example DIR` writes it out.
package example

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// registerDir is the folder inside FS that holds register.toml.
const registerDir = "register"

// registerFile is the file that marks the root of a register.
const registerFile = "register.toml"

// FS holds the example register under the folder "register". Use Register
// for a file system rooted at the register itself.
//
//go:embed register
var FS embed.FS

// Register returns the example register as a file system whose root holds
// register.toml and records/.
func Register() fs.FS {
	sub, err := fs.Sub(FS, registerDir)
	if err != nil {
		// fs.Sub fails only for an invalid path, and registerDir is a
		// constant that go:embed has already checked.
		panic(fmt.Sprintf("example: embedded register: %v", err))
	}
	return sub
}

// Names returns the paths of the example records relative to the register
// root, sorted, e.g. "records/emn-ies.toml": the names under which
// records.Load and lint report them.
func Names() []string {
	var names []string
	for _, p := range files() {
		if strings.HasPrefix(p, "records/") {
			names = append(names, p)
		}
	}
	return names
}

// files returns the slash-separated paths of every file of the example
// register, relative to its root, sorted.
func files() []string {
	var out []string
	// The embedded tree is fixed at build time: walking it cannot fail.
	_ = fs.WalkDir(Register(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			out = append(out, p)
		}
		return nil
	})
	slices.Sort(out)
	return out
}

// WriteTo writes the example register into dir: register.toml and
// records/*.toml, creating the folders it needs. It refuses, before writing
// anything, when dir already holds a register.toml or any file of the
// example, so that it never overwrites someone's register; the error then
// wraps fs.ErrExist.
func WriteTo(dir string) error {
	reg := Register()
	paths := files()
	// register.toml is checked first, so that writing over a register is
	// reported as such, and written last: a folder holding it is a register,
	// so it should appear only once the records are all there.
	slices.SortStableFunc(paths, func(a, b string) int {
		return boolRank(b == registerFile) - boolRank(a == registerFile)
	})
	for _, p := range paths {
		target := filepath.Join(dir, filepath.FromSlash(p))
		if _, err := os.Lstat(target); err == nil {
			what := "a file of the example register"
			if p == registerFile {
				what = "a register"
			}
			return fmt.Errorf("write example register: %s already exists (%s); choose an empty folder: %w", target, what, fs.ErrExist)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("write example register: check %s: %w", target, err)
		}
	}
	slices.Reverse(paths)
	for _, p := range paths {
		data, err := fs.ReadFile(reg, p)
		if err != nil {
			return fmt.Errorf("write example register: read embedded %s: %w", p, err)
		}
		target := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return fmt.Errorf("write example register: create folder for %s: %w", target, err)
		}
		if err := writeNew(target, data); err != nil {
			return fmt.Errorf("write example register: %w", err)
		}
	}
	return nil
}

// writeNew creates path with data, failing if it already exists (O_EXCL), so
// that a file created between the check and the write is not overwritten.
func writeNew(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return fmt.Errorf("create %s: %w", path, err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("close %s: %w", path, err)
	}
	return nil
}

func boolRank(b bool) int {
	if b {
		return 1
	}
	return 0
}
