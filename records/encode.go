package records

import (
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/eu-ropa/ropa/model"
)

// The canonical TOML writer. BurntSushi's encoder writes newlines as \n
// escapes and moves keys around, which makes diffs unreadable; this one
// walks the model's structs in field order:
//
//   - plain keys before tables, each table under a [full.dotted.path] or
//     [[full.dotted.path]] header, a blank line before each header, no
//     indentation;
//   - empty values omitted (empty text, false, zero dates, empty lists,
//     tables with nothing in them);
//   - text with a newline as a """ multi-line string, other text as a "basic
//     string"; a CR is always written as the escape \r, so that line endings
//     of the file never change a value;
//   - lists one item per line, indented by two spaces, with a trailing comma;
//   - dates as local dates, 2019-07-10; LF line endings, no trailing blanks.
//
// Only TOML 1.0 is written, so every TOML parser reads it.

// Encode writes a record as canonical TOML.
func Encode(r *model.Record) []byte {
	return EncodeWithSchema(r, "")
}

// EncodeWithSchema writes a record as canonical TOML, with a first line
// "#:schema <schema>" when schema is not empty.
func EncodeWithSchema(r *model.Record, schema string) []byte {
	return encodeTable(recordTable, reflect.ValueOf(r).Elem(), schema)
}

// EncodeRegisterInfo writes register.toml as canonical TOML.
func EncodeRegisterInfo(reg *model.Register) []byte {
	return encodeTable(registerTable, reflect.ValueOf(reg).Elem(), "")
}

func encodeTable(tb *table, v reflect.Value, schema string) []byte {
	w := writer{b: make([]byte, 0, 4096)}
	if schema = firstLine(schema); schema != "" {
		w.b = append(w.b, schemaDirective+" "...)
		w.b = append(w.b, schema...)
		w.b = append(w.b, "\n\n"...)
	}
	start := len(w.b)
	w.table(tb, v, "")
	if len(w.b) == start {
		// A file with nothing in it would not decode ("the file is empty");
		// the first key, empty, says the same and reads back as nothing.
		w.b = append(w.b, tb.fields[0].name...)
		w.b = append(w.b, " = \"\"\n"...)
	}
	return w.b
}

// firstLine keeps a schema directive on its line.
func firstLine(s string) string {
	if i := strings.IndexAny(s, "\r\n"); i >= 0 {
		s = s[:i]
	}
	return strings.TrimSpace(s)
}

type writer struct{ b []byte }

func (w *writer) table(tb *table, v reflect.Value, path string) {
	for i := range tb.fields {
		f := &tb.fields[i]
		if f.kind.isTable() {
			continue
		}
		fv := v.Field(f.index)
		if isEmpty(f, fv) {
			continue
		}
		w.b = append(w.b, f.name...)
		w.b = append(w.b, " = "...)
		w.plain(f, fv)
		w.b = append(w.b, '\n')
	}
	for i := range tb.fields {
		f := &tb.fields[i]
		if !f.kind.isTable() {
			continue
		}
		sub := f.name
		if path != "" {
			sub = path + "." + f.name
		}
		fv := v.Field(f.index)
		switch f.kind {
		case kindTable:
			if isEmpty(f, fv) {
				continue
			}
			w.header("[", sub, "]")
			w.table(f.table, fv, sub)
		case kindTableList:
			for j := range fv.Len() {
				w.header("[[", sub, "]]")
				w.table(f.table, fv.Index(j), sub)
			}
		}
	}
}

func (w *writer) header(open, path, close string) {
	if n := len(w.b); n > 0 && !(n >= 2 && w.b[n-1] == '\n' && w.b[n-2] == '\n') {
		w.b = append(w.b, '\n')
	}
	w.b = append(w.b, open...)
	w.b = append(w.b, path...)
	w.b = append(w.b, close...)
	w.b = append(w.b, '\n')
}

func (w *writer) plain(f *field, v reflect.Value) {
	switch f.kind {
	case kindString:
		w.b = appendString(w.b, v.String())
	case kindInt:
		w.b = strconv.AppendInt(w.b, v.Int(), 10)
	case kindBool:
		w.b = strconv.AppendBool(w.b, v.Bool())
	case kindDate:
		w.b = appendDate(w.b, v.Interface().(time.Time))
	case kindStringList:
		w.b = append(w.b, "[\n"...)
		for i := range v.Len() {
			w.b = append(w.b, "  "...)
			w.b = appendString(w.b, v.Index(i).String())
			w.b = append(w.b, ",\n"...)
		}
		w.b = append(w.b, ']')
	}
}

// isEmpty reports whether a value is left out of the file.
func isEmpty(f *field, v reflect.Value) bool {
	switch f.kind {
	case kindString:
		return v.Len() == 0
	case kindInt:
		return v.Int() == 0
	case kindBool:
		return !v.Bool()
	case kindDate:
		return v.Interface().(time.Time).IsZero()
	case kindStringList, kindTableList:
		return v.Len() == 0
	case kindTable:
		for i := range f.table.fields {
			sf := &f.table.fields[i]
			if !isEmpty(sf, v.Field(sf.index)) {
				return false
			}
		}
		return true
	}
	return false
}

// appendDate writes a TOML local date in the date's own zone.
func appendDate(b []byte, t time.Time) []byte {
	y, m, d := t.Date()
	b = appendPadded(b, y, 4)
	b = append(b, '-')
	b = appendPadded(b, int(m), 2)
	b = append(b, '-')
	return appendPadded(b, d, 2)
}

func appendPadded(b []byte, n, width int) []byte {
	s := strconv.Itoa(n)
	for i := len(s); i < width; i++ {
		b = append(b, '0')
	}
	return append(b, s...)
}

// appendString writes text as a TOML string: multi-line when it holds a
// newline, basic otherwise. Invalid UTF-8 becomes U+FFFD.
func appendString(b []byte, s string) []byte {
	multiLine := strings.IndexByte(s, '\n') >= 0
	if plainText(s, multiLine) {
		if multiLine {
			b = append(b, "\"\"\"\n"...)
			b = append(b, s...)
			return append(b, `"""`...)
		}
		b = append(b, '"')
		b = append(b, s...)
		return append(b, '"')
	}
	if multiLine {
		return appendMultiLine(b, s)
	}
	b = append(b, '"')
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '"':
			b = append(b, `\"`...)
		default:
			b = appendRune(b, r, size)
		}
		i += size
	}
	return append(b, '"')
}

// plainText reports whether s can stand between the quotes as it is:
// valid UTF-8 without quotes, backslashes or control characters (other
// than tab, and newline in multi-line text). Most text is, and then the
// character-by-character escaping is not needed.
func plainText(s string, multiLine bool) bool {
	ascii := true
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"' || c == '\\' || c == 0x7f:
			return false
		case c == '\n':
			if !multiLine {
				return false
			}
		case c < 0x20 && c != '\t':
			return false
		case c >= utf8.RuneSelf:
			ascii = false
		}
	}
	return ascii || utf8.ValidString(s)
}

// appendMultiLine writes """…""". The newline right after the opening
// delimiter is not part of the value (TOML trims it), so the text starts on
// its own line. Quotes are raw except where three would meet (every third
// of a run is escaped) and a quote that ends the text (it would run into
// the closing delimiter).
func appendMultiLine(b []byte, s string) []byte {
	b = append(b, "\"\"\"\n"...)
	run := 0 // raw quotes written just before
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '"':
			if run == 2 || i+size == len(s) {
				b = append(b, `\"`...)
				run = 0
			} else {
				b = append(b, '"')
				run++
			}
			i += size
			continue
		case r == '\n':
			b = append(b, '\n')
		default:
			b = appendRune(b, r, size)
		}
		run = 0
		i += size
	}
	return append(b, `"""`...)
}

// appendRune writes one character of a string body, escaped where TOML
// requires it (backslash, control characters other than tab).
func appendRune(b []byte, r rune, size int) []byte {
	switch {
	case r == '\\':
		return append(b, `\\`...)
	case r == '\t':
		return append(b, '\t')
	case r == '\r':
		return append(b, `\r`...)
	case r == '\n':
		return append(b, `\n`...)
	case r == '\b':
		return append(b, `\b`...)
	case r == '\f':
		return append(b, `\f`...)
	case r < 0x20 || r == 0x7f:
		const hex = "0123456789ABCDEF"
		return append(b, '\\', 'u', '0', '0', hex[r>>4], hex[r&0xf])
	case r == utf8.RuneError && size == 1:
		return utf8.AppendRune(b, utf8.RuneError)
	}
	return utf8.AppendRune(b, r)
}
