package export

import (
	"errors"
	"fmt"
	"reflect"
	"strings"

	"github.com/eu-ropa/ropa/export/internal/tmplexec"
)

// docFuncs are the functions templates call, for one language and format.
// templateFuncs gives them to text/template and html/template, fastFuncs
// to the fast path (tmplexec), with the same argument rules.
type docFuncs struct {
	cat *catalog // nil at parse time: t only reserves its name
	md  bool
}

// t returns the fixed text of key, with {name} filled from the pairs that
// follow: {{t "more.reference" "ref" .Reference}}.
func (f docFuncs) t(key string, args ...any) (string, error) {
	if f.cat == nil {
		return "", errors.New("no catalog")
	}
	s, ok := f.cat.lookup(key, f.md)
	if !ok {
		return "", fmt.Errorf("no text %q in the %s catalog", key, f.cat.lang)
	}
	if len(args) == 0 {
		return s, nil
	}
	strs := make([]string, len(args))
	for i, a := range args {
		if str, ok := a.(string); ok {
			strs[i] = str
		} else {
			strs[i] = fmt.Sprint(a)
		}
	}
	return fill(s, strs)
}

// anchor returns the fragment that links to the Markdown heading
// "## N. <text of key>" on GitHub and GitLab, which give headings ids made
// from their text (githubSlug): {{anchor 1 "notice.h_intro"}}. The
// catalog's wording keeps the two sites' ids equal (TestNoticeAnchors).
func (f docFuncs) anchor(n int, key string) (string, error) {
	if f.cat == nil {
		return "", errors.New("no catalog")
	}
	s, ok := f.cat.lookup(key, false)
	if !ok {
		return "", fmt.Errorf("no text %q in the %s catalog", key, f.cat.lang)
	}
	return mdDest(githubSlug(itoa(n) + ". " + s)), nil
}

func inc(i int) int { return i + 1 }

func join(list []string, sep string) string { return strings.Join(list, sep) }

// mdLink is [text](href), or the text alone when href is empty.
func mdLink(text, href string) string {
	if href == "" {
		return text
	}
	if text == "" {
		text = mdEscape(href)
	}
	return "[" + text + "](" + href + ")"
}

// templateFuncs are the functions templates call, for text/template and
// html/template.
func templateFuncs(cat *catalog, md bool) map[string]any {
	f := docFuncs{cat: cat, md: md}
	funcs := map[string]any{
		"t":    f.t,
		"inc":  inc,
		"join": join,
	}
	if md {
		// text renders multi-line text as Markdown paragraphs; indent is
		// the indentation of continuation lines inside a list item.
		funcs["text"] = func(t Text) string { return mdText(t, 0) }
		funcs["itext"] = func(indent int, t Text) string { return mdText(t, indent) }
		funcs["link"] = mdLink
		funcs["anchor"] = f.anchor
		funcs["line"] = mdLine
	} else {
		// text renders multi-line text as HTML paragraphs and lists,
		// escaped already (template.HTML): {{define "text"}}{{text .}}{{end}}.
		funcs["text"] = textHTML
		funcs["line"] = lineHTML
	}
	return funcs
}

// fastFuncs are the same functions for tmplexec. Each takes exactly the
// arguments text/template would pass to its twin in templateFuncs and
// refuses anything else, so that the standard library reports the error.
func fastFuncs(cat *catalog, md bool) map[string]tmplexec.Func {
	f := docFuncs{cat: cat, md: md}
	funcs := map[string]tmplexec.Func{
		"t": func(args []reflect.Value) (reflect.Value, error) {
			if len(args) == 0 {
				return refuse("t")
			}
			key, ok := argOf[string](args[0])
			if !ok {
				return refuse("t")
			}
			rest := make([]any, len(args)-1)
			for i, a := range args[1:] {
				if !a.IsValid() {
					return refuse("t")
				}
				rest[i] = a.Interface()
			}
			s, err := f.t(key, rest...)
			return reflect.ValueOf(s), err
		},
		"inc":  fast1("inc", inc),
		"join": fast2("join", func(list []string, sep string) (string, error) { return join(list, sep), nil }),
	}
	if md {
		funcs["text"] = fast1("text", func(t Text) string { return mdText(t, 0) })
		funcs["itext"] = fast2("itext", func(indent int, t Text) (string, error) { return mdText(t, indent), nil })
		funcs["link"] = fast2("link", func(text, href string) (string, error) { return mdLink(text, href), nil })
		funcs["anchor"] = fast2("anchor", f.anchor)
		funcs["line"] = fast1("line", mdLine)
	} else {
		funcs["text"] = fast1("text", textHTML)
		funcs["line"] = fast1("line", lineHTML)
	}
	return funcs
}

// fast1 is fn for tmplexec: exactly one argument, of fn's parameter type
// as text/template would pass it, else refused.
func fast1[A, R any](name string, fn func(A) R) tmplexec.Func {
	return func(args []reflect.Value) (reflect.Value, error) {
		if len(args) != 1 {
			return refuse(name)
		}
		a, ok := argOf[A](args[0])
		if !ok {
			return refuse(name)
		}
		return reflect.ValueOf(fn(a)), nil
	}
}

// fast2 is fast1 for a function of two arguments that may fail.
func fast2[A, B, R any](name string, fn func(A, B) (R, error)) tmplexec.Func {
	return func(args []reflect.Value) (reflect.Value, error) {
		if len(args) != 2 {
			return refuse(name)
		}
		a, ok1 := argOf[A](args[0])
		b, ok2 := argOf[B](args[1])
		if !ok1 || !ok2 {
			return refuse(name)
		}
		r, err := fn(a, b)
		return reflect.ValueOf(r), err
	}
}

func refuse(name string) (reflect.Value, error) {
	return reflect.Value{}, fmt.Errorf("%w: arguments of %s", tmplexec.ErrUnsupported, name)
}

// argOf is an argument as text/template passes it to a parameter of type
// T: a value assignable to T, or an interface holding one. (text/template
// also dereferences a pointer; the fast path leaves that to it.)
func argOf[T any](v reflect.Value) (T, bool) {
	var zero T
	if !v.IsValid() {
		return zero, false
	}
	t := reflect.TypeFor[T]()
	if v.Kind() == reflect.Interface && !v.Type().AssignableTo(t) {
		if v.IsNil() {
			return zero, false
		}
		v = v.Elem()
	}
	if !v.Type().AssignableTo(t) {
		return zero, false
	}
	if v.Type() == t {
		return reflect.TypeAssert[T](v)
	}
	return v.Convert(t).Interface().(T), true
}
