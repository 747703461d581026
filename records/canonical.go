package records

import (
	"bytes"
	"reflect"
	"strconv"
	"time"
	"unicode/utf8"
)

// The fast path. BurntSushi's parser costs about 150 µs for a 4 KB record
// on this machine, most of a 10,000-record load. Files that ropa wrote are
// canonical, and canonical TOML is a small, line-based subset, which
// decodeCanonical reads several times faster, straight into the struct.
//
// It may be lenient (a duplicate key, a table out of order): the result is
// accepted only when encoding it gives back the input byte for byte. Such
// an input is the encoder's output, which the strict path decodes to the
// same record (the round-trip tests and the fuzz targets hold the encoder
// to that). Anything else (a comment, an unusual spelling, a syntax error,
// a value the strict path would refuse) falls back to the strict path and
// its error messages.

type canonicalParser struct {
	src []byte
	pos int
	u   unifier // its checks of texts and codes; any problem ends the fast path
}

// decodeCanonical fills dst from a canonical file, or reports ok=false
// (leaving dst zero) when the file is not exactly canonical.
func decodeCanonical(data []byte, tb *table, dst reflect.Value) (scanResult, bool) {
	p := &canonicalParser{src: data}
	var schema string
	if bytes.HasPrefix(data, []byte(schemaDirective+" ")) {
		line := p.line()
		schema = string(bytes.TrimSpace(line[len(schemaDirective):]))
	}
	ok := p.fill(tb, dst) && bytes.Equal(encodeTable(tb, dst, schema), data)
	if !ok {
		dst.SetZero()
		return scanResult{}, false
	}
	return scanResult{schema: schema}, true
}

func (p *canonicalParser) fill(root *table, rootValue reflect.Value) bool {
	tb, v := root, rootValue
	keys := 0
	for p.pos < len(p.src) {
		line := p.line()
		switch {
		case len(line) == 0:
		case line[0] == '[':
			var ok bool
			if tb, v, ok = p.header(line, root, rootValue); !ok {
				return false
			}
		default:
			if !p.keyValue(line, tb, v) || len(p.u.problems) > 0 {
				return false
			}
			keys++
		}
	}
	return keys > 0 // the encoder writes at least one key
}

// line returns the next line without its newline and moves past it.
func (p *canonicalParser) line() []byte {
	rest := p.src[p.pos:]
	i := bytes.IndexByte(rest, '\n')
	if i < 0 {
		p.pos = len(p.src)
		return rest
	}
	p.pos += i + 1
	return rest[:i]
}

// header handles "[a.b]" and "[[a.b]]": it returns the table that the
// following keys fill, appending an element for [[…]].
func (p *canonicalParser) header(line []byte, tb *table, v reflect.Value) (*table, reflect.Value, bool) {
	array := bytes.HasPrefix(line, []byte("[[")) && bytes.HasSuffix(line, []byte("]]"))
	var name []byte
	switch {
	case array:
		name = line[2 : len(line)-2]
	case bytes.HasSuffix(line, []byte("]")):
		name = line[1 : len(line)-1]
	default:
		return nil, v, false
	}
	for len(name) > 0 {
		part := name
		last := true
		if i := bytes.IndexByte(name, '.'); i >= 0 {
			part, name, last = name[:i], name[i+1:], false
		} else {
			name = nil
		}
		f := tb.lookup(string(part))
		if f == nil {
			return nil, v, false
		}
		fv := v.Field(f.index)
		switch {
		case f.kind == kindTable && !(last && array):
			tb, v = f.table, fv
		case f.kind == kindTableList && last && array:
			fv.Set(reflect.Append(fv, reflect.Zero(fv.Type().Elem())))
			tb, v = f.table, fv.Index(fv.Len()-1)
		case f.kind == kindTableList && !last && fv.Len() > 0:
			tb, v = f.table, fv.Index(fv.Len()-1)
		default:
			return nil, v, false
		}
	}
	return tb, v, true
}

// keyValue handles "key = value"; a value may continue on the next lines.
func (p *canonicalParser) keyValue(line []byte, tb *table, v reflect.Value) bool {
	eq := bytes.Index(line, []byte(" = "))
	if eq <= 0 {
		return false
	}
	f := tb.lookup(string(line[:eq]))
	if f == nil {
		return false
	}
	fv := v.Field(f.index)
	rest := line[eq+3:]
	switch f.kind {
	case kindString:
		if len(rest) == 0 || rest[0] != '"' {
			return false
		}
		s, ok := p.stringValue(rest)
		if !ok || !p.u.text(f, s) {
			return false
		}
		fv.SetString(s)
	case kindInt:
		n, err := strconv.ParseInt(string(rest), 10, 64)
		if err != nil {
			return false
		}
		fv.SetInt(n)
	case kindBool:
		switch string(rest) {
		case "true":
			fv.SetBool(true)
		case "false":
			fv.SetBool(false)
		default:
			return false
		}
	case kindDate:
		if len(rest) != 10 || rest[4] != '-' || rest[7] != '-' {
			return false
		}
		t, ok := parseDate(rest)
		if !ok {
			return false
		}
		fv.Set(reflect.ValueOf(t))
	case kindStringList:
		if len(rest) != 1 || rest[0] != '[' {
			return false
		}
		return p.list(f, fv)
	default:
		return false
	}
	return true
}

// list reads the items of "key = [", one per line, up to "]".
func (p *canonicalParser) list(f *field, fv reflect.Value) bool {
	var items []string
	for p.pos < len(p.src) {
		line := p.line()
		if len(line) == 1 && line[0] == ']' {
			if len(items) == 0 {
				return false // the encoder leaves an empty list out
			}
			if fv.Type() == stringSliceType {
				fv.Set(reflect.ValueOf(items))
				return true
			}
			list := reflect.MakeSlice(fv.Type(), len(items), len(items))
			for i, s := range items {
				list.Index(i).SetString(s)
			}
			fv.Set(list)
			return true
		}
		if !bytes.HasPrefix(line, []byte(`  "`)) {
			return false
		}
		s, ok := p.stringValue(line[2:])
		if !ok || !p.u.text(f, s) {
			return false
		}
		items = append(items, s)
		if p.pos < 2 || p.src[p.pos-2] != ',' {
			return false
		}
	}
	return false
}

var stringSliceType = reflect.TypeFor[[]string]()

// stringValue reads a string that starts at rest, the remainder of the
// current line; a multi-line string continues on the following lines. The
// text after the string must be nothing, or "," in a list.
func (p *canonicalParser) stringValue(rest []byte) (string, bool) {
	if bytes.Equal(rest, []byte(`"""`)) || bytes.Equal(rest, []byte(`""",`)) {
		if rest[len(rest)-1] == ',' {
			return "", false // a list item: """ opens it, the comma follows the close
		}
		return p.multiLine()
	}
	if bytes.HasPrefix(rest, []byte(`"""`)) {
		return "", false
	}
	body := rest[1:]
	var b []byte
	for i := 0; i < len(body); i++ {
		switch c := body[i]; c {
		case '"':
			tail := body[i+1:]
			if len(tail) > 0 && !(len(tail) == 1 && tail[0] == ',') {
				return "", false
			}
			if b == nil {
				return string(body[:i]), true
			}
			return string(b), true
		case '\\':
			if b == nil {
				b = append(make([]byte, 0, len(body)), body[:i]...)
			}
			n, ok := unescape(&b, body[i:])
			if !ok {
				return "", false
			}
			i += n - 1
		default:
			if b != nil {
				b = append(b, c)
			}
		}
	}
	return "", false
}

// multiLine reads the body of a """ string from the line after its opening
// up to the closing """; the current line is then the one holding it.
func (p *canonicalParser) multiLine() (string, bool) {
	start := p.pos
	var b []byte
	for i := start; i < len(p.src); i++ {
		switch c := p.src[i]; c {
		case '"':
			n := 0
			for i+n < len(p.src) && p.src[i+n] == '"' {
				n++
			}
			if n < 3 {
				if b != nil {
					b = append(b, p.src[i:i+n]...)
				}
				i += n - 1
				continue
			}
			if b != nil {
				b = append(b, p.src[i:i+n-3]...)
			}
			text := p.src[start : i+n-3]
			// The rest of the closing line: nothing, or "," in a list.
			end := i + n
			lineEnd := bytes.IndexByte(p.src[end:], '\n')
			tail := p.src[end:]
			if lineEnd >= 0 {
				tail = p.src[end : end+lineEnd]
				p.pos = end + lineEnd + 1
			} else {
				p.pos = len(p.src)
			}
			if len(tail) > 0 && !(len(tail) == 1 && tail[0] == ',') {
				return "", false
			}
			if b == nil {
				return string(text), true
			}
			return string(b), true
		case '\\':
			if b == nil {
				b = append(make([]byte, 0, i-start+64), p.src[start:i]...)
			}
			n, ok := unescape(&b, p.src[i:])
			if !ok {
				return "", false
			}
			i += n - 1
		default:
			if b != nil {
				b = append(b, c)
			}
		}
	}
	return "", false
}

// unescape appends the character of the escape at the start of s and
// returns the escape's length.
func unescape(b *[]byte, s []byte) (int, bool) {
	if len(s) < 2 {
		return 0, false
	}
	switch s[1] {
	case '\\':
		*b = append(*b, '\\')
	case '"':
		*b = append(*b, '"')
	case 'n':
		*b = append(*b, '\n')
	case 't':
		*b = append(*b, '\t')
	case 'r':
		*b = append(*b, '\r')
	case 'b':
		*b = append(*b, '\b')
	case 'f':
		*b = append(*b, '\f')
	case 'u', 'U':
		n := 4
		if s[1] == 'U' {
			n = 8
		}
		if len(s) < 2+n {
			return 0, false
		}
		code, err := strconv.ParseUint(string(s[2:2+n]), 16, 32)
		if err != nil || !utf8.ValidRune(rune(code)) {
			return 0, false
		}
		*b = utf8.AppendRune(*b, rune(code))
		return 2 + n, true
	default:
		return 0, false
	}
	return 2, true
}

func parseDate(s []byte) (time.Time, bool) {
	y, err1 := strconv.Atoi(string(s[0:4]))
	m, err2 := strconv.Atoi(string(s[5:7]))
	d, err3 := strconv.Atoi(string(s[8:10]))
	if err1 != nil || err2 != nil || err3 != nil || m < 1 || m > 12 || d < 1 || d > 31 {
		return time.Time{}, false
	}
	return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC), true
}
