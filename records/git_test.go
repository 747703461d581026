package records

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/eu-ropa/ropa/model"
)

// gitEnv isolates the tests' git from the machine's configuration and
// gives it an identity.
func gitEnv(t *testing.T) {
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

func gitT(t *testing.T, dir string, args ...string) string {
	t.Helper()
	out, err := runGit(dir, args...)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// newGitRegister makes a repository on branch main holding a register in
// sub (the repository's top when sub is "") and returns the register root.
func newGitRegister(t *testing.T, sub string) string {
	t.Helper()
	gitEnv(t)
	top := t.TempDir()
	gitT(t, top, "init", "--quiet", "--initial-branch=main")
	root := filepath.Join(top, filepath.FromSlash(sub))
	if err := os.MkdirAll(filepath.Join(root, RecordsDir), 0o755); err != nil {
		t.Fatal(err)
	}
	info := model.Register{Name: "European Test Agency", ReferencePrefix: "DPR-ETA-", ReferenceDigits: 5,
		DPO: model.Contact{Name: "DPO", Email: "dpo@example.eu"}}
	writeBytes(t, root, RegisterFile, EncodeRegisterInfo(&info))
	return root
}

func writeBytes(t *testing.T, root, rel string, data []byte) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(root, filepath.FromSlash(rel)), data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func writeRecord(t *testing.T, root, slug string, r *model.Record) {
	t.Helper()
	writeBytes(t, root, RecordsDir+"/"+slug+".toml", Encode(r))
}

func commitAll(t *testing.T, root, msg string) {
	t.Helper()
	gitT(t, root, "add", "--all")
	gitT(t, root, "commit", "--quiet", "--allow-empty", "-m", msg)
}

func day(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

// richRecord sets every kind of field: strings, multi-line text, bools,
// dates, numbers, lists, enums and repeatable items.
func richRecord(title, ref string) *model.Record {
	return &model.Record{
		Title:       title,
		Reference:   ref,
		Version:     1,
		Language:    "en",
		Kind:        model.KindController,
		Status:      model.StatusDraft,
		LastUpdated: day("2019-07-10"),
		NoticeDate:  day("2019-07-10"),
		Description: "The system is a web platform.\nIt supports the network in sharing information.\nUsers sign in with EU Login.",
		Purposes:    []string{"Provide the service", "Manage permissions", "Enable contacts between users"},
		Controller:  model.Controller{Organisation: "European Test Agency", Unit: "Unit C.2", Email: "c2@example.eu"},
		LegalBasis:  model.LegalBasis{Grounds: []model.Ground{model.GroundPublicTask}, UnionLaw: "Council Decision 2008/381/EC"},
		DataSubjects: []model.DataSubject{
			{Name: "Members of the network", Description: "Staff of national contact points"},
		},
		DataCategories: []model.DataCategory{
			{Name: "Identification data", Items: []string{"Name", "E-mail address"}, Mandatory: true, Source: model.SourceDataSubject, Retention: "Until the account is closed"},
			{Name: "Log data", Items: []string{"IP address", "Time of access"}, Source: model.SourceGenerated, Retention: "6 months"},
			{Name: "Contributions", Items: []string{"Documents"}, Source: model.SourceDataSubject, Retention: "5 years"},
		},
		Recipients: []model.Recipient{
			{Name: "Staff of Unit C.2", Kind: model.RecipientInternal},
			{Name: "National contact points", Kind: model.RecipientMemberState},
		},
		Security:  model.Security{Description: "Access on a need-to-know basis.", Measures: []model.SecurityMeasure{model.MeasureAccessControl, model.MeasureLogging}},
		Provision: model.Provision{Requirement: model.ProvisionNone},
	}
}

func TestReadRevisionInSubfolder(t *testing.T) {
	root := newGitRegister(t, "dpo/register")
	writeRecord(t, root, "alpha", richRecord("Alpha", "DPR-ETA-00001"))
	writeRecord(t, root, "beta", richRecord("Beta", ""))
	writeBytes(t, root, "records/notes.txt", []byte("not a record"))
	commitAll(t, root, "two records")
	first := gitT(t, root, "rev-parse", "HEAD")

	changed := richRecord("Alpha changed", "DPR-ETA-00001")
	writeRecord(t, root, "alpha", changed)

	blobs, err := ReadRevision(root, "HEAD")
	if err != nil {
		t.Fatal(err)
	}
	if len(blobs) != 2 || !bytes.Equal(blobs["records/alpha.toml"], Encode(richRecord("Alpha", "DPR-ETA-00001"))) {
		t.Fatalf("ReadRevision: %d files, alpha = %q", len(blobs), blobs["records/alpha.toml"])
	}
	files, perrs, err := LoadRevision(root, strings.TrimSpace(first))
	if err != nil || len(perrs) != 0 {
		t.Fatal(err, perrs)
	}
	if len(files) != 2 || files[0].Path != "records/alpha.toml" || files[0].Slug != "alpha" || files[0].Record.Title != "Alpha" {
		t.Fatalf("LoadRevision: %+v", files)
	}
	data, err := ReadFileAt(root, "HEAD", "records/beta.toml")
	if err != nil || !bytes.Contains(data, []byte(`title = "Beta"`)) {
		t.Fatalf("ReadFileAt: %q, %v", data, err)
	}
	if _, err := ReadFileAt(root, "HEAD", "records/none.toml"); err == nil {
		t.Error("ReadFileAt of a missing file: no error")
	}
	if _, err := ReadRevision(root, "--output=/tmp/x"); err == nil {
		t.Error("a revision that looks like an option was accepted")
	}
	if _, err := ReadRevision(root, "no-such-branch"); err == nil || !strings.Contains(err.Error(), "not a commit") {
		t.Errorf("unknown revision: %v", err)
	}
}

func findDiff(t *testing.T, diffs []RecordDiff, name string) RecordDiff {
	t.Helper()
	for _, d := range diffs {
		if d.NewPath == name || (d.NewPath == "" && d.OldPath == name) {
			return d
		}
	}
	t.Fatalf("no diff for %s in %+v", name, diffs)
	return RecordDiff{}
}

func TestDiffRevisionsWorkingTree(t *testing.T) {
	root := newGitRegister(t, "")
	writeRecord(t, root, "alpha", richRecord("Alpha", "DPR-ETA-00001"))
	writeRecord(t, root, "beta", richRecord("Beta", "DPR-ETA-00002"))
	writeRecord(t, root, "same", richRecord("Same", "DPR-ETA-00003"))
	commitAll(t, root, "three records")

	alpha := richRecord("Alpha", "DPR-ETA-00001")
	alpha.DataCategories[1].Retention = "1 year"
	alpha.Status = model.StatusSubmitted
	writeRecord(t, root, "alpha", alpha)
	if err := os.Remove(filepath.Join(root, "records/beta.toml")); err != nil {
		t.Fatal(err)
	}
	writeRecord(t, root, "gamma", richRecord("Gamma", "")) // untracked
	writeBytes(t, root, "records/broken.toml", []byte("title = \"Broken\nstatus = 1\n"))

	diffs, err := DiffRevisions(root, "HEAD", "")
	if err != nil {
		t.Fatal(err)
	}
	if len(diffs) != 4 {
		t.Fatalf("got %d diffs: %+v", len(diffs), diffs)
	}
	a := findDiff(t, diffs, "records/alpha.toml")
	want := []model.Change{
		{Path: "status", Label: "Status", Kind: model.ChangeChanged, Old: "draft", New: "submitted"},
		{Path: "data_categories[1].retention", Label: "Personal data › Log data › retention", Kind: model.ChangeChanged, Old: "6 months", New: "1 year"},
	}
	if a.Kind != FileModified || a.Reference != "DPR-ETA-00001" || !slices.Equal(a.Changes, want) {
		t.Errorf("alpha: %+v", a)
	}
	if st, ok := a.StatusChange(); !ok || st.New != "submitted" {
		t.Errorf("StatusChange = %+v, %v", st, ok)
	}
	b := findDiff(t, diffs, "records/beta.toml")
	if b.Kind != FileRemoved || b.Title != "Beta" || b.Name() != "DPR-ETA-00002" || len(b.Changes) != 0 {
		t.Errorf("beta: %+v", b)
	}
	g := findDiff(t, diffs, "records/gamma.toml")
	if g.Kind != FileAdded || g.Name() != "records/gamma.toml" || !slices.ContainsFunc(g.Changes, func(c model.Change) bool {
		return c.Path == "title" && c.Kind == model.ChangeAdded && c.New == "Gamma"
	}) {
		t.Errorf("gamma: %+v", g)
	}
	br := findDiff(t, diffs, "records/broken.toml")
	if br.Kind != FileAdded || !strings.Contains(br.NewError, "records/broken.toml:") {
		t.Errorf("broken: %+v", br)
	}
}

func TestDiffAcrossRename(t *testing.T) {
	root := newGitRegister(t, "")
	writeRecord(t, root, "emn", richRecord("EMN IES", "DPR-ETA-00932"))
	writeRecord(t, root, "draft", richRecord("Staff survey", ""))
	commitAll(t, root, "records")

	// Committed with git mv: git sees the rename.
	gitT(t, root, "mv", "records/emn.toml", "records/emn-ies.toml")
	rec := richRecord("EMN IES", "DPR-ETA-00932")
	rec.DataCategories[1].Retention = "1 year"
	writeRecord(t, root, "emn-ies", rec)
	commitAll(t, root, "rename emn")

	diffs, err := DiffRevisions(root, "HEAD~1", "HEAD")
	if err != nil {
		t.Fatal(err)
	}
	if len(diffs) != 1 {
		t.Fatalf("diffs: %+v", diffs)
	}
	d := diffs[0]
	if d.Kind != FileRenamed || d.OldPath != "records/emn.toml" || d.NewPath != "records/emn-ies.toml" ||
		len(d.Changes) != 1 || d.Changes[0].Path != "data_categories[1].retention" {
		t.Errorf("renamed: %+v", d)
	}

	// Renamed by hand in the working tree, the new file untracked and
	// rewritten beyond git's similarity: paired by reference, or by title
	// for a draft without one.
	for _, slug := range []string{"emn-ies", "draft"} {
		if err := os.Remove(filepath.Join(root, "records", slug+".toml")); err != nil {
			t.Fatal(err)
		}
	}
	moved := richRecord("EMN IES", "DPR-ETA-00932")
	moved.Description = "Entirely new text."
	moved.DataCategories = nil
	moved.Purposes = []string{"Other"}
	writeRecord(t, root, "migration-network", moved)
	draft := richRecord("Staff survey", "")
	draft.DataCategories, draft.Recipients, draft.Purposes = nil, nil, nil
	writeRecord(t, root, "staff-survey", draft)
	diffs, err = DiffRevisions(root, "HEAD", "")
	if err != nil {
		t.Fatal(err)
	}
	if len(diffs) != 2 {
		t.Fatalf("diffs: %+v", diffs)
	}
	for _, d := range diffs {
		if d.Kind != FileRenamed || len(d.Changes) == 0 {
			t.Errorf("not paired as a rename: %+v", d.FileChange)
		}
	}
	if diffs[0].OldPath != "records/emn-ies.toml" || diffs[0].NewPath != "records/migration-network.toml" {
		t.Errorf("by reference: %+v", diffs[0].FileChange)
	}
	if diffs[1].OldPath != "records/draft.toml" || diffs[1].NewPath != "records/staff-survey.toml" {
		t.Errorf("by title: %+v", diffs[1].FileChange)
	}
}

func TestDiffRevisionsFormattingOnly(t *testing.T) {
	root := newGitRegister(t, "")
	r := richRecord("Alpha", "DPR-ETA-00001")
	writeBytes(t, root, "records/alpha.toml", bytes.Replace(Encode(r), []byte(`title = "Alpha"`), []byte(`title    =   "Alpha"`), 1))
	commitAll(t, root, "hand-written")
	writeRecord(t, root, "alpha", r)
	diffs, err := DiffRevisions(root, "HEAD", "")
	if err != nil {
		t.Fatal(err)
	}
	if len(diffs) != 1 || diffs[0].Kind != FileModified || len(diffs[0].Changes) != 0 || diffs[0].Changes == nil {
		t.Errorf("formatting-only diff: %+v", diffs)
	}
}

func TestFileLogAndCommitDiff(t *testing.T) {
	root := newGitRegister(t, "reg")
	writeRecord(t, root, "emn", richRecord("EMN IES", "DPR-ETA-00932"))
	writeRecord(t, root, "other", richRecord("Other", ""))
	commitAll(t, root, "Add the EMN record")
	gitT(t, root, "mv", "records/emn.toml", "records/emn-ies.toml")
	commitAll(t, root, "Rename the EMN file")
	writeRecord(t, root, "other", richRecord("Other, edited", ""))
	commitAll(t, root, "Edit another record")
	rec := richRecord("EMN IES", "DPR-ETA-00932")
	rec.DataCategories[1].Retention = "1 year"
	writeRecord(t, root, "emn-ies", rec)
	t.Setenv("GIT_AUTHOR_NAME", "Bob Reviewer")
	t.Setenv("GIT_AUTHOR_DATE", "2024-05-06T07:08:09+02:00")
	commitAll(t, root, "Keep logs for a year")

	log, err := FileLog(root, "records/emn-ies.toml")
	if err != nil {
		t.Fatal(err)
	}
	if len(log) != 3 {
		t.Fatalf("log: %+v", log)
	}
	wantSubjects := []string{"Keep logs for a year", "Rename the EMN file", "Add the EMN record"}
	wantChange := []string{FileModified, FileRenamed, FileAdded}
	wantPath := []string{"records/emn-ies.toml", "records/emn-ies.toml", "records/emn.toml"}
	for i, c := range log {
		if c.Subject != wantSubjects[i] || c.Change != wantChange[i] || c.Path != wantPath[i] || len(c.Hash) != 40 {
			t.Errorf("log[%d] = %+v", i, c)
		}
	}
	if log[0].Author != "Bob Reviewer" || log[0].Email != "ada@example.eu" || !log[0].Date.Equal(time.Date(2024, 5, 6, 5, 8, 9, 0, time.UTC)) {
		t.Errorf("log[0] author/date: %+v", log[0])
	}
	if log[1].OldPath != "records/emn.toml" || log[2].Parent != "" || log[0].Parent == "" {
		t.Errorf("paths/parents: %+v", log)
	}

	edit, err := CommitDiff(root, log[0])
	if err != nil {
		t.Fatal(err)
	}
	if edit.Kind != FileModified || len(edit.Changes) != 1 || edit.Changes[0].Label != "Personal data › Log data › retention" ||
		edit.Changes[0].Old != "6 months" || edit.Changes[0].New != "1 year" {
		t.Errorf("edit diff: %+v", edit)
	}
	rename, err := CommitDiff(root, log[1])
	if err != nil || rename.Kind != FileRenamed || len(rename.Changes) != 0 || rename.OldPath != "records/emn.toml" {
		t.Errorf("rename diff: %+v, %v", rename, err)
	}
	add, err := CommitDiff(root, log[2])
	if err != nil || add.Kind != FileAdded || len(add.Changes) == 0 || add.Reference != "DPR-ETA-00932" {
		t.Errorf("add diff: %+v, %v", add, err)
	}

	if log, err := FileLog(root, "records/never.toml"); err != nil || len(log) != 0 {
		t.Errorf("log of an untracked file: %v, %v", log, err)
	}
}

func TestFileLogEmptyRepository(t *testing.T) {
	root := newGitRegister(t, "")
	if _, err := DiffRevisions(root, "HEAD", ""); err == nil || !strings.Contains(err.Error(), "no commits yet") {
		t.Errorf("diff before the first commit: %v", err)
	}
	if _, err := DiffRevisions(t.TempDir(), "HEAD", ""); err == nil || !strings.Contains(err.Error(), "not in a Git repository") {
		t.Errorf("diff outside a repository: %v", err)
	}
	log, err := FileLog(root, "records/x.toml")
	if err != nil || log != nil {
		t.Errorf("FileLog before the first commit = %v, %v", log, err)
	}
	if _, err := FileLog(t.TempDir(), "records/x.toml"); err == nil {
		t.Error("FileLog outside a repository: no error")
	}
}

var hunkHeader = regexp.MustCompile(`^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@`)

// changedLines runs plain git diff -U0 on one file and returns the line
// numbers removed from the old version and added in the new one, blank
// lines left out.
func changedLines(t *testing.T, root, rel string) (removed, added []int) {
	t.Helper()
	out := gitT(t, root, "diff", "-U0", "--no-color", "--", rel)
	var oldLine, newLine int
	for _, line := range strings.Split(out, "\n") {
		if m := hunkHeader.FindStringSubmatch(line); m != nil {
			oldLine, _ = strconv.Atoi(m[1])
			newLine, _ = strconv.Atoi(m[3])
			if m[2] == "0" {
				oldLine++ // git names the line before an empty range
			}
			if m[4] == "0" {
				newLine++
			}
			continue
		}
		switch {
		case strings.HasPrefix(line, "---"), strings.HasPrefix(line, "+++"):
		case strings.HasPrefix(line, "-"):
			if strings.TrimSpace(line[1:]) != "" {
				removed = append(removed, oldLine)
			}
			oldLine++
		case strings.HasPrefix(line, "+"):
			if strings.TrimSpace(line[1:]) != "" {
				added = append(added, newLine)
			}
			newLine++
		}
	}
	return removed, added
}

// owner returns the field a line of a canonical file belongs to: the path
// recorded on the nearest line at or above it (the innermost when several
// share that line).
func owner(lines map[string]int, line int) string {
	best, bestLine := "", 0
	for p, l := range lines {
		if l <= line && (l > bestLine || l == bestLine && len(p) > len(best)) {
			best, bestLine = p, l
		}
	}
	return best
}

// Plain git diff stays useful: one field changed changes only that field's
// lines in the canonical file, for every kind of field.
func TestPlainGitDiffTouchesOneField(t *testing.T) {
	root := newGitRegister(t, "")
	const rel = "records/emn.toml"
	tests := []struct {
		name           string
		edit           func(r *model.Record)
		field          string // every changed line must belong to it
		removed, added int    // non-blank lines
	}{
		{"string", func(r *model.Record) { r.Title = "EMN IES" }, "title", 1, 1},
		{"string added", func(r *model.Record) { r.Notes = "Checked by the DPO" }, "notes", 0, 1},
		{"string in table", func(r *model.Record) { r.Controller.Unit = "Unit C.3" }, "controller.unit", 1, 1},
		{"multi-line text, one line", func(r *model.Record) {
			r.Description = strings.Replace(r.Description, "in sharing", "in exchanging", 1)
		}, "description", 1, 1},
		{"bool", func(r *model.Record) { r.AutomatedMeans = true }, "automated_means", 0, 1},
		{"bool in item", func(r *model.Record) { r.DataCategories[2].Mandatory = true }, "data_categories[2].mandatory", 0, 1},
		{"date", func(r *model.Record) { r.LastUpdated = day("2024-03-01") }, "last_updated", 1, 1},
		{"number", func(r *model.Record) { r.Version = 2 }, "version", 1, 1},
		{"enum", func(r *model.Record) { r.Status = model.StatusSubmitted }, "status", 1, 1},
		{"list value added", func(r *model.Record) { r.Purposes = append(r.Purposes, "Publish statistics") }, "purposes", 0, 1},
		{"list value removed", func(r *model.Record) { r.Purposes = slices.Delete(r.Purposes, 1, 2) }, "purposes", 1, 0},
		{"enum list", func(r *model.Record) {
			r.Security.Measures = append(r.Security.Measures, model.MeasureBackup)
		}, "security.measures", 0, 1},
		{"item field", func(r *model.Record) { r.DataCategories[1].Retention = "1 year" }, "data_categories[1].retention", 1, 1},
		{"item list", func(r *model.Record) {
			r.DataCategories[0].Items = append(r.DataCategories[0].Items, "Phone")
		}, "data_categories[0].items", 0, 1},
		{"item added", func(r *model.Record) {
			r.Recipients = append(r.Recipients, model.Recipient{Name: "Court of Auditors", Kind: model.RecipientEUInstitution})
		}, "recipients[2]", 0, 3},
		{"item removed", func(r *model.Record) { r.DataSubjects = nil }, "data_subjects[0]", 3, 0},
		{"reference assigned", func(r *model.Record) { r.Reference = "DPR-ETA-00001" }, "reference", 0, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base := richRecord("European Migration Network", "")
			writeBytes(t, root, rel, Encode(base))
			commitAll(t, root, "base for "+tt.name)
			edited := richRecord("European Migration Network", "")
			tt.edit(edited)
			oldData, newData := Encode(base), Encode(edited)
			writeBytes(t, root, rel, newData)

			removed, added := changedLines(t, root, rel)
			if len(removed) != tt.removed || len(added) != tt.added {
				t.Errorf("git diff: %d lines removed, %d added; want %d and %d\n%s", len(removed), len(added),
					tt.removed, tt.added, gitT(t, root, "diff", "--no-color", "--", rel))
			}
			for _, side := range []struct {
				lines []int
				data  []byte
			}{{removed, oldData}, {added, newData}} {
				fields := FieldLines(side.data)
				for _, l := range side.lines {
					if o := owner(fields, l); o != tt.field && !strings.HasPrefix(o, tt.field+".") && !strings.HasPrefix(o, tt.field+"[") {
						t.Errorf("line %d belongs to %s, not %s", l, o, tt.field)
					}
				}
			}
			gitT(t, root, "checkout", "--quiet", "--", rel)
		})
	}
}

// mergeBranches edits the register on two branches from a common commit
// and merges the second into the first; it reports whether git merged
// without conflict.
func mergeBranches(t *testing.T, root string, onA, onB func()) bool {
	t.Helper()
	gitT(t, root, "switch", "--quiet", "-c", "a")
	onA()
	commitAll(t, root, "branch a")
	gitT(t, root, "switch", "--quiet", "main")
	gitT(t, root, "switch", "--quiet", "-c", "b")
	onB()
	commitAll(t, root, "branch b")
	gitT(t, root, "switch", "--quiet", "a")
	_, err := runGit(root, "merge", "--no-edit", "--quiet", "b")
	return err == nil
}

func TestMergeDifferentRecords(t *testing.T) {
	root := newGitRegister(t, "")
	writeRecord(t, root, "alpha", richRecord("Alpha", "DPR-ETA-00001"))
	writeRecord(t, root, "beta", richRecord("Beta", "DPR-ETA-00002"))
	commitAll(t, root, "base")
	alpha := richRecord("Alpha", "DPR-ETA-00001")
	alpha.Title = "Alpha, renamed"
	beta := richRecord("Beta", "DPR-ETA-00002")
	beta.DataCategories[1].Retention = "1 year"
	if !mergeBranches(t, root, func() { writeRecord(t, root, "alpha", alpha) }, func() { writeRecord(t, root, "beta", beta) }) {
		t.Fatal("merge of edits to different records conflicted")
	}
	reg, err := Load(root)
	if err != nil || len(reg.Errors) > 0 {
		t.Fatal(err, reg.Errors)
	}
	if reg.BySlug("alpha").Record.Title != "Alpha, renamed" || reg.BySlug("beta").Record.DataCategories[1].Retention != "1 year" {
		t.Error("the merge lost an edit")
	}
}

func TestMergeDifferentFieldsOfOneRecord(t *testing.T) {
	root := newGitRegister(t, "")
	base := richRecord("Alpha", "DPR-ETA-00001")
	writeRecord(t, root, "alpha", base)
	commitAll(t, root, "base")
	a := richRecord("Alpha", "DPR-ETA-00001")
	a.Title = "Alpha system"
	b := richRecord("Alpha", "DPR-ETA-00001")
	b.DataCategories[2].Retention = "10 years"
	b.Purposes = append(b.Purposes, "Statistics")
	if !mergeBranches(t, root, func() { writeRecord(t, root, "alpha", a) }, func() { writeRecord(t, root, "alpha", b) }) {
		t.Fatal("merge of edits to distant fields of one record conflicted")
	}
	data, err := os.ReadFile(filepath.Join(root, "records/alpha.toml"))
	if err != nil {
		t.Fatal(err)
	}
	merged, _, err := Decode("records/alpha.toml", data)
	if err != nil {
		t.Fatal(err)
	}
	if merged.Title != "Alpha system" || merged.DataCategories[2].Retention != "10 years" || len(merged.Purposes) != 4 {
		t.Errorf("merged record: %+v", merged)
	}
	if !bytes.Equal(Encode(&merged), data) {
		t.Error("the merged file is not canonical")
	}
}

// Two edits on neighbouring lines are one conflict for git: the merge
// stops, and the file left with conflict markers reads as a parse error
// (which lint reports) rather than as a record.
func TestMergeNeighbouringFieldsConflicts(t *testing.T) {
	root := newGitRegister(t, "")
	writeRecord(t, root, "alpha", richRecord("Alpha", "DPR-ETA-00001"))
	commitAll(t, root, "base")
	a := richRecord("Alpha", "DPR-ETA-00001")
	a.Version = 2
	b := richRecord("Alpha", "DPR-ETA-00001")
	b.Language = "fr"
	if mergeBranches(t, root, func() { writeRecord(t, root, "alpha", a) }, func() { writeRecord(t, root, "alpha", b) }) {
		t.Fatal("git merged edits of neighbouring lines without a conflict; the test's premise changed")
	}
	reg, err := Load(root)
	if err != nil {
		t.Fatal(err)
	}
	if len(reg.Errors) != 1 || reg.Errors[0].Path != "records/alpha.toml" {
		t.Fatalf("a file with conflict markers loaded: %+v", reg.Errors)
	}
	diffs, err := DiffRevisions(root, "HEAD", "")
	if err != nil || len(diffs) != 1 || diffs[0].NewError == "" {
		t.Errorf("diff of a conflicted file: %+v, %v", diffs, err)
	}
	gitT(t, root, "merge", "--abort")
}

// What a merge makes inconsistent, lint catches: both branches gave a
// reference by hand (not with ropa assign on main), and the same one.
func TestLintCatchesMergedDuplicateReference(t *testing.T) {
	root := newGitRegister(t, "")
	writeRecord(t, root, "alpha", richRecord("Alpha", ""))
	writeRecord(t, root, "beta", richRecord("Beta", ""))
	commitAll(t, root, "base")
	if !mergeBranches(t, root,
		func() { writeRecord(t, root, "alpha", richRecord("Alpha", "DPR-ETA-00007")) },
		func() { writeRecord(t, root, "beta", richRecord("Beta", "DPR-ETA-00007")) }) {
		t.Fatal("merge conflicted")
	}
	reg, err := Load(root)
	if err != nil {
		t.Fatal(err)
	}
	var dup []string
	for _, f := range model.LintRegister(reg.Info, reg.Named(), day("2025-01-01")) {
		if f.Field == "reference" && f.Severity == model.SeverityError && strings.Contains(f.Message, "DPR-ETA-00007") {
			dup = append(dup, f.Record)
		}
	}
	slices.Sort(dup)
	if !slices.Equal(dup, []string{"records/alpha.toml", "records/beta.toml"}) {
		t.Errorf("duplicate reference findings for %v", dup)
	}
}

// A published record loses its notice date on one branch while another
// publishes it: each change is fine alone, the merge is not.
func TestLintCatchesMergedPublicationWithoutNoticeDate(t *testing.T) {
	root := newGitRegister(t, "")
	writeRecord(t, root, "alpha", richRecord("Alpha", "DPR-ETA-00001"))
	commitAll(t, root, "base")
	published := richRecord("Alpha", "DPR-ETA-00001")
	published.Status = model.StatusPublished
	undated := richRecord("Alpha", "DPR-ETA-00001")
	undated.NoticeDate = time.Time{}
	if !mergeBranches(t, root, func() { writeRecord(t, root, "alpha", published) }, func() { writeRecord(t, root, "alpha", undated) }) {
		t.Skip("git could not merge status and notice_date (neighbouring lines)")
	}
	reg, err := Load(root)
	if err != nil || len(reg.Errors) > 0 {
		t.Fatal(err, reg.Errors)
	}
	found := false
	for _, f := range model.LintRegister(reg.Info, reg.Named(), day("2025-01-01")) {
		found = found || (f.Field == "notice_date" && f.Severity == model.SeverityError)
	}
	if !found {
		t.Error("lint did not flag the published record without a notice date")
	}
}

func TestFieldLines(t *testing.T) {
	r := richRecord("Alpha", "DPR-ETA-00001")
	data := Encode(r)
	lines := FieldLines(data)
	text := strings.Split(string(data), "\n")
	lineOf := func(prefix string, nth int) int {
		for i, l := range text {
			if strings.HasPrefix(l, prefix) {
				if nth == 0 {
					return i + 1
				}
				nth--
			}
		}
		t.Fatalf("no line %q", prefix)
		return 0
	}
	for path, want := range map[string]int{
		"title":                        1,
		"reference":                    lineOf("reference =", 0),
		"description":                  lineOf("description =", 0),
		"controller":                   lineOf("[controller]", 0),
		"controller.unit":              lineOf("unit =", 0),
		"data_categories[1]":           lineOf("[[data_categories]]", 1),
		"data_categories[1].retention": lineOf("retention =", 1),
		"recipients[1].kind":           lineOf("kind =", 2), // the record's own kind comes first
	} {
		if lines[path] != want {
			t.Errorf("FieldLines[%s] = %d, want %d", path, lines[path], want)
		}
	}
	if got := LineOf(lines, "data_categories[1].special"); got != lines["data_categories[1]"] {
		t.Errorf("LineOf of an absent field = %d, want its item's line %d", got, lines["data_categories[1]"])
	}
	if got := LineOf(lines, "dpia.required"); got != 1 {
		t.Errorf("LineOf of an absent table = %d, want 1", got)
	}
	if got := LineOf(lines, "purposes[2]"); got != lineOf("  \"Enable contacts", 0) {
		t.Errorf("LineOf(purposes[2]) = %d", got)
	}
}

func TestNextReference(t *testing.T) {
	reg := &Register{Root: "/r", Info: model.Register{ReferencePrefix: "DPR-EC-", ReferenceDigits: 5}}
	for _, ref := range []string{"DPR-EC-00932", "DPR-EC-00373", "", "DPR-XX-99999", "DPR-EC-12a"} {
		reg.Files = append(reg.Files, &File{Path: "records/" + ref + ".toml", Record: model.Record{Reference: ref}})
	}
	if got, err := NextReference(reg); err != nil || got != "DPR-EC-00933" {
		t.Errorf("NextReference = %q, %v", got, err)
	}
	reg.Files = nil
	if got, _ := NextReference(reg); got != "DPR-EC-00001" {
		t.Errorf("first reference = %q", got)
	}
	reg.Info.ReferenceDigits = 0
	if got, _ := NextReference(reg); got != "DPR-EC-1" {
		t.Errorf("unpadded reference = %q", got)
	}
	reg.Errors = []*ParseError{{Path: "records/bad.toml", Line: 1, Col: 1, Msg: "bad"}}
	if _, err := NextReference(reg); err == nil || !strings.Contains(err.Error(), "records/bad.toml") {
		t.Errorf("NextReference with a broken file: %v", err)
	}
	reg.Info.ReferencePrefix = ""
	if _, err := NextReference(reg); err == nil || !strings.Contains(err.Error(), "reference_prefix") {
		t.Errorf("NextReference without a prefix: %v", err)
	}
}

func TestAssign(t *testing.T) {
	root := newGitRegister(t, "")
	writeRecord(t, root, "alpha", richRecord("Alpha", "DPR-ETA-00041"))
	writeRecord(t, root, "beta", richRecord("Beta", ""))
	writeRecord(t, root, "gamma", richRecord("Gamma", ""))
	commitAll(t, root, "base")

	gitT(t, root, "switch", "--quiet", "-c", "feature")
	reg, err := Load(root)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Assign(reg, reg.BySlug("beta"), ""); err == nil || !strings.Contains(err.Error(), `"feature"`) {
		t.Errorf("Assign on a feature branch: %v", err)
	}
	if reg.BySlug("beta").Record.Reference != "" {
		t.Error("a refused Assign changed the record")
	}
	ref, err := Assign(reg, reg.BySlug("beta"), "feature")
	if err != nil || ref != "DPR-ETA-00042" {
		t.Errorf("Assign with the branch named: %q, %v", ref, err)
	}
	commitAll(t, root, "beta gets a reference on its own branch")

	gitT(t, root, "switch", "--quiet", "main")
	reg, _ = Load(root)
	ref, err = Assign(reg, reg.BySlug("gamma"), "")
	if err != nil || ref != "DPR-ETA-00042" {
		t.Fatalf("Assign on main: %q, %v", ref, err)
	}
	reloaded, err := LoadFile(root, "records/gamma.toml")
	if err != nil || reloaded.Record.Reference != "DPR-ETA-00042" {
		t.Errorf("saved record: %+v, %v", reloaded, err)
	}
	if _, err := Assign(reg, reg.BySlug("alpha"), ""); err == nil || !strings.Contains(err.Error(), "already has the reference DPR-ETA-00041") {
		t.Errorf("Assign to a record with a reference: %v", err)
	}
	gitT(t, root, "checkout", "--quiet", "--detach")
	if _, err := Assign(reg, reg.BySlug("beta"), ""); err == nil || !strings.Contains(err.Error(), "detached") {
		t.Errorf("Assign on a detached HEAD: %v", err)
	}
}

func TestSetupGitDiff(t *testing.T) {
	root := newGitRegister(t, "sub")
	writeBytes(t, root, ".gitattributes", []byte("*.png binary"))
	done, err := SetupGitDiff(root, "")
	if err != nil || len(done) != 2 {
		t.Fatalf("SetupGitDiff = %q, %v", done, err)
	}
	data, _ := os.ReadFile(filepath.Join(root, ".gitattributes"))
	if string(data) != "*.png binary\nrecords/*.toml diff=ropa\n" {
		t.Errorf(".gitattributes = %q", data)
	}
	if got := strings.TrimSpace(gitT(t, root, "config", "diff.ropa.textconv")); got != "ropa textconv" {
		t.Errorf("diff.ropa.textconv = %q", got)
	}
	if got := gitT(t, root, "check-attr", "diff", "--", "records/x.toml"); !strings.HasSuffix(strings.TrimSpace(got), "diff: ropa") {
		t.Errorf("check-attr: %q", got)
	}
	done, err = SetupGitDiff(root, "")
	if err != nil || len(done) != 0 {
		t.Errorf("second SetupGitDiff changed %q, %v", done, err)
	}
	data2, _ := os.ReadFile(filepath.Join(root, ".gitattributes"))
	if !bytes.Equal(data, data2) {
		t.Error("second SetupGitDiff rewrote .gitattributes")
	}
	if _, err := SetupGitDiff(t.TempDir(), ""); err == nil || !strings.Contains(err.Error(), "not in a Git repository") {
		t.Errorf("SetupGitDiff outside a repository: %v", err)
	}
}

func TestParseNameStatus(t *testing.T) {
	out := []byte("M\x00records/a.toml\x00R090\x00records/b.toml\x00records/c.toml\x00A\x00records/d.toml\x00" +
		"D\x00records/e.toml\x00M\x00register.toml\x00R100\x00records/f.toml\x00archive/f.toml\x00C075\x00records/g.toml\x00records/h.toml\x00")
	got, err := parseNameStatus(out)
	if err != nil {
		t.Fatal(err)
	}
	want := []FileChange{
		{FileModified, "records/a.toml", "records/a.toml"},
		{FileRenamed, "records/b.toml", "records/c.toml"},
		{FileAdded, "", "records/d.toml"},
		{FileRemoved, "records/e.toml", ""},
		{FileRemoved, "records/f.toml", ""},
		{FileAdded, "", "records/h.toml"},
	}
	if !slices.Equal(got, want) {
		t.Errorf("parseNameStatus = %+v", got)
	}
	if _, err := parseNameStatus([]byte("R100\x00records/a.toml")); err == nil {
		t.Error("truncated rename accepted")
	}
}

// benchRepo generates a register of n records and commits it.
func benchRepo(b *testing.B, n int) string {
	b.Helper()
	root := b.TempDir()
	for _, kv := range [][2]string{{"GIT_CONFIG_GLOBAL", os.DevNull}, {"GIT_CONFIG_NOSYSTEM", "1"},
		{"GIT_AUTHOR_NAME", "A"}, {"GIT_AUTHOR_EMAIL", "a@example.eu"}, {"GIT_COMMITTER_NAME", "A"}, {"GIT_COMMITTER_EMAIL", "a@example.eu"}} {
		b.Setenv(kv[0], kv[1])
	}
	if err := Generate(root, n, 1); err != nil {
		b.Fatal(err)
	}
	for _, args := range [][]string{{"init", "--quiet"}, {"add", "--all"}, {"commit", "--quiet", "-m", "base"}} {
		if _, err := runGit(root, args...); err != nil {
			b.Fatal(err)
		}
	}
	return root
}

// The working tree against HEAD with 20 of 2,000 records edited.
func BenchmarkDiffRevisions(b *testing.B) {
	root := benchRepo(b, 2000)
	reg, err := Load(root)
	if err != nil {
		b.Fatal(err)
	}
	for i, f := range reg.Files[:20] {
		f.Record.Title = fmt.Sprintf("Changed %d", i)
		if err := Save(root, f); err != nil {
			b.Fatal(err)
		}
	}
	for b.Loop() {
		diffs, err := DiffRevisions(root, "HEAD", "")
		if err != nil || len(diffs) != 20 {
			b.Fatal(len(diffs), err)
		}
	}
}

// Every record of a 2,000-record revision, read through one cat-file and
// decoded in parallel.
func BenchmarkLoadRevision(b *testing.B) {
	root := benchRepo(b, 2000)
	for b.Loop() {
		files, perrs, err := LoadRevision(root, "HEAD")
		if err != nil || len(perrs) > 0 || len(files) != 2000 {
			b.Fatal(len(files), perrs, err)
		}
	}
}
