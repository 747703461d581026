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
		"inc": func(args []reflect.Value) (reflect.Value, error) {
			if len(args) != 1 {
				return refuse("inc")
			}
			i, ok := argOf[int](args[0])
			if !ok {
				return refuse("inc")
			}
			return reflect.ValueOf(inc(i)), nil
		},
		"join": func(args []reflect.Value) (reflect.Value, error) {
			if len(args) != 2 {
				return refuse("join")
			}
			list, ok1 := argOf[[]string](args[0])
			sep, ok2 := argOf[string](args[1])
			if !ok1 || !ok2 {
				return refuse("join")
			}
			return reflect.ValueOf(join(list, sep)), nil
		},
	}
	if md {
		funcs["text"] = func(args []reflect.Value) (reflect.Value, error) {
			if len(args) != 1 {
				return refuse("text")
			}
			t, ok := argOf[Text](args[0])
			if !ok {
				return refuse("text")
			}
			return reflect.ValueOf(mdText(t, 0)), nil
		}
		funcs["itext"] = func(args []reflect.Value) (reflect.Value, error) {
			if len(args) != 2 {
				return refuse("itext")
			}
			indent, ok1 := argOf[int](args[0])
			t, ok2 := argOf[Text](args[1])
			if !ok1 || !ok2 {
				return refuse("itext")
			}
			return reflect.ValueOf(mdText(t, indent)), nil
		}
		funcs["link"] = func(args []reflect.Value) (reflect.Value, error) {
			if len(args) != 2 {
				return refuse("link")
			}
			text, ok1 := argOf[string](args[0])
			href, ok2 := argOf[string](args[1])
			if !ok1 || !ok2 {
				return refuse("link")
			}
			return reflect.ValueOf(mdLink(text, href)), nil
		}
		funcs["anchor"] = func(args []reflect.Value) (reflect.Value, error) {
			if len(args) != 2 {
				return refuse("anchor")
			}
			n, ok1 := argOf[int](args[0])
			key, ok2 := argOf[string](args[1])
			if !ok1 || !ok2 {
				return refuse("anchor")
			}
			s, err := f.anchor(n, key)
			return reflect.ValueOf(s), err
		}
	} else {
		funcs["text"] = func(args []reflect.Value) (reflect.Value, error) {
			if len(args) != 1 {
				return refuse("text")
			}
			t, ok := argOf[Text](args[0])
			if !ok {
				return refuse("text")
			}
			return reflect.ValueOf(textHTML(t)), nil
		}
	}
	render := lineHTMLValue
	if md {
		render = func(l Line) reflect.Value { return reflect.ValueOf(mdLine(l)) }
	}
	funcs["line"] = func(args []reflect.Value) (reflect.Value, error) {
		if len(args) != 1 {
			return refuse("line")
		}
		l, ok := argOf[Line](args[0])
		if !ok {
			return refuse("line")
		}
		return render(l), nil
	}
	return funcs
}

func lineHTMLValue(l Line) reflect.Value { return reflect.ValueOf(lineHTML(l)) }

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
