package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/eu-ropa/ropa/model"
)

// A record with problems in several sections: each finding must appear
// under the heading of its own section, before the next heading.
func TestRecordViewPutsFindingsBesideTheirSection(t *testing.T) {
	r := *needsWork()
	info := model.Register{Name: "European Commission", DPO: model.Contact{Name: "DPO", Email: "dpo@ec.europa.eu"}}
	findings := model.LintRecord(info, "records/newsletter.toml", &r, testToday)
	if len(findings) < 3 {
		t.Fatalf("lint found only %v; the test needs findings in several sections", findings)
	}
	styles := NewStyles(true)
	rendered, marks := renderRecord(&styles, info, &r, findings, testWidth)
	text := plain(rendered)
	lines := strings.Split(text, "\n")
	for _, at := range marks {
		if at >= len(lines) || !strings.Contains(lines[at+1], "· Art ") {
			t.Errorf("mark at line %d is not a heading followed by a finding: %q", at, lines[at:min(at+2, len(lines))])
		}
	}
	if len(marks) < 3 {
		t.Errorf("%d marks for findings in several sections", len(marks))
	}

	headings := map[int]int{} // section index -> offset of its heading
	for i, sec := range recordSections {
		at := strings.Index(text, sec.title+"  "+sec.provision)
		if at < 0 {
			t.Fatalf("section %q missing:\n%s", sec.title, text)
		}
		headings[i] = at
		if i > 0 && at < headings[i-1] {
			t.Errorf("section %q comes before %q: not in Article 31(1) order", sec.title, recordSections[i-1].title)
		}
	}
	sections := map[int]bool{}
	for _, f := range findings {
		sec := sectionOf(f.Field)
		if sec < 0 {
			t.Errorf("finding on %q belongs to no section", f.Field)
			continue
		}
		sections[sec] = true
		end := len(text)
		if sec+1 < len(recordSections) {
			end = headings[sec+1]
		}
		part := text[headings[sec]:end]
		head := string(f.Severity) + " · " + f.Provision + " · " + f.Field
		if !strings.Contains(part, head) {
			t.Errorf("%q not under %q:\n%s", head, recordSections[sec].title, part)
		}
		firstWords := strings.Join(strings.Fields(f.Message)[:3], " ")
		if !strings.Contains(strings.Join(strings.Fields(part), " "), firstWords) {
			t.Errorf("message %q not under %q", f.Message, recordSections[sec].title)
		}
		if f.Fix != "" && !strings.Contains(part, "Fix: ") {
			t.Errorf("fix of %q not shown", f.Field)
		}
	}
	if len(sections) < 3 {
		t.Errorf("findings fell in %d sections; want at least 3 to test placement", len(sections))
	}
}

func TestFieldUnder(t *testing.T) {
	for _, c := range []struct {
		field, prefix string
		want          bool
	}{
		{"data_categories", "data_categories", true},
		{"data_categories[2].retention", "data_categories", true},
		{"legal_basis.union_law", "legal_basis", true},
		{"dpo.email", "dpo", true},
		{"dpia.required", "dpo", false},
		{"description", "dpia", false},
		{"notes", "notice_date", false},
	} {
		if got := fieldUnder(c.field, c.prefix); got != c.want {
			t.Errorf("fieldUnder(%q, %q) = %v", c.field, c.prefix, got)
		}
	}
}

// The record view on screen: header with counts, the findings of the
// Identity section under its heading.
func TestRecordViewShowsFindingsOnScreen(t *testing.T) {
	root := testRegister(t)
	s := start(t, root)
	s.keys("/", "staff newsletter", "enter", "enter", "f")
	m := s.finish()
	text := requireGolden(t, m)
	if m.record == nil {
		t.Fatal("no record view")
	}
	fs := m.findings["records/staff-newsletter.toml"]
	if len(fs) == 0 {
		t.Fatal("the test record has no findings")
	}
	errs, warns := countFindings(fs)
	if errs > 0 && !strings.Contains(text, plural(errs, "error", "errors")) ||
		warns > 0 && !strings.Contains(text, plural(warns, "warning", "warnings")) {
		t.Errorf("header does not count %d errors and %d warnings:\n%s", errs, warns, text)
	}
	first := fs[0]
	if !strings.Contains(text, first.Provision+" · "+first.Field) {
		t.Errorf("f did not bring the first finding (%s %s) on screen:\n%s", first.Provision, first.Field, text)
	}
}

func TestRecordViewScrollsAndGoesBack(t *testing.T) {
	root := testRegister(t)
	s := start(t, root)
	s.keys("/", "DPR-EC-00932", "enter", "enter", "G")
	m := s.finish()
	text := plain(screenText(t, m))
	if !strings.Contains(text, "100%") {
		t.Errorf("G did not scroll to the bottom:\n%s", text)
	}
	if !strings.Contains(text, recordSections[len(recordSections)-1].title) {
		t.Errorf("last section not shown at the bottom:\n%s", text)
	}

	s = start(t, root)
	s.keys("/", "DPR-EC-00932", "enter", "enter", "esc")
	m = s.finish()
	if m.screen != screenBrowser || m.record != nil {
		t.Errorf("esc did not go back to the browser")
	}
	if m.browser.query != "DPR-EC-00932" {
		t.Errorf("the filter was lost on the way back: %q", m.browser.query)
	}
}

func TestRecordViewOpensHistoryAndComesBack(t *testing.T) {
	root := testRegister(t)
	m := loadedModel(t, root, testWidth, testHeight)
	update(m, tea.KeyPressMsg{Code: tea.KeyEnter})
	settle(m, update(m, tea.KeyPressMsg{Code: 'h', Text: "h"}))
	if m.screen != screenHistory || m.history == nil {
		t.Fatalf("h: screen %v, want the history", m.screen)
	}
	checkFits(t, m, testWidth, testHeight)
	if text := plain(m.View().Content); !strings.Contains(text, "example register") {
		t.Errorf("the history does not show the commit:\n%s", text)
	}
	settle(m, update(m, tea.KeyPressMsg{Code: tea.KeyEscape}))
	if m.screen != screenRecord || m.history != nil {
		t.Errorf("esc: screen %v, want the record view", m.screen)
	}
}
