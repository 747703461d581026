package export

import (
	"embed"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/BurntSushi/toml"
)

//go:embed i18n/*.toml
var catalogFiles embed.FS

// languages are the languages whose fixed text ropa ships; the first is
// the fallback.
var languages = []string{"en", "fr", "de", "nl"}

// Languages returns the languages in which documents can be exported.
func Languages() []string { return slices.Clone(languages) }

// Supported reports whether documents can be exported in the language.
func Supported(lang string) bool { return slices.Contains(languages, lang) }

// catalog is the fixed text of one language. md holds the same text
// escaped for Markdown, so that templates never escape catalog text at run
// time.
type catalog struct {
	lang string
	text map[string]string
	md   map[string]string
}

// catalogs parses the embedded catalogs once; they never change after.
var catalogs = sync.OnceValues(func() (map[string]*catalog, error) {
	out := make(map[string]*catalog, len(languages))
	for _, lang := range languages {
		c, err := parseCatalog(lang)
		if err != nil {
			return nil, err
		}
		out[lang] = c
	}
	return out, nil
})

func parseCatalog(lang string) (*catalog, error) {
	name := "i18n/" + lang + ".toml"
	data, err := catalogFiles.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("catalog %s: %w", name, err)
	}
	var tree map[string]any
	if _, err := toml.Decode(string(data), &tree); err != nil {
		return nil, fmt.Errorf("catalog %s: %w", name, err)
	}
	c := &catalog{lang: lang, text: map[string]string{}, md: map[string]string{}}
	if err := flatten("", tree, c.text); err != nil {
		return nil, fmt.Errorf("catalog %s: %w", name, err)
	}
	for k, v := range c.text {
		c.md[k] = mdEscape(v)
	}
	return c, nil
}

func flatten(prefix string, tree map[string]any, out map[string]string) error {
	for k, v := range tree {
		key := k
		if prefix != "" {
			key = prefix + "." + k
		}
		switch v := v.(type) {
		case string:
			out[key] = v
		case map[string]any:
			if err := flatten(key, v, out); err != nil {
				return err
			}
		default:
			return fmt.Errorf("key %s: a %T, want text", key, v)
		}
	}
	return nil
}

// catalogFor returns the catalog of a supported language.
func catalogFor(lang string) (*catalog, error) {
	all, err := catalogs()
	if err != nil {
		return nil, err
	}
	c, ok := all[lang]
	if !ok {
		return nil, fmt.Errorf("no document text in language %q; available: %s", lang, strings.Join(languages, ", "))
	}
	return c, nil
}

// keys lists the catalog's keys, sorted.
func (c *catalog) keys() []string {
	ks := make([]string, 0, len(c.text))
	for k := range c.text {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// lookup returns the text of key for the format, escaped for Markdown
// when md is set.
func (c *catalog) lookup(key string, md bool) (string, bool) {
	if md {
		s, ok := c.md[key]
		return s, ok
	}
	s, ok := c.text[key]
	return s, ok
}

// label returns the text of key, or fallback when the catalog has none
// (an unknown code in a hand-edited record: lint reports it).
func (c *catalog) label(key, fallback string, md bool) string {
	if s, ok := c.lookup(key, md); ok {
		return s
	}
	if md {
		return mdEscape(fallback)
	}
	return fallback
}

// fill replaces each {name} in s by the value that follows name in args
// (name, value, name, value...). A placeholder without a value is an error.
func fill(s string, args []string) (string, error) {
	if strings.IndexByte(s, '{') < 0 {
		return s, nil
	}
	var b strings.Builder
	b.Grow(len(s) + 32)
	for {
		open := strings.IndexByte(s, '{')
		if open < 0 {
			b.WriteString(s)
			return b.String(), nil
		}
		end := strings.IndexByte(s[open:], '}')
		if end < 0 {
			b.WriteString(s)
			return b.String(), nil
		}
		name := s[open+1 : open+end]
		val, ok := "", false
		for i := 0; i+1 < len(args); i += 2 {
			if args[i] == name {
				val, ok = args[i+1], true
				break
			}
		}
		if !ok {
			return "", fmt.Errorf("no value for {%s}", name)
		}
		b.WriteString(s[:open])
		b.WriteString(val)
		s = s[open+end+1:]
	}
}

// placeholders returns the {names} used in s, sorted.
func placeholders(s string) []string {
	var out []string
	for {
		open := strings.IndexByte(s, '{')
		if open < 0 {
			break
		}
		end := strings.IndexByte(s[open:], '}')
		if end < 0 {
			break
		}
		out = append(out, s[open+1:open+end])
		s = s[open+end+1:]
	}
	sort.Strings(out)
	return out
}

// date writes a date in the catalog's language: "10 July 2019",
// "1er juillet 2019", "10. Juli 2019". A zero date gives "".
func (c *catalog) date(t time.Time, md bool) string {
	if t.IsZero() {
		return ""
	}
	day := strconv.Itoa(t.Day())
	if t.Day() == 1 {
		day = c.text["date.day_one"]
	}
	s, err := fill(c.text["date.format"], []string{
		"day", day,
		"month", c.text["month."+strconv.Itoa(int(t.Month()))],
		"year", strconv.Itoa(t.Year()),
	})
	if err != nil {
		s = t.Format("2006-01-02")
	}
	if md {
		// A date stands after a label or in a table cell, never at the
		// start of a line: "12. Mai 2025" is no list item there.
		return mdInline(s)
	}
	return s
}
