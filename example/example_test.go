package example

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/eu-ropa/ropa/model"
	"github.com/eu-ropa/ropa/records"
)

// lintDay is the day the lint test takes as today, so that the test does not
// start failing when a next_review date passes.
var lintDay = time.Date(2026, time.December, 1, 0, 0, 0, 0, time.UTC)

// decodeStrict decodes TOML into v and fails on any key the type lacks.
func decodeStrict(t *testing.T, name string, data []byte, v any) {
	t.Helper()
	md, err := toml.Decode(string(data), v)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if und := md.Undecoded(); len(und) > 0 {
		t.Fatalf("%s: keys the model does not know: %v", name, und)
	}
}

func loadRegister(t *testing.T) model.Register {
	t.Helper()
	data, err := fs.ReadFile(Register(), registerFile)
	if err != nil {
		t.Fatal(err)
	}
	var reg model.Register
	decodeStrict(t, registerFile, data, &reg)
	return reg
}

func loadRecords(t *testing.T) []model.NamedRecord {
	t.Helper()
	var out []model.NamedRecord
	for _, name := range Names() {
		data, err := fs.ReadFile(Register(), name)
		if err != nil {
			t.Fatal(err)
		}
		var r model.Record
		decodeStrict(t, name, data, &r)
		out = append(out, model.NamedRecord{Name: name, Record: &r})
	}
	return out
}

func find(t *testing.T, recs []model.NamedRecord, name string) *model.Record {
	t.Helper()
	for _, nr := range recs {
		if nr.Name == name {
			return nr.Record
		}
	}
	t.Fatalf("no example record %s", name)
	return nil
}

func TestNames(t *testing.T) {
	names := Names()
	if len(names) < 6 {
		t.Fatalf("Names() = %v: want the two reference records and at least four more", names)
	}
	if !slices.IsSorted(names) {
		t.Errorf("Names() not sorted: %v", names)
	}
	for _, want := range []string{"records/emn-ies.toml", "records/imi.toml"} {
		if !slices.Contains(names, want) {
			t.Errorf("Names() lacks %s: %v", want, names)
		}
	}
	for _, n := range names {
		if !strings.HasPrefix(n, "records/") || !strings.HasSuffix(n, ".toml") {
			t.Errorf("Names() holds %q, not a record path", n)
		}
	}
}

func TestRegisterDecodesStrictly(t *testing.T) {
	reg := loadRegister(t)
	if reg.Name != "European Commission" || reg.ShortName != "EC" || reg.ReferencePrefix != "DPR-EC-" || reg.ReferenceDigits != 5 {
		t.Errorf("register identity = %q %q %q %d", reg.Name, reg.ShortName, reg.ReferencePrefix, reg.ReferenceDigits)
	}
	if !slices.Equal(reg.Languages, []string{"en", "fr", "de", "nl"}) {
		t.Errorf("languages = %v", reg.Languages)
	}
	for _, l := range reg.Languages {
		checkCode(t, registerFile, "languages", model.LanguageOptions, l)
	}
	if reg.DPO.Email != "DATA-PROTECTION-OFFICER@ec.europa.eu" {
		t.Errorf("dpo.email = %q", reg.DPO.Email)
	}
	if reg.EDPS.Email != "edps@edps.europa.eu" || reg.EDPS.Phone != "+32 2 283 19 00" || reg.EDPS.URL != "https://edps.europa.eu" {
		t.Errorf("edps = %+v", reg.EDPS)
	}
}

func checkCode(t *testing.T, name, field string, opts []model.Option, code string) {
	t.Helper()
	if _, ok := model.FindOption(opts, code); !ok {
		t.Errorf("%s: %s = %q is not a catalog code", name, field, code)
	}
}

// TestRecordsDecodeStrictly decodes every record with no unknown key and
// checks every value of a closed list against the catalog.
func TestRecordsDecodeStrictly(t *testing.T) {
	for _, nr := range loadRecords(t) {
		name, r := nr.Name, nr.Record
		checkCode(t, name, "kind", model.KindOptions, string(r.Kind))
		checkCode(t, name, "status", model.StatusOptions, string(r.Status))
		checkCode(t, name, "language", model.LanguageOptions, r.Language)
		for i, g := range r.LegalBasis.Grounds {
			checkCode(t, name, fmt.Sprintf("legal_basis.grounds[%d]", i), model.GroundOptions, string(g))
		}
		for i, g := range r.LegalBasis.SpecialGrounds {
			checkCode(t, name, fmt.Sprintf("legal_basis.special_grounds[%d]", i), model.SpecialGroundOptions, string(g))
		}
		for i, d := range r.DataCategories {
			checkCode(t, name, fmt.Sprintf("data_categories[%d].source", i), model.SourceOptions, string(d.Source))
			if len(d.Items) == 0 || strings.TrimSpace(d.Retention) == "" {
				t.Errorf("%s: data_categories[%d] (%s) needs items and its own retention", name, i, d.Name)
			}
		}
		for i, rc := range r.Recipients {
			checkCode(t, name, fmt.Sprintf("recipients[%d].kind", i), model.RecipientKindOptions, string(rc.Kind))
		}
		for i, tr := range r.Transfers {
			for j, m := range tr.Mechanisms {
				checkCode(t, name, fmt.Sprintf("transfers[%d].mechanisms[%d]", i, j), model.MechanismOptions, string(m))
			}
		}
		for i, m := range r.Security.Measures {
			checkCode(t, name, fmt.Sprintf("security.measures[%d]", i), model.MeasureOptions, string(m))
		}
		if r.Provision.Requirement != "" {
			checkCode(t, name, "provision.requirement", model.ProvisionOptions, string(r.Provision.Requirement))
		}
		if !r.NextReview.IsZero() && r.NextReview.Year() < 2027 {
			t.Errorf("%s: next_review %s should be 2027 or later", name, r.NextReview.Format(time.DateOnly))
		}
	}
}

// TestReferenceNotices pins facts of the two published notices that the
// records must carry.
func TestReferenceNotices(t *testing.T) {
	recs := loadRecords(t)

	emn := find(t, recs, "records/emn-ies.toml")
	if emn.Reference != "DPR-EC-00932" || emn.Language != "en" || emn.Status != model.StatusPublished {
		t.Errorf("emn-ies identity = %q %q %q", emn.Reference, emn.Language, emn.Status)
	}
	if got := emn.NoticeDate.Format(time.DateOnly); got != "2019-07-10" {
		t.Errorf("emn-ies notice_date = %s", got)
	}
	if !slices.Equal(emn.LegalBasis.Grounds, []model.Ground{model.GroundPublicTask, model.GroundLegalObligation, model.GroundConsent}) {
		t.Errorf("emn-ies grounds = %v", emn.LegalBasis.Grounds)
	}
	for _, want := range []string{"2008/381/EC", "Article 74", "Article 2(1)"} {
		if !strings.Contains(emn.LegalBasis.UnionLaw, want) {
			t.Errorf("emn-ies union_law lacks %q", want)
		}
	}
	if len(emn.DataCategories) != 3 || !strings.Contains(emn.DataCategories[2].Retention, "2002/47/EC") {
		t.Errorf("emn-ies data categories: want contact details, passport scan and log data with the common retention list")
	}
	if emn.Provision.Requirement != model.ProvisionNone || !strings.Contains(emn.Provision.Consequences, "disabled") {
		t.Errorf("emn-ies provision = %+v", emn.Provision)
	}
	var mechs []model.Mechanism
	for _, tr := range emn.Transfers {
		mechs = append(mechs, tr.Mechanisms...)
	}
	if !slices.Contains(mechs, model.MechExplicitConsent) || !slices.Contains(mechs, model.MechPublicInterest) {
		t.Errorf("emn-ies transfers should rest on Art 50(1)(a) and (d): %v", mechs)
	}

	imi := find(t, recs, "records/imi.toml")
	if imi.Reference != "DPR-EC-00373" || imi.Language != "nl" || imi.Controller.Email != "GROW-IMI@ec.europa.eu" {
		t.Errorf("imi identity = %q %q %q", imi.Reference, imi.Language, imi.Controller.Email)
	}
	if !slices.Equal(imi.LegalBasis.Grounds, []model.Ground{model.GroundLegalObligation}) ||
		!strings.Contains(imi.LegalBasis.UnionLaw, "1024/2012") {
		t.Errorf("imi legal basis = %+v", imi.LegalBasis)
	}
	if len(imi.Purposes) != 2 || len(imi.DataSubjects) != 2 || len(imi.Transfers) != 0 || imi.AutomatedDecisions.Used {
		t.Errorf("imi: want two purposes, two groups of data subjects, no transfers, no automated decisions")
	}
}

// TestExamplesExerciseTheModel checks that the examples together show what
// the two reference notices do not.
func TestExamplesExerciseTheModel(t *testing.T) {
	recs := loadRecords(t)
	has := func(what string, ok func(*model.Record) bool) {
		t.Helper()
		for _, nr := range recs {
			if ok(nr.Record) {
				return
			}
		}
		t.Errorf("no example record has %s", what)
	}
	has("a processor's record with the controllers served (Art 31(2))", func(r *model.Record) bool {
		if r.Kind != model.KindProcessor || len(r.ProcessingOnBehalf) == 0 {
			return false
		}
		for _, sc := range r.ProcessingOnBehalf {
			if sc.Contact == "" || len(sc.Categories) == 0 {
				return false
			}
		}
		return true
	})
	has("special categories with an Art 10(2) ground and a completed DPIA", func(r *model.Record) bool {
		return r.LegalBasis.SpecialCategories && len(r.LegalBasis.SpecialGrounds) > 0 &&
			r.DPIA.Required && r.DPIA.Done && r.DPIA.Reference != "" && len(model.DPIATriggers(r)) > 0
	})
	has("joint controllers with the essence of the arrangement (Art 28)", func(r *model.Record) bool {
		return len(r.JointControllers) > 0 && r.JointControllers[0].Arrangement != ""
	})
	has("a transfer under Art 48 safeguards, documented, and a processor with a contract", func(r *model.Record) bool {
		art48 := false
		for _, tr := range r.Transfers {
			for _, m := range tr.Mechanisms {
				if m.Article() == 48 && tr.Safeguards != "" {
					art48 = true
				}
			}
		}
		return art48 && len(r.Processors) > 0 && r.Processors[0].Contract != ""
	})
	has("data from a third party with its source (Art 16)", func(r *model.Record) bool {
		for _, d := range r.DataCategories {
			if d.Source == model.SourceThirdParty && d.SourceDetail != "" && r.Language == "en" {
				return model.NeedsArticle16(r)
			}
		}
		return false
	})
	has("restrictions under Art 25 internal rules", func(r *model.Record) bool {
		return r.Restrictions.Apply && strings.Contains(r.Restrictions.Rules, "Decision (EU)")
	})
	has("criminal data with its Union law (Art 11)", func(r *model.Record) bool {
		return r.LegalBasis.CriminalData && r.LegalBasis.CriminalDataBasis != ""
	})

	langs := map[string]bool{}
	statuses := map[model.Status]int{}
	for _, nr := range recs {
		langs[nr.Record.Language] = true
		statuses[nr.Record.Status]++
	}
	for _, l := range []string{"en", "fr", "de", "nl"} {
		if !langs[l] {
			t.Errorf("no example record in %q", l)
		}
	}
	for _, s := range []model.Status{model.StatusDraft, model.StatusSubmitted, model.StatusApproved, model.StatusPublished} {
		if statuses[s] == 0 {
			t.Errorf("no example record with status %q", s)
		}
	}
	if 2*statuses[model.StatusPublished] <= len(recs) {
		t.Errorf("most examples should be published: %v", statuses)
	}
}

// expectedWarnings are the lint warnings the examples are allowed to carry,
// as "record field". Each is realistic; a new one must be judged and added.
var expectedWarnings = []string{}

func TestExamplesPassLint(t *testing.T) {
	reg := loadRegister(t)
	findings := model.LintRegister(reg, loadRecords(t), lintDay)
	var warnings []string
	for _, f := range findings {
		switch f.Severity {
		case model.SeverityError:
			t.Errorf("%s %s: %s (%s) %s", f.Record, f.Field, f.Provision, f.Severity, f.Message)
		default:
			warnings = append(warnings, f.Record+" "+f.Field)
			t.Logf("warning: %s %s: %s %s", f.Record, f.Field, f.Provision, f.Message)
		}
	}
	if !slices.Equal(warnings, expectedWarnings) {
		t.Errorf("warnings = %q\nwant %q", warnings, expectedWarnings)
	}
}

// embeddedFiles returns every file of the embedded register by path.
func embeddedFiles(t *testing.T) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := fs.WalkDir(Register(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(Register(), p)
		out[p] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// writtenFiles returns every file under dir by slash-separated path.
func writtenFiles(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		data, err := os.ReadFile(p)
		out[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func sameFiles(t *testing.T, got, want map[string][]byte) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("wrote %d files, want %d", len(got), len(want))
	}
	for p, w := range want {
		g, ok := got[p]
		switch {
		case !ok:
			t.Errorf("%s not written", p)
		case !bytes.Equal(g, w):
			t.Errorf("%s differs from the embedded file", p)
		}
	}
}

func TestWriteTo(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new", "register") // folders that do not exist yet
	if err := WriteTo(dir); err != nil {
		t.Fatal(err)
	}
	want := embeddedFiles(t)
	sameFiles(t, writtenFiles(t, dir), want)
	if len(want) != len(Names())+1 {
		t.Errorf("embedded register holds %d files, want register.toml and %d records", len(want), len(Names()))
	}

	// A second write into the same folder is refused and changes nothing.
	if err := os.WriteFile(filepath.Join(dir, "records", "emn-ies.toml"), []byte("edited\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := WriteTo(dir)
	if !errors.Is(err, fs.ErrExist) || !strings.Contains(err.Error(), "register.toml") {
		t.Fatalf("second WriteTo: err = %v, want an fs.ErrExist naming register.toml", err)
	}
	got, _ := os.ReadFile(filepath.Join(dir, "records", "emn-ies.toml"))
	if string(got) != "edited\n" {
		t.Errorf("refused WriteTo changed an existing record: %q", got)
	}
}

func TestWriteToRefusesAnotherRegister(t *testing.T) {
	dir := t.TempDir()
	mine := []byte("name = \"My institution\"\n")
	if err := os.WriteFile(filepath.Join(dir, "register.toml"), mine, 0o644); err != nil {
		t.Fatal(err)
	}
	err := WriteTo(dir)
	if !errors.Is(err, fs.ErrExist) {
		t.Fatalf("WriteTo over a register: err = %v, want fs.ErrExist", err)
	}
	if !strings.Contains(err.Error(), filepath.Join(dir, "register.toml")) {
		t.Errorf("error does not name the file: %v", err)
	}
	got, _ := os.ReadFile(filepath.Join(dir, "register.toml"))
	if !bytes.Equal(got, mine) {
		t.Errorf("register.toml overwritten: %q", got)
	}
	if _, err := os.Stat(filepath.Join(dir, "records")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("refused WriteTo still created records/ (stat err = %v)", err)
	}
}

func TestWriteToRefusesExistingRecord(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "records"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "records", "imi.toml"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := WriteTo(dir); !errors.Is(err, fs.ErrExist) || !strings.Contains(err.Error(), "imi.toml") {
		t.Fatalf("WriteTo over a record: err = %v, want fs.ErrExist naming imi.toml", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "register.toml")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("refused WriteTo still wrote register.toml (stat err = %v)", err)
	}
}

// TestWrittenRegisterLoads loads the written register with the loader the
// program uses: every record parses and the register passes lint.
func TestWrittenRegisterLoads(t *testing.T) {
	dir := t.TempDir()
	if err := WriteTo(dir); err != nil {
		t.Fatal(err)
	}
	reg, err := records.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, pe := range reg.Errors {
		t.Errorf("load: %v", pe)
	}
	var paths []string
	for _, f := range reg.Files {
		paths = append(paths, f.Path)
	}
	if !slices.Equal(paths, Names()) {
		t.Errorf("loaded %v, want %v", paths, Names())
	}
	for _, f := range model.LintRegister(reg.Info, reg.Named(), lintDay) {
		if f.Severity == model.SeverityError {
			t.Errorf("%s %s: %s", f.Record, f.Field, f.Message)
		}
	}
}
