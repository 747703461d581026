package model

import (
	"strings"
	"testing"
)

func TestCheckFileName(t *testing.T) {
	for _, bad := range []string{"", "Staff Survey", "staff survey", "Upper", "../x", ".hidden", "a/b", "a\\b", "été", "a..b", "x\x00", strings.Repeat("a", 201)} {
		if CheckFileName(bad) == nil {
			t.Errorf("CheckFileName(%q) accepted", bad)
		}
	}
	for _, good := range []string{"emn-ies", "staff_survey", "dpr-ec-00932", "v1.2", "a"} {
		if err := CheckFileName(good); err != nil {
			t.Errorf("CheckFileName(%q): %v", good, err)
		}
	}
}

// A record file whose name cannot name its exported pages is an error of
// lint, whatever the record's status, with the name to give it: one that
// no other record file has.
func TestLintRegisterReportsFileNames(t *testing.T) {
	draft := validRecord()
	draft.Status = StatusDraft
	recs := []NamedRecord{
		{Name: "records/Staff Survey.toml", Record: validRecord()},
		{Name: "records/staff-survey.toml", Record: validRecord()},
		{Name: "records/Évaluation d'été.toml", Record: draft},
		{Name: "records/fine_name.toml", Record: validRecord()},
		{Name: "records/日本.toml", Record: validRecord()},
		{Name: "Not A Record File", Record: validRecord()},
	}
	recs[1].Record.Reference = "DPR-EC-00002"
	recs[2].Record.Reference = "DPR-EC-00003"
	recs[3].Record.Reference = "DPR-EC-00004"
	recs[4].Record.Reference = "DPR-EC-00005"
	recs[5].Record.Reference = "DPR-EC-00006"
	want := map[string]string{
		"records/Staff Survey.toml":     "Rename the file to records/staff-survey-2.toml: git mv 'records/Staff Survey.toml' records/staff-survey-2.toml",
		"records/Évaluation d'été.toml": `Rename the file to records/evaluation-d-ete.toml: git mv 'records/Évaluation d'\''été.toml' records/evaluation-d-ete.toml`,
		"records/日本.toml":               "Rename the file to records/record.toml: git mv 'records/日本.toml' records/record.toml",
	}
	got := map[string]Finding{}
	for _, f := range LintRegister(testRegister(), recs, today) {
		if strings.Contains(f.Message, "The file name") {
			got[f.Record] = f
		}
	}
	for name, fix := range want {
		f, ok := got[name]
		if !ok {
			t.Errorf("%s: no finding about its file name", name)
			continue
		}
		if f.Severity != SeverityError || !strings.HasPrefix(f.Fix, fix) || !strings.Contains(f.Message, "export") {
			t.Errorf("%s: %s: %s; fix %q, want it to start %q", name, f.Severity, f.Message, f.Fix, fix)
		}
	}
	if len(got) != len(want) {
		t.Errorf("file name findings for %d files, want %d: %v", len(got), len(want), got)
	}
}

// TestFileNameForFoldsAsNewFilesAreNamed: the suggested name is the one
// records.SlugFor would give a new file (SlugFor): Greek and Cyrillic
// transliterated, long names cut at a word boundary, numbered when taken.
func TestFileNameForFoldsAsNewFilesAreNamed(t *testing.T) {
	taken := map[string]bool{"ereyna": true}
	for _, c := range []struct{ name, want string }{
		{"Έρευνα", "ereyna-2"},
		{"Проучване на персонала", "prouchvane-na-personala"},
		{"Données Été", "donnees-ete"},
		{strings.Repeat("word ", 20), "word-word-word-word-word-word-word-word-word-word-word-word"},
		{"!!!", "record"},
	} {
		got := fileNameFor(c.name, taken)
		if got != c.want {
			t.Errorf("fileNameFor(%q) = %q, want %q", c.name, got, c.want)
		}
		if err := CheckFileName(got); err != nil || len(got) > MaxSlugLen {
			t.Errorf("fileNameFor(%q) = %q: %v", c.name, got, err)
		}
	}
}
