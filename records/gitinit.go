package records

import (
	"fmt"
	"os"
	"path/filepath"
)

// InitRepo makes root a Git repository unless it is already inside one.
// It reports whether it created one.
func InitRepo(root string) (bool, error) {
	if _, err := runGit(root, "rev-parse", "--is-inside-work-tree"); err == nil {
		return false, nil
	}
	// "main": the branch 'ropa assign' and the README's commands expect,
	// whatever the machine's init.defaultBranch says.
	if _, err := runGit(root, "init", "--quiet", "--initial-branch=main"); err != nil {
		return false, err
	}
	return true, nil
}

// InitOwnRepo makes root a Git repository of its own, even inside another
// work tree, so that commits made in root never touch the enclosing one
// (the demo's temporary folder may sit inside a user's repository).
func InitOwnRepo(root string) error {
	_, err := runGit(root, "init", "--quiet", "--initial-branch=main")
	return err
}

// CommitRegister commits the register's own files in root: register.toml,
// records/ and templates/, and nothing else the folder holds (a register
// created in a folder with other files must not commit those). When no Git
// identity is configured (a fresh machine, a demo), it commits as "ropa"
// so that the commit does not fail.
func CommitRegister(root, message string) error {
	args := []string{"add", "--all", "--"}
	for _, p := range []string{RegisterFile, RecordsDir, TemplatesDir} {
		if _, err := os.Lstat(filepath.Join(root, p)); err == nil {
			args = append(args, p)
		}
	}
	if len(args) == 3 {
		return fmt.Errorf("commit %s: no %s in it", root, RegisterFile)
	}
	if _, err := runGit(root, args...); err != nil {
		return err
	}
	commit := []string{"commit", "--quiet", "--no-verify", "-m", message}
	if _, err := runGit(root, "config", "user.email"); err != nil {
		commit = append([]string{"-c", "user.name=ropa", "-c", "user.email=ropa@localhost"}, commit...)
	}
	_, err := runGit(root, commit...)
	return err
}
