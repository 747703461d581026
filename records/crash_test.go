package records

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/eu-ropa/ropa/model"
)

// crashChildEnv, when set to a register root, makes the test binary a child
// that saves records/x.toml over and over, alternating two versions, until
// it is killed.
const crashChildEnv = "ROPA_RECORDS_CRASH_CHILD"

func TestMain(m *testing.M) {
	if root := os.Getenv(crashChildEnv); root != "" {
		os.Exit(crashChild(root))
	}
	code := m.Run()
	removeBenchRegister()
	os.Exit(code)
}

// crashVersions are the two versions the child alternates: of different
// sizes, the larger big enough that a kill often lands inside a write.
func crashVersions() (a, b model.Record) {
	a = syntheticRecord(rngFor(3), syntheticRegister(), 0)
	a.Title = "version A"
	b = a
	b.Title = "version B"
	b.Notes = strings.Repeat("A long internal note, written line by line.\n", 1000)
	return a, b
}

func crashChild(root string) int {
	a, b := crashVersions()
	for saves := 0; ; saves++ {
		if saves == 2 {
			// Tell the parent the saves are under way, so that its kill
			// lands among them however slowly this process started.
			fmt.Println("saving")
		}
		f, err := LoadFile(root, "records/x.toml")
		if err != nil {
			fmt.Fprintln(os.Stderr, "child: load:", err)
			return 3
		}
		if f.Record.Title == a.Title {
			f.Record = b
		} else {
			f.Record = a
		}
		if err := Save(root, f); err != nil {
			fmt.Fprintln(os.Stderr, "child: save:", err)
			return 4
		}
	}
}

// A child killed with SIGKILL at random moments while saving leaves the
// file either the old or the new version, always parseable, and nothing
// that Load would take for a record.
func TestCrashDuringSave(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test skipped in -short mode")
	}
	root := newRegister(t)
	a, b := crashVersions()
	if _, err := Create(root, "x", &a); err != nil {
		t.Fatal(err)
	}
	versions := map[string][]byte{"A": Encode(&a), "B": Encode(&b)}
	name := filepath.Join(root, "records", "x.toml")
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed) // the kill moments, to replay a failure
	rng := rngFor(seed)
	seen := map[string]int{}
	const runs = 40
	for i := range runs {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), crashChildEnv+"="+root)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		if _, err := bufio.NewReader(stdout).ReadString('\n'); err != nil {
			cmd.Process.Kill()
			t.Fatalf("run %d: the child did not start saving: %v\n%s", i, err, stderr.String())
		}
		time.Sleep(time.Duration(rng.IntN(20000)) * time.Microsecond)
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatalf("run %d: kill: %v (the child ended early: %s)", i, err, stderr.String())
		}
		err = cmd.Wait()
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
			t.Fatalf("run %d: the child was not killed but ended: %v\n%s", i, err, stderr.String())
		}

		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatalf("run %d: %v", i, err)
		}
		which := ""
		for v, enc := range versions {
			if bytes.Equal(data, enc) {
				which = v
			}
		}
		if which == "" {
			t.Fatalf("run %d: the file is neither version (%d bytes):\n%.300s", i, len(data), data)
		}
		seen[which]++
		reg, err := Load(root)
		if err != nil || len(reg.Files) != 1 || len(reg.Errors) != 0 {
			t.Fatalf("run %d: load after the crash: %v, %d files, errors %v", i, err, len(reg.Files), reg.Errors)
		}
	}
	if seen["A"] == 0 || seen["B"] == 0 {
		t.Errorf("the child never completed a save of both versions (seen %v): the test proves nothing", seen)
	}
	entries, _ := os.ReadDir(filepath.Join(root, "records"))
	left := len(entries) - 1
	t.Logf("%d runs: version A %d times, B %d times; %d temporary files left by kills (Load ignores them)",
		runs, seen["A"], seen["B"], left)
	removed, err := RemoveStaleTemp(root, 0)
	if err != nil || removed != left {
		t.Errorf("RemoveStaleTemp removed %d of %d: %v", removed, left, err)
	}
	if _, err := os.Stat(name); err != nil {
		t.Errorf("RemoveStaleTemp touched the record: %v", err)
	}
}
