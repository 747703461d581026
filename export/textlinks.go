package export

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// span is a piece of a line of a record's text: plain text, or a web or
// e-mail address written in it, which becomes a link.
type span struct {
	text string // as the format needs it: escaped for Markdown, except an address (an autolink, taken literally)
	href string // the link's destination (https://…, mailto:…), raw; "" for plain text
}

// linkSpans splits a line of text into plain text and the http(s)
// addresses and e-mail addresses written in it. Only well-formed
// addresses become links: a host name of letters, digits and hyphens with
// a dot, no user name, nothing a Markdown autolink or an HTML attribute
// could not hold as it is. Punctuation that ends a sentence stays out of
// the address. A line without addresses is one span.
func linkSpans(line string) []span {
	if !strings.Contains(line, "@") && !containsFold(line, "http") {
		return []span{{text: line}}
	}
	var out []span
	plain := 0 // start of the plain text not yet in out
	addLink := func(start, end int, href string) {
		if start > plain {
			out = append(out, span{text: line[plain:start]})
		}
		out = append(out, span{text: line[start:end], href: href})
		plain = end
	}
	for i := 0; i < len(line); {
		if end, ok := webAddressAt(line, i); end > i {
			if ok && safeURL(line[i:end]) != "" {
				// The address as written: the Markdown autolink shows and
				// links it so (Https://… included).
				addLink(i, end, line[i:end])
			}
			// A web address that makes no link is no e-mail address
			// either ("https://name@host/").
			i = end
			continue
		}
		if line[i] == '@' && i > plain {
			if start, end, ok := mailAddressAround(line, plain, i); ok {
				addLink(start, end, "mailto:"+line[start:end])
				i = end
				continue
			}
		}
		i++
	}
	if plain == 0 {
		return []span{{text: line}}
	}
	if plain < len(line) {
		out = append(out, span{text: line[plain:]})
	}
	return out
}

func containsFold(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if strings.EqualFold(s[i:i+len(sub)], sub) {
			return true
		}
	}
	return false
}

// webAddressAt returns the end of an http or https address that starts at
// i, after a character that is no letter or digit, and whether it is well
// formed. It returns i when no address starts there.
func webAddressAt(s string, i int) (int, bool) {
	var rest string
	switch {
	case hasPrefixFold(s[i:], "https://"):
		rest = s[i+len("https://"):]
	case hasPrefixFold(s[i:], "http://"):
		rest = s[i+len("http://"):]
	default:
		return i, false
	}
	if i > 0 {
		if r, _ := utf8.DecodeLastRuneInString(s[:i]); isWordRune(r) {
			return i, false
		}
	}
	start := len(s) - len(rest)
	end := start
	for end < len(s) {
		r, size := utf8.DecodeRuneInString(s[end:])
		if !urlRune(r) {
			break
		}
		end += size
	}
	end = trimAddressEnd(s, start, end)
	host := s[start:end]
	if k := strings.IndexAny(host, "/?#"); k >= 0 {
		host = host[:k]
	}
	return end, validHostPort(host)
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

func isWordRune(r rune) bool {
	return r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

// urlRune reports whether r may stand in an address as written in text:
// no blank, no control character, none of the characters that end an
// address in prose or that HTML or a Markdown autolink would read
// otherwise (quotes, angle brackets, backslash, backtick, braces, square
// brackets, "|", "^"), and no punctuation beyond ASCII (a closing „“ or »).
func urlRune(r rune) bool {
	switch {
	case r <= ' ' || r == 0x7f:
		return false
	case r < utf8.RuneSelf:
		return !strings.ContainsRune("\"'<>\\`{}[]|^", r)
	case r == utf8.RuneError:
		return false
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// trimAddressEnd drops what ends a sentence rather than the address: a
// final ".", ",", ":", ";", "!", "?", "*", "_", "~", and a ")" without its
// "(" in the address.
func trimAddressEnd(s string, start, end int) int {
	for end > start {
		c := s[end-1]
		switch {
		case strings.IndexByte(".,:;!?*_~", c) >= 0:
			end--
		case c == ')' && strings.Count(s[start:end], "(") < strings.Count(s[start:end], ")"):
			end--
		default:
			return end
		}
	}
	return end
}

// validHostPort reports whether h is a host name with at least one dot
// (labels of letters, digits and inner hyphens) and an optional port.
// A user name ("x@host") or an IP literal makes no link.
func validHostPort(h string) bool {
	if host, port, ok := strings.Cut(h, ":"); ok {
		if port == "" || len(port) > 5 || strings.Trim(port, "0123456789") != "" {
			return false
		}
		h = host
	}
	return validDomain(h, false)
}

// validDomain reports whether d is two or more labels separated by dots,
// each 1 to 63 letters, digits or hyphens, neither starting nor ending with
// a hyphen (as CommonMark's e-mail autolinks require), the last one
// letters only when asciiTLD is set.
func validDomain(d string, asciiTLD bool) bool {
	labels := strings.Split(d, ".")
	if len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for _, r := range l {
			if r != '-' && !isWordRune(r) {
				return false
			}
			if asciiTLD && !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-') {
				return false
			}
		}
	}
	tld := labels[len(labels)-1]
	if asciiTLD {
		return len(tld) >= 2 && strings.Trim(tld, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") == ""
	}
	return true
}

// mailAddressAround returns the e-mail address around the "@" at at, not
// reaching before from: a local part of ASCII letters, digits and
// "._+-" (not ending with a dot, no ".."), and a domain as
// validDomain with ASCII labels, as a Markdown e-mail autolink accepts it.
func mailAddressAround(s string, from, at int) (start, end int, ok bool) {
	start = at
	for start > from && isLocalByte(s[start-1]) {
		start--
	}
	for start < at && s[start] == '.' { // a full stop before the address
		start++
	}
	local := s[start:at]
	if local == "" || local[0] == '.' || local[len(local)-1] == '.' || strings.Contains(local, "..") {
		return 0, 0, false
	}
	end = at + 1
	for end < len(s) && (isDomainByte(s[end]) || s[end] == '.' && end+1 < len(s) && isDomainByte(s[end+1])) {
		end++
	}
	if !validDomain(s[at+1:end], true) {
		return 0, 0, false
	}
	return start, end, true
}

func isLocalByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("._+-", c) >= 0
}

func isDomainByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-'
}
