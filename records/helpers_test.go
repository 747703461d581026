package records

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/eu-ropa/ropa/model"
)

// nastyTexts are strings that break naive TOML writers.
var nastyTexts = []string{
	`He said "hi"`,
	`three """ quotes in a row`,
	`ends with a quote"`,
	`ends with two quotes""`,
	`"""`,
	`""""""`,
	`"starts with a quote`,
	`back\slash \n is not a newline \\ \u0041`,
	"tab\there",
	"unicode: é ü ß Ελλάδα 日本語 🙂 \u2028 \ufeff",
	"multi\nline\n",
	"\nleading newline",
	"\n",
	"\n\n",
	"cr lf\r\nin the text",
	"lone cr\r",
	"control \x00 \x01 \x08 \x0c \x1b \x1f \x7f",
	`ends with a backslash\`,
	"backslash before newline \\\nnext line",
	"# not a comment",
	"'single' quotes ''' and more",
	"\"\"\"\n\"\"\"",
	"  spaces  around  ",
	"trailing space \nnext",
	"multi-line with \"\"\" in\nthe middle\"\"\"\n",
	"quote at line end\"\nnext",
	"two quotes then newline\"\"\n",
	"[section]\nkey = \"value\"\n[[list]]",
}

// fullRecord fills every field of a record, walking the schema, so that a
// field added to the model later is covered too. Texts come from texts in
// turn; enums get valid codes.
func fullRecord(texts []string) model.Record {
	var r model.Record
	n := 0
	fill(recordTable, reflect.ValueOf(&r).Elem(), texts, &n)
	return r
}

func fill(tb *table, v reflect.Value, texts []string, n *int) {
	next := func() string {
		s := texts[*n%len(texts)]
		*n++
		return s
	}
	for i := range tb.fields {
		f := &tb.fields[i]
		fv := v.Field(f.index)
		switch f.kind {
		case kindString:
			if f.enum != nil {
				fv.SetString(f.enum.options[*n%len(f.enum.options)].Code)
				*n++
			} else {
				fv.SetString(next())
			}
		case kindInt:
			fv.SetInt(int64(7 + *n))
		case kindBool:
			fv.SetBool(true)
		case kindDate:
			fv.Set(reflect.ValueOf(time.Date(2019, 7, 10+*n%10, 0, 0, 0, 0, time.UTC)))
		case kindStringList:
			list := reflect.MakeSlice(fv.Type(), 3, 3)
			for j := range 3 {
				if f.enum != nil {
					list.Index(j).SetString(f.enum.options[(*n+j)%len(f.enum.options)].Code)
				} else {
					list.Index(j).SetString(next())
				}
			}
			*n++
			fv.Set(list)
		case kindTable:
			fill(f.table, fv, texts, n)
		case kindTableList:
			list := reflect.MakeSlice(fv.Type(), 2, 2)
			for j := range 2 {
				fill(f.table, list.Index(j), texts, n)
			}
			fv.Set(list)
		}
	}
}

// generic turns a struct into the tables a TOML parser should read from its
// encoding: empty values left out, dates as "2019-07-10", numbers as JSON
// numbers. Used to check python's tomllib against what was meant.
func generic(tb *table, v reflect.Value) map[string]any {
	m := map[string]any{}
	for i := range tb.fields {
		f := &tb.fields[i]
		fv := v.Field(f.index)
		if isEmpty(f, fv) {
			continue
		}
		switch f.kind {
		case kindString:
			m[f.name] = fv.String()
		case kindInt:
			m[f.name] = float64(fv.Int())
		case kindBool:
			m[f.name] = fv.Bool()
		case kindDate:
			m[f.name] = fv.Interface().(time.Time).Format(time.DateOnly)
		case kindStringList:
			var items []any
			for j := range fv.Len() {
				items = append(items, fv.Index(j).String())
			}
			m[f.name] = items
		case kindTable:
			m[f.name] = generic(f.table, fv)
		case kindTableList:
			var items []any
			for j := range fv.Len() {
				items = append(items, generic(f.table, fv.Index(j)))
			}
			m[f.name] = items
		}
	}
	return m
}

// pythonTOML parses files with python3's tomllib, in one run, and returns
// each as JSON values; it skips the test when python3 is missing.
func pythonTOML(t *testing.T, paths ...string) []any {
	t.Helper()
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 is not installed: the check against an independent TOML parser (tomllib) is skipped")
	}
	script := `import sys, json, tomllib
out = []
for name in sys.argv[1:]:
    with open(name, "rb") as f:
        out.append(tomllib.load(f))
print(json.dumps(out, default=str))`
	cmd := exec.Command(python, append([]string{"-c", script}, paths...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("tomllib could not read the files: %v\n%s", err, stderr.String())
	}
	var v []any
	if err := json.Unmarshal(out, &v); err != nil || len(v) != len(paths) {
		t.Fatalf("python printed no list of %d tables: %v\n%s", len(paths), err, out)
	}
	return v
}

// viaJSON normalises a value the way pythonTOML's output is.
func viaJSON(t *testing.T, v any) any {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out any
	if err := json.Unmarshal(data, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func writeTestFile(t testing.TB, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// newRegister makes an empty register with a register.toml in a temp dir.
func newRegister(t testing.TB) string {
	t.Helper()
	root := t.TempDir()
	info := model.Register{Name: "Test Agency", ReferencePrefix: "DPR-T-", DPO: model.Contact{Email: "dpo@example.eu"}}
	if err := WriteRegister(root, &info); err != nil {
		t.Fatal(err)
	}
	return root
}

// snapshot records the bytes and modification time of every file under root.
type fileState struct {
	data  []byte
	mtime time.Time
}

func snapshot(t *testing.T, root string) map[string]fileState {
	t.Helper()
	out := map[string]fileState{}
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		out[path] = fileState{data, info.ModTime()}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func assertUnchanged(t *testing.T, before, after map[string]fileState) {
	t.Helper()
	for path, b := range before {
		a, ok := after[path]
		switch {
		case !ok:
			t.Errorf("%s was removed", path)
		case !bytes.Equal(a.data, b.data):
			t.Errorf("%s changed", path)
		case !a.mtime.Equal(b.mtime):
			t.Errorf("%s was rewritten (mtime %v -> %v)", path, b.mtime, a.mtime)
		}
	}
	for path := range after {
		if _, ok := before[path]; !ok {
			t.Errorf("%s appeared", path)
		}
	}
}

func rngFor(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 7)) }
