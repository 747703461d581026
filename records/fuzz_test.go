package records

import (
	"bytes"
	"reflect"
	"testing"
	"time"

	"github.com/eu-ropa/ropa/model"
)

// FuzzDecode: Decode never panics; when it accepts a file, the record
// encodes to a file that decodes to the same record, by both paths, and
// encodes to the same bytes again.
func FuzzDecode(f *testing.F) {
	for _, r := range roundTripRecords() {
		f.Add(Encode(&r))
	}
	for _, c := range malformed {
		if len(c.text) < 4096 {
			f.Add([]byte(c.text))
		}
	}
	for _, s := range []string{
		"title = 'x'\ndpo = { name = \"a\" }\npurposes = [\"a\", # c\n 'b']\n",
		"[[data_categories]]\nname = \"a\"\n[data_categories.x]\n",
		"title = \"\"\"\na\\\n  b\"\"\"\n",
		"title = \"\"\"\"\"\"\"\n",
		"next_review = 2019-02-30\n",
		"version = 9223372036854775807\n",
		"#:schema x\n\ntitle = \"a\"\n",
		"title = \"x\"\r\ndescription = \"\"\"\r\na\r\n\"\"\"\r\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r, _, err := Decode("records/fuzz.toml", data)
		if err != nil {
			if _, ok := err.(*ParseError); !ok {
				t.Fatalf("error of type %T: %v", err, err)
			}
			return
		}
		enc := Encode(&r)
		for _, fast := range []bool{true, false} {
			d, perr := decodeRecordWith("records/fuzz.toml", enc, fast)
			if perr != nil {
				t.Fatalf("fast=%v: our own encoding does not decode: %v\n%s", fast, perr, enc)
			}
			if !reflect.DeepEqual(d.record, r) {
				t.Fatalf("fast=%v: Encode then Decode changed the record\nwas %#v\nnow %#v\n%s", fast, r, d.record, enc)
			}
		}
		if again := Encode(&r); !bytes.Equal(again, enc) {
			t.Fatalf("Encode is not stable")
		}
	})
}

// FuzzCanonicalPath: for any input, the fast path and the strict path agree
// on whether it decodes and on the record.
func FuzzCanonicalPath(f *testing.F) {
	for _, r := range roundTripRecords() {
		f.Add(Encode(&r))
	}
	for _, r := range []model.Record{
		{Title: "t", Version: 2, NextReview: time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC)},
		{Description: "a\n\"b\"\n", Purposes: []string{"x", "y\nz"}},
		{Controller: model.Controller{Unit: "u"}, DataCategories: []model.DataCategory{{Name: "n", Source: model.SourceThirdParty}, {}}},
	} {
		f.Add(Encode(&r))
		f.Add(EncodeWithSchema(&r, "schema.json"))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fast, ferr := decodeRecordWith("records/fuzz.toml", data, true)
		slow, serr := decodeRecordWith("records/fuzz.toml", data, false)
		if (ferr == nil) != (serr == nil) {
			t.Fatalf("fast path error %v, strict path error %v", ferr, serr)
		}
		if ferr == nil && (!reflect.DeepEqual(fast.record, slow.record) || fast.schema != slow.schema || fast.comments != slow.comments) {
			t.Fatalf("the paths disagree\nfast %#v\nslow %#v", fast, slow)
		}
	})
}

// The fast path and the strict path agree on systematic variants of
// canonical files: each line deleted, doubled, swapped with the next, or
// followed by a comment, and each byte of a small record changed.
func TestFastPathAgreesOnVariants(t *testing.T) {
	var inputs [][]byte
	for _, name := range []string{"generated", "sparse", "nasty-"} {
		r := roundTripRecords()[name]
		data := Encode(&r)
		lines := bytes.SplitAfter(data, []byte("\n"))
		for i := range lines {
			variant := func(edit func(out [][]byte) [][]byte) []byte {
				out := append([][]byte{}, lines[:i]...)
				return bytes.Join(edit(out), nil)
			}
			inputs = append(inputs,
				variant(func(out [][]byte) [][]byte { return append(out, lines[i+1:]...) }),
				variant(func(out [][]byte) [][]byte { return append(append(out, lines[i], lines[i]), lines[i+1:]...) }),
				variant(func(out [][]byte) [][]byte { return append(append(out, lines[i], []byte("# c\n")), lines[i+1:]...) }),
			)
			if i+1 < len(lines) {
				inputs = append(inputs, variant(func(out [][]byte) [][]byte {
					return append(append(out, lines[i+1], lines[i]), lines[i+2:]...)
				}))
			}
		}
	}
	small := Encode(&model.Record{Title: "a\"b", Version: 3, Purposes: []string{"x\ny"}, NextReview: time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC),
		DataCategories: []model.DataCategory{{Name: "n", Source: model.SourceThirdParty}}})
	for i := range small {
		for _, c := range []byte{'"', '\\', '\n', ' ', '[', ']', '=', '.', '0', 'x', '#', '\''} {
			v := append([]byte{}, small...)
			v[i] = c
			inputs = append(inputs, v)
		}
	}
	for _, in := range inputs {
		fast, ferr := decodeRecordWith("records/v.toml", in, true)
		slow, serr := decodeRecordWith("records/v.toml", in, false)
		if (ferr == nil) != (serr == nil) || (ferr != nil && ferr.Error() != serr.Error()) {
			t.Fatalf("errors differ: fast %v, strict %v\n%s", ferr, serr, in)
		}
		if ferr == nil && !reflect.DeepEqual(fast, slow) {
			t.Fatalf("the paths disagree on\n%s\nfast %#v\nslow %#v", in, fast, slow)
		}
	}
	t.Logf("%d variants", len(inputs))
}
