package e2e_test

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// ropaBin is the binary built once for all tests; empty when tmux is
// missing and the tests skip.
var ropaBin string

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	if _, err := exec.LookPath("tmux"); err == nil {
		dir, err := os.MkdirTemp("", "ropa-e2e-bin-")
		if err != nil {
			fmt.Fprintf(os.Stderr, "e2e: temp dir for the binary: %v\n", err)
			return 1
		}
		defer os.RemoveAll(dir)
		bin := filepath.Join(dir, "ropa")
		build := exec.Command("go", "build", "-o", bin, "github.com/eu-ropa/ropa/cmd/ropa")
		var out bytes.Buffer
		build.Stdout, build.Stderr = &out, &out
		if err := build.Run(); err != nil {
			fmt.Fprintf(os.Stderr, "e2e: go build ./cmd/ropa: %v\n%s", err, out.String())
			return 1
		}
		ropaBin = bin
	}
	return m.Run()
}

// needTmux skips a test on a machine without tmux (.ci/run installs it).
func needTmux(t *testing.T) {
	t.Helper()
	if ropaBin == "" {
		t.Skip("tmux is not installed: the end-to-end tests drive ropa in tmux (apt-get install tmux; .ci/run does it)")
	}
	trackSources(t)
}

// buildInput reports whether files with extension ext go into the binary.
func buildInput(ext string) bool {
	switch ext {
	case ".go", ".mod", ".sum", ".toml", ".tmpl":
		return true
	}
	return false
}

// trackSources reads the module's files that go into the binary. go test
// caches a passing result until the test binary or a file the test opened
// changes; the binary is built by a separate go build, whose reads go test
// does not see, so without this a broken tui/ would still report a cached
// "ok". Only Go sources and the kinds of file the packages embed (TOML,
// templates) count; tests, testdata and built binaries do not.
func trackSources(t *testing.T) {
	t.Helper()
	root := ".."
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path != root && (strings.HasPrefix(name, ".") || name == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(name, "_test.go") || !d.Type().IsRegular() || !buildInput(filepath.Ext(name)) {
			return nil
		}
		_, err = os.ReadFile(path)
		return err
	})
	if err != nil {
		t.Fatalf("read the module's sources: %v", err)
	}
}

// personEnv is the environment of a person at a terminal: a home and a
// config folder of their own, an editor that does nothing, colour on.
func personEnv(t *testing.T) map[string]string {
	t.Helper()
	home := t.TempDir()
	return map[string]string{
		"HOME":            home,
		"XDG_CONFIG_HOME": filepath.Join(home, ".config"),
		"EDITOR":          "true",
		"VISUAL":          "true",
		"LANG":            "C.UTF-8",
		// Demo and init commit with git: give it an identity that is not the machine's.
		"GIT_AUTHOR_NAME":     "E2E Test",
		"GIT_AUTHOR_EMAIL":    "e2e@example.eu",
		"GIT_COMMITTER_NAME":  "E2E Test",
		"GIT_COMMITTER_EMAIL": "e2e@example.eu",
		"GIT_CONFIG_GLOBAL":   filepath.Join(home, ".gitconfig"),
	}
}

// ropa runs the binary without a terminal (init, lint) and returns its
// output and exit status.
func ropa(t *testing.T, env map[string]string, dir string, args ...string) (stdout, stderr string, status int) {
	t.Helper()
	cmd := exec.Command(ropaBin, args...)
	cmd.Dir = dir
	cmd.Env = os.Environ()
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	cmd.Stdin = nil
	err := cmd.Run()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			return out.String(), errb.String(), ee.ExitCode()
		}
		t.Fatalf("run ropa %v: %v", args, err)
	}
	return out.String(), errb.String(), 0
}

// lookPython finds a python3 that has tomllib (3.11 and later).
func lookPython() (string, error) {
	py, err := exec.LookPath("python3")
	if err != nil {
		return "", err
	}
	if _, err := runCommand(py, "-c", "import tomllib"); err != nil {
		return "", err
	}
	return py, nil
}

// runCommand runs a program and returns its standard output; the error
// carries its standard error.
func runCommand(name string, args ...string) (string, error) {
	cmd := exec.Command(name, args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return out.String(), fmt.Errorf("%s: %w: %s", name, err, errb.String())
	}
	return out.String(), nil
}

// startOnExample writes the example register into a new folder and starts
// ropa on it in a terminal of width×height, once the browser lists it:
// the environment, the register's folder and the command, to restart.
func startOnExample(t *testing.T, width, height int) (env map[string]string, reg string, argv []string, term *terminal) {
	t.Helper()
	env = personEnv(t)
	reg = filepath.Join(t.TempDir(), "register")
	if out, errOut, status := ropa(t, env, t.TempDir(), "init", "--example", reg); status != 0 {
		t.Fatalf("ropa init --example: status %d\n%s%s", status, out, errOut)
	}
	argv = []string{ropaBin, "--dir", reg}
	term = startTerminal(t, width, height, env, argv...)
	term.waitFor("DPR-EC-00932")
	return env, reg, argv, term
}
