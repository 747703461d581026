package records

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
	"github.com/eu-ropa/ropa/model"
)

// Limits that keep a hostile or broken file from costing more than it is
// worth. A real record is a few KB; its longest text a few pages.
const (
	maxTextLen  = 64 << 10 // bytes in one string value
	maxFileSize = 1 << 20  // bytes in one file, checked after the strings
	maxReadSize = 16 << 20 // larger files are not even read
)

// Decode reads a record file strictly: a syntax error, an unknown key, a
// value of the wrong type or a code not in the catalog is a *ParseError
// with the file's path, the line and column, and the fix. It also reports
// whether the file holds hand-written comments (which Save would drop).
// Dates come back at midnight UTC.
func Decode(path string, data []byte) (model.Record, bool, error) {
	d, perr := decodeRecord(path, data)
	if perr != nil {
		return model.Record{}, false, perr
	}
	return d.record, d.comments, nil
}

// SchemaDirective returns the target of the file's first-line
// "#:schema <url-or-path>" directive, or "" when it has none.
func SchemaDirective(data []byte) string {
	if !bytes.HasPrefix(data, []byte(schemaDirective)) {
		return ""
	}
	return scanTOML(data, nil).schema
}

// decoded is everything a record file holds.
type decoded struct {
	record   model.Record
	comments bool
	schema   string
}

func decodeRecord(path string, data []byte) (decoded, *ParseError) {
	return decodeRecordWith(path, data, true)
}

// decodeRecordWith decodes a record, trying the fast path for canonical
// files first when fast is set (tests compare both paths).
func decodeRecordWith(path string, data []byte, fast bool) (decoded, *ParseError) {
	var d decoded
	sc, perr := decodeInto(path, data, recordTable, reflect.ValueOf(&d.record).Elem(), fast)
	if perr != nil {
		return decoded{}, perr
	}
	d.comments, d.schema = sc.comments, sc.schema
	return d, nil
}

// decodeRegisterInfo reads register.toml as strictly as a record.
func decodeRegisterInfo(path string, data []byte) (model.Register, *ParseError) {
	var reg model.Register
	if _, perr := decodeInto(path, data, registerTable, reflect.ValueOf(&reg).Elem(), true); perr != nil {
		return model.Register{}, perr
	}
	return reg, nil
}

var crlf, lf = []byte("\r\n"), []byte("\n")

func decodeInto(path string, data []byte, tb *table, dst reflect.Value, fast bool) (scanResult, *ParseError) {
	if perr := checkBytes(path, data); perr != nil {
		return scanResult{}, perr
	}
	// A file's line endings are not content: CRLF newlines (Windows
	// editors, git autocrlf) inside """ text become LF, as tomllib does.
	// An escaped \r stays a CR.
	if bytes.IndexByte(data, '\r') >= 0 {
		data = bytes.ReplaceAll(data, crlf, lf)
	}
	if fast && len(data) <= maxFileSize {
		if sc, ok := decodeCanonical(data, tb, dst); ok {
			return sc, nil
		}
	}
	if pos, what, bad := tooComplex(data); bad {
		return scanResult{}, &ParseError{Path: path, Line: pos.line, Col: pos.col, Msg: what,
			Fix: "a record needs at most a list inside a table, and keys of two parts: check the brackets and dots"}
	}
	sc := scanTOML(data, nil)
	if sc.long != nil {
		return sc, &ParseError{Path: path, Line: sc.long.pos.line, Col: sc.long.pos.col, Field: sc.long.path,
			Msg: fmt.Sprintf("this value is %s long; one value may hold at most %s", sizeText(sc.long.size), sizeText(maxTextLen)),
			Fix: "shorten it, or keep the long document elsewhere and refer to it"}
	}
	if len(data) > maxFileSize {
		return sc, &ParseError{Path: path, Line: 1, Col: 1,
			Msg: fmt.Sprintf("the file is %s; a record file may be at most %s", sizeText(len(data)), sizeText(maxFileSize)),
			Fix: "shorten its texts, or split it into several records"}
	}
	var m map[string]any
	if _, err := toml.Decode(string(data), &m); err != nil {
		return sc, syntaxError(path, data, err)
	}
	if len(m) == 0 {
		return sc, &ParseError{Path: path, Line: 1, Col: 1, Msg: "the file defines no keys",
			Fix: `write at least title = "…", or delete the file`}
	}
	u := unifier{}
	u.table(tb, m, dst)
	if len(u.problems) > 0 {
		return sc, u.report(path, data)
	}
	return sc, nil
}

// checkBytes rejects what is not a UTF-8 text file, before parsing, with
// words that say what happened.
func checkBytes(path string, data []byte) *ParseError {
	switch {
	case bytes.HasPrefix(data, []byte("\xEF\xBB\xBF")):
		return &ParseError{Path: path, Line: 1, Col: 1,
			Msg: "the file starts with a byte order mark (BOM: the bytes EF BB BF), which TOML does not allow",
			Fix: `save it as "UTF-8" without BOM (not "UTF-8 with BOM")`}
	case bytes.HasPrefix(data, []byte("\xFF\xFE")) || bytes.HasPrefix(data, []byte("\xFE\xFF")):
		return &ParseError{Path: path, Line: 1, Col: 1,
			Msg: "the file is saved as UTF-16; TOML files are UTF-8",
			Fix: `save it with the encoding "UTF-8"`}
	}
	if !utf8.Valid(data) {
		off := firstInvalidUTF8(data)
		p := positionAt(data, off)
		return &ParseError{Path: path, Line: p.line, Col: p.col,
			Msg: fmt.Sprintf("invalid UTF-8 (byte 0x%02X); TOML files are UTF-8", data[off]),
			Fix: `the file was probably saved as Latin-1 or Windows-1252: save it with the encoding "UTF-8"`}
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return &ParseError{Path: path, Line: 1, Col: 1, Msg: "the file is empty",
			Fix: `write at least title = "…", or delete the file`}
	}
	return nil
}

func firstInvalidUTF8(data []byte) int {
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return len(data)
}

// positionAt converts a byte offset into a line and byte column.
func positionAt(data []byte, off int) position {
	line := 1 + bytes.Count(data[:off], lf)
	start := bytes.LastIndexByte(data[:off], '\n') + 1
	return position{line, off - start + 1}
}

func sizeText(n int) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KB", n>>10)
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

var duplicateKey = regexp.MustCompile(`^Key '(.*)' (has already been defined|was already created)`)

// syntaxError turns BurntSushi's error into ours, keeping its position.
func syntaxError(path string, data []byte, err error) *ParseError {
	var pe toml.ParseError
	if !errors.As(err, &pe) {
		return &ParseError{Path: path, Line: 1, Col: 1, Msg: err.Error()}
	}
	perr := &ParseError{Path: path, Line: pe.Position.Line, Col: pe.Position.Col, Msg: "TOML syntax: " + pe.Message}
	if perr.Line < 1 {
		perr.Line, perr.Col = 1, 1
	}
	if perr.Col < 1 {
		perr.Col = 1
	}
	if m := duplicateKey.FindStringSubmatch(pe.Message); m != nil {
		perr.Field = m[1]
		perr.Msg = fmt.Sprintf("the key %q is defined twice", m[1])
		perr.Fix = "keep only one of them: a key or [table] may appear only once"
		perr.Col = firstColumn(data, perr.Line) // the parser points past the key
	}
	return perr
}

// firstColumn is the column of the first non-blank character of a line.
func firstColumn(data []byte, line int) int {
	for n := 1; n < line; n++ {
		i := bytes.IndexByte(data, '\n')
		if i < 0 {
			return 1
		}
		data = data[i+1:]
	}
	return len(data) - len(bytes.TrimLeft(data, " \t")) + 1
}

// problem is a value that does not fit the schema, found while filling the
// struct; its position is looked up afterwards, only when there is one.
type problem struct {
	path     string
	msg, fix string
	// words, when set, makes msg and fix on demand: only the problem that
	// is reported needs them, and a hostile file may hold thousands.
	words func() (msg, fix string)
}

// unifier fills a struct from BurntSushi's generic tables, strictly.
type unifier struct {
	path     []string
	problems []problem
}

func (u *unifier) push(seg string) { u.path = append(u.path, seg) }
func (u *unifier) pop()            { u.path = u.path[:len(u.path)-1] }

func (u *unifier) fail(msg, fix string) {
	u.problems = append(u.problems, problem{path: joinPath(u.path), msg: msg, fix: fix})
}

func (u *unifier) table(tb *table, m map[string]any, dst reflect.Value) {
	for key, v := range m {
		f := tb.lookup(key)
		if f == nil {
			u.push(key)
			u.unknownKey(tb, key)
			u.pop()
			continue
		}
		u.push(key)
		u.value(f, v, dst.Field(f.index))
		u.pop()
	}
}

func (u *unifier) unknownKey(tb *table, key string) {
	parent := append([]string(nil), u.path[:len(u.path)-1]...)
	u.problems = append(u.problems, problem{path: joinPath(u.path), words: func() (string, string) {
		where := ""
		if len(parent) > 0 {
			where = " in " + tableLabel(parent)
		}
		fix := "remove it or rename it; known keys" + where + " are " + tb.names
		if s := suggest(key, tb); s != "" {
			fix = fmt.Sprintf("did you mean %q? Otherwise remove it or rename it; known keys%s are %s", s, where, tb.names)
		}
		return fmt.Sprintf("unknown key %q%s", key, where), fix
	}})
}

// tableLabel names a table for a person: "[controller]", "[[data_categories]] number 2".
func tableLabel(segs []string) string {
	var names []string
	number := ""
	for _, s := range segs {
		if strings.HasPrefix(s, "[") {
			var n int
			fmt.Sscanf(s, "[%d]", &n)
			number = fmt.Sprintf(" number %d", n+1)
			continue
		}
		names = append(names, s)
	}
	name := strings.Join(names, ".")
	if number != "" {
		return "[[" + name + "]]" + number
	}
	return "[" + name + "]"
}

// suggest finds a known key that the unknown one is probably a typo of.
func suggest(key string, tb *table) string {
	best, bestDist := "", 3
	for _, f := range tb.fields {
		if strings.EqualFold(f.name, key) {
			return f.name
		}
		if len(key) >= 4 && strings.HasPrefix(f.name, strings.ToLower(key)) {
			return f.name
		}
		if d := editDistance(strings.ToLower(key), f.name); d < bestDist {
			best, bestDist = f.name, d
		}
	}
	return best
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func (u *unifier) value(f *field, v any, dst reflect.Value) {
	switch f.kind {
	case kindString:
		s, ok := v.(string)
		if !ok {
			u.wrongType(f, v)
			return
		}
		if !u.text(f, s) {
			return
		}
		dst.SetString(s)
	case kindInt:
		n, ok := v.(int64)
		if !ok {
			u.wrongType(f, v)
			return
		}
		dst.SetInt(n)
	case kindBool:
		b, ok := v.(bool)
		if !ok {
			u.wrongType(f, v)
			return
		}
		dst.SetBool(b)
	case kindDate:
		t, ok := u.date(f, v)
		if ok {
			dst.Set(reflect.ValueOf(t))
		}
	case kindStringList:
		items, ok := v.([]any)
		if !ok {
			u.wrongType(f, v)
			return
		}
		if len(items) == 0 {
			return // an empty list is no list: nil, as when the key is absent
		}
		list := reflect.MakeSlice(dst.Type(), len(items), len(items))
		for i, item := range items {
			u.push(indexSegment(i))
			if s, ok := item.(string); !ok {
				u.fail(fmt.Sprintf("must be text in quotes, but this item is %s", describe(item)),
					fmt.Sprintf(`write every item in quotes: %s = ["…", "…"]`, f.name))
			} else if u.text(f, s) {
				list.Index(i).SetString(s)
			}
			u.pop()
		}
		dst.Set(list)
	case kindTable:
		m, ok := v.(map[string]any)
		if !ok {
			u.wrongType(f, v)
			return
		}
		u.table(f.table, m, dst)
	case kindTableList:
		var tables []map[string]any
		switch v := v.(type) {
		case []map[string]any:
			tables = v
		case []any: // an array of inline tables
			tables = make([]map[string]any, len(v))
			for i, item := range v {
				m, ok := item.(map[string]any)
				if !ok {
					u.wrongType(f, v)
					return
				}
				tables[i] = m
			}
		default:
			u.wrongType(f, v)
			return
		}
		if len(tables) == 0 {
			return
		}
		list := reflect.MakeSlice(dst.Type(), len(tables), len(tables))
		for i, m := range tables {
			u.push(indexSegment(i))
			u.table(f.table, m, list.Index(i))
			u.pop()
		}
		dst.Set(list)
	}
}

// text checks a string value: its length, and its code when it is an enum.
func (u *unifier) text(f *field, s string) bool {
	if len(s) > maxTextLen {
		u.fail(fmt.Sprintf("this text is %s long; one value may hold at most %s", sizeText(len(s)), sizeText(maxTextLen)),
			"shorten it, or keep the long document elsewhere and refer to it")
		return false
	}
	if f.enum != nil && s != "" && !f.enum.allows(s) {
		fix := "use one of: " + f.enum.codes()
		for _, o := range f.enum.options {
			if strings.EqualFold(o.Code, s) || editDistance(strings.ToLower(s), o.Code) <= 2 {
				fix = fmt.Sprintf("did you mean %q? Use one of: %s", o.Code, f.enum.codes())
				break
			}
		}
		u.fail(fmt.Sprintf("%q is not a known %s", s, f.enum.what), fix)
		return false
	}
	return true
}

// localDateZone is the zone BurntSushi gives a TOML local date (2019-07-10).
const localDateZone = "date-local"

func (u *unifier) date(f *field, v any) (time.Time, bool) {
	example := f.name + " = 2025-06-30"
	switch v := v.(type) {
	case time.Time:
		if v.Location().String() != localDateZone {
			u.fail("this is a date with a time of day; "+f.name+" is a plain date",
				"write only the date, without quotes, time or zone: "+example)
			return time.Time{}, false
		}
		y, m, d := v.Date()
		return time.Date(y, m, d, 0, 0, 0, 0, time.UTC), true
	case string:
		u.fail("a date is written without quotes, but this one is text",
			"remove the quotes and write year-month-day: "+example)
	default:
		u.wrongType(f, v)
	}
	return time.Time{}, false
}

func (u *unifier) wrongType(f *field, v any) {
	var want, fix string
	switch f.kind {
	case kindString:
		want, fix = "text in quotes", fmt.Sprintf(`write it in quotes: %s = "…"`, f.name)
		if f.enum != nil {
			fix = fmt.Sprintf(`write one of these in quotes: %s`, f.enum.codes())
		}
	case kindInt:
		want, fix = "a whole number", fmt.Sprintf("write a whole number without quotes: %s = 2", f.name)
	case kindBool:
		want, fix = "true or false", fmt.Sprintf("write true or false, without quotes: %s = true", f.name)
	case kindDate:
		want, fix = "a date", fmt.Sprintf("write a date without quotes: %s = 2025-06-30", f.name)
	case kindStringList:
		want, fix = "a list of texts", fmt.Sprintf(`write a list in square brackets: %s = ["…", "…"]`, f.name)
	case kindTable:
		want, fix = "a table", fmt.Sprintf("write it as a section: a line [%s] followed by its keys", joinPath(u.path))
	case kindTableList:
		want, fix = "a list of tables", fmt.Sprintf("write each item as a section: a line [[%s]] followed by its keys", joinPath(u.path))
	}
	u.fail(fmt.Sprintf("must be %s, but this is %s", want, describe(v)), fix)
}

// describe names the TOML type of a value for a person.
func describe(v any) string {
	switch v.(type) {
	case string:
		return "text"
	case int64:
		return "a whole number"
	case float64:
		return "a decimal number"
	case bool:
		return "true/false"
	case time.Time:
		return "a date or time"
	case []map[string]any:
		return "a list of [[tables]]"
	case []any:
		return "a list"
	case map[string]any:
		return "a table"
	}
	return fmt.Sprintf("%T", v)
}

// report turns the problems into one ParseError: the first in the file,
// with its position found in the source text.
func (u *unifier) report(path string, data []byte) *ParseError {
	keys := map[string]position{}
	scanTOML(data, keys)
	type located struct {
		problem
		pos position
	}
	all := make([]located, len(u.problems))
	for i, p := range u.problems {
		all[i] = located{p, lookupPosition(keys, p.path)}
	}
	sort.Slice(all, func(i, j int) bool {
		a, b := all[i], all[j]
		if a.pos.line != b.pos.line {
			return a.pos.line < b.pos.line
		}
		if a.pos.col != b.pos.col {
			return a.pos.col < b.pos.col
		}
		return a.path < b.path
	})
	first := all[0]
	if first.words != nil {
		first.msg, first.fix = first.words()
	}
	msg := first.msg
	if n := len(all) - 1; n == 1 {
		msg += " (and 1 more problem in this file)"
	} else if n > 1 {
		msg += fmt.Sprintf(" (and %d more problems in this file)", n)
	}
	return &ParseError{Path: path, Line: first.pos.line, Col: first.pos.col, Field: first.path, Msg: msg, Fix: first.fix}
}

// lookupPosition finds the position of a path, or of its nearest parent.
func lookupPosition(keys map[string]position, path string) position {
	for path != "" {
		if p, ok := keys[path]; ok {
			return p
		}
		i := strings.LastIndexAny(path, ".[")
		if i < 0 {
			break
		}
		path = path[:i]
	}
	return position{1, 1}
}
