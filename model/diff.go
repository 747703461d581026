package model

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Kinds of Change.
const (
	ChangeAdded   = "added"
	ChangeRemoved = "removed"
	ChangeChanged = "changed"
)

// Change is one difference between two versions of a record, in the terms
// a DPO reviews: which field, in words, and its values before and after.
type Change struct {
	// Path is the TOML path of the field: "data_categories[1].retention".
	// Indexes count from 0; an added item carries its index in the new
	// record, a removed one its index in the old.
	Path string `json:"path"`
	// Label names the field in words, with item names rather than indexes:
	// "Personal data › Log data › retention".
	Label string `json:"label"`
	Kind  string `json:"kind"` // ChangeAdded, ChangeRemoved, ChangeChanged
	Old   string `json:"old,omitempty"`
	New   string `json:"new,omitempty"`
}

// IsStatus reports whether the change is of the record's workflow status,
// which reviews call out on its own.
func (c Change) IsStatus() bool { return c.Path == "status" }

// Field is one value of a record, flattened: its TOML path, its label and
// its text. Lists give one Field per value; a repeatable item gives one
// Field for its name, labelled with its group ("Personal data: Log data"),
// followed by its own fields.
type Field struct {
	Path  string
	Label string
	Value string
}

// labelSeparator joins the parts of a label.
const labelSeparator = " › "

// humanNames are the words for TOML keys whose key alone reads poorly.
// Keys not listed read as themselves with spaces for underscores; at the
// top level the first letter is capitalised.
var humanNames = map[string]string{
	"last_updated":               "last updated",
	"notice_date":                "notice date",
	"next_review":                "next review",
	"automated_means":            "processed by automated means",
	"notes":                      "internal notes",
	"dpo":                        "DPO",
	"url":                        "URL",
	"email":                      "e-mail",
	"legal_basis":                "legal basis",
	"grounds":                    "grounds (Art 5)",
	"union_law":                  "Union law",
	"consent_details":            "consent details",
	"special_categories":         "special categories (Art 10)",
	"special_grounds":            "special category grounds (Art 10(2))",
	"special_explanation":        "special categories explanation",
	"criminal_data":              "criminal data (Art 11)",
	"criminal_data_basis":        "criminal data basis",
	"analysis":                   "necessity and proportionality",
	"data_subjects":              "data subjects",
	"data_categories":            "personal data",
	"source_detail":              "source detail",
	"international_organisation": "international organisation",
	"public_powers":              "exercise of public powers",
	"automated_decisions":        "automated decisions",
	"provision":                  "provision of data",
	"rules":                      "internal rules",
	"dpia":                       "DPIA",
	"large_scale":                "large scale",
	"systematic_monitoring":      "systematic monitoring",
	"high_residual_risk":         "high residual risk",
	"prior_consultation":         "prior consultation of the EDPS",
	"joint_controllers":          "joint controllers",
	"contract":                   "contract reference",
	"processing_on_behalf":       "processing on behalf of",
	"categories":                 "categories of processing",
}

// HumanName returns the words for a TOML key; top capitalises the first
// letter, for the first part of a label.
func HumanName(key string, top bool) string {
	name, ok := humanNames[key]
	if !ok {
		name = strings.ReplaceAll(key, "_", " ")
	}
	if top {
		r, size := utf8.DecodeRuneInString(name)
		name = string(unicode.ToUpper(r)) + name[size:]
	}
	return name
}

// Diff returns what changed from old to new, field by field, in the order
// of the record's keys, with a status change first. A nil record counts as
// an empty one. Repeatable items (data categories, recipients, …) are
// matched by name, then by position among those left when their other
// fields are mostly alike, so that inserting or reordering one item does
// not show every later item as changed.
func Diff(old, new *Record) []Change {
	oldNil := old == nil
	if oldNil {
		old = &Record{}
	}
	if new == nil {
		new = &Record{}
	}
	d := differ{adding: oldNil}
	d.value("", "", reflect.ValueOf(*old), reflect.ValueOf(*new))
	changes := d.changes
	for i, c := range changes {
		if c.IsStatus() && i > 0 {
			copy(changes[1:i+1], changes[:i])
			changes[0] = c
			break
		}
	}
	return changes
}

// Fields flattens a record into its non-empty values, in key order.
func Fields(r *Record) []Field {
	d := differ{adding: true}
	d.value("", "", reflect.ValueOf(Record{}), reflect.ValueOf(*r))
	fields := make([]Field, 0, len(d.changes))
	for _, c := range d.changes {
		fields = append(fields, Field{Path: c.Path, Label: c.Label, Value: c.New})
	}
	return fields
}

type differ struct {
	changes []Change
	// adding is set while walking a record or item that is new as a whole:
	// its bools that are set read as added rather than changed from no.
	adding bool
}

func (d *differ) add(c Change) { d.changes = append(d.changes, c) }

var timeType = reflect.TypeFor[time.Time]()

// value compares two values of the same type at path (TOML) and label.
func (d *differ) value(path, label string, ov, nv reflect.Value) {
	t := ov.Type()
	switch {
	case t == timeType || isScalar(t.Kind()):
		d.scalar(path, label, ov, nv)
	case t.Kind() == reflect.Struct:
		d.table(path, label, ov, nv)
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Struct:
		d.items(path, label, ov, nv)
	case t.Kind() == reflect.Slice && isScalar(t.Elem().Kind()):
		d.list(path, label, ov, nv)
	default:
		// Not a shape the model uses today; compare as text so that a new
		// field is still never silently ignored.
		d.scalar(path, label, ov, nv)
	}
}

func isScalar(k reflect.Kind) bool {
	switch k {
	case reflect.String, reflect.Bool,
		reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64:
		return true
	}
	return false
}

// tomlKey returns the key of a struct field, or "" for fields not in TOML.
func tomlKey(f reflect.StructField) string {
	if !f.IsExported() {
		return ""
	}
	tag, ok := f.Tag.Lookup("toml")
	if !ok {
		return ""
	}
	key, _, _ := strings.Cut(tag, ",")
	if key == "-" {
		return ""
	}
	return key
}

func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func joinLabel(label, part string) string {
	if label == "" {
		return part
	}
	return label + labelSeparator + part
}

func (d *differ) table(path, label string, ov, nv reflect.Value) {
	t := ov.Type()
	for i := range t.NumField() {
		key := tomlKey(t.Field(i))
		if key == "" {
			continue
		}
		d.value(joinPath(path, key), joinLabel(label, HumanName(key, label == "")), ov.Field(i), nv.Field(i))
	}
}

// scalar compares strings, numbers, bools and dates. Bools are yes/no
// and "changed" (except within a new record or item); other values going
// from or to empty are "added" or "removed".
func (d *differ) scalar(path, label string, ov, nv reflect.Value) {
	o, n := formatScalar(ov), formatScalar(nv)
	if o == n {
		return
	}
	c := Change{Path: path, Label: label, Kind: ChangeChanged, Old: o, New: n}
	if ov.Kind() == reflect.Bool && d.adding {
		c.Kind, c.Old = ChangeAdded, ""
	} else if ov.Kind() != reflect.Bool {
		switch {
		case o == "":
			c.Kind = ChangeAdded
		case n == "":
			c.Kind = ChangeRemoved
		}
	}
	d.add(c)
}

// formatScalar gives a value's text; the zero value of strings, numbers
// and dates is "" (the canonical file omits it), a bool is "yes" or "no".
func formatScalar(v reflect.Value) string {
	if v.Type() == timeType {
		tm := v.Interface().(time.Time)
		if tm.IsZero() {
			return ""
		}
		return tm.Format(time.DateOnly)
	}
	switch v.Kind() {
	case reflect.String:
		return v.String()
	case reflect.Bool:
		if v.Bool() {
			return "yes"
		}
		return "no"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if v.Int() == 0 {
			return ""
		}
		return strconv.FormatInt(v.Int(), 10)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		if v.Uint() == 0 {
			return ""
		}
		return strconv.FormatUint(v.Uint(), 10)
	}
	if v.IsZero() {
		return ""
	}
	return fmt.Sprint(v.Interface())
}

// list compares a list of values as a multiset: values removed, values
// added, and when only the order differs, one change of the order.
func (d *differ) list(path, label string, ov, nv reflect.Value) {
	o, n := listStrings(ov), listStrings(nv)
	remaining := make(map[string]int, len(n))
	for _, s := range n {
		remaining[s]++
	}
	changed := false
	for i, s := range o {
		if remaining[s] > 0 {
			remaining[s]--
			continue
		}
		changed = true
		d.add(Change{Path: fmt.Sprintf("%s[%d]", path, i), Label: label, Kind: ChangeRemoved, Old: s})
	}
	kept := make(map[string]int, len(o))
	for _, s := range o {
		kept[s]++
	}
	for j, s := range n {
		if kept[s] > 0 {
			kept[s]--
			continue
		}
		changed = true
		d.add(Change{Path: fmt.Sprintf("%s[%d]", path, j), Label: label, Kind: ChangeAdded, New: s})
	}
	if !changed && !equalStrings(o, n) {
		d.add(Change{Path: path, Label: joinLabel(label, "order"), Kind: ChangeChanged,
			Old: strings.Join(o, "; "), New: strings.Join(n, "; ")})
	}
}

func listStrings(v reflect.Value) []string {
	out := make([]string, v.Len())
	for i := range out {
		out[i] = formatScalar(v.Index(i))
	}
	return out
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// nameField returns the index of a repeatable item's name: its first
// string field (name, recipient, controller), or -1.
func nameField(t reflect.Type) int {
	for i := range t.NumField() {
		if tomlKey(t.Field(i)) != "" && t.Field(i).Type.Kind() == reflect.String {
			return i
		}
	}
	return -1
}

// itemName is the name of item i of a list, or "item N" when it has none.
func itemName(v reflect.Value, nameIdx, i int) string {
	if nameIdx >= 0 {
		if s := v.Field(nameIdx).String(); s != "" {
			return s
		}
	}
	return fmt.Sprintf("item %d", i+1)
}

// items compares lists of repeatable items, matching them by name first.
func (d *differ) items(path, label string, ov, nv reflect.Value) {
	t := ov.Type().Elem()
	nameIdx := nameField(t)
	nameKey := ""
	if nameIdx >= 0 {
		nameKey = tomlKey(t.Field(nameIdx))
	}
	oldNames := make([]string, ov.Len())
	for i := range oldNames {
		oldNames[i] = itemName(ov.Index(i), nameIdx, i)
	}
	newNames := make([]string, nv.Len())
	for j := range newNames {
		newNames[j] = itemName(nv.Index(j), nameIdx, j)
	}
	pairOf := matchItems(ov, nv, nameIdx)

	matchedOld := make([]bool, ov.Len())
	for _, i := range pairOf {
		if i >= 0 {
			matchedOld[i] = true
		}
	}
	for i := range ov.Len() {
		if !matchedOld[i] {
			d.add(Change{Path: fmt.Sprintf("%s[%d]", path, i), Label: label, Kind: ChangeRemoved, Old: oldNames[i]})
		}
	}
	zero := reflect.New(t).Elem()
	for j := range nv.Len() {
		itemPath := fmt.Sprintf("%s[%d]", path, j)
		itemLabel := joinLabel(label, newNames[j])
		i := pairOf[j]
		if i < 0 {
			d.add(Change{Path: itemPath, Label: label, Kind: ChangeAdded, New: newNames[j]})
			adding := d.adding
			d.adding = true
			d.itemFields(itemPath, itemLabel, zero, nv.Index(j), nameKey)
			d.adding = adding
			continue
		}
		d.itemFields(itemPath, itemLabel, ov.Index(i), nv.Index(j), "")
	}
	// Reordering: the matched items no longer come in their old order.
	last := -1
	for _, i := range pairOf {
		if i < 0 {
			continue
		}
		if i < last {
			d.add(Change{Path: path, Label: joinLabel(label, "order"), Kind: ChangeChanged,
				Old: strings.Join(oldNames, "; "), New: strings.Join(newNames, "; ")})
			break
		}
		last = i
	}
}

// itemFields compares the fields of two matched items; skip names a key
// left out (the name of an added item, already reported as the item).
func (d *differ) itemFields(path, label string, ov, nv reflect.Value, skip string) {
	t := ov.Type()
	for k := range t.NumField() {
		key := tomlKey(t.Field(k))
		if key == "" || key == skip {
			continue
		}
		d.value(joinPath(path, key), joinLabel(label, HumanName(key, false)), ov.Field(k), nv.Field(k))
	}
}

// matchItems pairs the items of two lists: pairOf[j] is the index in old
// of new item j, or -1 when it is new. Items pair by equal name first, in
// order; the rest pair in order when their other fields are mostly alike
// (a renamed item), else they count as removed and added.
func matchItems(ov, nv reflect.Value, nameIdx int) []int {
	pairOf := make([]int, nv.Len())
	used := make([]bool, ov.Len())
	byName := map[string][]int{}
	if nameIdx >= 0 {
		for i := range ov.Len() {
			if name := ov.Index(i).Field(nameIdx).String(); name != "" {
				byName[name] = append(byName[name], i)
			}
		}
	}
	for j := range nv.Len() {
		pairOf[j] = -1
		if nameIdx < 0 {
			continue
		}
		name := nv.Index(j).Field(nameIdx).String()
		if q := byName[name]; name != "" && len(q) > 0 {
			pairOf[j], byName[name] = q[0], q[1:]
			used[q[0]] = true
		}
	}
	for j := range nv.Len() {
		if pairOf[j] >= 0 {
			continue
		}
		// Same position first, then the first unmatched similar item.
		if j < ov.Len() && !used[j] && similarItems(ov.Index(j), nv.Index(j), nameIdx) {
			pairOf[j], used[j] = j, true
			continue
		}
		for i := range ov.Len() {
			if !used[i] && similarItems(ov.Index(i), nv.Index(j), nameIdx) {
				pairOf[j], used[i] = i, true
				break
			}
		}
	}
	return pairOf
}

// similarItems reports whether at least half of the fields set in either
// item (the name aside) hold the same value in both.
func similarItems(a, b reflect.Value, nameIdx int) bool {
	set, same := 0, 0
	for k := range a.NumField() {
		if k == nameIdx || tomlKey(a.Type().Field(k)) == "" {
			continue
		}
		fa, fb := a.Field(k), b.Field(k)
		if fa.IsZero() && fb.IsZero() {
			continue
		}
		set++
		if reflect.DeepEqual(fa.Interface(), fb.Interface()) {
			same++
		}
	}
	return set == 0 || 2*same >= set
}

// LineEdit is one line of a line-by-line comparison of two texts.
type LineEdit struct {
	Op   byte // ' ' kept, '-' removed, '+' added
	Text string
}

// maxLineDiffCells bounds the comparison table; texts beyond it are shown
// as all removed and all added.
const maxLineDiffCells = 1 << 20

// LineDiff compares two multi-line texts line by line (longest common
// subsequence), for showing a change of a long text as the lines that
// changed.
func LineDiff(old, new string) []LineEdit {
	a, b := splitLines(old), splitLines(new)
	if len(a)*len(b) > maxLineDiffCells {
		edits := make([]LineEdit, 0, len(a)+len(b))
		for _, s := range a {
			edits = append(edits, LineEdit{'-', s})
		}
		for _, s := range b {
			edits = append(edits, LineEdit{'+', s})
		}
		return edits
	}
	// lcs[i][j] is the length of the longest common subsequence of a[i:], b[j:].
	lcs := make([][]int, len(a)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var edits []LineEdit
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			edits = append(edits, LineEdit{' ', a[i]})
			i++
			j++
		case lcs[i+1][j] >= lcs[i][j+1]:
			edits = append(edits, LineEdit{'-', a[i]})
			i++
		default:
			edits = append(edits, LineEdit{'+', b[j]})
			j++
		}
	}
	for ; i < len(a); i++ {
		edits = append(edits, LineEdit{'-', a[i]})
	}
	for ; j < len(b); j++ {
		edits = append(edits, LineEdit{'+', b[j]})
	}
	return edits
}

func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(strings.TrimSuffix(s, "\n"), "\n")
}
