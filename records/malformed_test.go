package records

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// malformed is a corpus of broken record files: each must give an error
// naming the file, the line and column, and saying what is wrong.
var malformed = []struct {
	name      string
	text      string
	line, col int
	field     string
	says      []string // the message and fix contain these
}{
	{"syntax", "title = \"x\"\nversion = = 3\n", 2, 11, "", []string{"TOML syntax"}},
	{"unterminated", "title = \"x\ndescription = \"y\"\n", 1, 11, "", []string{"TOML syntax"}},
	{"wrong-type", "title = \"x\"\nversion = \"three\"\n", 2, 1, "version", []string{"must be a whole number", "this is text", "version = 2"}},
	{"unknown-key", "title = \"x\"\n\n[controller]\nunit = \"u\"\ncolour = \"blue\"\n", 5, 1, "controller.colour",
		[]string{`unknown key "colour" in [controller]`, "remove it or rename it", "known keys in [controller] are organisation, unit, email, address"}},
	{"unknown-table", "title = \"x\"\n\n[colours]\nred = 1\n", 3, 1, "colours", []string{`unknown key "colours"`, "known keys are title, reference"}},
	{"misspelt-key", "titel = \"x\"\n", 1, 1, "titel", []string{`did you mean "title"?`}},
	{"upper-case-key", "Title = \"x\"\n", 1, 1, "Title", []string{`did you mean "title"?`}},
	{"duplicate-key", "title = \"x\"\nversion = 1\ntitle = \"y\"\n", 3, 1, "title", []string{`"title" is defined twice`}},
	{"duplicate-table", "[controller]\nunit = \"a\"\n\n[controller]\nunit = \"b\"\n", 4, 1, "controller", []string{"defined twice"}},
	{"invalid-utf8", "title = \"x\"\nunit = \"caf\xe9\"\n", 2, 12, "", []string{"invalid UTF-8", "0xE9", "Latin-1"}},
	{"bom", "\xEF\xBB\xBFtitle = \"x\"\n", 1, 1, "", []string{"byte order mark", "without BOM"}},
	{"utf16", "\xFF\xFEt\x00i\x00", 1, 1, "", []string{"UTF-16"}},
	{"huge-string", "title = \"x\"\ndescription = \"" + strings.Repeat("a", 10<<20) + "\"\n", 2, 15, "description", []string{"10.0 MB long", "at most 64 KB"}},
	{"deep-nesting", "a = " + strings.Repeat("[", 100_000), 1, 37, "", []string{"nested more than 32 deep"}},
	{"long-dotted-key", strings.Repeat("a.", 50_000) + "b = 1\n", 1, 32, "", []string{"more than 16 parts"}},
	{"empty", "", 1, 1, "", []string{"the file is empty"}},
	{"blank", "\n  \n\t\n", 1, 1, "", []string{"the file is empty"}},
	{"only-comments", "# nothing here yet\n", 1, 1, "", []string{"defines no keys"}},
	{"bad-enum", "title = \"x\"\n\n[[data_categories]]\nname = \"a\"\n\n[[data_categories]]\nname = \"b\"\nsource = \"thrd_party\"\n", 8, 1,
		"data_categories[1].source", []string{`"thrd_party" is not a known data source`, `did you mean "third_party"?`, "data_subject, third_party, public, generated"}},
	{"bad-enum-list", "title = \"x\"\n\n[legal_basis]\ngrounds = [\n  \"public_task\",\n  \"public interest\",\n]\n", 6, 3,
		"legal_basis.grounds[1]", []string{`"public interest" is not a known ground of Art 5(1)`, "public_task"}},
	{"bad-kind", "title = \"x\"\nkind = \"owner\"\n", 2, 1, "kind", []string{"controller, processor"}},
	{"bad-status", "title = \"x\"\nstatus = \"done\"\n", 2, 1, "status", []string{"draft, submitted, approved, published, retired"}},
	{"bad-recipient-kind", "[[recipients]]\nname = \"x\"\nkind = \"us\"\n", 3, 1, "recipients[0].kind", []string{"third_country"}},
	{"bad-mechanism", "[[transfers]]\nrecipient = \"x\"\nmechanisms = [\"scc\"]\n", 3, 15, "transfers[0].mechanisms[0]", []string{"commission_clauses"}},
	{"bad-measure", "[security]\nmeasures = [\"firewall\"]\n", 2, 13, "security.measures[0]", []string{"encryption"}},
	{"bad-requirement", "[provision]\nrequirement = \"must\"\n", 2, 1, "provision.requirement", []string{"statutory"}},
	{"bad-special-ground", "[legal_basis]\nspecial_grounds = [\"health\"]\n", 2, 20, "legal_basis.special_grounds[0]", []string{"health_care"}},
	{"date-with-time", "title = \"x\"\nnext_review = 2025-01-31T10:00:00Z\n", 2, 1, "next_review", []string{"time of day", "next_review = 2025-06-30"}},
	{"quoted-date", "title = \"x\"\nnext_review = \"2025-01-31\"\n", 2, 1, "next_review", []string{"without quotes"}},
	{"table-as-text", "title = \"x\"\ncontroller = \"DG HOME\"\n", 2, 1, "controller", []string{"must be a table", "[controller]"}},
	{"list-item-type", "title = \"x\"\npurposes = [\"a\", 2]\n", 2, 18, "purposes[1]", []string{"must be text in quotes", "a whole number"}},
	{"text-as-list", "title = \"x\"\npurposes = \"to inform\"\n", 2, 1, "purposes", []string{"must be a list of texts"}},
	{"bool-as-text", "title = \"x\"\n\n[dpia]\nrequired = \"yes\"\n", 4, 1, "dpia.required", []string{"must be true or false"}},
	{"inline-unknown", "title = \"x\"\ndpo = { name = \"a\", mail = \"b\" }\n", 2, 21, "dpo.mail", []string{`unknown key "mail" in [dpo]`, `did you mean "email"?`}},
	{"nested-unknown", "[[data_categories]]\nname = \"a\"\n\n[[data_categories]]\nname = \"b\"\nretension = \"1 year\"\n", 6, 1,
		"data_categories[1].retension", []string{"[[data_categories]] number 2", `did you mean "retention"?`}},
	{"several-problems", "titel = \"x\"\nversion = \"2\"\n", 1, 1, "titel", []string{"and 1 more problem"}},
}

func TestMalformedCorpus(t *testing.T) {
	for _, c := range malformed {
		t.Run(c.name, func(t *testing.T) {
			path := "records/" + c.name + ".toml"
			_, _, err := Decode(path, []byte(c.text))
			var perr *ParseError
			if !errors.As(err, &perr) {
				t.Fatalf("want a *ParseError, got %v", err)
			}
			if perr.Path != path || perr.Line != c.line || perr.Col != c.col || perr.Field != c.field {
				t.Errorf("got %s:%d:%d field %q, want %s:%d:%d field %q (%v)",
					perr.Path, perr.Line, perr.Col, perr.Field, path, c.line, c.col, c.field, perr)
			}
			msg := perr.Error()
			if want := fmt.Sprintf("%s:%d:%d: ", path, c.line, c.col); !strings.HasPrefix(msg, want) {
				t.Errorf("message %q does not start with %q", msg, want)
			}
			for _, s := range c.says {
				if !strings.Contains(msg, s) {
					t.Errorf("message does not say %q:\n%s", s, msg)
				}
			}
		})
	}
}

// Loading a register with every broken file: each is reported, the good
// records still load, and nothing on disk changes.
func TestMalformedFilesDoNotStopTheLoad(t *testing.T) {
	root := newRegister(t)
	good := syntheticRecord(rngFor(1), syntheticRegister(), 0)
	writeTestFile(t, filepath.Join(root, "records", "a-good.toml"), Encode(&good))
	writeTestFile(t, filepath.Join(root, "records", "z-good.toml"), []byte("title = \"Hand-written # with a hash\"\n# and a comment\n"))
	for _, c := range malformed {
		writeTestFile(t, filepath.Join(root, "records", c.name+".toml"), []byte(c.text))
	}
	before := snapshot(t, root)

	reg, err := Load(root)
	if err != nil {
		t.Fatal(err)
	}
	if len(reg.Files) != 2 || reg.Files[0].Path != "records/a-good.toml" || reg.Files[1].Path != "records/z-good.toml" {
		t.Fatalf("want the two good files, got %d: %v", len(reg.Files), reg.Files)
	}
	if !reg.Files[1].Comments || reg.Files[0].Comments {
		t.Errorf("comments: a-good %v, z-good %v", reg.Files[0].Comments, reg.Files[1].Comments)
	}
	if len(reg.Errors) != len(malformed) {
		t.Fatalf("want %d errors, got %d: %v", len(malformed), len(reg.Errors), reg.Errors)
	}
	byPath := map[string]*ParseError{}
	for _, e := range reg.Errors {
		byPath[e.Path] = e
	}
	for _, c := range malformed {
		e := byPath["records/"+c.name+".toml"]
		if e == nil || e.Line != c.line || e.Col != c.col {
			t.Errorf("%s: got %v, want line %d col %d", c.name, e, c.line, c.col)
		}
	}
	// Saving the good file with comments is refused; the rest stays as it was.
	if err := Save(root, reg.Files[1]); !errors.Is(err, ErrComments) {
		t.Errorf("save of a file with comments: %v", err)
	}
	assertUnchanged(t, before, snapshot(t, root))
}

// A broken register.toml is reported like a record; the records still load.
func TestBrokenRegisterInfo(t *testing.T) {
	root := t.TempDir()
	writeTestFile(t, filepath.Join(root, RegisterFile), []byte("name = \"x\"\nreference_digits = \"five\"\n"))
	writeTestFile(t, filepath.Join(root, "records", "a.toml"), []byte("title = \"a\"\n"))
	reg, err := Load(root)
	if err != nil {
		t.Fatal(err)
	}
	if len(reg.Files) != 1 || len(reg.Errors) != 1 || !strings.HasPrefix(reg.Errors[0].Error(), "register.toml:2:1: reference_digits: ") {
		t.Fatalf("files %d, errors %v", len(reg.Files), reg.Errors)
	}
	if _, err := LoadRegisterInfo(root); err == nil || !strings.Contains(err.Error(), "register.toml:2:1") {
		t.Errorf("LoadRegisterInfo: %v", err)
	}
}
