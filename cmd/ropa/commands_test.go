package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/eu-ropa/ropa/example"
	"github.com/eu-ropa/ropa/model"
	"github.com/eu-ropa/ropa/records"
)

// Tests of the foundation commands on real files: init, new, list, show,
// lint, fmt, schema, generate, version, and the terminal check.

// run executes ropa with args (no --dir) and the given standard input.
func run(t *testing.T, stdin string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errOut bytes.Buffer
	cmd := newRootCmd(strings.NewReader(stdin), &out, &errOut)
	cmd.SetArgs(args)
	err = cmd.Execute()
	return out.String(), errOut.String(), err
}

func exampleRegister(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	if err := example.WriteTo(root); err != nil {
		t.Fatal(err)
	}
	return root
}

func exitCode(err error) int {
	var exit exitError
	if errors.As(err, &exit) {
		return exit.code
	}
	if err != nil {
		return 2
	}
	return 0
}

func TestLintAndFmtPassOnTheExample(t *testing.T) {
	root := exampleRegister(t)
	out, errOut, err := run(t, "", "--dir", root, "lint")
	if err != nil {
		t.Fatalf("lint on the example: %v\n%s%s", err, out, errOut)
	}
	if !strings.Contains(out, "8 records checked: 0 errors, 0 warnings") {
		t.Errorf("lint summary:\n%s", out)
	}
	out, errOut, err = run(t, "", "--dir", root, "fmt", "--check")
	if err != nil || out != "" {
		t.Fatalf("fmt --check on the example: %v\n%s%s", err, out, errOut)
	}
}

func TestBrokenRecordIsReportedAndTheRestLoads(t *testing.T) {
	root := exampleRegister(t)
	broken := filepath.Join(root, "records", "broken.toml")
	if err := os.WriteFile(broken, []byte("title = \"Broken\"\nstatus = \"draft\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(broken)

	out, _, err := run(t, "", "--dir", root, "lint")
	if exitCode(err) != 1 {
		t.Fatalf("lint with a broken file: exit %d, want 1\n%s", exitCode(err), out)
	}
	if !regexp.MustCompile(`records/broken\.toml:2:\d+: `).MatchString(out) {
		t.Errorf("lint does not give path:line:col of the broken file:\n%s", out)
	}
	if !strings.Contains(out, "9 records checked: 1 error") {
		t.Errorf("lint summary should count the broken file and the 8 others:\n%s", out)
	}

	out, errOut, err := run(t, "", "--dir", root, "list")
	if err != nil {
		t.Fatalf("list: %v", err)
	}
	if !strings.Contains(errOut, "records/broken.toml:2:") {
		t.Errorf("list does not report the broken file on stderr:\n%s", errOut)
	}
	if got := strings.Count(out, "records/"); got != 8 {
		t.Errorf("list shows %d records, want the 8 that load:\n%s", got, out)
	}
	after, _ := os.ReadFile(broken)
	if !bytes.Equal(before, after) {
		t.Error("the broken file was changed")
	}
}

func TestLintFindsErrorsAndExitsOne(t *testing.T) {
	root := exampleRegister(t)
	f, err := records.LoadFile(root, "records/emn-ies.toml")
	if err != nil {
		t.Fatal(err)
	}
	f.Record.LegalBasis.UnionLaw = ""
	if err := records.Save(root, f); err != nil {
		t.Fatal(err)
	}
	out, _, err := run(t, "", "--dir", root, "lint", "--format", "json")
	if exitCode(err) != 1 {
		t.Fatalf("exit %d, want 1", exitCode(err))
	}
	var report struct {
		Checked, Errors int
		Findings        []struct {
			File, Field, Provision, Severity, Fix string
			Line                                  int
		}
	}
	if err := json.Unmarshal([]byte(out), &report); err != nil {
		t.Fatalf("lint --format json is not JSON: %v\n%s", err, out)
	}
	found := false
	for _, f := range report.Findings {
		// The Union law is gone, so the finding points at its table, [legal_basis].
		if f.File == "records/emn-ies.toml" && f.Field == "legal_basis.union_law" && f.Severity == "error" && f.Provision != "" && f.Fix != "" && f.Line == legalBasisLine(t, root) {
			found = true
		}
	}
	if !found || report.Checked != 8 {
		t.Errorf("the missing Union law is not reported with provision and fix:\n%s", out)
	}

	// Only the named file: a path relative to the register works with --dir.
	out, _, err = run(t, "", "--dir", root, "lint", "records/imi.toml")
	if err != nil || !strings.Contains(out, "1 record checked: 0 errors") {
		t.Errorf("lint of one clean file: %v\n%s", err, out)
	}
	_, _, err = run(t, "", "--dir", root, "lint", "/etc/passwd")
	if err == nil || !strings.Contains(err.Error(), "not inside the register") {
		t.Errorf("a path outside the register: %v", err)
	}
}

func TestFmtRewritesAndCheckLists(t *testing.T) {
	root := exampleRegister(t)
	path := filepath.Join(root, "records", "imi.toml")
	canonical, _ := os.ReadFile(path)
	// The same values, hand-formatted: keys out of order, other spacing.
	lines := strings.SplitN(string(canonical), "\n", 3)
	messy := []byte(lines[1] + "\n" + strings.Replace(lines[0], " = ", "=", 1) + "\n" + lines[2])
	if err := os.WriteFile(path, messy, 0o644); err != nil {
		t.Fatal(err)
	}
	out, _, err := run(t, "", "--dir", root, "fmt", "--check")
	if exitCode(err) != 1 || strings.TrimSpace(out) != "records/imi.toml" {
		t.Fatalf("fmt --check: exit %d, output %q; want exit 1 listing records/imi.toml", exitCode(err), out)
	}
	if now, _ := os.ReadFile(path); !bytes.Equal(now, messy) {
		t.Fatal("fmt --check wrote the file")
	}
	if _, _, err := run(t, "", "--dir", root, "fmt"); err != nil {
		t.Fatalf("fmt: %v", err)
	}
	if now, _ := os.ReadFile(path); !bytes.Equal(now, canonical) {
		t.Errorf("fmt did not restore the canonical bytes:\n%s", now)
	}
}

func TestFmtRefusesFilesWithComments(t *testing.T) {
	root := exampleRegister(t)
	path := filepath.Join(root, "records", "imi.toml")
	data, _ := os.ReadFile(path)
	withComment := append([]byte("# checked by the DPO on 3 May\n"), bytes.Replace(data, []byte("version = 1\n"), []byte("version   = 1\n"), 1)...)
	if err := os.WriteFile(path, withComment, 0o644); err != nil {
		t.Fatal(err)
	}
	_, errOut, err := run(t, "", "--dir", root, "fmt")
	if exitCode(err) != 1 || !strings.Contains(errOut, "comment") {
		t.Fatalf("fmt on a file with a comment: exit %d, stderr %q", exitCode(err), errOut)
	}
	if now, _ := os.ReadFile(path); !bytes.Equal(now, withComment) {
		t.Error("fmt rewrote a file with a comment")
	}
}

func TestInitNewListShow(t *testing.T) {
	reviewGitEnv(t)
	dir := filepath.Join(t.TempDir(), "register")
	out, _, err := run(t, "", "init", "--name", "European Test Agency", "--short-name", "ETA",
		"--prefix", "DPR-ETA-", "--dpo-email", "dpo@eta.europa.eu", "--languages", "en,fr", dir)
	if err != nil {
		t.Fatalf("init: %v\n%s", err, out)
	}
	info, err := records.LoadRegisterInfo(dir)
	if err != nil {
		t.Fatal(err)
	}
	if info.Name != "European Test Agency" || info.ReferencePrefix != "DPR-ETA-" || strings.Join(info.Languages, ",") != "en,fr" || info.EDPS.Email == "" {
		t.Errorf("register.toml: %+v", info)
	}
	if _, err := os.Stat(filepath.Join(dir, ".git")); err != nil {
		t.Error("init made no Git repository")
	}
	if branch := reviewGit(t, dir, "branch", "--show-current"); strings.TrimSpace(branch) != "main" {
		t.Errorf("init's branch is %q, want main", branch)
	}
	if log := reviewGit(t, dir, "log", "--format=%s"); !strings.Contains(log, "Create the register") {
		t.Errorf("init made no first commit: %q", log)
	}
	if _, _, err := run(t, "", "init", "--name", "Again", dir); err == nil {
		t.Error("init over an existing register succeeded")
	}

	out, _, err = run(t, "", "--dir", dir, "new", "--title", "Visitor badges", "--unit", "Unit A.1", "--purpose", "Give visitors a badge", "--purpose", "Know who is in the building")
	if err != nil || !strings.Contains(out, "records/visitor-badges.toml") {
		t.Fatalf("new: %v\n%s", err, out)
	}
	f, err := records.LoadFile(dir, "records/visitor-badges.toml")
	if err != nil {
		t.Fatal(err)
	}
	r := f.Record
	if r.Controller.Organisation != "European Test Agency" {
		t.Errorf("new: organisation %q, want the register's name", r.Controller.Organisation)
	}
	if r.Title != "Visitor badges" || r.Controller.Unit != "Unit A.1" || len(r.Purposes) != 2 || r.Status != model.StatusDraft || r.Language != "en" || r.Kind != model.KindController {
		t.Errorf("new wrote %+v", r)
	}
	// A second record with the same title gets its own file.
	out, _, err = run(t, "", "--dir", dir, "new", "--title", "Visitor badges")
	if err != nil || strings.Contains(out, "records/visitor-badges.toml") {
		t.Errorf("second new with the same title: %v %s", err, out)
	}

	// new --stdin takes a whole record.
	stdin := "title = \"Canteen cards\"\nreference = \"DPR-ETA-00001\"\nstatus = \"draft\"\n"
	out, _, err = run(t, stdin, "--dir", dir, "new", "--stdin", "--slug", "canteen")
	if err != nil {
		t.Fatalf("new --stdin: %v\n%s", err, out)
	}
	_, _, err = run(t, "title = \"X\"\nflavour = \"sweet\"\n", "--dir", dir, "new", "--stdin", "--slug", "bad")
	if err == nil || !strings.Contains(err.Error(), "flavour") {
		t.Errorf("new --stdin with an unknown key: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "records", "bad.toml")); err == nil {
		t.Error("a rejected record was written")
	}
	_, _, err = run(t, stdin, "--dir", dir, "new", "--stdin", "--slug", "../escape")
	if err == nil {
		t.Error("a slug escaping the folder was accepted")
	}

	out, _, err = run(t, "", "--dir", dir, "list", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var rows []struct{ File, Reference, Title, Status string }
	if err := json.Unmarshal([]byte(out), &rows); err != nil || len(rows) != 3 {
		t.Fatalf("list --json: %v, %d rows\n%s", err, len(rows), out)
	}
	out, _, err = run(t, "", "--dir", dir, "show", "DPR-ETA-00001")
	if err != nil || !strings.Contains(out, `title = "Canteen cards"`) {
		t.Errorf("show by reference: %v\n%s", err, out)
	}
	if _, _, err = run(t, "", "--dir", dir, "show", "DPR-ETA-99999"); err == nil {
		t.Error("show of an unknown reference succeeded")
	}
	if lower, _, err := run(t, "", "--dir", dir, "show", "dpr-eta-00001"); err != nil || lower != out {
		t.Errorf("show by a lower-case reference: %v", err)
	}
	// show's output is the file itself: piped into new --stdin, it makes a copy.
	copyIn := strings.Replace(out, `reference = "DPR-ETA-00001"`+"\n", "", 1)
	if _, _, err := run(t, copyIn, "--dir", dir, "new", "--stdin", "--slug", "canteen-copy"); err != nil {
		t.Errorf("show | new --stdin: %v", err)
	}
	if _, _, err := run(t, "", "--dir", dir, "list", "--status", "final"); err == nil || !strings.Contains(err.Error(), "unknown --status") {
		t.Errorf("list --status final: %v", err)
	}
	if _, _, err := run(t, "", "--dir", dir, "new", "--title", "Odd", "--kind", "joint"); err == nil || !strings.Contains(err.Error(), "joint") {
		t.Errorf("new --kind joint: %v", err)
	}
}

func TestInitExampleAndGenerate(t *testing.T) {
	reviewGitEnv(t)
	dir := filepath.Join(t.TempDir(), "ex")
	if _, _, err := run(t, "", "init", "--example", "--no-git", dir); err != nil {
		t.Fatal(err)
	}
	reg, err := records.Load(dir)
	if err != nil || len(reg.Files) != len(example.Names()) || len(reg.Errors) != 0 {
		t.Fatalf("init --example: %v, %d files", err, len(reg.Files))
	}
	gen := filepath.Join(t.TempDir(), "gen")
	if _, _, err := run(t, "", "generate", "--records", "25", gen); err != nil {
		t.Fatal(err)
	}
	reg, err = records.Load(gen)
	if err != nil || len(reg.Files) != 25 {
		t.Fatalf("generate: %v, %d files", err, len(reg.Files))
	}
	if _, _, err := run(t, "", "generate", "--records", "5", gen); err == nil {
		t.Error("generate over an existing register succeeded")
	}
}

func TestSchemaVersionAndTerminalCheck(t *testing.T) {
	out, _, err := run(t, "", "schema")
	if err != nil || !json.Valid([]byte(out)) || !strings.Contains(out, "union_law") {
		t.Errorf("schema: %v, valid JSON %v", err, json.Valid([]byte(out)))
	}
	file := filepath.Join(t.TempDir(), "record.schema.json")
	if _, _, err := run(t, "", "schema", "--out", file); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(file); string(data) != out {
		t.Error("schema --out wrote something else than schema prints")
	}
	out, _, err = run(t, "", "version")
	if err != nil || !strings.HasPrefix(out, "ropa ") {
		t.Errorf("version: %v %q", err, out)
	}
	// Standard streams that are not terminals: a clear message, no program.
	root := exampleRegister(t)
	_, _, err = run(t, "", "--dir", root)
	if err == nil || !strings.Contains(err.Error(), "needs a terminal") || !strings.Contains(err.Error(), "ropa list") {
		t.Errorf("ropa without a terminal: %v", err)
	}
}

// A first line "#:schema …" is an editor directive, not a comment: fmt
// keeps it, and --check accepts it.
func TestFmtKeepsSchemaDirective(t *testing.T) {
	root := exampleRegister(t)
	path := filepath.Join(root, "records", "imi.toml")
	data, _ := os.ReadFile(path)
	withSchema := append([]byte("#:schema ../record.schema.json\n\n"), data...)
	if err := os.WriteFile(path, withSchema, 0o644); err != nil {
		t.Fatal(err)
	}
	if out, _, err := run(t, "", "--dir", root, "fmt", "--check"); err != nil {
		t.Fatalf("fmt --check on a canonical file with #:schema: %v\n%s", err, out)
	}
	if err := os.WriteFile(path, bytes.Replace(withSchema, []byte("version = 1"), []byte("version=1"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := run(t, "", "--dir", root, "fmt"); err != nil {
		t.Fatal(err)
	}
	if now, _ := os.ReadFile(path); !bytes.Equal(now, withSchema) {
		t.Errorf("fmt lost or changed the #:schema line:\n%s", now[:80])
	}
}

func legalBasisLine(t *testing.T, root string) int {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root, "records", "emn-ies.toml"))
	if err != nil {
		t.Fatal(err)
	}
	for i, line := range strings.Split(string(data), "\n") {
		if line == "[legal_basis]" {
			return i + 1
		}
	}
	t.Fatal("no [legal_basis] in emn-ies.toml")
	return 0
}
