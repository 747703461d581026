package model

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

func baseRecord() *Record {
	return &Record{
		Title:       "European Migration Network Information Exchange System",
		Reference:   "DPR-EC-00932",
		Version:     1,
		Language:    "en",
		Kind:        KindController,
		Status:      StatusDraft,
		LastUpdated: time.Date(2019, 7, 10, 0, 0, 0, 0, time.UTC),
		Description: "The EMN IES is a web platform.\nIt supports the network.\nUsers log in with EU Login.",
		Purposes:    []string{"Provide the service", "Manage permissions", "Enable contacts"},
		Controller:  Controller{Organisation: "European Commission", Unit: "DG HOME C.2"},
		LegalBasis:  LegalBasis{Grounds: []Ground{GroundPublicTask}, UnionLaw: "Council Decision 2008/381/EC"},
		DataCategories: []DataCategory{
			{Name: "Identification data", Items: []string{"Name", "E-mail"}, Mandatory: true, Source: SourceDataSubject, Retention: "Until the account is closed"},
			{Name: "Log data", Items: []string{"IP address"}, Source: SourceGenerated, Retention: "6 months"},
			{Name: "Contributions", Items: []string{"Documents"}, Source: SourceDataSubject, Retention: "5 years"},
		},
		Recipients: []Recipient{
			{Name: "EMN National Contact Points", Kind: RecipientMemberState},
			{Name: "Commission staff", Kind: RecipientInternal},
		},
	}
}

func clone(r *Record) *Record {
	c := *r
	c.Purposes = slices.Clone(r.Purposes)
	c.DataCategories = slices.Clone(r.DataCategories)
	for i := range c.DataCategories {
		c.DataCategories[i].Items = slices.Clone(r.DataCategories[i].Items)
	}
	c.Recipients = slices.Clone(r.Recipients)
	c.LegalBasis.Grounds = slices.Clone(r.LegalBasis.Grounds)
	return &c
}

func assertChanges(t *testing.T, got []Change, want ...Change) {
	t.Helper()
	if !reflect.DeepEqual(got, want) && !(len(got) == 0 && len(want) == 0) {
		t.Errorf("changes:\n got %s\nwant %s", formatChanges(got), formatChanges(want))
	}
}

func formatChanges(cs []Change) string {
	var b strings.Builder
	for _, c := range cs {
		fmt.Fprintf(&b, "\n  %s | %s | %s | %q → %q", c.Path, c.Label, c.Kind, c.Old, c.New)
	}
	return b.String()
}

func TestDiffUnchanged(t *testing.T) {
	r := baseRecord()
	assertChanges(t, Diff(r, clone(r)))
}

func TestDiffScalars(t *testing.T) {
	tests := []struct {
		name string
		edit func(r *Record)
		want Change
	}{
		{"string", func(r *Record) { r.Title = "EMN IES" },
			Change{"title", "Title", ChangeChanged, "European Migration Network Information Exchange System", "EMN IES"}},
		{"string added", func(r *Record) { r.Notes = "Checked in 2024" },
			Change{"notes", "Internal notes", ChangeAdded, "", "Checked in 2024"}},
		{"string removed", func(r *Record) { r.Reference = "" },
			Change{"reference", "Reference", ChangeRemoved, "DPR-EC-00932", ""}},
		{"int", func(r *Record) { r.Version = 2 },
			Change{"version", "Version", ChangeChanged, "1", "2"}},
		{"bool", func(r *Record) { r.AutomatedMeans = true },
			Change{"automated_means", "Processed by automated means", ChangeChanged, "no", "yes"}},
		{"date", func(r *Record) { r.LastUpdated = time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC) },
			Change{"last_updated", "Last updated", ChangeChanged, "2019-07-10", "2024-03-01"}},
		{"date added", func(r *Record) { r.NextReview = time.Date(2026, 1, 31, 0, 0, 0, 0, time.UTC) },
			Change{"next_review", "Next review", ChangeAdded, "", "2026-01-31"}},
		{"nested table", func(r *Record) { r.Controller.Unit = "DG HOME C.3" },
			Change{"controller.unit", "Controller › unit", ChangeChanged, "DG HOME C.2", "DG HOME C.3"}},
		{"nested bool", func(r *Record) { r.DPIA.Required = true },
			Change{"dpia.required", "DPIA › required", ChangeChanged, "no", "yes"}},
		{"contact", func(r *Record) { r.DPO.Email = "dpo@example.eu" },
			Change{"dpo.email", "DPO › e-mail", ChangeAdded, "", "dpo@example.eu"}},
		{"enum", func(r *Record) { r.Provision.Requirement = ProvisionStatutory },
			Change{"provision.requirement", "Provision of data › requirement", ChangeAdded, "", "statutory"}},
		{"item field", func(r *Record) { r.DataCategories[1].Retention = "1 year" },
			Change{"data_categories[1].retention", "Personal data › Log data › retention", ChangeChanged, "6 months", "1 year"}},
		{"item bool", func(r *Record) { r.DataCategories[1].Special = true },
			Change{"data_categories[1].special", "Personal data › Log data › special", ChangeChanged, "no", "yes"}},
		{"item enum", func(r *Record) { r.Recipients[1].Kind = RecipientProcessor },
			Change{"recipients[1].kind", "Recipients › Commission staff › kind", ChangeChanged, "internal", "processor"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			old := baseRecord()
			new := clone(old)
			tt.edit(new)
			assertChanges(t, Diff(old, new), tt.want)
		})
	}
}

func TestDiffMultilineText(t *testing.T) {
	old := baseRecord()
	new := clone(old)
	new.Description = "The EMN IES is a web platform.\nIt supports the European Migration Network.\nUsers log in with EU Login."
	got := Diff(old, new)
	assertChanges(t, got, Change{"description", "Description", ChangeChanged, old.Description, new.Description})
	edits := LineDiff(got[0].Old, got[0].New)
	want := []LineEdit{
		{' ', "The EMN IES is a web platform."},
		{'-', "It supports the network."},
		{'+', "It supports the European Migration Network."},
		{' ', "Users log in with EU Login."},
	}
	if !reflect.DeepEqual(edits, want) {
		t.Errorf("LineDiff = %q, want %q", edits, want)
	}
}

func TestDiffListValues(t *testing.T) {
	old := baseRecord()

	added := clone(old)
	added.Purposes = []string{"Provide the service", "Publish statistics", "Manage permissions", "Enable contacts"}
	assertChanges(t, Diff(old, added),
		Change{"purposes[1]", "Purposes", ChangeAdded, "", "Publish statistics"})

	removed := clone(old)
	removed.Purposes = []string{"Provide the service", "Enable contacts"}
	assertChanges(t, Diff(old, removed),
		Change{"purposes[1]", "Purposes", ChangeRemoved, "Manage permissions", ""})

	edited := clone(old)
	edited.Purposes[2] = "Enable contacts between users"
	assertChanges(t, Diff(old, edited),
		Change{"purposes[2]", "Purposes", ChangeRemoved, "Enable contacts", ""},
		Change{"purposes[2]", "Purposes", ChangeAdded, "", "Enable contacts between users"})

	reordered := clone(old)
	reordered.Purposes = []string{"Enable contacts", "Provide the service", "Manage permissions"}
	assertChanges(t, Diff(old, reordered),
		Change{"purposes", "Purposes › order", ChangeChanged,
			"Provide the service; Manage permissions; Enable contacts",
			"Enable contacts; Provide the service; Manage permissions"})

	grounds := clone(old)
	grounds.LegalBasis.Grounds = []Ground{GroundPublicTask, GroundConsent}
	assertChanges(t, Diff(old, grounds),
		Change{"legal_basis.grounds[1]", "Legal basis › grounds (Art 5)", ChangeAdded, "", "consent"})

	items := clone(old)
	items.DataCategories[0].Items = []string{"Name"}
	assertChanges(t, Diff(old, items),
		Change{"data_categories[0].items[1]", "Personal data › Identification data › items", ChangeRemoved, "E-mail", ""})
}

func TestDiffItemAdded(t *testing.T) {
	old := baseRecord()
	new := clone(old)
	// Inserted first: the items after it must not show as changed.
	new.DataCategories = append([]DataCategory{{
		Name: "Health data", Items: []string{"Medical certificate"}, Special: true, Retention: "5 years",
	}}, new.DataCategories...)
	assertChanges(t, Diff(old, new),
		Change{"data_categories[0]", "Personal data", ChangeAdded, "", "Health data"},
		Change{"data_categories[0].items[0]", "Personal data › Health data › items", ChangeAdded, "", "Medical certificate"},
		Change{"data_categories[0].special", "Personal data › Health data › special", ChangeAdded, "", "yes"},
		Change{"data_categories[0].retention", "Personal data › Health data › retention", ChangeAdded, "", "5 years"},
	)
}

func TestDiffItemRemoved(t *testing.T) {
	old := baseRecord()
	new := clone(old)
	new.DataCategories = slices.Delete(new.DataCategories, 0, 1)
	assertChanges(t, Diff(old, new),
		Change{"data_categories[0]", "Personal data", ChangeRemoved, "Identification data", ""})
}

func TestDiffItemsReordered(t *testing.T) {
	old := baseRecord()
	new := clone(old)
	new.DataCategories[0], new.DataCategories[2] = new.DataCategories[2], new.DataCategories[0]
	new.DataCategories[0].Retention = "10 years" // Contributions, now first
	assertChanges(t, Diff(old, new),
		Change{"data_categories[0].retention", "Personal data › Contributions › retention", ChangeChanged, "5 years", "10 years"},
		Change{"data_categories", "Personal data › order", ChangeChanged,
			"Identification data; Log data; Contributions", "Contributions; Log data; Identification data"},
	)
}

func TestDiffItemRenamed(t *testing.T) {
	old := baseRecord()
	new := clone(old)
	new.DataCategories[1].Name = "Connection logs"
	assertChanges(t, Diff(old, new),
		Change{"data_categories[1].name", "Personal data › Connection logs › name", ChangeChanged, "Log data", "Connection logs"})

	// Replaced by something unlike it: removed and added, not renamed.
	replaced := clone(old)
	replaced.Recipients[1] = Recipient{Name: "US Department of State", Kind: RecipientThirdCountry, Country: "US"}
	assertChanges(t, Diff(old, replaced),
		Change{"recipients[1]", "Recipients", ChangeRemoved, "Commission staff", ""},
		Change{"recipients[1]", "Recipients", ChangeAdded, "", "US Department of State"},
		Change{"recipients[1].kind", "Recipients › US Department of State › kind", ChangeAdded, "", "third_country"},
		Change{"recipients[1].country", "Recipients › US Department of State › country", ChangeAdded, "", "US"},
	)
}

func TestDiffTransferMatchedByRecipient(t *testing.T) {
	old := baseRecord()
	old.Transfers = []Transfer{{Recipient: "IOM", InternationalOrganisation: "IOM", Mechanisms: []Mechanism{MechAdministrativeArrangement}}}
	new := clone(old)
	new.Transfers = []Transfer{
		{Recipient: "UNHCR", InternationalOrganisation: "UNHCR", Mechanisms: []Mechanism{MechPublicInterest}},
		{Recipient: "IOM", InternationalOrganisation: "IOM", Mechanisms: []Mechanism{MechAdministrativeArrangement, MechPublicInterest}},
	}
	assertChanges(t, Diff(old, new),
		Change{"transfers[0]", "Transfers", ChangeAdded, "", "UNHCR"},
		Change{"transfers[0].international_organisation", "Transfers › UNHCR › international organisation", ChangeAdded, "", "UNHCR"},
		Change{"transfers[0].mechanisms[0]", "Transfers › UNHCR › mechanisms", ChangeAdded, "", "public_interest"},
		Change{"transfers[1].mechanisms[1]", "Transfers › IOM › mechanisms", ChangeAdded, "", "public_interest"},
	)
}

func TestDiffStatusFirst(t *testing.T) {
	old := baseRecord()
	new := clone(old)
	new.Title = "EMN IES"
	new.Status = StatusSubmitted
	got := Diff(old, new)
	assertChanges(t, got,
		Change{"status", "Status", ChangeChanged, "draft", "submitted"},
		Change{"title", "Title", ChangeChanged, old.Title, "EMN IES"})
	if !got[0].IsStatus() || got[1].IsStatus() {
		t.Errorf("IsStatus: %v %v", got[0].IsStatus(), got[1].IsStatus())
	}
}

func TestDiffNilRecords(t *testing.T) {
	r := baseRecord()
	added := Diff(nil, r)
	removed := Diff(r, nil)
	if len(added) == 0 || len(removed) == 0 {
		t.Fatalf("Diff with nil: %d added, %d removed changes", len(added), len(removed))
	}
	r.AutomatedMeans = true
	for _, c := range Diff(nil, r) {
		if c.Kind != ChangeAdded {
			t.Errorf("Diff(nil, r) has a change that is not an addition: %+v", c)
		}
	}
}

// fill sets every field reachable from v to a non-zero value, with one item
// in each list, so that a test can see every field the model has.
func fill(v reflect.Value) {
	switch {
	case v.Type() == timeType:
		v.Set(reflect.ValueOf(time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC)))
	case v.Kind() == reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fill(v.Field(i))
			}
		}
	case v.Kind() == reflect.Slice:
		s := reflect.MakeSlice(v.Type(), 1, 1)
		fill(s.Index(0))
		v.Set(s)
	case v.Kind() == reflect.String:
		v.SetString("x")
	case v.Kind() == reflect.Bool:
		v.SetBool(true)
	case v.Kind() == reflect.Int:
		v.SetInt(7)
	}
}

// leafPaths lists the TOML path of every value of type t, lists as [0].
func leafPaths(t reflect.Type, path string) []string {
	switch {
	case t == timeType || isScalar(t.Kind()):
		return []string{path}
	case t.Kind() == reflect.Slice:
		return leafPaths(t.Elem(), path+"[0]")
	case t.Kind() == reflect.Struct:
		var out []string
		for i := range t.NumField() {
			if key := tomlKey(t.Field(i)); key != "" {
				out = append(out, leafPaths(t.Field(i).Type, joinPath(path, key))...)
			}
		}
		return out
	}
	return []string{path}
}

// Every field of the model, present now or added later, shows in Fields
// and in Diff without a table to update.
func TestEveryFieldCovered(t *testing.T) {
	var full Record
	fill(reflect.ValueOf(&full).Elem())
	fields := Fields(&full)
	have := map[string]bool{}
	for _, f := range fields {
		have[f.Path] = true
	}
	changes := Diff(&Record{}, &full)
	changed := map[string]bool{}
	for _, c := range changes {
		changed[c.Path] = true
	}
	paths := leafPaths(reflect.TypeFor[Record](), "")
	if len(paths) < 70 {
		t.Fatalf("only %d leaf paths found in Record", len(paths))
	}
	for _, p := range paths {
		// The name of an item is reported as the item itself.
		itemPath, _, _ := strings.Cut(p, "].")
		item := itemPath + "]"
		isName := strings.Contains(p, "].") && (strings.HasSuffix(p, "].name") || strings.HasSuffix(p, "].recipient") || strings.HasSuffix(p, "].controller"))
		want := p
		if isName {
			want = item
		}
		if !have[want] {
			t.Errorf("Fields misses %s", want)
		}
		if !changed[want] {
			t.Errorf("Diff misses %s", want)
		}
	}
}

func TestFieldsLabels(t *testing.T) {
	r := baseRecord()
	fields := Fields(r)
	want := []Field{
		{"data_categories[1]", "Personal data", "Log data"},
		{"data_categories[1].items[0]", "Personal data › Log data › items", "IP address"},
		{"data_categories[1].source", "Personal data › Log data › source", "generated"},
		{"data_categories[1].retention", "Personal data › Log data › retention", "6 months"},
	}
	start := slices.IndexFunc(fields, func(f Field) bool { return f.Path == "data_categories[1]" })
	if start < 0 || start+len(want) > len(fields) {
		t.Fatalf("no data_categories[1] in %v", fields)
	}
	if got := fields[start : start+len(want)]; !reflect.DeepEqual(got, want) {
		t.Errorf("fields = %q\nwant %q", got, want)
	}
	if fields[0] != (Field{"title", "Title", r.Title}) {
		t.Errorf("first field = %q", fields[0])
	}
}

func TestLineDiffLarge(t *testing.T) {
	a := strings.Repeat("a\n", 1500)
	b := strings.Repeat("b\n", 1500)
	edits := LineDiff(a, b)
	if len(edits) != 3000 || edits[0].Op != '-' || edits[2999].Op != '+' {
		t.Errorf("large LineDiff: %d edits", len(edits))
	}
	if got := LineDiff("", "x"); !reflect.DeepEqual(got, []LineEdit{{'+', "x"}}) {
		t.Errorf("LineDiff(\"\", x) = %q", got)
	}
}

func BenchmarkDiff(b *testing.B) {
	old := baseRecord()
	new := clone(old)
	new.DataCategories[1].Retention = "1 year"
	new.Purposes = append(new.Purposes, "Statistics")
	for b.Loop() {
		Diff(old, new)
	}
}
