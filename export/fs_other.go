//go:build !unix

package export

import (
	"os"
	"time"
)

const openNoFollow = 0

// lockDir does nothing here: tryLockDir goes by age instead.
func lockDir(dir string) (unlock func(), err error) { return func() {}, nil }

// tryLockDir takes a staging folder for removal when it is older than
// staleAfter: no export runs that long.
func tryLockDir(dir string) (unlock func(), ok bool) {
	info, err := os.Stat(dir)
	if err != nil || time.Since(info.ModTime()) < staleAfter {
		return nil, false
	}
	return func() {}, true
}

// createFile creates the file p, which must not exist, with data and mode
// 0644 (chmod: set it explicitly, past the umask).
func createFile(p string, data []byte, chmod bool) error {
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil && chmod {
		err = f.Chmod(0o644)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
