package report

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/eu-ropa/ropa/example"
	"github.com/eu-ropa/ropa/model"
	"github.com/eu-ropa/ropa/records"
)

var someFindings = []model.Finding{
	{Record: "records/a.toml", Reference: "DPR-X-00001", Field: "data_categories[0].retention", Provision: "Art 31(1)(f)",
		Severity: model.SeverityWarning, Message: "No time limit.", Fix: "Give one."},
	{Record: "records/b.toml", Severity: model.SeverityError, Message: "records/b.toml:2:10: TOML syntax: 50% off, a:b"},
}

// positionsOf answers with fixed positions by file, as FindingPositions
// would for files whose lines are known.
func positionsOf(at map[string][2]int) Position {
	return func(f model.Finding) (int, int) { return at[f.Record][0], at[f.Record][1] }
}

func TestLintText(t *testing.T) {
	var b bytes.Buffer
	LintText(&b, someFindings, 2)
	want := "records/a.toml › data_categories[0].retention: warning: No time limit. (Art 31(1)(f))\n" +
		"    fix: Give one.\n" +
		"records/b.toml: error: records/b.toml:2:10: TOML syntax: 50% off, a:b\n" +
		"2 records checked: 1 error, 1 warning\n"
	if b.String() != want {
		t.Errorf("LintText:\n%s\nwant:\n%s", b.String(), want)
	}

	b.Reset()
	LintText(&b, nil, 1)
	if want := "1 record checked: 0 errors, 0 warnings\n"; b.String() != want {
		t.Errorf("LintText of nothing = %q, want %q", b.String(), want)
	}
}

func TestLintJSON(t *testing.T) {
	var b bytes.Buffer
	pos := positionsOf(map[string][2]int{"records/a.toml": {7, 0}, "records/b.toml": {2, 10}})
	if err := LintJSON(&b, someFindings, 2, pos); err != nil {
		t.Fatal(err)
	}
	want := `{
  "checked": 2,
  "errors": 1,
  "warnings": 1,
  "findings": [
    {
      "file": "records/a.toml",
      "line": 7,
      "reference": "DPR-X-00001",
      "field": "data_categories[0].retention",
      "provision": "Art 31(1)(f)",
      "severity": "warning",
      "message": "No time limit.",
      "fix": "Give one."
    },
    {
      "file": "records/b.toml",
      "line": 2,
      "column": 10,
      "severity": "error",
      "message": "records/b.toml:2:10: TOML syntax: 50% off, a:b"
    }
  ]
}
`
	if b.String() != want {
		t.Errorf("LintJSON:\n%s\nwant:\n%s", b.String(), want)
	}

	// No findings is an empty list, not null, for the tools that read it.
	b.Reset()
	if err := LintJSON(&b, nil, 3, pos); err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if list, ok := doc["findings"].([]any); !ok || len(list) != 0 || doc["checked"] != 3.0 {
		t.Errorf("LintJSON of nothing = %s", b.String())
	}
}

func TestLintGitHub(t *testing.T) {
	var b bytes.Buffer
	pos := positionsOf(map[string][2]int{"records/a.toml": {7, 0}, "records/b.toml": {2, 10}})
	LintGitHub(&b, someFindings, 2, pos, "registers/ec/")
	want := "::warning file=registers/ec/records/a.toml,line=7,title=ropa lint%3A data_categories[0].retention (Art 31(1)(f))::No time limit.%0AFix: Give one.\n" +
		"::error file=registers/ec/records/b.toml,line=2,col=10,title=ropa lint::records/b.toml:2:10: TOML syntax: 50%25 off, a:b\n" +
		"2 records checked: 1 error, 1 warning\n"
	if b.String() != want {
		t.Errorf("LintGitHub:\n%s\nwant:\n%s", b.String(), want)
	}
}

func TestGitHubEscaping(t *testing.T) {
	if got := ghProperty("a:b,c%d\ne"); got != "a%3Ab%2Cc%25d%0Ae" {
		t.Errorf("ghProperty = %q", got)
	}
	if got := ghData("50% of a:b\r\nc"); got != "50%25 of a:b%0D%0Ac" {
		t.Errorf("ghData = %q", got)
	}
}

// exampleWithBrokenFile loads the example register with one record that
// lost its retention and one file that does not parse.
func exampleWithBrokenFile(t *testing.T) *records.Register {
	t.Helper()
	root := t.TempDir()
	if err := example.WriteTo(root); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(root, "records", "emn-ies.toml")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var kept []string
	for _, line := range strings.Split(string(data), "\n") {
		if !strings.HasPrefix(line, "retention = ") {
			kept = append(kept, line)
		}
	}
	if err := os.WriteFile(path, []byte(strings.Join(kept, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "records", "broken.toml"), []byte("title = \"x\"\nstatus = \n"), 0o644); err != nil {
		t.Fatal(err)
	}
	reg, err := records.Load(root)
	if err != nil {
		t.Fatal(err)
	}
	return reg
}

// A file that does not parse is an error finding with the parser's
// position and a fix; the others are linted as usual.
func TestLintFindingsAndPositions(t *testing.T) {
	reg := exampleWithBrokenFile(t)
	findings := LintFindings(reg, time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC))
	position := FindingPositions(reg)
	data, err := os.ReadFile(filepath.Join(reg.Root, "records", "emn-ies.toml"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	var broken, retention int
	for _, f := range findings {
		line, col := position(f)
		switch {
		case f.Record == "records/broken.toml":
			broken++
			if f.Severity != model.SeverityError || !strings.HasPrefix(f.Message, "records/broken.toml:2:") || f.Fix == "" {
				t.Errorf("parse error finding: %+v", f)
			}
			if line != 2 || col == 0 {
				t.Errorf("parse error at %d:%d, want line 2 and a column", line, col)
			}
		case f.Record == "records/emn-ies.toml" && strings.HasSuffix(f.Field, ".retention"):
			retention++
			// The retention is gone: the finding points at its category's
			// table header.
			if col != 0 || line < 1 || line > len(lines) || lines[line-1] != "[[data_categories]]" {
				t.Errorf("retention finding %s at %d:%d, want a [[data_categories]] line", f.Field, line, col)
			}
		}
	}
	if broken != 1 || retention == 0 {
		t.Errorf("%d parse error findings (want 1), %d retention findings (want some) in %+v", broken, retention, findings)
	}

	only := FilterFindings(findings, map[string]bool{"records/broken.toml": true})
	if len(only) != 1 || only[0].Record != "records/broken.toml" {
		t.Errorf("FilterFindings kept %+v", only)
	}
	if all := FilterFindings(findings, nil); len(all) != len(findings) {
		t.Errorf("FilterFindings(nil) kept %d of %d", len(all), len(findings))
	}
	if n := CountSeverity(findings, model.SeverityError); n < 1 {
		t.Errorf("CountSeverity(error) = %d", n)
	}
}

// When register.toml does not load, the finding is its error alone: the
// records are not checked against a register that is missing, which would
// report its DPO and languages as absent on every record.
func TestLintFindingsWithABrokenRegisterFile(t *testing.T) {
	root := t.TempDir()
	if err := example.WriteTo(root); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(root, records.RegisterFile)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	broken := strings.Replace(string(data), "dpo_name = ", "dpo_nme = ", 1)
	if broken == string(data) {
		t.Fatal("the example's register.toml has no dpo_name to misspell")
	}
	if err := os.WriteFile(path, []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	reg, err := records.Load(root)
	if err != nil {
		t.Fatal(err)
	}
	findings := LintFindings(reg, time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC))
	if len(findings) != 1 || findings[0].Record != records.RegisterFile || !strings.Contains(findings[0].Fix, "dpo_name") {
		t.Errorf("findings %+v, want register.toml's unknown key alone, with dpo_name as the fix", findings)
	}
}
