package export

import (
	"net/url"
	"strings"

	"github.com/eu-ropa/ropa/internal/markdown"
)

// mdEscape escapes one line of text for a Markdown document. Every piece
// of text that goes into one, the record's and the catalog's alike,
// passes through it, so that no character of it can open a structure;
// the rules are in internal/markdown, which the diff report shares.
func mdEscape(s string) string { return markdown.Escape(s) }

// mdInline escapes one line of text that stands after other text on its
// line (after a label, in a table cell): a block marker at its start
// ("12. ", "- ") stays as typed there.
func mdInline(s string) string { return markdown.Inline(s) }

// mdText renders a Text as Markdown: lines of a paragraph are joined by
// hard line breaks (a backslash before the newline); paragraphs are
// separated by a blank line; a list follows the paragraph before it on
// the next line ("- " items), and a blank line ends it; an address is an
// autolink ("<https://…>", "<name@example.eu>"). indent is put before
// every line but the first, for text inside a list item; there the text
// may start after other text on the item's line, so a list that opens the
// text starts on a line of its own.
func mdText(t Text, indent int) string {
	var b strings.Builder
	pad := strings.Repeat(" ", indent)
	if t.blocks == nil {
		for i, p := range t.Paras {
			if i > 0 {
				b.WriteString("\n\n")
				b.WriteString(pad)
			}
			for j, line := range p {
				if j > 0 {
					b.WriteString("\\\n")
					b.WriteString(pad)
				}
				b.WriteString(line)
			}
		}
		return b.String()
	}
	for i, blk := range t.blocks {
		switch {
		case blk.list && (i > 0 || indent > 0):
			// A bullet list may interrupt a paragraph: no blank line,
			// which inside a list item would loosen the outer list.
			b.WriteString("\n")
			b.WriteString(pad)
		case i > 0:
			b.WriteString("\n\n")
			b.WriteString(pad)
		}
		for j, line := range blk.lines {
			if j > 0 {
				if blk.list {
					b.WriteString("\n")
				} else {
					b.WriteString("\\\n")
				}
				b.WriteString(pad)
			}
			if blk.list {
				b.WriteString("- ")
			}
			writeMDSpans(&b, line)
		}
	}
	return b.String()
}

// writeMDSpans writes spans prepared for Markdown: an address as an
// autolink, the rest as escaped already (prepareLines).
func writeMDSpans(b *strings.Builder, spans []span) {
	for _, sp := range spans {
		if sp.href != "" {
			b.WriteByte('<')
			b.WriteString(sp.text)
			b.WriteByte('>')
		} else {
			b.WriteString(sp.text)
		}
	}
}

// mdHref makes a link destination safe for Markdown, or "" when the value
// is not a web or mail address and so must not become a link.
func mdHref(raw string) string {
	u := safeURL(raw)
	if u == "" {
		return ""
	}
	return mdDest(u)
}

// mdDest makes a link of ours (a relative path of the site, or one under
// the base URL) safe as a Markdown link destination.
func mdDest(h string) string {
	return mdDestReplacer.Replace(h)
}

// mdDestReplacer percent-encodes what would end or break a destination;
// the address stays the same.
var mdDestReplacer = strings.NewReplacer("(", "%28", ")", "%29", " ", "%20", "<", "%3C", ">", "%3E", "\\", "%5C", "`", "%60", "\n", "%0A")

// safeURL returns the address when it is an absolute http, https or
// mailto URL, and "" otherwise.
func safeURL(raw string) string {
	raw = strings.TrimSpace(clean(raw))
	if raw == "" || strings.ContainsAny(raw, " \t\n\"'<>") {
		return ""
	}
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		if u.Host == "" {
			return ""
		}
	case "mailto":
		if u.Opaque == "" {
			return ""
		}
	default:
		return ""
	}
	return u.String()
}

// mailHref returns a mailto link for an e-mail address, or "": the same
// well-formed addresses that become links in a record's text
// (mailAddressAround), nothing else around them.
func mailHref(email string) string {
	email = strings.TrimSpace(clean(email))
	at := strings.IndexByte(email, '@')
	if at <= 0 {
		return ""
	}
	if start, end, ok := mailAddressAround(email, 0, at); !ok || start != 0 || end != len(email) {
		return ""
	}
	return "mailto:" + email
}
