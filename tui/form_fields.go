package tui

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"

	"github.com/eu-ropa/ropa/model"
)

// question is one question of a step: how to build its huh field, the TOML
// path it fills (its key, which lint findings name too), and when it is
// asked. A question is built again whenever the visible set of questions
// changes, so build binds to the record through pointers and never copies.
type question struct {
	kind  fieldKind // which huh field build makes
	key   string
	desc  string                    // the explanation, also said in accessible mode
	show  func() bool               // nil: always asked
	build func(width int) huh.Field // width: the field's width, for wrapping option labels
	// text is set for free-text questions: what ctrl+e hands to $EDITOR.
	text huh.Accessor[string]
	// hovered reads the option under the cursor of a multi-select, so that
	// a rebuild of the step can put the cursor back where it was.
	hovered func(huh.Field) (any, bool)
	// answer is set for yes/no questions: y and n set it, and nothing
	// else (enter moves on).
	answer *bool
	// onLeave, when set, runs as the focus leaves the question; it reports
	// whether it changed answers on screen, which are then read again.
	onLeave func() bool
}

func (q question) visible() bool { return q.show == nil || q.show() }

// describe joins a question's explanation: what it is for, the provision,
// and an example, in that order.
func describe(provision, what, example string) string {
	var b strings.Builder
	if provision != "" {
		b.WriteString(provision)
		b.WriteString(": ")
	}
	b.WriteString(what)
	if example != "" {
		b.WriteString(" Example: ")
		b.WriteString(example)
	}
	return b.String()
}

// inputQ is a one-line text question.
func inputQ(key, title, desc string, acc huh.Accessor[string], validate func(string) error) question {
	return question{
		kind: fieldInput,
		key:  key,
		desc: desc,
		text: acc,
		build: func(width int) huh.Field {
			in := huh.NewInput().Key(key).Title(title).Description(fitDesc(desc, width)).Accessor(acc)
			if validate != nil {
				in.Validate(validate)
			}
			return in
		},
	}
}

// textQ is a multi-line text question.
func textQ(key, title, desc string, acc huh.Accessor[string], lines int) question {
	return question{
		kind: fieldText,
		key:  key,
		desc: desc,
		text: acc,
		build: func(width int) huh.Field {
			return huh.NewText().Key(key).Title(title).Description(fitDesc(desc, width)).
				Accessor(acc).Lines(lines).ExternalEditor(false).CharLimit(0)
		},
	}
}

// confirmQ is a yes/no question.
func confirmQ(key, title, desc string, p *bool) question {
	return question{
		kind:   fieldConfirm,
		key:    key,
		desc:   desc,
		answer: p,
		build: func(width int) huh.Field {
			return huh.NewConfirm().Key(key).Title(title).Description(fitDesc(desc, width)).
				Affirmative("Yes").Negative("No").Value(p).WithButtonAlignment(lipgloss.Left)
		},
	}
}

// selectQ is a closed list with one answer. optional adds a first choice
// "not stated" for the empty value, so that building the field never
// chooses an answer for the user (huh selects the first option of a select
// whose value is not among its options).
func selectQ[T ~string](key, title, desc string, p *T, opts []model.Option, optional bool) question {
	return question{
		kind: fieldSelect,
		key:  key,
		desc: desc,
		build: func(width int) huh.Field {
			return huh.NewSelect[T]().Key(key).Title(title).Description(fitDesc(desc, width)).
				Options(selectOptions(opts, *p, optional, width)...).Value(p)
		},
	}
}

func selectOptions[T ~string](opts []model.Option, current T, optional bool, width int) []huh.Option[T] {
	var out []huh.Option[T]
	if optional {
		out = append(out, huh.NewOption[T]("— not stated —", ""))
	}
	known := false
	for _, o := range opts {
		known = known || o.Code == string(current)
		out = append(out, huh.NewOption(optionLabel(o, width), T(o.Code)))
	}
	// A value this version does not list (a hand edit, a newer ropa) stays
	// choosable, so that opening the form never changes it.
	if current != "" && !known {
		out = append(out, huh.NewOption(string(current)+" (not in ropa's list)", current))
	}
	return out
}

// multiQ is a closed list with any number of answers.
func multiQ[T ~string](key, title, desc string, p *[]T, opts []model.Option) question {
	return question{
		kind: fieldMultiSelect,
		key:  key,
		desc: desc,
		hovered: func(fl huh.Field) (any, bool) {
			ms, ok := fl.(*huh.MultiSelect[T])
			if !ok {
				return nil, false
			}
			return ms.Hovered()
		},
		build: func(width int) huh.Field {
			var options []huh.Option[T]
			lines := 0
			for _, o := range opts {
				label := optionLabel(o, width)
				lines += strings.Count(label, "\n") + 1
				options = append(options, huh.NewOption(label, T(o.Code)))
			}
			for _, v := range *p {
				if _, ok := model.FindOption(opts, string(v)); !ok {
					lines++
					options = append(options, huh.NewOption(string(v)+" (not in ropa's list)", v))
				}
			}
			// Height: a multi-select shows every option only when told how
			// many lines it may use, its title and description included.
			head := 1 + strings.Count(fitDesc(desc, width), "\n") + 1
			return huh.NewMultiSelect[T]().Key(key).Title(title).Description(fitDesc(desc, width)).
				Options(options...).Value(p).Height(lines + head)
		},
	}
}

// optionLabel writes an option with its provision, wrapped to fit beside
// the cursor and tick of a list in a field of the given width: huh draws
// each option on one line, and a longer one would break the list.
func optionLabel(o model.Option, width int) string {
	label := o.Label
	if o.Provision != "" {
		label += " (" + o.Provision + ")"
	}
	return wrapText(label, fieldTextWidth(width)-6)
}

// fitDesc wraps a description to the field's text width, a cell short:
// huh wraps it again at a slightly different width, which would otherwise
// break lines twice.
func fitDesc(desc string, width int) string {
	return wrapText(desc, fieldTextWidth(width)-1)
}

// fieldTextWidth is the room for text inside a huh field of the given width
// (its left border and padding taken off).
func fieldTextWidth(width int) int { return max(width-2, 20) }

// stringAcc binds a text question to a string of the record.
func stringAcc(p *string) huh.Accessor[string] { return huh.NewPointerAccessor(p) }

// linesAcc binds a text question, one entry per line, to a list of strings.
// Blank lines are dropped and each entry is trimmed.
type linesAcc struct{ p *[]string }

func (a linesAcc) Get() string { return strings.Join(*a.p, "\n") }

func (a linesAcc) Set(s string) {
	var out []string
	for line := range strings.SplitSeq(s, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			out = append(out, line)
		}
	}
	*a.p = out
}

// rawAcc keeps what the user typed for a value that must be parsed (a date,
// a number), so that half-typed text survives a redraw of the step; the
// record takes the value as soon as it parses, and an empty text clears it.
type rawAcc struct {
	raw   string
	set   bool
	shown func() string
	parse func(string) error // sets the record's value, or says why not
}

func (a *rawAcc) Get() string {
	if a.set {
		return a.raw
	}
	return a.shown()
}

func (a *rawAcc) Set(s string) {
	a.raw, a.set = s, true
	_ = a.parse(strings.TrimSpace(s))
}

// validate checks a text the same way Set stores it, for the inline message.
func (a *rawAcc) validate(s string) error { return a.parse(strings.TrimSpace(s)) }

const dateLayout = "2006-01-02"

func newDateAcc(p *time.Time) *rawAcc {
	return &rawAcc{
		shown: func() string {
			if p.IsZero() {
				return ""
			}
			return p.Format(dateLayout)
		},
		parse: func(s string) error {
			if s == "" {
				*p = time.Time{}
				return nil
			}
			t, err := time.Parse(dateLayout, s)
			if err != nil {
				return fmt.Errorf("write the date as year-month-day, for example 2026-03-31")
			}
			*p = t
			return nil
		},
	}
}

func newIntAcc(p *int) *rawAcc {
	return &rawAcc{
		shown: func() string {
			if *p == 0 {
				return ""
			}
			return strconv.Itoa(*p)
		},
		parse: func(s string) error {
			if s == "" {
				*p = 0
				return nil
			}
			n, err := strconv.Atoi(s)
			if err != nil || n < 0 {
				return fmt.Errorf("write a whole number, for example 2")
			}
			*p = n
			return nil
		},
	}
}

// hasGround reports whether the record relies on any of the grounds.
func hasGround(r *model.Record, grounds ...model.Ground) bool {
	for _, g := range r.LegalBasis.Grounds {
		if slices.Contains(grounds, g) {
			return true
		}
	}
	return false
}

// hasSpecialData reports whether the record processes special categories
// (Art 10(1)): said in the legal basis, or marked on a data category.
func hasSpecialData(r *model.Record) bool {
	if r.LegalBasis.SpecialCategories {
		return true
	}
	for _, c := range r.DataCategories {
		if c.Special {
			return true
		}
	}
	return false
}

// when asks a question only while cond holds. The condition is read again
// after every key, so the question appears and disappears as the answers it
// depends on change; an answer given before it disappeared is kept.
func when(cond func() bool, q question) question {
	q.show = cond
	return q
}
