package export

import (
	"sync"
	"testing"

	"github.com/eu-ropa/ropa/example"
	"github.com/eu-ropa/ropa/model"
	"github.com/eu-ropa/ropa/records"
)

// exampleRegister is the example register of package example, loaded once
// through records.Load as the command loads a register.
var exampleRegister = sync.OnceValues(func() (*records.Register, error) {
	dir, err := tempDir()
	if err != nil {
		return nil, err
	}
	if err := example.WriteTo(dir); err != nil {
		return nil, err
	}
	return records.Load(dir)
})

func loadExample(t testing.TB) (model.Register, []Item) {
	t.Helper()
	reg, err := exampleRegister()
	if err != nil {
		t.Fatalf("load the example register: %v", err)
	}
	if len(reg.Errors) > 0 {
		t.Fatalf("example register: %v", reg.Errors[0])
	}
	items := make([]Item, 0, len(reg.Files))
	for _, f := range reg.Files {
		items = append(items, Item{Slug: f.Slug, Record: &f.Record})
	}
	return reg.Info, items
}

func exampleItem(t testing.TB, slug string) (model.Register, Item) {
	t.Helper()
	reg, items := loadExample(t)
	for _, it := range items {
		if it.Slug == slug {
			return reg, it
		}
	}
	t.Fatalf("example register has no record %q", slug)
	return reg, Item{}
}

func newExporter(t testing.TB) *Exporter {
	t.Helper()
	e, err := New(nil)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return e
}
