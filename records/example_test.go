package records

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/eu-ropa/ropa/example"
)

// Every example record (and register.toml) is canonical: Decode then
// Encode gives its bytes, Encode then Decode its record, and python's
// tomllib reads the values we decoded.
func TestExampleRoundTrip(t *testing.T) {
	reg := example.Register()
	dir := t.TempDir()
	var paths []string
	var wants []any
	names := append([]string{RegisterFile}, example.Names()...)
	if len(names) < 7 {
		t.Fatalf("only %d example files", len(names))
	}
	for _, name := range names {
		data, err := fs.ReadFile(reg, name)
		if err != nil {
			t.Fatal(err)
		}
		var again []byte
		var want any
		if name == RegisterFile {
			info, perr := decodeRegisterInfo(name, data)
			if perr != nil {
				t.Fatalf("%v", perr)
			}
			again, want = EncodeRegisterInfo(&info), generic(registerTable, reflect.ValueOf(info))
		} else {
			for _, fast := range []bool{true, false} {
				d, perr := decodeRecordWith(name, data, fast)
				if perr != nil {
					t.Fatalf("fast=%v: %v", fast, perr)
				}
				if d.comments {
					t.Errorf("%s holds comments", name)
				}
				again = EncodeWithSchema(&d.record, d.schema)
				back, _, err := Decode(name, again)
				if err != nil || !reflect.DeepEqual(back, d.record) {
					t.Errorf("%s: Encode then Decode changed the record (%v)", name, err)
				}
				want = generic(recordTable, reflect.ValueOf(d.record))
			}
		}
		if !bytes.Equal(again, data) {
			t.Errorf("%s: Decode then Encode changed the bytes\nfile:\n%s\nencoded:\n%s", name, data, again)
		}
		path := filepath.Join(dir, filepath.Base(name))
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		paths, wants = append(paths, path), append(wants, viaJSON(t, want))
	}
	for i, got := range pythonTOML(t, paths...) {
		if !reflect.DeepEqual(got, wants[i]) {
			t.Errorf("%s: tomllib reads other values\nwant %v\n got %v", names[i], wants[i], got)
		}
	}
}
