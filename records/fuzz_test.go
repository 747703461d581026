package records

import (
	"bytes"
	"reflect"
	"testing"
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
