package tmplexec

import (
	"bytes"
	"fmt"
	"reflect"
)

// state is one execution: the output and the variables. Variables live
// on one stack; base is where the current template's begin (a called
// template sees only its own).
type state struct {
	buf   *bytes.Buffer
	vars  []variable
	base  int
	depth int
}

type variable struct {
	name  string
	value reflect.Value
}

// Execute writes the template applied to data at the end of buf. On
// error, buf may hold part of the document: the caller truncates it and
// executes the template with the standard library, which writes the
// document or reports the error.
func (p *Program) Execute(buf *bytes.Buffer, data any) (err error) {
	value, ok := data.(reflect.Value)
	if !ok {
		value = reflect.ValueOf(data)
	}
	s := &state{buf: buf, vars: make([]variable, 1, 16)}
	s.vars[0] = variable{"$", value}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("template %s: %v", p.root.name, r)
		}
	}()
	_, err = p.root.body(s, value)
	return err
}

func (s *state) push(name string, value reflect.Value) {
	s.vars = append(s.vars, variable{name, value})
}

func (s *state) pop(mark int) { s.vars = s.vars[:mark] }

func (s *state) setVar(name string, value reflect.Value) error {
	for i := len(s.vars) - 1; i >= s.base; i-- {
		if s.vars[i].name == name {
			s.vars[i].value = value
			return nil
		}
	}
	return unsupported("undefined variable %s", name)
}

func (s *state) varValue(name string) (reflect.Value, error) {
	for i := len(s.vars) - 1; i >= s.base; i-- {
		if s.vars[i].name == name {
			return s.vars[i].value, nil
		}
	}
	return reflect.Value{}, unsupported("undefined variable %s", name)
}

// rangeVars sets the variables of a range for one element, as
// text/template does: with two, the index and the element; with one, the
// element.
func (s *state) rangeVars(decl []string, assign bool, index, elem reflect.Value) error {
	if len(decl) > 0 {
		if assign {
			v := elem
			if len(decl) > 1 {
				v = index
			}
			if err := s.setVar(decl[0], v); err != nil {
				return err
			}
		} else {
			s.vars[len(s.vars)-1].value = elem
		}
	}
	if len(decl) > 1 {
		if assign {
			if err := s.setVar(decl[1], elem); err != nil {
				return err
			}
		} else {
			s.vars[len(s.vars)-2].value = index
		}
	}
	return nil
}

// indirect follows pointers and interfaces to the value at the end; isNil
// when one of them is nil.
func indirect(v reflect.Value) (rv reflect.Value, isNil bool) {
	for ; v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface; v = v.Elem() {
		if v.IsNil() {
			return v, true
		}
	}
	return v, false
}

// indirectInterface returns the value inside an interface, or the zero
// Value for a nil interface.
func indirectInterface(v reflect.Value) reflect.Value {
	if v.Kind() != reflect.Interface {
		return v
	}
	if v.IsNil() {
		return reflect.Value{}
	}
	return v.Elem()
}

// isTrue is text/template's truth: not the zero value of its type.
func isTrue(val reflect.Value) (truth, ok bool) {
	if !val.IsValid() {
		return false, true
	}
	switch val.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		truth = val.Len() > 0
	case reflect.Bool:
		truth = val.Bool()
	case reflect.Complex64, reflect.Complex128:
		truth = val.Complex() != 0
	case reflect.Chan, reflect.Func, reflect.Pointer, reflect.UnsafePointer, reflect.Interface:
		truth = !val.IsNil()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		truth = val.Int() != 0
	case reflect.Float32, reflect.Float64:
		truth = val.Float() != 0
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		truth = val.Uint() != 0
	case reflect.Struct:
		truth = true
	default:
		return
	}
	return truth, true
}

func truth(v reflect.Value) bool {
	t, _ := isTrue(indirectInterface(v))
	return t
}

// eq is text/template's eq for booleans, integers and strings; other
// comparisons are left to it.
func eq(a reflect.Value, others []reflect.Value) (bool, error) {
	a = indirectInterface(a)
	for _, b := range others {
		b = indirectInterface(b)
		ka, kb := basicKind(a), basicKind(b)
		if ka == kindOther || ka != kb {
			return false, unsupported("comparison of %v and %v", a, b)
		}
		var equal bool
		switch ka {
		case kindBool:
			equal = a.Bool() == b.Bool()
		case kindInt:
			equal = a.Int() == b.Int()
		case kindString:
			equal = a.String() == b.String()
		}
		if equal {
			return true, nil
		}
	}
	return false, nil
}

type basic uint8

const (
	kindOther basic = iota
	kindBool
	kindInt
	kindString
)

func basicKind(v reflect.Value) basic {
	switch v.Kind() {
	case reflect.Bool:
		return kindBool
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return kindInt
	case reflect.String:
		return kindString
	}
	return kindOther
}

var (
	errorIface    = reflect.TypeFor[error]()
	stringerIface = reflect.TypeFor[fmt.Stringer]()
)

// printValue writes a value as text/template prints it.
func printValue(buf *bytes.Buffer, v reflect.Value) error {
	if v.IsValid() && v.Type() == stringT {
		buf.WriteString(v.String())
		return nil
	}
	if v.Kind() == reflect.Pointer {
		v, _ = indirect(v)
	}
	if !v.IsValid() {
		buf.WriteString("<no value>")
		return nil
	}
	if !v.Type().Implements(errorIface) && !v.Type().Implements(stringerIface) {
		if v.CanAddr() && (reflect.PointerTo(v.Type()).Implements(errorIface) || reflect.PointerTo(v.Type()).Implements(stringerIface)) {
			v = v.Addr()
		} else if k := v.Kind(); k == reflect.Chan || k == reflect.Func {
			return unsupported("can't print %s", v.Type())
		}
	}
	_, err := fmt.Fprint(buf, v.Interface())
	return err
}
