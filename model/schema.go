package model

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"time"
)

// JSONSchemaDialect is the JSON Schema draft that JSONSchema declares.
const JSONSchemaDialect = "https://json-schema.org/draft/2020-12/schema"

// JSONSchema returns a JSON Schema (draft 2020-12) of a record file, built by
// reflection from Record and its toml tags, with the closed lists of
// catalog.go as enums and a description naming the provision of each key.
// Editors with a TOML language server (Taplo, Even Better TOML) use it to
// check hand edits and to complete keys.
//
// It keeps to keywords that older validators also know (type, properties,
// items, enum, required, additionalProperties, pattern, format), with the
// whole schema inline, because Taplo has long validated with draft 4.
// Dates are TOML local dates; Taplo hands them to the validator as strings,
// hence "format": "date".
func JSONSchema() []byte {
	root := schemaForStruct(reflect.TypeFor[Record](), "")
	head := &jsonObject{}
	head.set("$schema", JSONSchemaDialect)
	head.set("title", "Record of processing activities")
	head.set("description", "One processing operation of a register kept with ropa: the record that Article 31 of Regulation (EU) 2018/1725 requires. "+
		"Keys marked \"Published\" appear in the public register (Art 31(5)); the others are internal.")
	for _, k := range root.keys {
		head.set(k, root.vals[k])
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(head); err != nil {
		// Only strings, booleans, numbers, slices and jsonObjects are
		// encoded: an error here is a bug in this file.
		panic(fmt.Sprintf("model: encode the record schema: %v", err))
	}
	return buf.Bytes()
}

// TOMLKeys returns the TOML path of every key a record file may hold, in
// struct order, with array-of-table keys written without indices
// ("data_categories.retention"). Tests and tools use it to cover every key.
func TOMLKeys() []string {
	var keys []string
	walkTOML(reflect.TypeFor[Record](), "", func(path string, _ reflect.StructField) {
		keys = append(keys, path)
	})
	return keys
}

// walkTOML calls fn for every field with a toml tag, depth first, in
// struct order.
func walkTOML(t reflect.Type, prefix string, fn func(path string, f reflect.StructField)) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name := tomlName(f)
		if name == "" {
			continue
		}
		path := keyPath(prefix, name)
		fn(path, f)
		ft := f.Type
		if ft.Kind() == reflect.Slice {
			ft = ft.Elem()
		}
		if ft.Kind() == reflect.Struct && ft != reflect.TypeFor[time.Time]() {
			walkTOML(ft, path, fn)
		}
	}
}

func tomlName(f reflect.StructField) string {
	if !f.IsExported() {
		return ""
	}
	name, _, _ := strings.Cut(f.Tag.Get("toml"), ",")
	if name == "-" {
		return ""
	}
	return name
}

func keyPath(prefix, name string) string {
	if prefix == "" {
		return name
	}
	return prefix + "." + name
}

// schemaForStruct describes a TOML table. Unknown keys are refused, as the
// loader refuses them.
func schemaForStruct(t reflect.Type, prefix string) *jsonObject {
	props := &jsonObject{}
	var required []string
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name := tomlName(f)
		if name == "" {
			continue
		}
		path := keyPath(prefix, name)
		props.set(name, schemaForField(f, path))
		if isRequired(f) {
			required = append(required, name)
		}
	}
	s := &jsonObject{}
	s.set("type", "object")
	s.set("properties", props)
	if len(required) > 0 {
		s.set("required", required)
	}
	s.set("additionalProperties", false)
	return s
}

// isRequired: a text field whose JSON form is never omitted (title, and the
// name of each item of a list) is one the record cannot do without.
func isRequired(f reflect.StructField) bool {
	if f.Type.Kind() != reflect.String {
		return false
	}
	tag := f.Tag.Get("json")
	return tag != "" && tag != "-" && !strings.Contains(tag, "omitempty")
}

func schemaForField(f reflect.StructField, path string) *jsonObject {
	s := schemaForType(f.Type, path)
	desc := fieldDescriptions[path]
	if f.Tag.Get("public") == "true" {
		desc += " Published in the register."
	} else {
		desc += " Internal: not published."
	}
	s.setFirst("description", strings.TrimSpace(desc))
	switch {
	case path == "language":
		s.set("pattern", "^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
	case path == "version":
		s.set("minimum", 1)
	case strings.HasSuffix(path, ".email"):
		s.set("format", "email")
	}
	return s
}

func schemaForType(t reflect.Type, path string) *jsonObject {
	s := &jsonObject{}
	if t == reflect.TypeFor[time.Time]() {
		s.set("type", "string")
		s.set("format", "date")
		return s
	}
	switch t.Kind() {
	case reflect.String:
		s.set("type", "string")
		if opts, ok := enumFor(t); ok {
			values := make([]string, len(opts))
			labels := make([]string, len(opts))
			for i, o := range opts {
				values[i] = o.Code
				labels[i] = o.Label
				if o.Provision != "" {
					labels[i] = o.Provision + ": " + o.Label
				}
			}
			s.set("enum", values)
			// Shown by editors on completion; validators ignore it.
			s.set("enumDescriptions", labels)
		}
	case reflect.Bool:
		s.set("type", "boolean")
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		s.set("type", "integer")
	case reflect.Float32, reflect.Float64:
		s.set("type", "number")
	case reflect.Slice:
		s.set("type", "array")
		s.set("items", schemaForType(t.Elem(), path))
		if _, ok := enumFor(t.Elem()); ok {
			s.set("uniqueItems", true)
		}
	case reflect.Struct:
		return schemaForStruct(t, path)
	}
	return s
}

// enumFor returns the closed list of values of a code type.
func enumFor(t reflect.Type) ([]Option, bool) {
	switch t {
	case reflect.TypeFor[Kind]():
		return KindOptions, true
	case reflect.TypeFor[Status]():
		return StatusOptions, true
	case reflect.TypeFor[Ground]():
		return GroundOptions, true
	case reflect.TypeFor[SpecialCatGround]():
		return SpecialGroundOptions, true
	case reflect.TypeFor[DataSource]():
		return SourceOptions, true
	case reflect.TypeFor[RecipientKind]():
		return RecipientKindOptions, true
	case reflect.TypeFor[Mechanism]():
		return MechanismOptions, true
	case reflect.TypeFor[SecurityMeasure]():
		return MeasureOptions, true
	case reflect.TypeFor[ProvisionRequirement]():
		return ProvisionOptions, true
	}
	return nil, false
}

// jsonObject is a JSON object that keeps its keys in insertion order, so
// that editors list keys in the order of the record.
type jsonObject struct {
	keys []string
	vals map[string]any
}

func (o *jsonObject) set(k string, v any) {
	if o.vals == nil {
		o.vals = map[string]any{}
	}
	if _, ok := o.vals[k]; !ok {
		o.keys = append(o.keys, k)
	}
	o.vals[k] = v
}

// setFirst sets k and moves it to the front.
func (o *jsonObject) setFirst(k string, v any) {
	o.set(k, v)
	keys := []string{k}
	for _, x := range o.keys {
		if x != k {
			keys = append(keys, x)
		}
	}
	o.keys = keys
}

func (o *jsonObject) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteByte('{')
	for i, k := range o.keys {
		if i > 0 {
			buf.WriteByte(',')
		}
		key, err := json.Marshal(k)
		if err != nil {
			return nil, err
		}
		val, err := json.Marshal(o.vals[k])
		if err != nil {
			return nil, fmt.Errorf("schema key %s: %w", k, err)
		}
		buf.Write(key)
		buf.WriteByte(':')
		buf.Write(val)
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// fieldDescriptions explain each key of a record file and name the
// provision it serves. Keys of lists of tables are written without indices.
// TestSchemaDescribesEveryKey keeps this in step with record.go.
var fieldDescriptions = map[string]string{
	"title":           "Name of the processing operation, as people will recognise it. Art 31(1).",
	"reference":       "Reference in the central register, e.g. DPR-EC-00932; assigned by the DPO, empty while a draft. Art 31(5).",
	"version":         "Version of the record, raised at each published change.",
	"language":        "Language of the record's own text (en, fr, de, nl, ...): the notice is written in it.",
	"kind":            "\"controller\" (Art 31(1)) or \"processor\" acting on behalf of another controller (Art 31(2)).",
	"status":          "Place in the review workflow; \"published\" records are in the public register (Art 31(5)).",
	"last_updated":    "Date of the last change, shown in the register entry (a TOML date, unquoted: 2019-07-10). Art 31(5).",
	"notice_date":     "Date of the current data protection notice (a TOML date, unquoted). Art 15, 16.",
	"next_review":     "Date by which the record is to be reviewed (a TOML date, unquoted); lint warns when it has passed. Art 26(1).",
	"description":     "How the operation works, in plain words. Art 31(1)(b), 15(1)(c).",
	"purposes":        "The purposes of the processing, one per item. Art 31(1)(b), 15(1)(c).",
	"automated_means": "The processing is carried out by automated means (an IT system, a database, e-mail). With consent or contract it brings the right to data portability. Art 22(1)(b).",
	"notes":           "Internal compliance notes (EDPS template Part 2).",

	"controller":              "The controller: the organisational entity that decides why and how the data are processed. Art 31(1)(a), 15(1)(a), 3(8).",
	"controller.organisation": "The institution or body, e.g. \"European Commission\". Art 31(1)(a).",
	"controller.unit":         "The directorate-general or unit, e.g. \"DG HOME, Unit C.2\". Art 31(1)(a), 3(8).",
	"controller.email":        "Functional mailbox of the controller. Art 31(1)(a), 15(1)(a).",
	"controller.address":      "Postal address of the controller. Art 31(1)(a), 15(1)(a).",

	"dpo":         "The data protection officer; when empty, the DPO of register.toml applies. Art 31(1)(a), 15(1)(b).",
	"dpo.name":    "Name or function of the DPO. Art 31(1)(a).",
	"dpo.email":   "E-mail address of the DPO. Art 15(1)(b).",
	"dpo.phone":   "Telephone number of the DPO. Art 15(1)(b).",
	"dpo.address": "Postal address of the DPO. Art 15(1)(b).",
	"dpo.url":     "Web page of the DPO. Art 15(1)(b).",

	"legal_basis":                     "Lawfulness of the processing. Art 5, 10, 11, 15(1)(c).",
	"legal_basis.grounds":             "Grounds of Art 5(1)(a)-(e) on which the processing rests. Art 5(1).",
	"legal_basis.union_law":           "The Union law that lays down the task or obligation, required for Art 5(1)(a) and (b). Art 5(2).",
	"legal_basis.consent_details":     "How consent is given and how it can be withdrawn. Art 7(3), 15(2)(c).",
	"legal_basis.special_categories":  "Special categories of data are processed (health, ethnic origin, political opinions, beliefs, trade union membership, genetic or biometric data, sex life). Art 10(1).",
	"legal_basis.special_grounds":     "The exceptions of Art 10(2) that allow processing special categories. Art 10(2).",
	"legal_basis.special_explanation": "How the Art 10(2) exception applies. Art 10(2).",
	"legal_basis.criminal_data":       "Data on criminal convictions and offences are processed. Art 11.",
	"legal_basis.criminal_data_basis": "The Union law that authorises processing criminal data, or the official authority under whose control it happens. Art 11.",
	"legal_basis.analysis":            "Necessity and proportionality of the processing (EDPS template Part 2). Art 4(1), 5.",

	"data_subjects":             "Categories of people whose data are processed. Art 31(1)(c).",
	"data_subjects.name":        "The group of people, e.g. \"staff of national authorities\". Art 31(1)(c).",
	"data_subjects.description": "Who belongs to the group. Art 31(1)(c).",

	"data_categories":               "Categories of personal data. Art 31(1)(c), 16(1)(d).",
	"data_categories.name":          "The category, e.g. \"identification data\". Art 31(1)(c).",
	"data_categories.items":         "The data in the category, e.g. name, e-mail address. Art 31(1)(c).",
	"data_categories.mandatory":     "People must give these data. Art 15(2)(e).",
	"data_categories.special":       "A special category of Art 10(1). Art 10(1).",
	"data_categories.source":        "Where the data come from; \"third_party\" and \"public\" bring the items of Art 16. Art 16(2)(e).",
	"data_categories.source_detail": "Who or where the data come from, when not from the person. Art 16(2)(e).",
	"data_categories.retention":     "How long the data are kept: the time limit for erasure, or the criteria that decide it. Art 31(1)(f), 15(2)(a).",

	"recipients":             "Recipients or categories of recipients, including the institution's own staff. Art 31(1)(d), 15(1)(d), 3(13).",
	"recipients.name":        "The recipient or category, e.g. \"national contact points\". Art 31(1)(d).",
	"recipients.kind":        "What kind of recipient; \"third_country\" and \"international_organisation\" need a transfer. Art 31(1)(d), 46.",
	"recipients.country":     "Country of the recipient, for third_country (ISO 3166 code or name). Art 31(1)(e).",
	"recipients.description": "What the recipient receives and why. Art 31(1)(d).",

	"transfers":                            "Transfers to a third country or an international organisation. Art 31(1)(e), 15(1)(e), 46-50.",
	"transfers.recipient":                  "The recipient, named as in recipients. Art 31(1)(e).",
	"transfers.country":                    "The third country. Art 31(1)(e).",
	"transfers.international_organisation": "The international organisation. Art 31(1)(e).",
	"transfers.mechanisms":                 "What allows the transfer: adequacy (Art 47), appropriate safeguards (Art 48(2)-(3)) or a derogation (Art 50(1)). Art 46.",
	"transfers.safeguards":                 "Documentation of the safeguards and where to obtain a copy (Art 48); for a derogation, the conditions relied on. Art 31(1)(e), 15(1)(e).",
	"transfers.public_powers":              "The transfer is part of the exercise of public powers, where Art 50(1)(a)-(c) do not apply. Art 50(2).",

	"security":             "Technical and organisational security measures. Art 31(1)(g), 33.",
	"security.description": "General description of the measures. Art 31(1)(g).",
	"security.measures":    "Checklist of measures. Art 33(1).",

	"automated_decisions":              "Decisions based solely on automated processing with legal or similarly significant effects. Art 24, 15(2)(f).",
	"automated_decisions.used":         "Such decisions are taken. Art 24(1).",
	"automated_decisions.profiling":    "The decisions involve profiling. Art 3(5), 24(1), 39(3)(a).",
	"automated_decisions.logic":        "Meaningful information about the logic involved. Art 15(2)(f).",
	"automated_decisions.consequences": "Significance and envisaged consequences for the person. Art 15(2)(f).",

	"provision":              "Whether people must give their data. Art 15(2)(e).",
	"provision.requirement":  "Statutory or contractual requirement, or needed to enter into a contract. Art 15(2)(e).",
	"provision.obliged":      "People are obliged to give the data. Art 15(2)(e).",
	"provision.consequences": "What happens if a person does not give the data. Art 15(2)(e).",

	"rights_info":        "Further information, in the notice, on how the data subjects exercise their rights: whom else to contact, time limits, the national supervisory authority. Art 14(1)-(2), 15(2)(b), 16(2)(b).",
	"restrictions":       "Restrictions of rights under internal rules. Art 25.",
	"restrictions.apply": "Rights may be restricted under internal rules. Art 25(1).",
	"restrictions.rules": "The internal rules (decision, Official Journal reference) and what they restrict. Art 25(1), 25(5).",

	"dpia":                       "Data protection impact assessment and prior consultation. Art 39, 40.",
	"dpia.large_scale":           "The processing is on a large scale. Art 39(3)(b)-(c).",
	"dpia.systematic_monitoring": "A publicly accessible area is systematically monitored. Art 39(3)(c).",
	"dpia.required":              "An impact assessment is required. Art 39(1), 39(3).",
	"dpia.done":                  "The impact assessment has been carried out. Art 39(1).",
	"dpia.reference":             "Reference of the impact assessment. Art 39.",
	"dpia.high_residual_risk":    "The assessment finds a high risk that reasonable means cannot mitigate. Art 40(1).",
	"dpia.prior_consultation":    "The EDPS has been consulted before the processing. Art 40(1).",
	"dpia.notes":                 "Screening notes. Art 39.",

	"joint_controllers":             "Controllers that jointly determine the purposes and means. Art 31(1)(a), 28.",
	"joint_controllers.name":        "The joint controller. Art 31(1)(a).",
	"joint_controllers.contact":     "Contact details of the joint controller. Art 31(1)(a).",
	"joint_controllers.arrangement": "The essence of the arrangement between the joint controllers. Art 28(1)-(2).",

	"processors":          "Processors acting on the controller's behalf. Art 31(1)(a), 29.",
	"processors.name":     "The processor. Art 31(1)(a).",
	"processors.contact":  "Contact details of the processor. Art 31(1)(a).",
	"processors.service":  "What the processor does with the data. Art 29(3).",
	"processors.location": "Where the processor processes the data. Art 29, 46.",
	"processors.contract": "Reference of the contract or legal act binding the processor. Art 29(3).",

	"processing_on_behalf":            "For a processor's record: each controller on whose behalf it acts. Art 31(2).",
	"processing_on_behalf.controller": "The controller served. Art 31(2)(a).",
	"processing_on_behalf.contact":    "Contact details of the controller served. Art 31(2)(a).",
	"processing_on_behalf.categories": "Categories of processing carried out for that controller. Art 31(2)(b).",
}
