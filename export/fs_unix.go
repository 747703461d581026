//go:build unix

package export

import (
	"io/fs"
	"os"
	"syscall"
	"time"
)

// openNoFollow makes the comparison with a file in place open the file
// itself, never what a symbolic link points to, and never wait on a FIFO.
const openNoFollow = syscall.O_NOFOLLOW | syscall.O_NONBLOCK

// lockDir holds an advisory lock on a folder until unlock (or the
// process's end, however it ends).
func lockDir(dir string) (unlock func(), err error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		return nil, err
	}
	return func() { f.Close() }, nil
}

// tryLockDir takes the lock of lockDir, unless a process holds it. Where
// the file system has no locks, it goes by age: a folder older than
// staleAfter is no running export's.
func tryLockDir(dir string) (unlock func(), ok bool) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, false
	}
	err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	if err == nil {
		return func() { f.Close() }, true
	}
	defer f.Close()
	if err == syscall.EWOULDBLOCK {
		return nil, false
	}
	info, serr := f.Stat()
	if serr != nil || time.Since(info.ModTime()) < staleAfter {
		return nil, false
	}
	return func() {}, true
}

// createFile creates the file p, which must not exist, with data and mode
// 0644 (chmod: set it explicitly, past the umask). It goes straight to the
// system calls: an os.File costs more system calls (to try the poller) and
// an allocation with a finalizer, per file of tens of thousands.
func createFile(p string, data []byte, chmod bool) error {
	var fd int
	var err error
	for {
		fd, err = syscall.Open(p, syscall.O_WRONLY|syscall.O_CREAT|syscall.O_EXCL|syscall.O_CLOEXEC, 0o644)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		return &fs.PathError{Op: "open", Path: p, Err: err}
	}
	for len(data) > 0 && err == nil {
		var n int
		n, err = syscall.Write(fd, data)
		if err == syscall.EINTR {
			err = nil
		}
		if n > 0 {
			data = data[n:]
		} else if err == nil {
			err = syscall.EIO // no progress and no error: give up
		}
	}
	if err == nil && chmod {
		err = syscall.Fchmod(fd, 0o644)
	}
	if cerr := syscall.Close(fd); err == nil {
		err = cerr
	}
	if err != nil {
		return &fs.PathError{Op: "write", Path: p, Err: err}
	}
	return nil
}
