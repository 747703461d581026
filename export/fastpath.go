package export

import (
	"bytes"
	"fmt"
	htmltemplate "html/template"
	"io"
	"sync"
	"sync/atomic"
	texttemplate "text/template"
	"text/template/parse"

	"github.com/eu-ropa/ropa/export/internal/tmplexec"
)

// templateSet is the parsed templates of one document, format and
// language, executed by the standard library and, once it has run them,
// by tmplexec: the same documents in a fraction of the time (see
// tmplexec). The fast program is compiled after the first execution by the
// standard library, when html/template has escaped the trees; until then,
// and for good when the templates use something tmplexec does not do (an
// institution's override may), the standard library executes them.
type templateSet struct {
	std    executor
	lookup func(name string) *parse.Tree
	funcs  map[string]tmplexec.Func

	once       sync.Once
	fast       atomic.Pointer[tmplexec.Program]
	compileErr error // why there is no fast program (for tests)
	mode       execMode
}

// execMode is for the tests that compare the two ways of executing.
type execMode uint8

const (
	execAuto     execMode = iota // fast when it can, else the standard library
	execStdOnly                  // the standard library only
	execFastOnly                 // once compiled, the fast path only: a fallback is an error
)

// executor is a parsed template set for one document, format and language.
type executor interface {
	ExecuteTemplate(w io.Writer, name string, data any) error
}

func newHTMLSet(t *htmltemplate.Template, cat *catalog) *templateSet {
	return &templateSet{
		std: t,
		lookup: func(name string) *parse.Tree {
			if x := t.Lookup(name); x != nil {
				return x.Tree
			}
			return nil
		},
		funcs: fastFuncs(cat, false),
	}
}

func newTextSet(t *texttemplate.Template, cat *catalog) *templateSet {
	return &templateSet{
		std: t,
		lookup: func(name string) *parse.Tree {
			if x := t.Lookup(name); x != nil {
				return x.Tree
			}
			return nil
		},
		funcs: fastFuncs(cat, true),
	}
}

// execute writes the "page" template applied to data at the end of buf.
func (s *templateSet) execute(buf *bytes.Buffer, data any) error {
	if p := s.fast.Load(); p != nil && s.mode != execStdOnly {
		start := buf.Len()
		err := p.Execute(buf, data)
		if err == nil {
			return nil
		}
		if s.mode == execFastOnly {
			return fmt.Errorf("fast path: %w", err)
		}
		// Something the fast path does not do, or an error: the standard
		// library writes the document, or the error with its message.
		buf.Truncate(start)
	}
	if err := s.std.ExecuteTemplate(buf, "page", data); err != nil {
		return err
	}
	if s.mode != execStdOnly {
		s.once.Do(s.compile)
	}
	return nil
}

func (s *templateSet) compile() {
	p, err := tmplexec.Compile("page", s.lookup, s.funcs)
	if err != nil {
		s.compileErr = err
		return
	}
	s.fast.Store(p)
}

// fastReady reports whether the fast path runs the set of a document,
// format and language.
func (e *Exporter) fastReady(d Doc, f Format, lang string) bool {
	s, ok := e.sets[setKey{d, f, lang}]
	return ok && s.mode != execStdOnly && s.fast.Load() != nil
}
