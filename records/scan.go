package records

import (
	"bytes"
	"fmt"
	"strings"
)

// The scanner reads the lexical structure of a TOML file that BurntSushi's
// parser does not expose: where each key is (for error positions), whether
// the file holds comments (a '#' outside any string), the first-line
// "#:schema" directive, and the first overlong string. It does not validate:
// on input it does not understand it stops, and the parser reports the error.

// position is a 1-based line and byte column.
type position struct{ line, col int }

// longValue is the first string value longer than maxTextLen.
type longValue struct {
	path string
	pos  position
	size int
}

type scanner struct {
	src       []byte
	pos       int
	line      int
	lineStart int

	table  string              // resolved path of the current table: "data_categories[1]"
	arrays map[string]int      // number of [[x]] headers seen per resolved path
	keys   map[string]position // path -> position of its key; nil: not recorded

	comments bool
	schema   string
	long     *longValue
	depth    int // of arrays and inline tables around the current value
}

// scanResult is what a pass of the scanner learns.
type scanResult struct {
	comments bool       // a hand-written comment, other than a first-line #:schema
	schema   string     // target of a first-line "#:schema <target>"
	long     *longValue // the first string longer than maxTextLen
}

const schemaDirective = "#:schema"

// scanTOML scans src; when keys is not nil it records the position of
// every key, table header and list item, by path.
func scanTOML(src []byte, keys map[string]position) scanResult {
	s := &scanner{src: src, line: 1, keys: keys}
	s.run()
	return scanResult{comments: s.comments, schema: s.schema, long: s.long}
}

func (s *scanner) here() position { return position{s.line, s.pos - s.lineStart + 1} }

func (s *scanner) peek(off int) byte {
	if s.pos+off < len(s.src) {
		return s.src[s.pos+off]
	}
	return 0
}

func (s *scanner) newline() {
	s.pos++
	s.line++
	s.lineStart = s.pos
}

func (s *scanner) skipSpace() {
	for s.pos < len(s.src) && (s.src[s.pos] == ' ' || s.src[s.pos] == '\t') {
		s.pos++
	}
}

// skipBlank skips spaces, newlines and comments (inside arrays).
func (s *scanner) skipBlank() {
	for s.pos < len(s.src) {
		switch s.src[s.pos] {
		case ' ', '\t', '\r':
			s.pos++
		case '\n':
			s.newline()
		case '#':
			s.comment()
		default:
			return
		}
	}
}

func (s *scanner) record(path string, p position) {
	if s.keys == nil {
		return
	}
	if _, ok := s.keys[path]; !ok {
		s.keys[path] = p
	}
}

// recordPrefixes records the tables that a dotted key or header creates
// implicitly ("a" and "a.b" for "a.b.c"), where nothing else placed them.
func (s *scanner) recordPrefixes(path string, p position) {
	if s.keys == nil {
		return
	}
	for i := 0; i < len(path); i++ {
		if path[i] == '.' || path[i] == '[' {
			s.record(path[:i], p)
		}
	}
	s.record(path, p)
}

func (s *scanner) run() {
	for s.pos < len(s.src) {
		s.skipSpace()
		if s.pos >= len(s.src) {
			return
		}
		switch s.src[s.pos] {
		case '\n':
			s.newline()
		case '\r':
			s.pos++
		case '#':
			s.comment()
		case '[':
			if !s.header() {
				return
			}
		default:
			if !s.keyValue() {
				return
			}
		}
	}
}

// comment consumes a comment up to (not including) the end of its line.
func (s *scanner) comment() {
	start := s.pos
	end := bytes.IndexByte(s.src[start:], '\n')
	if end < 0 {
		end = len(s.src)
	} else {
		end += start
	}
	text := s.src[start:end]
	if start == 0 && bytes.HasPrefix(text, []byte(schemaDirective)) {
		rest := text[len(schemaDirective):]
		if len(rest) > 0 && (rest[0] == ' ' || rest[0] == '\t') {
			s.schema = strings.TrimSpace(string(rest))
		}
	}
	if s.schema == "" || start != 0 {
		s.comments = true
	}
	s.pos = end
}

// header reads "[a.b]" or "[[a.b]]" and makes it the current table.
func (s *scanner) header() bool {
	at := s.here()
	array := s.peek(1) == '['
	if array {
		s.pos += 2
	} else {
		s.pos++
	}
	s.skipSpace()
	parts, ok := s.keyParts()
	if !ok {
		return false
	}
	s.skipSpace()
	if s.peek(0) != ']' || array && s.peek(1) != ']' {
		return false
	}
	if array {
		s.pos += 2
	} else {
		s.pos++
	}

	var b strings.Builder
	for i, p := range parts {
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString(p)
		last := i == len(parts)-1
		if n, ok := s.arrays[b.String()]; ok && (!last || !array) {
			b.WriteString(indexSegment(n - 1))
		}
	}
	path := b.String()
	if array {
		if s.arrays == nil {
			s.arrays = map[string]int{}
		}
		n := s.arrays[path]
		s.arrays[path] = n + 1
		s.record(path, at)
		path += indexSegment(n)
	}
	s.recordPrefixes(path, at)
	s.table = path
	return true
}

// keyValue reads "a.b = value" in the current table.
func (s *scanner) keyValue() bool {
	at := s.here()
	parts, ok := s.keyParts()
	if !ok {
		return false
	}
	s.skipSpace()
	if s.peek(0) != '=' {
		return false
	}
	s.pos++
	s.skipSpace()
	path := s.join(s.table, parts)
	s.recordPrefixes(path, at)
	return s.value(path)
}

func (s *scanner) join(base string, parts []string) string {
	if base == "" {
		return strings.Join(parts, ".")
	}
	return base + "." + strings.Join(parts, ".")
}

// keyParts reads a dotted key of bare and quoted parts.
func (s *scanner) keyParts() ([]string, bool) {
	var parts []string
	for {
		s.skipSpace()
		var part string
		switch c := s.peek(0); {
		case c == '"':
			start := s.pos + 1
			if !s.basicString() {
				return nil, false
			}
			part = unescapeKey(string(s.src[start : s.pos-1]))
		case c == '\'':
			start := s.pos + 1
			if !s.literalString() {
				return nil, false
			}
			part = string(s.src[start : s.pos-1])
		default:
			start := s.pos
			for s.pos < len(s.src) && isBareKeyByte(s.src[s.pos]) {
				s.pos++
			}
			if s.pos == start {
				return nil, false
			}
			part = string(s.src[start:s.pos])
		}
		parts = append(parts, part)
		s.skipSpace()
		if s.peek(0) != '.' {
			return parts, true
		}
		s.pos++
	}
}

func isBareKeyByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}

// value skips one value, recording the keys and items inside it.
func (s *scanner) value(path string) bool {
	at := s.here()
	start := s.pos
	var ok bool
	switch c := s.peek(0); {
	case c == '"' && s.peek(1) == '"' && s.peek(2) == '"':
		ok = s.multiLineString('"')
	case c == '"':
		ok = s.basicString()
	case c == '\'' && s.peek(1) == '\'' && s.peek(2) == '\'':
		ok = s.multiLineString('\'')
	case c == '\'':
		ok = s.literalString()
	case c == '[' || c == '{':
		if s.depth >= maxNesting {
			return false
		}
		s.depth++
		defer func() { s.depth-- }()
		if c == '[' {
			return s.array(path)
		}
		return s.inlineTable(path)
	default:
		for s.pos < len(s.src) && strings.IndexByte(",]}#\r\n", s.src[s.pos]) < 0 {
			s.pos++
		}
		return s.pos > start
	}
	if ok && s.long == nil && s.pos-start > maxTextLen {
		s.long = &longValue{path: path, pos: at, size: s.pos - start}
	}
	return ok
}

// basicString skips "…" with its escapes.
func (s *scanner) basicString() bool {
	s.pos++
	for s.pos < len(s.src) {
		switch s.src[s.pos] {
		case '\\':
			s.pos += 2
		case '"':
			s.pos++
			return true
		case '\n':
			return false
		default:
			s.pos++
		}
	}
	return false
}

// literalString skips '…'.
func (s *scanner) literalString() bool {
	s.pos++
	for s.pos < len(s.src) {
		switch s.src[s.pos] {
		case '\'':
			s.pos++
			return true
		case '\n':
			return false
		default:
			s.pos++
		}
	}
	return false
}

// multiLineString skips a multi-line string, basic or literal. Up to two quotes may stand
// right before the closing delimiter, so a run of three or more closes it.
func (s *scanner) multiLineString(q byte) bool {
	s.pos += 3
	for s.pos < len(s.src) {
		c := s.src[s.pos]
		switch {
		case c == '\\' && q == '"':
			s.pos++
			if s.pos < len(s.src) && (s.src[s.pos] == '"' || s.src[s.pos] == '\\') {
				s.pos++
			}
		case c == q:
			n := 0
			for s.pos+n < len(s.src) && s.src[s.pos+n] == q {
				n++
			}
			s.pos += n
			if n >= 3 {
				return true
			}
		case c == '\n':
			s.newline()
		default:
			s.pos++
		}
	}
	return false
}

// array skips [v, v, …], recording each item as path[i].
func (s *scanner) array(path string) bool {
	s.pos++
	for i := 0; ; i++ {
		s.skipBlank()
		if s.pos >= len(s.src) {
			return false
		}
		if s.src[s.pos] == ']' {
			s.pos++
			return true
		}
		item := path + indexSegment(i)
		s.record(item, s.here())
		if !s.value(item) {
			return false
		}
		s.skipBlank()
		switch s.peek(0) {
		case ',':
			s.pos++
		case ']':
		default:
			return false
		}
	}
}

// inlineTable skips {k = v, …}, recording each key.
func (s *scanner) inlineTable(path string) bool {
	s.pos++
	for {
		s.skipBlank()
		if s.pos >= len(s.src) {
			return false
		}
		if s.src[s.pos] == '}' {
			s.pos++
			return true
		}
		at := s.here()
		parts, ok := s.keyParts()
		if !ok {
			return false
		}
		s.skipSpace()
		if s.peek(0) != '=' {
			return false
		}
		s.pos++
		s.skipSpace()
		key := s.join(path, parts)
		s.recordPrefixes(key, at)
		if !s.value(key) {
			return false
		}
		s.skipBlank()
		switch s.peek(0) {
		case ',':
			s.pos++
		case '}':
		default:
			return false
		}
	}
}

// unescapeKey resolves the common escapes of a quoted key; a key with
// others is rare enough that its raw text serves for positions.
func unescapeKey(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	return strings.NewReplacer(`\"`, `"`, `\\`, `\`, `\t`, "\t", `\n`, "\n").Replace(s)
}

// maxNesting bounds how deep lists and inline tables may nest, and
// maxKeyParts how many parts a dotted key or header may have. A record
// needs two of each; BurntSushi's parser needs time and memory that grow
// steeply with both (a 100 KB file of "[" took a minute and 14 GB), so
// such input is refused before it is parsed.
const (
	maxNesting  = 32
	maxKeyParts = 16
)

// tooComplex finds where brackets and braces outside strings and comments
// nest deeper than maxNesting, or a dotted key has more than maxKeyParts
// parts, without recursion. On invalid input it is approximate, which is
// harmless: such input fails to parse anyway.
func tooComplex(src []byte) (position, string, bool) {
	depth, dots, line, lineStart := 0, 0, 1, 0
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch {
		case c == '\n':
			line, lineStart, dots = line+1, i+1, 0
		case c == '#':
			for i+1 < len(src) && src[i+1] != '\n' {
				i++
			}
		case c == '"' || c == '\'':
			end, lines, last := skipString(src, i)
			if lines > 0 {
				line, lineStart, dots = line+lines, last, 0
			}
			i = end - 1
		case c == '[' || c == '{':
			depth++
			if depth > maxNesting {
				return position{line, i - lineStart + 1}, fmt.Sprintf("lists or tables are nested more than %d deep", maxNesting), true
			}
			dots = 0
		case c == ']' || c == '}':
			depth, dots = max(depth-1, 0), 0
		case c == '.':
			dots++
			if dots >= maxKeyParts {
				return position{line, i - lineStart + 1}, fmt.Sprintf("a dotted key has more than %d parts", maxKeyParts), true
			}
		case isBareKeyByte(c) || c == ' ' || c == '\t':
		default:
			dots = 0
		}
	}
	return position{}, "", false
}

// skipString returns the end of the string that starts at i, the newlines
// inside it, and the offset after the last of them. An unterminated string
// ends at its line's end (or the input's, for multi-line strings).
func skipString(src []byte, i int) (end, lines, lastLineStart int) {
	q := src[i]
	multi := i+2 < len(src) && src[i+1] == q && src[i+2] == q
	if multi {
		i += 3
	} else {
		i++
	}
	for i < len(src) {
		c := src[i]
		switch {
		case c == '\\' && q == '"':
			if i+1 < len(src) && src[i+1] == '\n' {
				lines, lastLineStart = lines+1, i+2
			}
			i += 2
			continue
		case c == '\n':
			if !multi {
				return i, lines, lastLineStart
			}
			lines, lastLineStart = lines+1, i+1
		case c == q:
			if !multi {
				return i + 1, lines, lastLineStart
			}
			n := 0
			for i+n < len(src) && src[i+n] == q {
				n++
			}
			if n >= 3 {
				return i + n, lines, lastLineStart
			}
			i += n
			continue
		}
		i++
	}
	return len(src), lines, lastLineStart
}
