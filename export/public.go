package export

import (
	"reflect"
	"sync"

	"github.com/eu-ropa/ropa/model"
)

// What the central register publishes (Article 31(5)) is decided by the
// `public:"true"` tags of package model, never by a list kept here: a field
// added to the model without the tag stays internal.

// isPublic reports whether a struct field carries the public tag.
func isPublic(f reflect.StructField) bool { return f.Tag.Get("public") == "true" }

// modelPkg is the import path of package model: only its structs are
// walked (time.Time is a struct too, but a value).
var modelPkg = reflect.TypeFor[model.Record]().PkgPath()

func isModelStruct(t reflect.Type) bool {
	return t.Kind() == reflect.Struct && t.PkgPath() == modelPkg
}

// hasInternal reports, per model struct type, whether some field below it
// is internal; computed once from the types.
var hasInternal = sync.OnceValue(func() map[reflect.Type]bool {
	memo := map[reflect.Type]bool{}
	var walk func(t reflect.Type) bool
	walk = func(t reflect.Type) bool {
		if v, ok := memo[t]; ok {
			return v
		}
		memo[t] = false // no recursive model types; guards anyway
		found := false
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			if !isPublic(f) {
				found = true
				continue
			}
			ft := f.Type
			if ft.Kind() == reflect.Slice {
				ft = ft.Elem()
			}
			if isModelStruct(ft) && walk(ft) {
				found = true
			}
		}
		memo[t] = found
		return found
	}
	walk(reflect.TypeFor[model.Record]())
	return memo
})

// publicCopy returns a copy of the record in which every internal field is
// zero. The original is not changed: slices holding internal fields are
// copied before they are cleared.
func publicCopy(r *model.Record) *model.Record {
	c := *r
	zeroInternal(reflect.ValueOf(&c).Elem(), hasInternal())
	return &c
}

func zeroInternal(v reflect.Value, internal map[reflect.Type]bool) {
	t := v.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		fv := v.Field(i)
		if !isPublic(f) {
			fv.SetZero()
			continue
		}
		switch {
		case isModelStruct(f.Type) && internal[f.Type]:
			zeroInternal(fv, internal)
		case f.Type.Kind() == reflect.Slice && isModelStruct(f.Type.Elem()) && internal[f.Type.Elem()] && fv.Len() > 0:
			cp := reflect.MakeSlice(f.Type, fv.Len(), fv.Len())
			reflect.Copy(cp, fv)
			for j := range cp.Len() {
				zeroInternal(cp.Index(j), internal)
			}
			fv.Set(cp)
		}
	}
}
