package export

import (
	"io/fs"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/eu-ropa/ropa/model"
)

func allCatalogs(t *testing.T) map[string]*catalog {
	t.Helper()
	all, err := catalogs()
	if err != nil {
		t.Fatalf("catalogs: %v", err)
	}
	if len(all) != len(languages) {
		t.Fatalf("%d catalogs, want one per language %v", len(all), languages)
	}
	return all
}

// Every language has exactly the keys of every other, none empty, with the
// same placeholders.
func TestCatalogsHaveTheSameKeys(t *testing.T) {
	all := allCatalogs(t)
	ref := all["en"]
	for _, lang := range languages {
		c := all[lang]
		for _, k := range ref.keys() {
			v, ok := c.text[k]
			switch {
			case !ok:
				t.Errorf("%s.toml: key %q is missing (en.toml has it)", lang, k)
			case strings.TrimSpace(v) == "":
				t.Errorf("%s.toml: key %q is empty", lang, k)
			case !slices.Equal(placeholders(v), placeholders(ref.text[k])):
				t.Errorf("%s.toml: key %q has placeholders %v, en.toml %v", lang, k, placeholders(v), placeholders(ref.text[k]))
			}
		}
		for _, k := range c.keys() {
			if _, ok := ref.text[k]; !ok {
				t.Errorf("%s.toml: key %q is in no other catalog (en.toml lacks it)", lang, k)
			}
		}
	}
}

// Every code of every closed list of the model has its wording in every
// language, so that no notice falls back to a raw code.
func TestCatalogsWordEveryCode(t *testing.T) {
	groups := map[string][]model.Option{
		"ground":    model.GroundOptions,
		"special":   model.SpecialGroundOptions,
		"mechanism": model.MechanismOptions,
		"recipient": model.RecipientKindOptions,
		"source":    model.SourceOptions,
		"measure":   model.MeasureOptions,
		"provision": model.ProvisionOptions,
		"kind":      model.KindOptions,
		"status":    model.StatusOptions,
		"right":     model.RightOptions,
	}
	for lang, c := range allCatalogs(t) {
		for group, options := range groups {
			for _, o := range options {
				if _, ok := c.text[group+"."+o.Code]; !ok {
					t.Errorf("%s.toml: no [%s] %s (%s)", lang, group, o.Code, o.Provision)
				}
			}
		}
		for _, o := range model.ProvisionOptions {
			if _, ok := c.text["data.provision_"+o.Code]; !ok {
				t.Errorf("%s.toml: no [data] provision_%s", lang, o.Code)
			}
		}
		for m := 1; m <= 12; m++ {
			if _, ok := c.text["month."+itoa(m)]; !ok {
				t.Errorf("%s.toml: no [month] %d", lang, m)
			}
		}
	}
}

// Every field of the model has a label for the full record, in every
// language: a field added to model/record.go fails here until it is named.
func TestCatalogsLabelEveryField(t *testing.T) {
	var paths []string
	var walk func(t reflect.Type, prefix string)
	walk = func(rt reflect.Type, prefix string) {
		for i := range rt.NumField() {
			f := rt.Field(i)
			if !f.IsExported() {
				continue
			}
			p := tomlName(f)
			if prefix != "" {
				p = prefix + "." + p
			}
			paths = append(paths, p)
			ft := f.Type
			if ft.Kind() == reflect.Slice {
				ft = ft.Elem()
			}
			if isModelStruct(ft) {
				walk(ft, p)
			}
		}
	}
	walk(reflect.TypeFor[model.Record](), "")
	if len(paths) < 60 {
		t.Fatalf("walked only %d fields of model.Record", len(paths))
	}
	for lang, c := range allCatalogs(t) {
		for _, p := range paths {
			if _, ok := c.text["field."+p]; !ok {
				t.Errorf("%s.toml: no label [field] %q", lang, p)
			}
		}
	}
}

// Every key a template asks for literally exists.
func TestTemplatesUseKnownKeys(t *testing.T) {
	en := allCatalogs(t)["en"]
	re := regexp.MustCompile(`\bt "([a-z0-9_.]+)"`)
	found := 0
	err := fs.WalkDir(defaultTemplates, "templates", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(defaultTemplates, p)
		if err != nil {
			return err
		}
		for _, m := range re.FindAllStringSubmatch(string(data), -1) {
			found++
			if _, ok := en.text[m[1]]; !ok {
				t.Errorf("%s: key %q is in no catalog", p, m[1])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if found < 100 {
		t.Fatalf("found only %d catalog keys in the templates", found)
	}
}

func TestFill(t *testing.T) {
	got, err := fill("a {x} b {y}{x}", []string{"x", "1", "y", "2"})
	if err != nil || got != "a 1 b 21" {
		t.Fatalf("fill = %q, %v", got, err)
	}
	if _, err := fill("a {z}", []string{"x", "1"}); err == nil {
		t.Fatal("fill with a missing value: no error")
	}
	if got, _ := fill("no braces", nil); got != "no braces" {
		t.Fatalf("fill = %q", got)
	}
}

func TestDates(t *testing.T) {
	all := allCatalogs(t)
	cases := []struct {
		lang string
		date time.Time
		want string
	}{
		{"en", time.Date(2019, 7, 10, 0, 0, 0, 0, time.UTC), "10 July 2019"},
		{"fr", time.Date(2019, 7, 10, 0, 0, 0, 0, time.UTC), "10 juillet 2019"},
		{"fr", time.Date(2020, 3, 1, 0, 0, 0, 0, time.UTC), "1er mars 2020"},
		{"de", time.Date(2019, 7, 10, 0, 0, 0, 0, time.UTC), "10. Juli 2019"},
		{"nl", time.Date(2018, 10, 23, 0, 0, 0, 0, time.UTC), "23 oktober 2018"},
	}
	for _, c := range cases {
		if got := all[c.lang].date(c.date, false); got != c.want {
			t.Errorf("%s date = %q, want %q", c.lang, got, c.want)
		}
	}
	// A date stands after a label or in a table cell, where "10." starts
	// no list: it stays as written (TestNoDateStartsAMarkdownLine).
	if got := all["de"].date(time.Date(2019, 7, 10, 0, 0, 0, 0, time.UTC), true); got != `10. Juli 2019` {
		t.Errorf("de date in Markdown = %q, want it unescaped", got)
	}
	if all["en"].date(time.Time{}, false) != "" {
		t.Error("zero date is not empty")
	}
}
