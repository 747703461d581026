package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/eu-ropa/ropa/example"
	"github.com/eu-ropa/ropa/internal/markdown"
	"github.com/eu-ropa/ropa/model"
	"github.com/eu-ropa/ropa/records"
)

// Tests of the review commands: diff, textconv, git-setup, assign and
// lint --format github, on real Git repositories.

func reviewGitEnv(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	t.Setenv("GIT_CONFIG_GLOBAL", os.DevNull)
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	t.Setenv("GIT_AUTHOR_NAME", "Ada Controller")
	t.Setenv("GIT_AUTHOR_EMAIL", "ada@example.eu")
	t.Setenv("GIT_COMMITTER_NAME", "Ada Controller")
	t.Setenv("GIT_COMMITTER_EMAIL", "ada@example.eu")
}

func reviewGit(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// reviewRegister writes the example register into a new repository on
// branch main (in sub, when not "") and commits it.
func reviewRegister(t *testing.T, sub string) string {
	t.Helper()
	reviewGitEnv(t)
	top := t.TempDir()
	reviewGit(t, top, "init", "--quiet", "--initial-branch=main")
	root := filepath.Join(top, sub)
	if err := os.MkdirAll(root, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := example.WriteTo(root); err != nil {
		t.Fatal(err)
	}
	reviewGit(t, root, "add", "--all")
	reviewGit(t, root, "commit", "--quiet", "-m", "Example register")
	return root
}

// ropa runs a command against the register at root and returns its
// output and error.
func ropa(t *testing.T, root string, args ...string) (string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	cmd := newRootCmd(strings.NewReader(""), &out, &errOut)
	cmd.SetArgs(append([]string{"--dir", root}, args...))
	err := cmd.Execute()
	return out.String() + errOut.String(), err
}

// editRecord loads a record of the working tree, changes it and saves it.
func editRecord(t *testing.T, root, slug string, edit func(r *model.Record)) {
	t.Helper()
	f, err := records.LoadFile(root, "records/"+slug+".toml")
	if err != nil {
		t.Fatal(err)
	}
	edit(&f.Record)
	if err := records.Save(root, f); err != nil {
		t.Fatal(err)
	}
}

func logData(r *model.Record) *model.DataCategory {
	for i := range r.DataCategories {
		if r.DataCategories[i].Name == "Log data" {
			return &r.DataCategories[i]
		}
	}
	panic("no Log data category")
}

func TestDiffCommand(t *testing.T) {
	root := reviewRegister(t, "")
	out, err := ropa(t, root, "diff")
	if err != nil || out != "No record changed.\n" {
		t.Fatalf("diff of a clean tree: %q, %v", out, err)
	}

	var oldRetention string
	editRecord(t, root, "emn-ies", func(r *model.Record) {
		oldRetention = logData(r).Retention
		logData(r).Retention = "One year after the last access."
		r.Status = model.StatusApproved
		r.Purposes = append(r.Purposes, "Produce usage statistics")
	})
	out, err = ropa(t, root, "diff")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"DPR-EC-00932 · European Migration Network Information Exchange System (EMN IES) (records/emn-ies.toml): status published → approved\n",
		"DPR-EC-00932 · Personal data › Log data › retention: '" + oldRetention + "' → 'One year after the last access.'\n",
		"DPR-EC-00932 · Purposes: added 'Produce usage statistics'\n",
		"1 record changed: 1 modified.\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("diff output lacks %q:\n%s", want, out)
		}
	}
	if n := strings.Count(out, "\n"); n != 5 {
		t.Errorf("diff output has %d lines, want 5:\n%s", n, out)
	}

	md, err := ropa(t, root, "diff", "--format", "md")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"## Changes to the records\n",
		"### DPR-EC-00932 · European Migration Network Information Exchange System (EMN IES)\n",
		"`records/emn-ies.toml` · **status: published → approved**\n",
		"| Field | Before | After |\n| --- | --- | --- |\n",
		"| Personal data › Log data › retention | " + markdown.Cell(oldRetention) + " | One year after the last access. |\n",
		"| Purposes |  | Produce usage statistics |\n",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}

	js, err := ropa(t, root, "diff", "--format", "json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Old, New string
		Records  []struct {
			Change, Reference, NewPath string
			Changes                    []model.Change
		}
	}
	if err := json.Unmarshal([]byte(js), &doc); err != nil {
		t.Fatalf("json: %v\n%s", err, js)
	}
	if doc.Old != "HEAD" || doc.New != "working tree" || len(doc.Records) != 1 || doc.Records[0].Reference != "DPR-EC-00932" ||
		len(doc.Records[0].Changes) != 3 || !doc.Records[0].Changes[0].IsStatus() {
		t.Errorf("json: %+v", doc)
	}

	if _, err := ropa(t, root, "diff", "--exit-code"); err == nil {
		t.Error("--exit-code with changes: no error")
	}
	if _, err := ropa(t, root, "diff", "--format", "xml"); err == nil || !strings.Contains(err.Error(), "text, md or json") {
		t.Errorf("unknown format: %v", err)
	}
	if _, err := ropa(t, root, "diff", "nope"); err == nil || !strings.Contains(err.Error(), `"nope" is not a commit`) {
		t.Errorf("unknown revision: %v", err)
	}
}

func TestDiffCommandRevisionsAndRename(t *testing.T) {
	root := reviewRegister(t, "dpo")
	reviewGit(t, root, "switch", "--quiet", "-c", "rename")
	reviewGit(t, root, "mv", "records/emn-ies.toml", "records/emn.toml")
	editRecord(t, root, "emn", func(r *model.Record) { logData(r).Retention = "1 year" })
	editRecord(t, root, "imi", func(r *model.Record) { r.Controller.Unit = "DG GROW E.5" })
	if err := os.Remove(filepath.Join(root, "records/home-newsletter.toml")); err != nil {
		t.Fatal(err)
	}
	reviewGit(t, root, "add", "--all")
	reviewGit(t, root, "commit", "--quiet", "-m", "Rename, edit, remove")

	for _, args := range [][]string{{"main", "rename"}, {"main..rename"}, {"main...HEAD"}, {"main"}} {
		out, err := ropa(t, root, append([]string{"diff"}, args...)...)
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{
			"(file renamed records/emn-ies.toml → records/emn.toml)\n",
			"DPR-EC-00932 · Personal data › Log data › retention: '",
			"' → '1 year'\n",
			"DPR-EC-00373 · Controller › unit: ",
			"\nrecords/home-newsletter.toml · ",
			" (record removed)\n",
			"3 records changed: 1 removed, 1 renamed, 1 modified.\n",
		} {
			if !strings.Contains(out, want) {
				t.Errorf("ropa diff %v lacks %q:\n%s", args, want, out)
			}
		}
	}
	// Backwards, the rename reads the other way and the record comes back.
	out, err := ropa(t, root, "diff", "rename", "main")
	if err != nil || !strings.Contains(out, "(file renamed records/emn.toml → records/emn-ies.toml)") ||
		!strings.Contains(out, " (new record): status draft\nrecords/home-newsletter.toml · Title: added '") {
		t.Errorf("reverse diff: %v\n%s", err, out)
	}
}

func TestTextconv(t *testing.T) {
	dir := t.TempDir()
	r := &model.Record{
		Title:       "Staff survey",
		Status:      model.StatusDraft,
		LastUpdated: time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC),
		Description: "An online survey.\n\nAnswers are anonymous.",
		Purposes:    []string{"Measure satisfaction", "Plan training"},
		DataCategories: []model.DataCategory{
			{Name: "Answers", Items: []string{"Ratings", "Comments"}, Mandatory: true, Retention: "2 years"},
		},
	}
	path := filepath.Join(dir, "survey.toml")
	if err := os.WriteFile(path, records.Encode(r), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := ropa(t, dir, "textconv", path)
	if err != nil {
		t.Fatal(err)
	}
	want := `Title: Staff survey
Status: draft
Last updated: 2025-03-01
Description: An online survey.
Description:
Description: Answers are anonymous.
Purposes: Measure satisfaction
Purposes: Plan training
Personal data: Answers
Personal data › Answers › items: Ratings
Personal data › Answers › items: Comments
Personal data › Answers › mandatory: yes
Personal data › Answers › retention: 2 years
`
	if out != want {
		t.Errorf("textconv:\n%s\nwant:\n%s", out, want)
	}

	// Not a record (here: a merge conflict left in it): printed as it is.
	broken := "title = \"a\"\n<<<<<<< HEAD\nstatus = \"draft\"\n=======\nstatus = \"approved\"\n>>>>>>> b\n"
	if err := os.WriteFile(path, []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := ropa(t, dir, "textconv", path); err != nil || out != broken {
		t.Errorf("textconv of a broken file: %q, %v", out, err)
	}
}

// Through the driver that git-setup installs, plain git diff shows the
// labelled field.
func TestGitSetupAndGitDiffThroughTextconv(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	goBinary := mustLookPath(t, "go") // before PATH is narrowed below
	root := reviewRegister(t, "")
	// Without ropa on the PATH, and run from a temporary build (as this
	// test binary is), git-setup refuses: git could not run it later.
	t.Setenv("PATH", filepath.Dir(mustLookPath(t, "git")))
	if out, err := ropa(t, root, "git-setup"); err == nil || !strings.Contains(err.Error(), "not on your PATH") {
		t.Fatalf("git-setup without ropa on the PATH: %v\n%s", err, out)
	}
	onPath := t.TempDir()
	if err := os.WriteFile(filepath.Join(onPath, "ropa"), []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", onPath+string(os.PathListSeparator)+os.Getenv("PATH"))
	out, err := ropa(t, root, "git-setup")
	if err != nil || !strings.Contains(out, `added "records/*.toml diff=ropa" to .gitattributes`) ||
		!strings.Contains(out, `set git config diff.ropa.textconv "ropa textconv"`) {
		t.Fatalf("git-setup: %v\n%s", err, out)
	}
	if out, err := ropa(t, root, "git-setup"); err != nil || !strings.HasPrefix(out, "Already set up") {
		t.Errorf("second git-setup: %v\n%s", err, out)
	}

	bin := filepath.Join(t.TempDir(), "ropa")
	build := exec.Command(goBinary, "build", "-o", bin, ".")
	if msg, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, msg)
	}
	if _, err := ropa(t, root, "git-setup", "--command", bin+" textconv"); err != nil {
		t.Fatal(err)
	}
	editRecord(t, root, "emn-ies", func(r *model.Record) { logData(r).Retention = "1 year" })
	diff := reviewGit(t, root, "diff", "--no-color")
	if !strings.Contains(diff, "\n+Personal data › Log data › retention: 1 year\n") ||
		!strings.Contains(diff, "\n-Personal data › Log data › retention: Retained in accordance") {
		t.Errorf("git diff through textconv:\n%s", diff)
	}
	changed := 0
	for _, line := range strings.Split(diff, "\n") {
		if (strings.HasPrefix(line, "+") || strings.HasPrefix(line, "-")) && !strings.HasPrefix(line, "+++") && !strings.HasPrefix(line, "---") {
			changed++
		}
	}
	if changed != 2 {
		t.Errorf("git diff through textconv changed %d lines, want 2:\n%s", changed, diff)
	}
}

func TestAssignCommand(t *testing.T) {
	root := reviewRegister(t, "")
	out, err := ropa(t, root, "new", "--title", "Staff survey 2027")
	if err != nil {
		t.Fatalf("new: %v\n%s", err, out)
	}
	reviewGit(t, root, "add", "--all")
	reviewGit(t, root, "commit", "--quiet", "-m", "New draft")

	reviewGit(t, root, "switch", "--quiet", "-c", "survey")
	_, err = ropa(t, root, "assign", "staff-survey-2027")
	if err == nil || !strings.Contains(err.Error(), `the current branch is "survey"`) {
		t.Fatalf("assign off the main branch: %v", err)
	}
	if f, _ := records.LoadFile(root, "records/staff-survey-2027.toml"); f.Record.Reference != "" {
		t.Fatal("a refused assign wrote a reference")
	}

	reviewGit(t, root, "switch", "--quiet", "main")
	reg, err := records.Load(root)
	if err != nil {
		t.Fatal(err)
	}
	highest := 0
	for _, f := range reg.Files {
		if n, err := strconv.Atoi(strings.TrimPrefix(f.Record.Reference, "DPR-EC-")); err == nil {
			highest = max(highest, n)
		}
	}
	want := "DPR-EC-" + leftPad(strconv.Itoa(highest+1), 5)
	out, err = ropa(t, root, "assign", "records/staff-survey-2027.toml")
	if err != nil || !strings.Contains(out, "records/staff-survey-2027.toml: reference "+want+"\n") {
		t.Fatalf("assign on main: %v\n%s", err, out)
	}
	if f, _ := records.LoadFile(root, "records/staff-survey-2027.toml"); f.Record.Reference != want {
		t.Errorf("saved reference %q, want %q", f.Record.Reference, want)
	}
	if _, err := ropa(t, root, "assign", "staff-survey-2027"); err == nil || !strings.Contains(err.Error(), "already has the reference "+want) {
		t.Errorf("second assign: %v", err)
	}
	reviewGit(t, root, "switch", "--quiet", "-c", "trunk")
	if _, err := ropa(t, root, "assign", "--branch", "trunk", "emn-ies"); err == nil || !strings.Contains(err.Error(), "already has") {
		t.Errorf("assign --branch trunk on a referenced record: %v", err)
	}
}

func leftPad(s string, n int) string {
	return strings.Repeat("0", max(n-len(s), 0)) + s
}

func TestLintFormatGitHub(t *testing.T) {
	root := reviewRegister(t, "registers/ec")
	var line int
	editRecord(t, root, "emn-ies", func(r *model.Record) { logData(r).Retention = "" })
	data, err := os.ReadFile(filepath.Join(root, "records/emn-ies.toml"))
	if err != nil {
		t.Fatal(err)
	}
	lines := records.FieldLines(data)
	for p, l := range lines {
		if strings.HasPrefix(p, "data_categories[") && strings.HasSuffix(p, "].name") && strings.Contains(strings.Split(string(data), "\n")[l-1], `"Log data"`) {
			line = lines[strings.TrimSuffix(p, ".name")]
		}
	}
	if line == 0 {
		t.Fatal("no Log data category in the file")
	}
	if err := os.WriteFile(filepath.Join(root, "records/broken.toml"), []byte("title = \"x\"\nstatus = \n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := ropa(t, root, "lint", "--format", "github")
	if err == nil {
		t.Error("lint with a broken file exited 0")
	}
	var retention, broken string
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "::") && strings.Contains(l, "file=registers/ec/records/emn-ies.toml,") && strings.Contains(l, "retention") {
			retention = l
		}
		if strings.HasPrefix(l, "::error file=registers/ec/records/broken.toml,") {
			broken = l
		}
	}
	wantPrefix := "::warning file=registers/ec/records/emn-ies.toml,line=" + strconv.Itoa(line) + ",title=ropa lint%3A data_categories["
	if !strings.HasPrefix(retention, wantPrefix) || !strings.Contains(retention, "%0AFix: ") {
		t.Errorf("retention annotation = %q\nwant prefix %q\nall:\n%s", retention, wantPrefix, out)
	}
	if !strings.HasPrefix(broken, "::error file=registers/ec/records/broken.toml,line=2,col=") {
		t.Errorf("parse error annotation = %q\nall:\n%s", broken, out)
	}
	if !strings.Contains(out, "records checked: ") {
		t.Errorf("no summary line:\n%s", out)
	}
}

func mustLookPath(t *testing.T, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		t.Skipf("%s is not installed", name)
	}
	return path
}
