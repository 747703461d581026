package model

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

func decodeSchema(t *testing.T) map[string]any {
	t.Helper()
	data := JSONSchema()
	if !json.Valid(data) {
		t.Fatalf("the schema is not valid JSON:\n%s", data)
	}
	if !bytes.HasSuffix(data, []byte("}\n")) {
		t.Error("the schema does not end with a newline")
	}
	var s map[string]any
	if err := json.Unmarshal(data, &s); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestSchemaHeader(t *testing.T) {
	s := decodeSchema(t)
	if s["$schema"] != "https://json-schema.org/draft/2020-12/schema" {
		t.Errorf("$schema = %v", s["$schema"])
	}
	if s["type"] != "object" || s["additionalProperties"] != false {
		t.Errorf("the root is not a closed object: type %v, additionalProperties %v", s["type"], s["additionalProperties"])
	}
	if req, _ := s["required"].([]any); !slices.Equal(req, []any{"title"}) {
		t.Errorf("required = %v, want [title]", s["required"])
	}
	if !bytes.Equal(JSONSchema(), JSONSchema()) {
		t.Error("two calls give different bytes")
	}
}

// schemaWalk follows the record's struct and the schema side by side and
// calls fn with each key's path, struct field and schema.
func schemaWalk(t *testing.T, typ reflect.Type, schema map[string]any, prefix string, fn func(path string, f reflect.StructField, s map[string]any)) {
	t.Helper()
	if schema["additionalProperties"] != false {
		t.Errorf("%s: the table accepts unknown keys", prefix)
	}
	props, _ := schema["properties"].(map[string]any)
	for i := 0; i < typ.NumField(); i++ {
		f := typ.Field(i)
		key, _, _ := strings.Cut(f.Tag.Get("toml"), ",")
		if key == "" || key == "-" {
			continue
		}
		path := key
		if prefix != "" {
			path = prefix + "." + key
		}
		sub, ok := props[key].(map[string]any)
		if !ok {
			t.Errorf("the schema has no key %s", path)
			continue
		}
		fn(path, f, sub)
		ft := f.Type
		if ft.Kind() == reflect.Slice {
			ft = ft.Elem()
			sub, _ = sub["items"].(map[string]any)
		}
		if ft.Kind() == reflect.Struct && ft != reflect.TypeFor[time.Time]() {
			schemaWalk(t, ft, sub, path, fn)
		}
	}
	if len(props) != countTOMLFields(typ) {
		t.Errorf("%s: the schema has %d keys, the struct %d", prefix, len(props), countTOMLFields(typ))
	}
}

func countTOMLFields(typ reflect.Type) int {
	n := 0
	for i := 0; i < typ.NumField(); i++ {
		if k, _, _ := strings.Cut(typ.Field(i).Tag.Get("toml"), ","); k != "" && k != "-" {
			n++
		}
	}
	return n
}

func TestSchemaCoversEveryKey(t *testing.T) {
	s := decodeSchema(t)
	var paths []string
	schemaWalk(t, reflect.TypeFor[Record](), s, "", func(path string, f reflect.StructField, sub map[string]any) {
		paths = append(paths, path)
		desc, _ := sub["description"].(string)
		if desc == "" {
			t.Errorf("%s has no description", path)
		}
		public := f.Tag.Get("public") == "true"
		if public != strings.HasSuffix(desc, "Published in the register.") {
			t.Errorf("%s: description %q does not say whether it is published (public=%v)", path, desc, public)
		}
		wantType := map[reflect.Kind]string{
			reflect.String: "string", reflect.Bool: "boolean", reflect.Int: "integer",
			reflect.Slice: "array", reflect.Struct: "object",
		}[f.Type.Kind()]
		if f.Type == reflect.TypeFor[time.Time]() {
			wantType = "string"
			if sub["format"] != "date" {
				t.Errorf("%s: a date without format date", path)
			}
		}
		if sub["type"] != wantType {
			t.Errorf("%s: type %v, want %s", path, sub["type"], wantType)
		}
	})
	if keys := TOMLKeys(); !slices.Equal(keys, paths) {
		t.Errorf("TOMLKeys() = %v\nwant %v", keys, paths)
	}
	if len(paths) < 90 {
		t.Errorf("only %d keys walked", len(paths))
	}
}

func TestSchemaDescribesEveryKey(t *testing.T) {
	keys := TOMLKeys()
	for _, k := range keys {
		if strings.TrimSpace(fieldDescriptions[k]) == "" {
			t.Errorf("no description for %s in fieldDescriptions", k)
		}
	}
	for k := range fieldDescriptions {
		if !slices.Contains(keys, k) {
			t.Errorf("fieldDescriptions has %s, which is not a key of a record", k)
		}
	}
	// The keys of the Article 31 record name their provision.
	for _, k := range []string{
		"title", "controller", "controller.organisation", "dpo", "purposes", "legal_basis.grounds",
		"legal_basis.union_law", "legal_basis.special_grounds", "legal_basis.criminal_data_basis",
		"data_subjects", "data_categories", "data_categories.retention", "data_categories.source",
		"recipients", "transfers", "transfers.mechanisms", "transfers.safeguards", "transfers.public_powers",
		"security.description", "automated_decisions.logic", "provision.requirement", "restrictions.rules",
		"dpia.required", "dpia.prior_consultation", "joint_controllers.arrangement", "processors.contract",
		"processing_on_behalf.categories", "next_review", "automated_means",
	} {
		if !strings.Contains(fieldDescriptions[k], "Art ") {
			t.Errorf("the description of %s does not name its provision: %q", k, fieldDescriptions[k])
		}
	}
}

func TestSchemaCarriesEnums(t *testing.T) {
	s := decodeSchema(t)
	seen := map[reflect.Type]bool{}
	schemaWalk(t, reflect.TypeFor[Record](), s, "", func(path string, f reflect.StructField, sub map[string]any) {
		typ := f.Type
		if typ.Kind() == reflect.Slice {
			typ = typ.Elem()
			sub, _ = sub["items"].(map[string]any)
		}
		if typ.Kind() != reflect.String || typ == reflect.TypeFor[string]() {
			return
		}
		// A named string type is a code: it must have its closed list.
		opts, ok := enumFor(typ)
		if !ok {
			t.Errorf("%s: the code type %s has no catalog in enumFor", path, typ)
			return
		}
		seen[typ] = true
		var want []any
		for _, o := range opts {
			want = append(want, o.Code)
		}
		if got, _ := sub["enum"].([]any); !slices.Equal(got, want) {
			t.Errorf("%s: enum %v, want %v", path, got, want)
		}
		if labels, _ := sub["enumDescriptions"].([]any); len(labels) != len(want) {
			t.Errorf("%s: %d enum descriptions for %d values", path, len(labels), len(want))
		}
	})
	if len(seen) != 9 {
		t.Errorf("%d code types carry enums, want 9 (kind, status, ground, special ground, source, recipient kind, mechanism, measure, requirement)", len(seen))
	}
}

// validRecordTOML is a record file as a person writes it, with every table.
const validRecordTOML = `title = "EMN Information Exchange System"
reference = "DPR-EC-00932"
version = 2
language = "en"
kind = "controller"
status = "published"
last_updated = 2019-07-10
notice_date = 2019-07-10
next_review = 2026-07-10
description = """
A web platform.
"""
purposes = [
  "to provide the service",
]
automated_means = true

[controller]
organisation = "European Commission"
email = "home-emn@ec.europa.eu"

[legal_basis]
grounds = ["public_task", "consent"]
union_law = "Council Decision 2008/381/EC"
special_grounds = ["explicit_consent"]

[[data_categories]]
name = "Identification data"
items = ["name"]
source = "data_subject"
retention = "Until the account is deleted."

[[recipients]]
name = "IOM staff"
kind = "international_organisation"

[[transfers]]
recipient = "IOM staff"
international_organisation = "IOM"
mechanisms = ["explicit_consent", "public_interest"]

[security]
description = "Hosted by the Commission."
measures = ["encryption"]

[provision]
requirement = "none"

[dpia]
high_residual_risk = false

[[processing_on_behalf]]
controller = "X"
categories = ["hosting"]
`

// TestSchemaValidatesRecordFiles checks the schema with an independent
// implementation: python3's jsonschema, on TOML parsed by tomllib, with
// dates handed over as strings as Taplo does. Skipped where python3 or its
// jsonschema package is missing.
func TestSchemaValidatesRecordFiles(t *testing.T) {
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 not installed")
	}
	if err := exec.Command("python3", "-c", "import jsonschema, tomllib").Run(); err != nil {
		t.Skip("python3 has no jsonschema package")
	}
	dir := t.TempDir()
	schemaPath := filepath.Join(dir, "record.schema.json")
	if err := os.WriteFile(schemaPath, JSONSchema(), 0o644); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"valid.toml":          validRecordTOML,
		"unknown-key.toml":    validRecordTOML + "\n[extra]\nx = 1\n",
		"bad-ground.toml":     strings.Replace(validRecordTOML, `"public_task", "consent"`, `"public_task", "legitimate_interest"`, 1),
		"bad-type.toml":       strings.Replace(validRecordTOML, "automated_means = true", `automated_means = "yes"`, 1),
		"no-title.toml":       strings.Replace(validRecordTOML, `title = "EMN Information Exchange System"`, "", 1),
		"bad-mechanism.toml":  strings.Replace(validRecordTOML, `"explicit_consent", "public_interest"`, `"privacy_shield"`, 1),
		"nested-unknown.toml": strings.Replace(validRecordTOML, "[controller]\n", "[controller]\nboss = \"x\"\n", 1),
		"item-no-name.toml":   strings.Replace(validRecordTOML, `name = "IOM staff"`, "", 1),
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	const script = `
import datetime, json, sys, tomllib, jsonschema
schema = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator.check_schema(schema)
v = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
def taplo(x):
    if isinstance(x, dict): return {k: taplo(w) for k, w in x.items()}
    if isinstance(x, list): return [taplo(w) for w in x]
    if isinstance(x, (datetime.date, datetime.datetime, datetime.time)): return x.isoformat()
    return x
for path in sys.argv[2:]:
    doc = taplo(tomllib.load(open(path, "rb")))
    errs = sorted(e.message for e in v.iter_errors(doc))
    print(path.rsplit("/", 1)[-1], "invalid" if errs else "valid", "|", "; ".join(errs)[:200])
`
	args := []string{"-c", script, schemaPath}
	for name := range files {
		args = append(args, filepath.Join(dir, name))
	}
	out, err := exec.Command("python3", args...).CombinedOutput()
	if err != nil {
		t.Fatalf("python3: %v\n%s", err, out)
	}
	verdict := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		if len(fields) >= 2 {
			verdict[fields[0]] = fields[1]
		}
	}
	for name := range files {
		want := "invalid"
		if name == "valid.toml" {
			want = "valid"
		}
		if verdict[name] != want {
			t.Errorf("%s: %s, want %s\n%s", name, verdict[name], want, out)
		}
	}
}
