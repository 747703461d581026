package export

import (
	"fmt"
	"reflect"
	"strings"
	"time"

	"github.com/eu-ropa/ropa/model"
)

// recordView is the full record (Article 31(4)): every field of the model,
// public and internal, walked by reflection so that a field added to the
// model appears without a template change. Labels come from the catalog
// keys "field.<toml path>".
type recordView struct {
	page
	Title     string
	Reference string
	Sections  []fieldSection
}

// fieldSection is a top-level group of the record: the plain fields
// ("General"), a table such as [controller], or an array of tables such as
// [[data_categories]] (then Items).
type fieldSection struct {
	Label    string
	Internal bool
	Rows     []fieldRow
	Items    []fieldItem
	Empty    bool // an array of tables with no element
}

type fieldItem struct {
	Label string
	Rows  []fieldRow
}

// fieldRow is one value. Exactly one of Text, List or NotSet shows.
type fieldRow struct {
	Label    string
	Internal bool
	Text     Text
	List     []string
	NotSet   bool
}

// enumGroups maps the closed-list types of the model to their catalog group.
var enumGroups = map[reflect.Type]string{
	reflect.TypeFor[model.Kind]():                 "kind",
	reflect.TypeFor[model.Status]():               "status",
	reflect.TypeFor[model.Ground]():               "ground",
	reflect.TypeFor[model.SpecialCatGround]():     "special",
	reflect.TypeFor[model.DataSource]():           "source",
	reflect.TypeFor[model.RecipientKind]():        "recipient",
	reflect.TypeFor[model.Mechanism]():            "mechanism",
	reflect.TypeFor[model.SecurityMeasure]():      "measure",
	reflect.TypeFor[model.ProvisionRequirement](): "provision",
}

var timeType = reflect.TypeFor[time.Time]()

// tomlName is the field's key in the record file.
func tomlName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("toml"), ",")
	if name == "" || name == "-" {
		return strings.ToLower(f.Name)
	}
	return name
}

func (m *maker) fieldLabel(path string) string {
	return m.cat.label("field."+path, path, m.md)
}

func (m *maker) record(r *model.Record) *recordView {
	v := &recordView{Title: m.str(r.Title), Reference: m.str(r.Reference)}
	general := fieldSection{Label: m.fixed("record.h_general")}
	rv := reflect.ValueOf(r).Elem()
	rt := rv.Type()
	for i := range rt.NumField() {
		f := rt.Field(i)
		if !f.IsExported() {
			continue
		}
		path := tomlName(f)
		internal := !isPublic(f)
		fv := rv.Field(i)
		switch {
		case isModelStruct(f.Type):
			s := fieldSection{Label: m.fieldLabel(path), Internal: internal}
			s.Rows = m.rows(fv, path, internal)
			v.Sections = append(v.Sections, s)
		case f.Type.Kind() == reflect.Slice && isModelStruct(f.Type.Elem()):
			s := fieldSection{Label: m.fieldLabel(path), Internal: internal, Empty: fv.Len() == 0}
			for j := range fv.Len() {
				it := fieldItem{Label: m.itemLabel(fv.Index(j), j)}
				it.Rows = m.rows(fv.Index(j), path, internal)
				s.Items = append(s.Items, it)
			}
			v.Sections = append(v.Sections, s)
		default:
			general.Rows = append(general.Rows, m.row(fv, path, internal))
		}
	}
	v.Sections = append([]fieldSection{general}, v.Sections...)
	return v
}

// itemLabel names an element of an array of tables by its first text
// field ("Contact details"), else "Item 3".
func (m *maker) itemLabel(v reflect.Value, j int) string {
	for i := range v.NumField() {
		if v.Field(i).Kind() == reflect.String && v.Field(i).String() != "" {
			return fmt.Sprintf("%d. %s", j+1, m.str(v.Field(i).String()))
		}
	}
	s, _ := fill(m.fixed("record.item"), []string{"n", itoa(j + 1)})
	return s
}

// rows lists the fields of a model struct; nested structs are flattened
// into the same list with their own labels.
func (m *maker) rows(v reflect.Value, prefix string, internal bool) []fieldRow {
	var out []fieldRow
	t := v.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		path := prefix + "." + tomlName(f)
		in := internal || !isPublic(f)
		fv := v.Field(i)
		if isModelStruct(f.Type) {
			out = append(out, m.rows(fv, path, in)...)
			continue
		}
		if f.Type.Kind() == reflect.Slice && isModelStruct(f.Type.Elem()) {
			for j := range fv.Len() {
				out = append(out, m.rows(fv.Index(j), path, in)...)
			}
			continue
		}
		out = append(out, m.row(fv, path, in))
	}
	return out
}

func (m *maker) row(v reflect.Value, path string, internal bool) fieldRow {
	row := fieldRow{Label: m.fieldLabel(path), Internal: internal}
	t := v.Type()
	switch {
	case t == timeType:
		tm := v.Interface().(time.Time)
		if tm.IsZero() {
			row.NotSet = true
		} else {
			row.Text = Text{Paras: [][]string{{m.date(tm)}}}
		}
	case t.Kind() == reflect.Bool:
		key := "doc.no"
		if v.Bool() {
			key = "doc.yes"
		}
		row.Text = Text{Paras: [][]string{{m.fixed(key)}}}
	case t.Kind() == reflect.Int:
		if v.Int() == 0 {
			row.NotSet = true
		} else {
			row.Text = Text{Paras: [][]string{{itoa(int(v.Int()))}}}
		}
	case t.Kind() == reflect.String:
		s := v.String()
		if strings.TrimSpace(s) == "" {
			row.NotSet = true
		} else if g, ok := enumGroups[t]; ok {
			row.Text = Text{Paras: [][]string{{m.label(g, s)}}}
		} else {
			row.Text = m.text(s)
			if row.Text.Empty() {
				row.NotSet = true
			}
		}
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.String:
		g, isEnum := enumGroups[t.Elem()]
		for j := range v.Len() {
			s := v.Index(j).String()
			if isEnum {
				row.List = append(row.List, m.label(g, s))
			} else if s = m.str(s); s != "" {
				row.List = append(row.List, s)
			}
		}
		row.NotSet = len(row.List) == 0
	default:
		row.Text = Text{Paras: [][]string{{m.str(fmt.Sprint(v.Interface()))}}}
	}
	return row
}
