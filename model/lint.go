package model

import (
	"fmt"
	"net/mail"
	"slices"
	"strings"
	"time"
)

// Severity says whether a finding blocks (error) or advises (warning).
type Severity string

const (
	SeverityError   Severity = "error"
	SeverityWarning Severity = "warning"
)

// Finding is one problem that lint found in a record.
type Finding struct {
	Record    string   // the record's name as given to LintRegister (its file path, e.g. "records/emn-ies.toml")
	Reference string   // the record's reference, when it has one
	Field     string   // TOML path of the field: "data_categories[2].retention", "legal_basis.union_law"
	Provision string   // "Art 31(1)(f)"
	Severity  Severity //
	Message   string   // what is wrong, in plain words
	Fix       string   // what to do
}

// NamedRecord is a record with the name findings report it under.
type NamedRecord struct {
	Name   string
	Record *Record
}

// RegisterFile is the name under which LintRegister reports findings about
// register.toml itself.
const RegisterFile = "register.toml"

// LintRecord checks one record; today decides whether next_review has passed.
// The findings are sorted by severity (errors first), then field.
func LintRecord(reg Register, name string, r *Record, today time.Time) []Finding {
	if r == nil {
		return nil
	}
	fs := softenDraft(r, checkRecord(reg, r, today))
	fs = append(fs, publishedMustPass(r, fs)...)
	fs = label(name, r, fs)
	SortFindings(fs)
	return fs
}

// LintRegister checks every record, the cross-record rules (duplicate
// references), the names of the record files (records/<name>.toml, see
// CheckFileName) and the contacts in register.toml. The findings are sorted by
// record, severity (errors first), then field.
func LintRegister(reg Register, recs []NamedRecord, today time.Time) []Finding {
	all := checkRegisterInfo(reg)
	dups := duplicateReferences(recs)
	for i, nr := range recs {
		if nr.Record == nil {
			continue
		}
		fs := softenDraft(nr.Record, checkRecord(reg, nr.Record, today))
		fs = append(fs, dups[i]...)
		fs = append(fs, publishedMustPass(nr.Record, fs)...)
		all = append(all, label(nr.Name, nr.Record, fs)...)
	}
	all = append(all, FileNameFindings(recs)...)
	SortFindings(all)
	return all
}

// softenDraft reports a draft's errors as warnings. A draft is work in
// progress committed so that nothing is lost; blocking CI on it would push
// people to keep drafts out of Git. The errors count once the record is
// submitted. Duplicate references are checked after this and stay errors.
func softenDraft(r *Record, fs []Finding) []Finding {
	if r.Status != StatusDraft && r.Status != "" {
		return fs
	}
	for i := range fs {
		if fs[i].Severity == SeverityError {
			fs[i].Severity = SeverityWarning
			fs[i].Message += " This record is a draft: it becomes an error when the record is submitted."
		}
	}
	return fs
}

// label fills in the record's name and reference.
func label(name string, r *Record, fs []Finding) []Finding {
	for i := range fs {
		fs[i].Record = name
		fs[i].Reference = r.Reference
	}
	return fs
}

// publishedMustPass turns the errors of a published record into an error of
// its own: the public register must not show a record that fails lint.
func publishedMustPass(r *Record, fs []Finding) []Finding {
	if !r.IsPublished() {
		return nil
	}
	var fields []string
	for _, f := range fs {
		if f.Severity == SeverityError {
			fields = append(fields, f.Field)
		}
	}
	n := len(fields)
	if n == 0 {
		return nil
	}
	slices.SortFunc(fields, compareFieldPaths)
	fields = slices.Compact(fields)
	return []Finding{{
		Field:     "status",
		Provision: "Art 31(5)",
		Severity:  SeverityError,
		Message: fmt.Sprintf("The record is published in the public register but has %d %s (in %s). A published record must pass every check.",
			n, countNoun(n, "error", "errors"), strings.Join(fields, ", ")),
		Fix: `Correct the errors listed for this record. If that cannot be done at once, set status back to "approved" until it is, so that the register does not show a record that fails.`,
	}}
}

// duplicateReferences returns, by index into recs, an error for each record
// whose reference another record also uses.
func duplicateReferences(recs []NamedRecord) map[int][]Finding {
	byRef := map[string][]int{}
	for i, nr := range recs {
		if nr.Record == nil {
			continue
		}
		ref := normalise(nr.Record.Reference)
		if ref == "" {
			continue
		}
		byRef[ref] = append(byRef[ref], i)
	}
	out := map[int][]Finding{}
	for _, idx := range byRef {
		if len(idx) < 2 {
			continue
		}
		for _, i := range idx {
			var others []string
			for _, j := range idx {
				if j != i {
					others = append(others, recs[j].Name)
				}
			}
			slices.Sort(others)
			out[i] = append(out[i], Finding{
				Field:     "reference",
				Provision: "Art 31(5)",
				Severity:  SeverityError,
				Message: fmt.Sprintf("The reference %q is also used by %s. Each record in the register needs its own reference.",
					recs[i].Record.Reference, strings.Join(others, ", ")),
				Fix: "Ask the DPO which record keeps this reference, and give the other record a new one (or remove it until the DPO assigns one).",
			})
		}
	}
	return out
}

// checkRegisterInfo checks the contacts that register.toml gives every
// record, and its translations.
func checkRegisterInfo(reg Register) []Finding {
	var fs []Finding
	for _, c := range []struct {
		field, who, value string
	}{
		{"dpo.email", "the data protection officer", reg.DPO.Email},
		{"edps.email", "the European Data Protection Supervisor", reg.EDPS.Email},
	} {
		if c.value != "" && !validEmail(c.value) {
			fs = append(fs, Finding{
				Record:    RegisterFile,
				Field:     c.field,
				Provision: "Art 31(1)(a)",
				Severity:  SeverityError,
				Message:   fmt.Sprintf("The e-mail address of %s, %q, is not a valid address.", c.who, c.value),
				Fix:       "Write one plain address such as data-protection-officer@example.europa.eu, without a name, brackets or \"mailto:\".",
			})
		}
	}
	return append(fs, checkTranslations(reg)...)
}

// SortFindings orders findings by record, severity (errors first), field
// (indices compared as numbers), provision and message, so that output is
// stable.
func SortFindings(fs []Finding) {
	slices.SortStableFunc(fs, func(a, b Finding) int {
		if c := strings.Compare(a.Record, b.Record); c != 0 {
			return c
		}
		if c := severityRank(a.Severity) - severityRank(b.Severity); c != 0 {
			return c
		}
		if c := compareFieldPaths(a.Field, b.Field); c != 0 {
			return c
		}
		if c := strings.Compare(a.Provision, b.Provision); c != 0 {
			return c
		}
		return strings.Compare(a.Message, b.Message)
	})
}

func severityRank(s Severity) int {
	if s == SeverityError {
		return 0
	}
	return 1
}

// compareFieldPaths compares TOML paths so that data_categories[2] comes
// before data_categories[10].
func compareFieldPaths(a, b string) int {
	for a != "" && b != "" {
		if isDigit(a[0]) && isDigit(b[0]) {
			na, ra := leadingDigits(a)
			nb, rb := leadingDigits(b)
			// Equal-length digit runs without leading zeros compare as text;
			// a shorter run is a smaller number.
			na, nb = strings.TrimLeft(na, "0"), strings.TrimLeft(nb, "0")
			if len(na) != len(nb) {
				return len(na) - len(nb)
			}
			if c := strings.Compare(na, nb); c != 0 {
				return c
			}
			a, b = ra, rb
			continue
		}
		if a[0] != b[0] {
			return int(a[0]) - int(b[0])
		}
		a, b = a[1:], b[1:]
	}
	return len(a) - len(b)
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func leadingDigits(s string) (digits, rest string) {
	i := 0
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	return s[:i], s[i:]
}

// validEmail accepts one bare address (local@domain.tld): no display name,
// no brackets, no "mailto:".
func validEmail(s string) bool {
	if s == "" || strings.ContainsAny(s, " \t\r\n<>") {
		return false
	}
	addr, err := mail.ParseAddress(s)
	if err != nil || addr.Address != s || addr.Name != "" {
		return false
	}
	domain := s[strings.LastIndexByte(s, '@')+1:]
	return strings.Contains(domain, ".") && !strings.HasPrefix(domain, ".") &&
		!strings.HasSuffix(domain, ".") && !strings.Contains(domain, "..")
}

// blank reports whether a text field is empty or only white space.
func blank(s string) bool { return strings.TrimSpace(s) == "" }

// normalise makes names comparable: case and runs of white space ignored.
func normalise(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

func countNoun(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// codes lists the codes of a catalog for a fix: "a", "b" or "c".
func codes(opts []Option) string {
	quoted := make([]string, len(opts))
	for i, o := range opts {
		quoted[i] = fmt.Sprintf("%q", o.Code)
	}
	if len(quoted) == 1 {
		return quoted[0]
	}
	return strings.Join(quoted[:len(quoted)-1], ", ") + " or " + quoted[len(quoted)-1]
}

func knownCode(opts []Option, code string) bool {
	_, ok := FindOption(opts, code)
	return ok
}

// dateBefore compares calendar dates as written, ignoring time and zone:
// TOML local dates carry neither.
func dateBefore(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	if ay != by {
		return ay < by
	}
	if am != bm {
		return am < bm
	}
	return ad < bd
}
