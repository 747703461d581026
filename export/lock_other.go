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
