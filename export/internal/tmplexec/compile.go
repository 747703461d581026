// Package tmplexec executes text/template and html/template parse trees
// faster than the standard library, for the part of the template language
// that ropa's document templates use.
//
// text/template evaluates every action through reflection: each function
// call, html/template's escapers included, is a reflect.Value.Call, and
// each field is looked up by name each time. A compiled Program resolves
// functions once, calls them without reflection, caches field indices per
// type, and writes html/template's escapers straight into the buffer.
//
// It is a fast path, not a replacement: Compile refuses (ErrUnsupported)
// any construct it does not implement exactly as text/template does, and
// Execute returns an error on any value it does not handle (or on any
// error at all). The caller then executes the template with the standard
// library, which gives the canonical output or the canonical error. So
// every document a Program writes is the one text/template would write;
// the tests hold it to that byte for byte.
package tmplexec

import (
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"sync/atomic"
	"text/template/parse"
)

// ErrUnsupported reports a template or a value the fast path does not
// handle; the caller executes the template with the standard library.
var ErrUnsupported = errors.New("tmplexec: not supported by the fast path")

func unsupported(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrUnsupported}, args...)...)
}

// Func is a template function called without reflection. args are the
// evaluated arguments, the pipeline's previous value last. It must accept
// exactly the arguments text/template would pass to the function it
// stands for, and return an error (any error: the caller falls back to
// the standard library) for anything else.
type Func func(args []reflect.Value) (reflect.Value, error)

// Program is a compiled template and the templates it calls. It is safe
// for concurrent use.
type Program struct {
	root *compiled
}

type compiled struct {
	name string
	body stmt
}

// Compile compiles the template name and every template it calls; lookup
// returns the parse tree of a template (for html/template, the escaped
// tree, after the template has been executed once), or nil. funcs are the
// template's functions; the builtins and, or, not, eq and ne, and
// html/template's escapers, are known without them.
func Compile(name string, lookup func(name string) *parse.Tree, funcs map[string]Func) (*Program, error) {
	c := &compiler{lookup: lookup, funcs: funcs, done: map[string]*compiled{}}
	root, err := c.template(name)
	if err != nil {
		return nil, err
	}
	return &Program{root: root}, nil
}

type compiler struct {
	lookup func(string) *parse.Tree
	funcs  map[string]Func
	done   map[string]*compiled
}

func (c *compiler) template(name string) (*compiled, error) {
	if t, ok := c.done[name]; ok {
		return t, nil
	}
	tree := c.lookup(name)
	if tree == nil || tree.Root == nil {
		return nil, unsupported("template %q not found", name)
	}
	t := &compiled{name: name}
	c.done[name] = t // before the body: a template may call itself
	body, err := c.list(tree.Root)
	if err != nil {
		return nil, fmt.Errorf("template %q: %w", name, err)
	}
	t.body = body
	return t, nil
}

// ctrl is how a statement ends: normally, or by {{break}} or {{continue}}.
type ctrl uint8

const (
	ctrlNext ctrl = iota
	ctrlBreak
	ctrlContinue
)

type stmt func(s *state, dot reflect.Value) (ctrl, error)

func (c *compiler) list(l *parse.ListNode) (stmt, error) {
	if l == nil {
		return func(*state, reflect.Value) (ctrl, error) { return ctrlNext, nil }, nil
	}
	var stmts []stmt
	for _, n := range l.Nodes {
		st, err := c.node(n)
		if err != nil {
			return nil, err
		}
		if st != nil {
			stmts = append(stmts, st)
		}
	}
	switch len(stmts) {
	case 0:
		return func(*state, reflect.Value) (ctrl, error) { return ctrlNext, nil }, nil
	case 1:
		return stmts[0], nil
	}
	return func(s *state, dot reflect.Value) (ctrl, error) {
		for _, st := range stmts {
			if c, err := st(s, dot); c != ctrlNext || err != nil {
				return c, err
			}
		}
		return ctrlNext, nil
	}, nil
}

func (c *compiler) node(n parse.Node) (stmt, error) {
	switch n := n.(type) {
	case *parse.TextNode:
		text := n.Text
		return func(s *state, _ reflect.Value) (ctrl, error) {
			s.buf.Write(text)
			return ctrlNext, nil
		}, nil
	case *parse.CommentNode:
		return nil, nil
	case *parse.ActionNode:
		return c.action(n)
	case *parse.IfNode:
		return c.ifOrWith(n.Pipe, n.List, n.ElseList, false)
	case *parse.WithNode:
		return c.ifOrWith(n.Pipe, n.List, n.ElseList, true)
	case *parse.RangeNode:
		return c.rangeNode(n)
	case *parse.TemplateNode:
		return c.templateCall(n)
	case *parse.BreakNode:
		return func(*state, reflect.Value) (ctrl, error) { return ctrlBreak, nil }, nil
	case *parse.ContinueNode:
		return func(*state, reflect.Value) (ctrl, error) { return ctrlContinue, nil }, nil
	case *parse.ListNode:
		return c.list(n)
	}
	return nil, unsupported("node %s", n)
}

// action prints its pipeline's value, unless the pipeline declares
// variables. A pipeline ending in an html/template escaper writes the
// escaped text straight into the buffer.
func (c *compiler) action(n *parse.ActionNode) (stmt, error) {
	if len(n.Pipe.Decl) == 0 && len(n.Pipe.Cmds) > 1 {
		last := n.Pipe.Cmds[len(n.Pipe.Cmds)-1]
		if id, ok := last.Args[0].(*parse.IdentifierNode); ok && len(last.Args) == 1 && c.funcs[id.Ident] == nil {
			if esc, ok := escapers[id.Ident]; ok && esc.write != nil {
				head := *n.Pipe
				head.Cmds = n.Pipe.Cmds[:len(n.Pipe.Cmds)-1]
				eval, err := c.evaluator(&head)
				if err != nil {
					return nil, err
				}
				write := esc.write
				return func(s *state, dot reflect.Value) (ctrl, error) {
					v, err := eval(s, dot)
					if err != nil {
						return ctrlNext, err
					}
					return ctrlNext, write(s.buf, v)
				}, nil
			}
		}
	}
	eval, err := c.evaluator(n.Pipe)
	if err != nil {
		return nil, err
	}
	if len(n.Pipe.Decl) > 0 {
		return func(s *state, dot reflect.Value) (ctrl, error) {
			_, err := eval(s, dot)
			return ctrlNext, err
		}, nil
	}
	return func(s *state, dot reflect.Value) (ctrl, error) {
		v, err := eval(s, dot)
		if err != nil {
			return ctrlNext, err
		}
		return ctrlNext, printValue(s.buf, v)
	}, nil
}

func (c *compiler) ifOrWith(pipe *parse.PipeNode, list, elseList *parse.ListNode, with bool) (stmt, error) {
	eval, err := c.evaluator(pipe)
	if err != nil {
		return nil, err
	}
	then, err := c.list(list)
	if err != nil {
		return nil, err
	}
	var otherwise stmt
	if elseList != nil {
		if otherwise, err = c.list(elseList); err != nil {
			return nil, err
		}
	}
	return func(s *state, dot reflect.Value) (c ctrl, err error) {
		mark := len(s.vars)
		val, err := eval(s, dot)
		if err != nil {
			return ctrlNext, err
		}
		truth, ok := isTrue(indirectInterface(val))
		switch {
		case !ok:
			err = unsupported("if/with can't use %v", val)
		case truth && with:
			c, err = then(s, val)
		case truth:
			c, err = then(s, dot)
		case otherwise != nil:
			c, err = otherwise(s, dot)
		}
		s.pop(mark)
		return c, err
	}, nil
}

// rangeNode ranges over arrays and slices (and nothing, an invalid value);
// anything else is left to text/template.
func (c *compiler) rangeNode(r *parse.RangeNode) (stmt, error) {
	eval, err := c.evaluator(r.Pipe)
	if err != nil {
		return nil, err
	}
	body, err := c.list(r.List)
	if err != nil {
		return nil, err
	}
	var otherwise stmt
	if r.ElseList != nil {
		if otherwise, err = c.list(r.ElseList); err != nil {
			return nil, err
		}
	}
	decl := make([]string, len(r.Pipe.Decl))
	for i, v := range r.Pipe.Decl {
		decl[i] = v.Ident[0]
	}
	assign := r.Pipe.IsAssign
	return func(s *state, dot reflect.Value) (ctrl, error) {
		outer := len(s.vars)
		defer s.pop(outer)
		v, err := eval(s, dot)
		if err != nil {
			return ctrlNext, err
		}
		val, _ := indirect(v)
		mark := len(s.vars)
		switch val.Kind() {
		case reflect.Array, reflect.Slice:
			n := val.Len()
			if n == 0 {
				break
			}
		loop:
			for i := 0; i < n; i++ {
				elem := val.Index(i)
				if err := s.rangeVars(decl, assign, reflect.ValueOf(i), elem); err != nil {
					return ctrlNext, err
				}
				c, err := body(s, elem)
				s.pop(mark)
				if err != nil {
					return ctrlNext, err
				}
				if c == ctrlBreak {
					break loop
				}
			}
			return ctrlNext, nil
		case reflect.Invalid:
		default:
			return ctrlNext, unsupported("range over %s", val.Kind())
		}
		if otherwise != nil {
			return otherwise(s, dot)
		}
		return ctrlNext, nil
	}, nil
}

// maxDepth is text/template's limit of nested template calls; reaching it
// is an error, which the standard library reports.
const maxDepth = 100000

func (c *compiler) templateCall(n *parse.TemplateNode) (stmt, error) {
	callee, err := c.template(n.Name)
	if err != nil {
		return nil, err
	}
	var eval evaluator
	if n.Pipe != nil {
		if eval, err = c.evaluator(n.Pipe); err != nil {
			return nil, err
		}
	}
	return func(s *state, dot reflect.Value) (ctrl, error) {
		if s.depth >= maxDepth {
			return ctrlNext, unsupported("template depth")
		}
		var arg reflect.Value
		if eval != nil {
			v, err := eval(s, dot) // variables it declares persist
			if err != nil {
				return ctrlNext, err
			}
			arg = v
		}
		// No dynamic scoping: the callee sees only $.
		base := s.base
		s.base = len(s.vars)
		s.depth++
		s.push("$", arg)
		_, err := callee.body(s, arg)
		s.pop(s.base)
		s.base = base
		s.depth--
		return ctrlNext, err
	}, nil
}

// evaluator evaluates a pipeline or an argument.
type evaluator func(s *state, dot reflect.Value) (reflect.Value, error)

// evaluator compiles a pipeline. The most common ones, a field, a variable
// or dot alone, get an evaluator of their own: the general one costs a
// loop and a call per command.
func (c *compiler) evaluator(pipe *parse.PipeNode) (evaluator, error) {
	if len(pipe.Decl) == 0 && len(pipe.Cmds) == 1 && len(pipe.Cmds[0].Args) == 1 {
		switch n := pipe.Cmds[0].Args[0].(type) {
		case *parse.FieldNode:
			chain := newChain(n.Ident)
			return func(_ *state, dot reflect.Value) (reflect.Value, error) {
				v, err := chain.eval(dot)
				return digInterface(v), err
			}, nil
		case *parse.VariableNode:
			v, err := c.variable(n)
			if err != nil {
				return nil, err
			}
			return func(s *state, dot reflect.Value) (reflect.Value, error) {
				x, err := v(s, dot)
				return digInterface(x), err
			}, nil
		case *parse.DotNode:
			return func(_ *state, dot reflect.Value) (reflect.Value, error) { return digInterface(dot), nil }, nil
		}
	}
	p, err := c.pipeline(pipe)
	if err != nil {
		return nil, err
	}
	return p.eval, nil
}

// digInterface is what text/template does to each command's value: an
// empty interface gives the value inside.
func digInterface(v reflect.Value) reflect.Value {
	if v.Kind() == reflect.Interface && v.Type().NumMethod() == 0 {
		return v.Elem()
	}
	return v
}

// A pipeline is a list of commands, each passing its value to the next as
// the last argument, and the variables it declares or assigns.
type pipeline struct {
	cmds   []command
	decl   []string
	assign bool
}

// command evaluates one command; final is the previous command's value,
// or missing.
type command func(s *state, dot, final reflect.Value) (reflect.Value, error)

type missingType struct{}

var (
	missing     = reflect.ValueOf(missingType{})
	missingT    = missing.Type()
	stringT     = reflect.TypeFor[string]()
	reflectValT = reflect.TypeFor[reflect.Value]()
)

func isMissing(v reflect.Value) bool { return v.IsValid() && v.Type() == missingT }

func (c *compiler) pipeline(pipe *parse.PipeNode) (*pipeline, error) {
	p := &pipeline{assign: pipe.IsAssign}
	for _, v := range pipe.Decl {
		if len(v.Ident) != 1 {
			return nil, unsupported("declaration %s", v)
		}
		p.decl = append(p.decl, v.Ident[0])
	}
	for _, cmd := range pipe.Cmds {
		f, err := c.command(cmd)
		if err != nil {
			return nil, err
		}
		p.cmds = append(p.cmds, f)
	}
	if len(p.cmds) == 0 {
		return nil, unsupported("empty pipeline")
	}
	return p, nil
}

func (p *pipeline) eval(s *state, dot reflect.Value) (reflect.Value, error) {
	value := missing
	for _, cmd := range p.cmds {
		v, err := cmd(s, dot, value)
		if err != nil {
			return v, err
		}
		value = digInterface(v)
	}
	for _, name := range p.decl {
		if p.assign {
			if err := s.setVar(name, value); err != nil {
				return value, err
			}
		} else {
			s.push(name, value)
		}
	}
	return value, nil
}

func (c *compiler) command(cmd *parse.CommandNode) (command, error) {
	switch n := cmd.Args[0].(type) {
	case *parse.FieldNode:
		if len(cmd.Args) > 1 {
			return nil, unsupported("method arguments in %s", cmd)
		}
		chain := newChain(n.Ident)
		return func(s *state, dot, final reflect.Value) (reflect.Value, error) {
			if !isMissing(final) {
				return reflect.Value{}, unsupported("argument to %s", n)
			}
			return chain.eval(dot)
		}, nil
	case *parse.VariableNode:
		if len(cmd.Args) > 1 {
			return nil, unsupported("method arguments in %s", cmd)
		}
		v, err := c.variable(n)
		if err != nil {
			return nil, err
		}
		return func(s *state, dot, final reflect.Value) (reflect.Value, error) {
			if !isMissing(final) {
				return reflect.Value{}, unsupported("argument to %s", n)
			}
			return v(s, dot)
		}, nil
	case *parse.IdentifierNode:
		return c.call(n.Ident, cmd.Args[1:])
	case *parse.PipeNode:
		if len(cmd.Args) > 1 {
			return nil, unsupported("arguments to a parenthesized pipeline")
		}
		p, err := c.pipeline(n)
		if err != nil {
			return nil, err
		}
		return func(s *state, dot, final reflect.Value) (reflect.Value, error) {
			if !isMissing(final) {
				return reflect.Value{}, unsupported("argument to a parenthesized pipeline")
			}
			return p.eval(s, dot)
		}, nil
	}
	if len(cmd.Args) > 1 {
		return nil, unsupported("arguments to %s", cmd.Args[0])
	}
	var v reflect.Value
	switch n := cmd.Args[0].(type) {
	case *parse.DotNode:
		return func(s *state, dot, final reflect.Value) (reflect.Value, error) {
			if !isMissing(final) {
				return reflect.Value{}, unsupported("argument to .")
			}
			return dot, nil
		}, nil
	case *parse.BoolNode:
		v = reflect.ValueOf(n.True)
	case *parse.StringNode:
		v = reflect.ValueOf(n.Text)
	case *parse.NumberNode:
		i, ok := intConstant(n)
		if !ok {
			return nil, unsupported("number %s", n)
		}
		v = reflect.ValueOf(i)
	default:
		return nil, unsupported("command %s", n)
	}
	return func(s *state, dot, final reflect.Value) (reflect.Value, error) {
		if !isMissing(final) {
			return reflect.Value{}, unsupported("argument to a constant")
		}
		return v, nil
	}, nil
}

// intConstant is a number written as a decimal integer, which
// text/template makes an int when nothing else says its type.
func intConstant(n *parse.NumberNode) (int, bool) {
	if !n.IsInt || n.IsComplex {
		return 0, false
	}
	digits := strings.TrimPrefix(n.Text, "-")
	if digits == "" || strings.Trim(digits, "0123456789") != "" || len(digits) > 1 && digits[0] == '0' {
		return 0, false
	}
	i, err := strconv.Atoi(n.Text)
	return i, err == nil
}

// variable evaluates $x or $x.Field.Chain.
func (c *compiler) variable(n *parse.VariableNode) (evaluator, error) {
	name := n.Ident[0]
	if len(n.Ident) == 1 {
		return func(s *state, _ reflect.Value) (reflect.Value, error) { return s.varValue(name) }, nil
	}
	chain := newChain(n.Ident[1:])
	return func(s *state, _ reflect.Value) (reflect.Value, error) {
		v, err := s.varValue(name)
		if err != nil {
			return v, err
		}
		return chain.eval(v)
	}, nil
}

// arg evaluates a function argument: what text/template passes to a
// reflect.Value or an empty-interface parameter. Literal numbers are ints.
func (c *compiler) arg(n parse.Node) (evaluator, error) {
	switch n := n.(type) {
	case *parse.DotNode:
		return func(_ *state, dot reflect.Value) (reflect.Value, error) { return dot, nil }, nil
	case *parse.FieldNode:
		chain := newChain(n.Ident)
		return func(_ *state, dot reflect.Value) (reflect.Value, error) { return chain.eval(dot) }, nil
	case *parse.VariableNode:
		return c.variable(n)
	case *parse.PipeNode:
		p, err := c.pipeline(n)
		if err != nil {
			return nil, err
		}
		return p.eval, nil
	case *parse.IdentifierNode:
		call, err := c.call(n.Ident, nil)
		if err != nil {
			return nil, err
		}
		return func(s *state, dot reflect.Value) (reflect.Value, error) { return call(s, dot, missing) }, nil
	case *parse.StringNode:
		v := reflect.ValueOf(n.Text)
		return func(*state, reflect.Value) (reflect.Value, error) { return v, nil }, nil
	case *parse.BoolNode:
		v := reflect.ValueOf(n.True)
		return func(*state, reflect.Value) (reflect.Value, error) { return v, nil }, nil
	case *parse.NumberNode:
		i, ok := intConstant(n)
		if !ok {
			return nil, unsupported("number %s", n)
		}
		v := reflect.ValueOf(i)
		return func(*state, reflect.Value) (reflect.Value, error) { return v, nil }, nil
	}
	return nil, unsupported("argument %s", n)
}

// call compiles a call of a function: the template's own (funcs), a
// builtin, or an html/template escaper.
func (c *compiler) call(name string, argNodes []parse.Node) (command, error) {
	args := make([]evaluator, len(argNodes))
	for i, n := range argNodes {
		a, err := c.arg(n)
		if err != nil {
			return nil, err
		}
		args[i] = a
	}
	if f, ok := c.funcs[name]; ok {
		return func(s *state, dot, final reflect.Value) (reflect.Value, error) {
			argv := make([]reflect.Value, 0, len(args)+1)
			for _, a := range args {
				v, err := a(s, dot)
				if err != nil {
					return v, err
				}
				argv = append(argv, v)
			}
			if !isMissing(final) {
				argv = append(argv, final)
			}
			return f(argv)
		}, nil
	}
	switch name {
	case "and", "or":
		or := name == "or"
		return func(s *state, dot, final reflect.Value) (reflect.Value, error) {
			if len(args) == 0 && isMissing(final) {
				return reflect.Value{}, unsupported("%s without arguments", name)
			}
			var v reflect.Value
			for _, a := range args {
				var err error
				if v, err = a(s, dot); err != nil {
					return v, err
				}
				if truth(v) == or {
					return v, nil
				}
			}
			if !isMissing(final) {
				v = final
			}
			return v, nil
		}, nil
	case "not":
		return func(s *state, dot, final reflect.Value) (reflect.Value, error) {
			argv, err := evalArgs(s, dot, args, final)
			if err != nil {
				return reflect.Value{}, err
			}
			if len(argv) != 1 {
				return reflect.Value{}, unsupported("not with %d arguments", len(argv))
			}
			return reflect.ValueOf(!truth(argv[0])), nil
		}, nil
	case "eq", "ne":
		ne := name == "ne"
		return func(s *state, dot, final reflect.Value) (reflect.Value, error) {
			argv, err := evalArgs(s, dot, args, final)
			if err != nil {
				return reflect.Value{}, err
			}
			if len(argv) < 2 || ne && len(argv) != 2 {
				return reflect.Value{}, unsupported("%s with %d arguments", name, len(argv))
			}
			equal, err := eq(argv[0], argv[1:])
			if err != nil {
				return reflect.Value{}, err
			}
			return reflect.ValueOf(equal != ne), nil
		}, nil
	}
	if esc, ok := escapers[name]; ok {
		return func(s *state, dot, final reflect.Value) (reflect.Value, error) {
			argv, err := evalArgs(s, dot, args, final)
			if err != nil {
				return reflect.Value{}, err
			}
			if len(argv) != 1 {
				return reflect.Value{}, unsupported("%s with %d arguments", name, len(argv))
			}
			out, err := esc.apply(argv[0])
			if err != nil {
				return reflect.Value{}, err
			}
			return reflect.ValueOf(out), nil
		}, nil
	}
	return nil, unsupported("function %q", name)
}

func evalArgs(s *state, dot reflect.Value, args []evaluator, final reflect.Value) ([]reflect.Value, error) {
	argv := make([]reflect.Value, 0, len(args)+1)
	for _, a := range args {
		v, err := a(s, dot)
		if err != nil {
			return nil, err
		}
		argv = append(argv, v)
	}
	if !isMissing(final) {
		argv = append(argv, final)
	}
	return argv, nil
}

// fieldChain is .A.B.C: a field or niladic method at each step, each with
// the last resolution cached for the type it met.
type fieldChain []*fieldStep

type fieldStep struct {
	name  string
	cache atomic.Pointer[fieldEntry]
}

// fieldEntry is how a name resolves on one receiver type, addressable or
// not (text/template looks methods up on the pointer when it can take
// the receiver's address): a method, a struct field, or neither.
type fieldEntry struct {
	typ    reflect.Type
	addr   bool
	method int   // index in the method set, or -1
	field  int   // index of a field of the struct itself, or -1
	index  []int // a promoted field, when not a method nor a field of its own
}

func newChain(idents []string) fieldChain {
	chain := make(fieldChain, len(idents))
	for i, id := range idents {
		chain[i] = &fieldStep{name: id}
	}
	return chain
}

func (chain fieldChain) eval(v reflect.Value) (reflect.Value, error) {
	for _, step := range chain {
		var err error
		if v, err = step.eval(v); err != nil {
			return v, err
		}
	}
	return v, nil
}

// eval is text/template's evalField for a field or a method without
// arguments; it refuses what would be an error there (nil pointers,
// unexported fields, unknown names) and map keys.
func (f *fieldStep) eval(receiver reflect.Value) (reflect.Value, error) {
	if !receiver.IsValid() {
		return reflect.Value{}, unsupported("field %s of no value", f.name)
	}
	if k := receiver.Kind(); k == reflect.Pointer || k == reflect.Interface {
		var isNil bool
		if receiver, isNil = indirect(receiver); isNil {
			return reflect.Value{}, unsupported("field %s of nil", f.name)
		}
	}
	typ, addr := receiver.Type(), receiver.CanAddr()
	e := f.cache.Load()
	if e == nil || e.typ != typ || e.addr != addr {
		e = resolveField(typ, addr, f.name)
		f.cache.Store(e)
	}
	switch {
	case e.field >= 0:
		return receiver.Field(e.field), nil
	case e.method >= 0:
		if addr {
			receiver = receiver.Addr()
		}
		return callMethod(receiver.Method(e.method), f.name)
	case e.index != nil:
		return receiver.FieldByIndexErr(e.index)
	}
	return reflect.Value{}, unsupported("field %s of %s", f.name, typ)
}

func resolveField(typ reflect.Type, addr bool, name string) *fieldEntry {
	e := &fieldEntry{typ: typ, addr: addr, method: -1, field: -1}
	mtyp := typ
	if addr {
		mtyp = reflect.PointerTo(typ)
	}
	if m, ok := mtyp.MethodByName(name); ok {
		e.method = m.Index
		return e
	}
	if typ.Kind() == reflect.Struct {
		if sf, ok := typ.FieldByName(name); ok && sf.IsExported() {
			if len(sf.Index) == 1 {
				e.field = sf.Index[0]
			} else {
				e.index = sf.Index
			}
		}
	}
	return e
}

var errorT = reflect.TypeFor[error]()

// callMethod calls a method without arguments, as text/template does: one
// result, or a result and an error.
func callMethod(m reflect.Value, name string) (v reflect.Value, err error) {
	t := m.Type()
	if t.NumIn() != 0 || !(t.NumOut() == 1 || t.NumOut() == 2 && t.Out(1) == errorT) {
		return reflect.Value{}, unsupported("method %s", name)
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("method %s: %v", name, r)
		}
	}()
	out := m.Call(nil)
	if len(out) == 2 && !out[1].IsNil() {
		return out[0], out[1].Interface().(error)
	}
	v = out[0]
	if v.Type() == reflectValT {
		v = v.Interface().(reflect.Value)
	}
	return v, nil
}
