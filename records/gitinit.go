package records

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

// CommitAll commits every change in root (and below it only). When no Git identity is
// configured (a fresh machine, a demo), it commits as "ropa" so that the
// commit does not fail.
func CommitAll(root, message string) error {
	if _, err := runGit(root, "add", "--all", "--", "."); err != nil {
		return err
	}
	args := []string{"commit", "--quiet", "--no-verify", "-m", message}
	if _, err := runGit(root, "config", "user.email"); err != nil {
		args = append([]string{"-c", "user.name=ropa", "-c", "user.email=ropa@localhost"}, args...)
	}
	_, err := runGit(root, args...)
	return err
}
