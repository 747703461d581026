package export

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/eu-ropa/ropa/model"
)

// The register as data for other tools. JSON keeps the structure of the
// records, with the keys of their json tags, in the order of the model;
// CSV has one row per record and one column per field (lists joined by
// "; ", the elements of an array of tables by a newline).
//
// What a document holds follows d: DocIndex the index columns of the
// published records (all with Options.All); DocEntry the public part of
// each given record (Article 31(5)); DocRecord every field (Article 31(4)).

// WriteJSON writes the register and its records as indented JSON.
func WriteJSON(w io.Writer, reg model.Register, items []Item, d Doc, opt Options) error {
	return writeData(w, reg, items, d, FormatJSON, opt)
}

// WriteCSV writes the records as CSV, one row each, with a header row.
func WriteCSV(w io.Writer, reg model.Register, items []Item, d Doc, opt Options) error {
	return writeData(w, reg, items, d, FormatCSV, opt)
}

func writeData(w io.Writer, reg model.Register, items []Item, d Doc, f Format, opt Options) error {
	var selected []Item
	switch d {
	case DocIndex, DocEntry:
		// The index and the entries are the public register: unpublished
		// records only with opt.All.
		selected = selectItems(items, opt.All)
	case DocRecord:
		selected = selectItems(items, true)
	default:
		return fmt.Errorf("the %s is written as md or html; JSON and CSV hold the index, the entries or the records", d)
	}
	public := d != DocRecord
	if f == FormatCSV {
		return writeCSV(w, selected, d, public)
	}
	return writeJSONDoc(w, reg, selected, d, public)
}

func writeJSONDoc(w io.Writer, reg model.Register, items []Item, d Doc, public bool) error {
	var b bytes.Buffer
	b.WriteString(`{"register":`)
	regJSON, err := json.Marshal(reg)
	if err != nil {
		return fmt.Errorf("encode register: %w", err)
	}
	b.Write(regJSON)
	b.WriteString(`,"records":[`)
	for i, it := range items {
		if i > 0 {
			b.WriteByte(',')
		}
		if d == DocIndex {
			writeIndexJSON(&b, it)
			continue
		}
		b.WriteString(`{"slug":`)
		writeJSONString(&b, it.Slug)
		encodeFields(&b, reflect.ValueOf(it.Record).Elem(), public, true)
		b.WriteByte('}')
	}
	b.WriteString("]}")
	var out bytes.Buffer
	if err := json.Indent(&out, b.Bytes(), "", "  "); err != nil {
		return fmt.Errorf("encode records: %w", err)
	}
	out.WriteByte('\n')
	_, err = w.Write(out.Bytes())
	return err
}

func writeIndexJSON(b *bytes.Buffer, it Item) {
	b.WriteString(`{"slug":`)
	writeJSONString(b, it.Slug)
	for _, kv := range indexColumns(it)[1:] {
		if kv[1] == "" {
			continue
		}
		b.WriteString(`,"` + kv[0] + `":`)
		writeJSONString(b, kv[1])
	}
	b.WriteByte('}')
}

// indexColumns are the columns of the index as data: name and value.
func indexColumns(it Item) [][2]string {
	r := it.Record
	return [][2]string{
		{"slug", it.Slug},
		{"reference", r.Reference},
		{"title", r.Title},
		{"controller", controllerName(r.Controller)},
		{"last_updated", dateISO(r.LastUpdated)},
		{"status", string(r.Status)},
	}
}

func writeJSONString(b *bytes.Buffer, s string) {
	data, _ := json.Marshal(s) // a string always encodes
	b.Write(data)
}

func dateISO(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}

// jsonName is the field's key in JSON, "" to skip it.
func jsonName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	if name == "-" {
		return ""
	}
	if name == "" {
		return f.Name
	}
	return name
}

// encodeFields writes the non-empty fields of a model struct as JSON
// members; after says whether a member precedes them.
func encodeFields(b *bytes.Buffer, v reflect.Value, public, after bool) {
	t := v.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		name := jsonName(f)
		if !f.IsExported() || name == "" || public && !isPublic(f) {
			continue
		}
		fv := v.Field(i)
		if isEmptyValue(fv, public) {
			continue
		}
		if after {
			b.WriteByte(',')
		}
		after = true
		writeJSONString(b, name)
		b.WriteByte(':')
		encodeValue(b, fv, public)
	}
}

func encodeValue(b *bytes.Buffer, v reflect.Value, public bool) {
	switch {
	case v.Type() == timeType:
		writeJSONString(b, dateISO(v.Interface().(time.Time)))
	case isModelStruct(v.Type()):
		b.WriteByte('{')
		encodeFields(b, v, public, false)
		b.WriteByte('}')
	case v.Kind() == reflect.Slice:
		b.WriteByte('[')
		for j := range v.Len() {
			if j > 0 {
				b.WriteByte(',')
			}
			encodeValue(b, v.Index(j), public)
		}
		b.WriteByte(']')
	case v.Kind() == reflect.String:
		writeJSONString(b, v.String())
	case v.Kind() == reflect.Bool:
		b.WriteString(strconv.FormatBool(v.Bool()))
	case v.Kind() == reflect.Int:
		b.WriteString(strconv.FormatInt(v.Int(), 10))
	default:
		writeJSONString(b, fmt.Sprint(v.Interface()))
	}
}

// isEmptyValue reports whether a value would print as nothing: zero, an
// empty list, or a struct all of whose (public) fields are empty.
func isEmptyValue(v reflect.Value, public bool) bool {
	switch {
	case v.Type() == timeType:
		return v.Interface().(time.Time).IsZero()
	case isModelStruct(v.Type()):
		t := v.Type()
		for i := range t.NumField() {
			f := t.Field(i)
			if f.IsExported() && (!public || isPublic(f)) && !isEmptyValue(v.Field(i), public) {
				return false
			}
		}
		return true
	case v.Kind() == reflect.Slice:
		return v.Len() == 0
	}
	return v.IsZero()
}

// csvColumn is one column: the TOML path of a field and how to reach it.
type csvColumn struct {
	name  string
	index []int // field index from the record
	elem  []int // within each element, when index leads to a slice of structs
}

func csvColumns(public bool) []csvColumn {
	var cols []csvColumn
	rt := reflect.TypeFor[model.Record]()
	var walk func(t reflect.Type, prefix string, index []int, inSlice bool, elemIndex []int)
	walk = func(t reflect.Type, prefix string, index []int, inSlice bool, elemIndex []int) {
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() || public && !isPublic(f) {
				continue
			}
			name := tomlName(f)
			if prefix != "" {
				name = prefix + "." + name
			}
			switch {
			case isModelStruct(f.Type):
				if inSlice {
					walk(f.Type, name, index, true, append(slicesClone(elemIndex), i))
				} else {
					walk(f.Type, name, append(slicesClone(index), i), false, nil)
				}
			case f.Type.Kind() == reflect.Slice && isModelStruct(f.Type.Elem()) && !inSlice:
				walk(f.Type.Elem(), name, append(slicesClone(index), i), true, nil)
			case inSlice:
				cols = append(cols, csvColumn{name: name, index: index, elem: append(slicesClone(elemIndex), i)})
			default:
				cols = append(cols, csvColumn{name: name, index: append(slicesClone(index), i)})
			}
		}
	}
	walk(rt, "", nil, false, nil)
	return cols
}

func slicesClone(s []int) []int { return append([]int(nil), s...) }

func writeCSV(w io.Writer, items []Item, d Doc, public bool) error {
	cw := csv.NewWriter(w)
	if d == DocIndex {
		header := []string{}
		for _, kv := range indexColumns(Item{Record: &model.Record{}}) {
			header = append(header, kv[0])
		}
		if err := cw.Write(header); err != nil {
			return err
		}
		for _, it := range items {
			row := []string{}
			for _, kv := range indexColumns(it) {
				row = append(row, csvCell(kv[1]))
			}
			if err := cw.Write(row); err != nil {
				return err
			}
		}
		cw.Flush()
		return cw.Error()
	}
	cols := csvColumns(public)
	header := make([]string, 0, len(cols)+1)
	header = append(header, "slug")
	for _, c := range cols {
		header = append(header, c.name)
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	row := make([]string, len(header))
	for _, it := range items {
		rv := reflect.ValueOf(it.Record).Elem()
		row[0] = csvCell(it.Slug)
		for i, c := range cols {
			v := rv.FieldByIndex(c.index)
			if c.elem == nil {
				row[i+1] = csvCell(cellText(v, false))
				continue
			}
			parts := make([]string, v.Len())
			for j := range v.Len() {
				parts[j] = cellText(v.Index(j).FieldByIndex(c.elem), true)
			}
			row[i+1] = csvCell(strings.Join(parts, "\n"))
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// cellText is a value as CSV text; oneLine folds newlines, for the
// elements of an array of tables, which are joined by newlines.
func cellText(v reflect.Value, oneLine bool) string {
	var s string
	switch {
	case v.Type() == timeType:
		s = dateISO(v.Interface().(time.Time))
	case v.Kind() == reflect.Slice:
		parts := make([]string, v.Len())
		for j := range v.Len() {
			parts[j] = cellText(v.Index(j), true)
		}
		s = strings.Join(parts, "; ")
	case v.Kind() == reflect.String:
		s = clean(v.String())
	case v.Kind() == reflect.Bool:
		s = strconv.FormatBool(v.Bool())
	case v.Kind() == reflect.Int:
		if v.Int() != 0 {
			s = strconv.FormatInt(v.Int(), 10)
		}
	default:
		s = fmt.Sprint(v.Interface())
	}
	if oneLine {
		s = inline(s)
	}
	return s
}

// csvCell guards a cell that a spreadsheet would run as a formula
// (=, +, -, @, tab, carriage return first) with a leading apostrophe,
// which spreadsheets show as a text marker.
func csvCell(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}
