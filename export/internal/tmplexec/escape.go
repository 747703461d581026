package tmplexec

import (
	"bytes"
	"fmt"
	"html/template"
	"reflect"
	"strings"
)

// html/template's escapers, which it adds at the end of the pipelines of
// the trees it escapes (_html_template_htmlescaper and so on). These give
// the same bytes as html/template's own (Go's html/template/html.go and
// url.go, BSD licence) for the values they accept: a string, and for the
// text escaper template.HTML. Any other value is an error, and the
// standard library renders the document.
type escaper struct {
	apply func(v reflect.Value) (string, error)
	write func(buf *bytes.Buffer, v reflect.Value) error // nil: apply, then write
}

var escapers = map[string]escaper{
	"_html_template_htmlescaper":    {apply: htmlEscaper, write: writeHTMLEscaper},
	"_html_template_attrescaper":    {apply: attrEscaper, write: writeAttrEscaper},
	"_html_template_rcdataescaper":  {apply: attrEscaper, write: writeAttrEscaper}, // the same for plain text
	"_html_template_urlfilter":      {apply: urlFilter},
	"_html_template_urlnormalizer":  {apply: urlNormalizer},
	"_html_template_urlescaper":     {apply: urlEscaper},
	"_html_template_commentescaper": {apply: func(reflect.Value) (string, error) { return "", nil }},
}

var htmlT = reflect.TypeFor[template.HTML]()

// plain returns a value that html/template escapes as plain text: a
// string.
func plain(v reflect.Value) (string, error) {
	if v.IsValid() && v.Type() == stringT {
		return v.String(), nil
	}
	return "", unsupported("escaping a %v", v)
}

func htmlEscaper(v reflect.Value) (string, error) {
	if v.IsValid() && v.Type() == htmlT {
		return v.String(), nil
	}
	return attrEscaper(v)
}

func writeHTMLEscaper(buf *bytes.Buffer, v reflect.Value) error {
	if v.IsValid() && v.Type() == htmlT {
		buf.WriteString(v.String())
		return nil
	}
	s, err := plain(v)
	if err != nil {
		return err
	}
	writeEscaped(buf, s)
	return nil
}

func attrEscaper(v reflect.Value) (string, error) {
	s, err := plain(v)
	if err != nil || !needsEscape(s) {
		return s, err
	}
	var b bytes.Buffer
	writeEscaped(&b, s)
	return b.String(), nil
}

func writeAttrEscaper(buf *bytes.Buffer, v reflect.Value) error {
	s, err := plain(v)
	if err != nil {
		return err
	}
	writeEscaped(buf, s)
	return nil
}

// escapeTable is html/template's htmlReplacementTable: what text and
// quoted attribute values escape. Only ASCII bytes are replaced, so the
// bytes of other runes, and invalid UTF-8, pass through as they are,
// exactly as html/template's rune loop lets them through.
var escapeTable = [128]string{
	0:    "\uFFFD",
	'"':  "&#34;",
	'&':  "&amp;",
	'\'': "&#39;",
	'+':  "&#43;",
	'<':  "&lt;",
	'>':  "&gt;",
}

func needsEscape(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 128 && escapeTable[c] != "" {
			return true
		}
	}
	return false
}

func writeEscaped(buf *bytes.Buffer, s string) {
	written := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 128 || escapeTable[c] == "" {
			continue
		}
		buf.WriteString(s[written:i])
		buf.WriteString(escapeTable[c])
		written = i + 1
	}
	buf.WriteString(s[written:])
}

// urlFilter lets through relative URLs and those of the http, https and
// mailto schemes; anything else becomes "#ZgotmplZ".
func urlFilter(v reflect.Value) (string, error) {
	s, err := plain(v)
	if err != nil {
		return "", err
	}
	if protocol, _, ok := strings.Cut(s, ":"); ok && !strings.Contains(protocol, "/") {
		if !strings.EqualFold(protocol, "http") && !strings.EqualFold(protocol, "https") && !strings.EqualFold(protocol, "mailto") {
			return "#ZgotmplZ", nil
		}
	}
	return s, nil
}

// urlNormalizer percent-encodes what may not stand in a URL, keeping
// valid escapes and the reserved characters.
func urlNormalizer(v reflect.Value) (string, error) { return processURL(v, true) }

// urlEscaper percent-encodes a part of a URL's query.
func urlEscaper(v reflect.Value) (string, error) { return processURL(v, false) }

func processURL(v reflect.Value, norm bool) (string, error) {
	s, err := plain(v)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	written := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '!', '#', '$', '&', '*', '+', ',', '/', ':', ';', '=', '?', '@', '[', ']':
			if norm {
				continue
			}
		case '-', '.', '_', '~':
			continue
		case '%':
			if norm && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
				continue
			}
		default:
			if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
				continue
			}
		}
		if written == 0 {
			b.Grow(len(s) + 16)
		}
		b.WriteString(s[written:i])
		fmt.Fprintf(&b, "%%%02x", c)
		written = i + 1
	}
	if written == 0 {
		return s, nil
	}
	b.WriteString(s[written:])
	return b.String(), nil
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// EscapeHTML writes s to buf escaped as html/template escapes a string in
// text and in a quoted attribute value, byte for byte: for the functions
// of a caller that return template.HTML built from user text.
func EscapeHTML(buf *bytes.Buffer, s string) { writeEscaped(buf, s) }

// NormalizeURL percent-encodes what may not stand in a URL, as
// html/template does to a string in an href (before escaping it as an
// attribute value with EscapeHTML). It does not filter the scheme: the
// caller passes only addresses it has checked.
func NormalizeURL(s string) string {
	out, _ := processURL(reflect.ValueOf(s), true)
	return out
}
