package records

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func git(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(),
		"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.org",
		"GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.org")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

func write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// The register lives in a sub-folder of the repository, as it may in an
// institution's monorepo: paths must come back relative to the register.
func TestGitStatusStates(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	repo := t.TempDir()
	root := filepath.Join(repo, "dpo register")
	git(t, repo, "init", "-q")
	write(t, filepath.Join(repo, "outside.txt"), "x")
	write(t, filepath.Join(root, "register.toml"), "name = \"x\"\n")
	write(t, filepath.Join(root, "records", "clean.toml"), "title = \"a\"\n")
	write(t, filepath.Join(root, "records", "changed.toml"), "title = \"b\"\n")
	write(t, filepath.Join(root, "records", "gone.toml"), "title = \"c\"\n")
	write(t, filepath.Join(root, "records", "old name.toml"), "title = \"d\"\n")
	git(t, repo, "add", ".")
	git(t, repo, "commit", "-q", "-m", "start")

	write(t, filepath.Join(root, "records", "changed.toml"), "title = \"B\"\n")
	write(t, filepath.Join(root, "records", "brand-new.toml"), "title = \"e\"\n")
	write(t, filepath.Join(root, "records", "staged.toml"), "title = \"f\"\n")
	write(t, filepath.Join(repo, "outside.txt"), "y")
	if err := os.Remove(filepath.Join(root, "records", "gone.toml")); err != nil {
		t.Fatal(err)
	}
	git(t, repo, "add", filepath.Join(root, "records", "staged.toml"))
	git(t, repo, "mv", filepath.Join(root, "records", "old name.toml"), filepath.Join(root, "records", "renamed.toml"))

	got, err := GitStatus(root)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"records/changed.toml":   GitModified,
		"records/brand-new.toml": GitNew,
		"records/staged.toml":    GitNew,
		"records/gone.toml":      GitDeleted,
		"records/renamed.toml":   GitModified,
	}
	if len(got) != len(want) {
		t.Errorf("got %d states %v, want %d %v", len(got), got, len(want), want)
	}
	for path, state := range want {
		if got[path] != state {
			t.Errorf("%s: state %q, want %q", path, got[path], state)
		}
	}
	if _, ok := got["records/clean.toml"]; ok {
		t.Errorf("clean file reported: %v", got)
	}
}

func TestGitStatusNotARepository(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	dir := t.TempDir()
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(dir))
	_, err := GitStatus(dir)
	if !errors.Is(err, ErrNotGit) {
		t.Fatalf("err = %v, want ErrNotGit", err)
	}
}

func TestParsePorcelainRejectsGarbage(t *testing.T) {
	if _, err := parsePorcelain("nonsense\x00", ""); err == nil {
		t.Fatal("want an error for a malformed entry")
	}
}

// The demo's folder may sit inside someone's repository: its commit must
// go to a repository of its own and leave the enclosing one untouched.
func TestInitOwnRepoInsideAnotherRepository(t *testing.T) {
	outer := t.TempDir()
	git := func(dir string, args ...string) string {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL="+os.DevNull, "GIT_CONFIG_NOSYSTEM=1")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
		return string(out)
	}
	git(outer, "init", "--quiet")
	write(t, filepath.Join(outer, "mine.txt"), "the user's own work\n")
	inner := filepath.Join(outer, "demo")
	write(t, filepath.Join(inner, "register.toml"), "name = \"Demo\"\n")
	if err := InitOwnRepo(inner); err != nil {
		t.Fatal(err)
	}
	t.Setenv("GIT_CONFIG_GLOBAL", os.DevNull)
	if err := CommitRegister(inner, "Example register"); err != nil {
		t.Fatal(err)
	}
	if st := git(outer, "status", "--porcelain"); !strings.Contains(st, "?? mine.txt") {
		t.Errorf("the enclosing repository changed: %q", st)
	}
	if log := git(inner, "log", "--oneline"); !strings.Contains(log, "Example register") {
		t.Errorf("the demo's repository has no commit: %q", log)
	}
}
