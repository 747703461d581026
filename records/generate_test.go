package records

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/eu-ropa/ropa/model"
)

func TestGenerate(t *testing.T) {
	const n = 300
	a, b, c := t.TempDir(), t.TempDir(), t.TempDir()
	for dir, seed := range map[string]int64{a: 42, b: 42, c: 43} {
		if err := Generate(dir, n, seed); err != nil {
			t.Fatal(err)
		}
	}
	filesA, filesB, filesC := readTree(t, a), readTree(t, b), readTree(t, c)
	if len(filesA) != n+1 {
		t.Fatalf("%d files, want %d records and register.toml", len(filesA), n)
	}
	same := true
	for name, data := range filesA {
		if !bytes.Equal(filesB[name], data) {
			t.Errorf("seed 42 twice: %s differs", name)
		}
		same = same && bytes.Equal(filesC[name], data)
	}
	if same {
		t.Error("seeds 42 and 43 gave the same register")
	}

	reg, err := Load(a)
	if err != nil || len(reg.Files) != n || len(reg.Errors) != 0 {
		t.Fatalf("load: %v, %d files, errors %v", err, len(reg.Files), reg.Errors)
	}
	total := 0
	for _, f := range reg.Files {
		data := filesA[f.Path]
		total += len(data)
		if !bytes.Equal(Encode(&f.Record), data) {
			t.Fatalf("%s is not canonical", f.Path)
		}
		r := &f.Record
		if len(r.DataCategories) < 3 || len(r.Recipients) < 2 || len(r.Transfers) < 1 || len(r.Purposes) < 2 ||
			len(r.Security.Measures) == 0 || !strings.Contains(r.Description, "\n") || !strings.Contains(r.DataCategories[0].Retention, "\n") ||
			len(r.ThirdCountryRecipients()) == 0 {
			t.Fatalf("%s lacks the parts of a realistic record:\n%s", f.Path, data)
		}
	}
	if avg := total / n; avg < 3500 || avg > 5000 {
		t.Errorf("records average %d bytes, want about 4 KB", avg)
	}
	errs := 0
	for _, finding := range model.LintRegister(reg.Info, reg.Named(), time.Now()) {
		if finding.Severity == model.SeverityError {
			errs++
			if errs <= 5 {
				t.Errorf("lint error: %s %s: %s", finding.Record, finding.Field, finding.Message)
			}
		}
	}
	if errs > 0 {
		t.Errorf("%d lint errors in generated records", errs)
	}
}

func readTree(t *testing.T, root string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		rel, _ := filepath.Rel(root, path)
		out[filepath.ToSlash(rel)] = data
		return err
	})
	return out
}
