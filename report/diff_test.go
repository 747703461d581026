package report

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/eu-ropa/ropa/model"
	"github.com/eu-ropa/ropa/records"
)

// someDiffs has one record of every kind of change.
func someDiffs() []records.RecordDiff {
	status := model.Change{Path: "status", Label: "Status", Kind: model.ChangeChanged, Old: "published", New: "approved"}
	return []records.RecordDiff{
		{
			FileChange: records.FileChange{Kind: records.FileModified, OldPath: "records/a.toml", NewPath: "records/a.toml"},
			Reference:  "DPR-X-00001", Title: "Alpha",
			Changes: []model.Change{
				status,
				{Path: "data_categories[0].retention", Label: "Personal data › Logs › retention", Kind: model.ChangeChanged, Old: "6 months", New: "1 | 2 years"},
				{Path: "purposes[2]", Label: "Purposes", Kind: model.ChangeAdded, New: "Statistics"},
				{Path: "notes", Label: "Internal notes", Kind: model.ChangeRemoved, Old: "old note"},
				{Path: "description", Label: "Description", Kind: model.ChangeChanged, Old: "one\ntwo", New: "one\n2"},
			},
		},
		{
			FileChange: records.FileChange{Kind: records.FileRenamed, OldPath: "records/b.toml", NewPath: "records/beta.toml"},
			Reference:  "DPR-X-00002", Title: "Beta", Changes: []model.Change{},
		},
		{
			FileChange: records.FileChange{Kind: records.FileAdded, NewPath: "records/c.toml"},
			Title:      "Gamma",
			Changes:    []model.Change{{Path: "status", Label: "Status", Kind: model.ChangeAdded, New: "draft"}, {Path: "title", Label: "Title", Kind: model.ChangeAdded, New: "Gamma"}},
		},
		{
			FileChange: records.FileChange{Kind: records.FileRemoved, OldPath: "records/d.toml"},
			Reference:  "DPR-X-00004", Title: "Delta", Changes: []model.Change{},
		},
		{
			FileChange: records.FileChange{Kind: records.FileModified, OldPath: "records/e.toml", NewPath: "records/e.toml"},
			Changes:    []model.Change{},
		},
		{
			FileChange: records.FileChange{Kind: records.FileModified, OldPath: "records/f.toml", NewPath: "records/f.toml"},
			Reference:  "DPR-X-00006", Changes: []model.Change{}, NewError: "records/f.toml:2:10: TOML syntax: expected value",
		},
	}
}

func TestDiffText(t *testing.T) {
	var b bytes.Buffer
	DiffText(&b, someDiffs())
	want := `DPR-X-00001 · Alpha (records/a.toml): status published → approved
DPR-X-00001 · Personal data › Logs › retention: '6 months' → '1 | 2 years'
DPR-X-00001 · Purposes: added 'Statistics'
DPR-X-00001 · Internal notes: removed 'old note'
DPR-X-00001 · Description: changed
      one
    - two
    + 2

DPR-X-00002 · Beta (file renamed records/b.toml → records/beta.toml)

records/c.toml · Gamma (new record): status draft
records/c.toml · Title: added 'Gamma'

DPR-X-00004 · Delta (record removed, records/d.toml)

records/e.toml
records/e.toml · layout only: no field changed (run 'ropa fmt')

DPR-X-00006 (records/f.toml)
DPR-X-00006 · the new version cannot be read: records/f.toml:2:10: TOML syntax: expected value

6 records changed: 1 new, 1 removed, 1 renamed, 3 modified.
`
	if b.String() != want {
		t.Errorf("DiffText:\n%s\nwant:\n%s", b.String(), want)
	}

	b.Reset()
	DiffText(&b, nil)
	if b.String() != "No record changed.\n" {
		t.Errorf("DiffText of nothing = %q", b.String())
	}
}

func TestDiffMarkdown(t *testing.T) {
	var b bytes.Buffer
	DiffMarkdown(&b, someDiffs(), "0123456789abcdef0123456789abcdef01234567", "")
	want := "## Changes to the records\n\n" +
		"6 records changed: 1 new, 1 removed, 1 renamed, 3 modified. (`0123456789` → working tree)\n" +
		"\n### DPR-X-00001 · Alpha\n\n" +
		"`records/a.toml` · **status: published → approved**\n" +
		"\n| Field | Before | After |\n| --- | --- | --- |\n" +
		"| Personal data › Logs › retention | 6 months | 1 \\| 2 years |\n" +
		"| Purposes |  | Statistics |\n" +
		"| Internal notes | old note |  |\n" +
		"| Description | one<br>two | one<br>2 |\n" +
		"\n### DPR-X-00002 · Beta\n\n" +
		"file renamed `records/b.toml` → `records/beta.toml`\n" +
		"\n### records/c.toml · Gamma\n\n" +
		"new record `records/c.toml` · **status: draft**\n" +
		"\n| Field | Before | After |\n| --- | --- | --- |\n" +
		"| Title |  | Gamma |\n" +
		"\n### DPR-X-00004 · Delta\n\n" +
		"**record removed** `records/d.toml`\n" +
		"\n### records/e.toml\n\n" +
		"`records/e.toml`\n" +
		"\nLayout only: no field changed.\n" +
		"\n### DPR-X-00006\n\n" +
		"`records/f.toml`\n" +
		"\n> The new version cannot be read: records/f.toml:2:10: TOML syntax: expected value\n"
	if b.String() != want {
		t.Errorf("DiffMarkdown:\n%s\nwant:\n%s", b.String(), want)
	}

	b.Reset()
	DiffMarkdown(&b, nil, "main", "feature")
	if want := "## Changes to the records\n\nNo record changed. (`main` → `feature`)\n"; b.String() != want {
		t.Errorf("DiffMarkdown of nothing = %q, want %q", b.String(), want)
	}
}

func TestDiffJSON(t *testing.T) {
	var b bytes.Buffer
	if err := DiffJSON(&b, someDiffs()[1:2], "HEAD", ""); err != nil {
		t.Fatal(err)
	}
	want := `{
  "old": "HEAD",
  "new": "working tree",
  "records": [
    {
      "change": "renamed",
      "old_path": "records/b.toml",
      "new_path": "records/beta.toml",
      "reference": "DPR-X-00002",
      "title": "Beta",
      "changes": []
    }
  ]
}
`
	if b.String() != want {
		t.Errorf("DiffJSON:\n%s\nwant:\n%s", b.String(), want)
	}

	b.Reset()
	if err := DiffJSON(&b, nil, "v1", "v2"); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Old, New string
		Records  []json.RawMessage
	}
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Old != "v1" || doc.New != "v2" || doc.Records == nil || len(doc.Records) != 0 {
		t.Errorf("DiffJSON of nothing = %s", b.String())
	}
}

// User text in the Markdown report is escaped wherever it stands: the
// heading keeps a closing "#", a table cell stays one cell on one line;
// what cannot open a structure in a cell stays as typed.
func TestDiffMarkdownEscapesUserText(t *testing.T) {
	diffs := []records.RecordDiff{{
		FileChange: records.FileChange{Kind: records.FileModified, OldPath: "records/a.toml", NewPath: "records/a.toml"},
		Title:      "Alpha ~~x~~ | y #",
		Changes: []model.Change{
			{Path: "purposes[0]", Label: "Purposes", Kind: model.ChangeChanged, Old: "- <b>old</b> & *so*", New: "1. new\r\n\\ $x$"},
		},
	}}
	var b bytes.Buffer
	DiffMarkdown(&b, diffs, "HEAD", "")
	want := "## Changes to the records\n\n1 record changed: 1 modified. (`HEAD` → working tree)\n" +
		"\n### records/a.toml · Alpha \\~\\~x\\~\\~ \\| y \\#\n\n" +
		"`records/a.toml`\n" +
		"\n| Field | Before | After |\n| --- | --- | --- |\n" +
		"| Purposes | - \\<b>old\\</b> & \\*so\\* | 1. new<br>&#92; \\$x\\$ |\n" // a cell holds no blocks: "- " and "1. " stay
	if b.String() != want {
		t.Errorf("DiffMarkdown:\n%s\nwant:\n%s", b.String(), want)
	}
}
