package records

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/eu-ropa/ropa/model"
)

// fieldKind is the TOML shape of a struct field.
type fieldKind int

const (
	kindString     fieldKind = iota // "text" (or an enum code)
	kindInt                         // 3
	kindBool                        // true
	kindDate                        // 2019-07-10
	kindStringList                  // ["a", "b"] (or enum codes)
	kindTable                       // [table]
	kindTableList                   // [[table]]
)

// isTable reports whether the field is written under a header, after the
// plain keys of its parent.
func (k fieldKind) isTable() bool { return k == kindTable || k == kindTableList }

// field is one key of a table: the struct field it fills and how.
type field struct {
	name  string // TOML key, from the toml tag
	index int    // struct field index
	kind  fieldKind
	enum  *enumInfo // for enum strings and lists of enum strings
	table *table    // for kindTable and kindTableList
}

// table is the schema of a struct written as a TOML table.
type table struct {
	typ    reflect.Type
	fields []field
	byName map[string]int // key -> index in fields
	names  string         // "a, b, c": the known keys, for messages
}

// enumInfo is a closed list of codes from model's catalog.
type enumInfo struct {
	what    string // "data source": the word for one value, in messages
	options []model.Option
}

func (e *enumInfo) allows(code string) bool {
	_, ok := model.FindOption(e.options, code)
	return ok
}

func (e *enumInfo) codes() string {
	codes := make([]string, len(e.options))
	for i, o := range e.options {
		codes[i] = o.Code
	}
	return strings.Join(codes, ", ")
}

// enums maps each enum type of the model to its catalog. Built once at
// start-up and never changed.
var enums = map[reflect.Type]*enumInfo{
	reflect.TypeFor[model.Kind]():                 {"kind of record", model.KindOptions},
	reflect.TypeFor[model.Status]():               {"status", model.StatusOptions},
	reflect.TypeFor[model.Ground]():               {"ground of Art 5(1)", model.GroundOptions},
	reflect.TypeFor[model.SpecialCatGround]():     {"ground of Art 10(2)", model.SpecialGroundOptions},
	reflect.TypeFor[model.DataSource]():           {"data source", model.SourceOptions},
	reflect.TypeFor[model.RecipientKind]():        {"kind of recipient", model.RecipientKindOptions},
	reflect.TypeFor[model.Mechanism]():            {"transfer mechanism", model.MechanismOptions},
	reflect.TypeFor[model.SecurityMeasure]():      {"security measure", model.MeasureOptions},
	reflect.TypeFor[model.ProvisionRequirement](): {"provision requirement", model.ProvisionOptions},
}

// The schemas of the two file types, derived once from the model.
var (
	recordTable   = mustTable(reflect.TypeFor[model.Record]())
	registerTable = mustTable(reflect.TypeFor[model.Register]())
)

var timeType = reflect.TypeFor[time.Time]()

// mustTable derives the schema of a struct. The model is ours, so an
// unsupported field type is a programming error caught by any test.
func mustTable(t reflect.Type) *table {
	tb, err := tableOf(t)
	if err != nil {
		panic(err)
	}
	return tb
}

func tableOf(t reflect.Type) (*table, error) {
	tb := &table{typ: t, byName: map[string]int{}}
	var names []string
	for i := range t.NumField() {
		sf := t.Field(i)
		if !sf.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(sf.Tag.Get("toml"), ",")
		if name == "-" {
			continue
		}
		if name == "" || !isBareKey(name) {
			return nil, fmt.Errorf("records: %s.%s needs a toml tag with a bare key, not %q", t.Name(), sf.Name, name)
		}
		f := field{name: name, index: i}
		ft := sf.Type
		switch {
		case ft == timeType:
			f.kind = kindDate
		case ft.Kind() == reflect.String:
			f.kind = kindString
			f.enum = enums[ft]
		case ft.Kind() == reflect.Bool:
			f.kind = kindBool
		case ft.Kind() >= reflect.Int && ft.Kind() <= reflect.Int64:
			f.kind = kindInt
		case ft.Kind() == reflect.Struct:
			sub, err := tableOf(ft)
			if err != nil {
				return nil, err
			}
			f.kind, f.table = kindTable, sub
		case ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.String:
			f.kind = kindStringList
			f.enum = enums[ft.Elem()]
		case ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.Struct && ft.Elem() != timeType:
			sub, err := tableOf(ft.Elem())
			if err != nil {
				return nil, err
			}
			f.kind, f.table = kindTableList, sub
		default:
			return nil, fmt.Errorf("records: %s.%s has type %s, which the TOML writer does not support", t.Name(), sf.Name, ft)
		}
		if _, dup := tb.byName[name]; dup {
			return nil, fmt.Errorf("records: %s has two fields with the toml key %q", t.Name(), name)
		}
		tb.byName[name] = len(tb.fields)
		tb.fields = append(tb.fields, f)
		names = append(names, name)
	}
	tb.names = strings.Join(names, ", ")
	return tb, nil
}

func (tb *table) lookup(key string) *field {
	i, ok := tb.byName[key]
	if !ok {
		return nil
	}
	return &tb.fields[i]
}

// isBareKey reports whether a key can be written without quotes.
func isBareKey(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// indexSegments are the path segments "[0]" … "[63]", so that building a
// path for a list item does not allocate in the common case.
var indexSegments = func() []string {
	s := make([]string, 64)
	for i := range s {
		s[i] = "[" + strconv.Itoa(i) + "]"
	}
	return s
}()

func indexSegment(i int) string {
	if i < len(indexSegments) {
		return indexSegments[i]
	}
	return "[" + strconv.Itoa(i) + "]"
}

// joinPath joins path segments as "data_categories[1].items[0]".
func joinPath(segs []string) string {
	var b strings.Builder
	for i, s := range segs {
		if i > 0 && !strings.HasPrefix(s, "[") {
			b.WriteByte('.')
		}
		b.WriteString(s)
	}
	return b.String()
}
