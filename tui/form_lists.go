package tui

import (
	"fmt"
	"strings"

	"charm.land/huh/v2"

	"github.com/eu-ropa/ropa/model"
)

// listSpec is a repeatable group of the record (data categories,
// recipients …): how to count, label, add, remove and reorder its items,
// and the questions that edit one item.
type listSpec interface {
	one() string  // "data category"
	many() string // "data categories"
	count(r *model.Record) int
	summary(r *model.Record, i int) string
	add(r *model.Record) int // appends an empty item and returns its index
	remove(r *model.Record, i int)
	swap(r *model.Record, i, j int)
	snapshot(r *model.Record, i int) any // the item as it is, to undo an edit
	restore(r *model.Record, i int, v any)
	questions(f *Form, i int) []question
}

// sliceList implements listSpec for one slice of the record.
type sliceList[T any] struct {
	oneName, manyName, key string
	slice                  func(r *model.Record) *[]T
	label                  func(item T) string
	// build returns the questions of item i; keys are prefixed with the
	// item's TOML path ("data_categories[2]"), as lint names them.
	build func(f *Form, item *T, prefix string) []question
}

func (l sliceList[T]) one() string               { return l.oneName }
func (l sliceList[T]) many() string              { return l.manyName }
func (l sliceList[T]) count(r *model.Record) int { return len(*l.slice(r)) }
func (l sliceList[T]) snapshot(r *model.Record, i int) any {
	return (*l.slice(r))[i] // a copy: edits replace slices inside an item, never mutate them
}
func (l sliceList[T]) restore(r *model.Record, i int, v any) { (*l.slice(r))[i] = v.(T) }

func (l sliceList[T]) summary(r *model.Record, i int) string { return l.label((*l.slice(r))[i]) }

func (l sliceList[T]) add(r *model.Record) int {
	s := l.slice(r)
	var zero T
	*s = append(*s, zero)
	return len(*s) - 1
}

func (l sliceList[T]) remove(r *model.Record, i int) {
	s := l.slice(r)
	*s = append((*s)[:i:i], (*s)[i+1:]...)
	if len(*s) == 0 {
		*s = nil
	}
}

func (l sliceList[T]) swap(r *model.Record, i, j int) {
	s := *l.slice(r)
	s[i], s[j] = s[j], s[i]
}

func (l sliceList[T]) questions(f *Form, i int) []question {
	s := l.slice(f.rec)
	return l.build(f, &(*s)[i], fmt.Sprintf("%s[%d]", l.key, i))
}

// summaryOf joins the non-empty parts of a one-line item summary.
func summaryOf(name string, details ...string) string {
	if strings.TrimSpace(name) == "" {
		name = "(no name yet)"
	}
	var parts []string
	for _, d := range details {
		if d != "" {
			parts = append(parts, d)
		}
	}
	if len(parts) == 0 {
		return oneLine(name)
	}
	return oneLine(name) + " · " + strings.Join(parts, " · ")
}

func optionText(opts []model.Option, code string) string {
	if code == "" {
		return ""
	}
	if o, ok := model.FindOption(opts, code); ok {
		return o.Label
	}
	return code
}

var jointControllerList = sliceList[model.JointController]{
	oneName: "joint controller", manyName: "joint controllers", key: "joint_controllers",
	slice: func(r *model.Record) *[]model.JointController { return &r.JointControllers },
	label: func(j model.JointController) string {
		return summaryOf(j.Name, j.Contact, yesIf(j.Arrangement != "", "arrangement described"))
	},
	build: func(f *Form, j *model.JointController, p string) []question {
		return []question{
			inputQ(p+".name", "Name", describe("Art 28", "the other controller.", "European Union Agency for Asylum (EUAA)"),
				stringAcc(&j.Name), required("The name")),
			inputQ(p+".contact", "Contact", describe("Art 28(3)", "where people can reach them.", "info@euaa.europa.eu"),
				stringAcc(&j.Contact), nil),
			textQ(p+".arrangement", "Essence of the arrangement",
				describe("Art 28(2)", "who does what, and with whom people exercise their rights.",
					"The Commission hosts the platform; EUAA answers requests about the data it publishes."),
				stringAcc(&j.Arrangement), 3),
		}
	},
}

var processorList = sliceList[model.Processor]{
	oneName: "processor", manyName: "processors", key: "processors",
	slice: func(r *model.Record) *[]model.Processor { return &r.Processors },
	label: func(p model.Processor) string { return summaryOf(p.Name, p.Service, p.Location) },
	build: func(f *Form, pr *model.Processor, p string) []question {
		return []question{
			inputQ(p+".name", "Name", describe("Art 29", "the contractor or body.", "Example IT Services SA"),
				stringAcc(&pr.Name), required("The name")),
			inputQ(p+".contact", "Contact", describe("Art 29", "optional.", "dpo@example-it.eu"), stringAcc(&pr.Contact), nil),
			inputQ(p+".service", "Service performed", describe("Art 29", "what they do with the data.", "hosting and maintenance of the platform"),
				stringAcc(&pr.Service), nil),
			inputQ(p+".location", "Location", describe("Art 29", "where the data are processed.", "Luxembourg"),
				stringAcc(&pr.Location), nil),
			inputQ(p+".contract", "Contract reference (internal)", describe("Art 29(3)", "the contract that binds the processor.", "DI/07890-00"),
				stringAcc(&pr.Contract), nil),
		}
	},
}

var dataSubjectList = sliceList[model.DataSubject]{
	oneName: "category of data subjects", manyName: "categories of data subjects", key: "data_subjects",
	slice: func(r *model.Record) *[]model.DataSubject { return &r.DataSubjects },
	label: func(d model.DataSubject) string { return summaryOf(d.Name, firstLineOf(d.Description)) },
	build: func(f *Form, d *model.DataSubject, p string) []question {
		return []question{
			inputQ(p+".name", "Category", describe("Art 31(1)(c)", "a group of people whose data you process.", "Staff of national authorities"),
				stringAcc(&d.Name), required("The category")),
			textQ(p+".description", "Description", describe("Art 31(1)(c)", "optional: who exactly.",
				"Staff of Member States' migration authorities who registered a user account"),
				stringAcc(&d.Description), 2),
		}
	},
}

var dataCategoryList = sliceList[model.DataCategory]{
	oneName: "data category", manyName: "data categories", key: "data_categories",
	slice: func(r *model.Record) *[]model.DataCategory { return &r.DataCategories },
	label: func(c model.DataCategory) string {
		return summaryOf(c.Name,
			countOf(len(c.Items), "item", "items"),
			yesIf(c.Mandatory, "mandatory"),
			yesIf(c.Special, "special"),
			optionText(model.SourceOptions, string(c.Source)),
			firstLineOf(c.Retention))
	},
	build: func(f *Form, c *model.DataCategory, p string) []question {
		fromOthers := func() bool { return c.Source == model.SourceThirdParty || c.Source == model.SourcePublic }
		return []question{
			inputQ(p+".name", "Category", describe("Art 31(1)(c)", "a name for this group of data.", "Contact details"),
				stringAcc(&c.Name), required("The category")),
			textQ(p+".items", "Items, one per line", describe("Art 31(1)(c)", "each piece of data on its own line.", "E-mail address"),
				linesAcc{&c.Items}, 3),
			confirmQ(p+".mandatory", "Mandatory?", describe("Art 15(2)(e)", "must people give these data?", "an e-mail address without which no account is made"), &c.Mandatory),
			confirmQ(p+".special", "A special category?",
				describe("Art 10(1)", "health, ethnic origin, political opinions, religion, trade union membership, genetic, biometric or sex life data.",
					"sick leave certificates"),
				&c.Special),
			selectQ(p+".source", "Source", describe("Art 16(2)(e)", "where the data come from.", "the data subject"),
				&c.Source, model.SourceOptions, true),
			when(fromOthers, inputQ(p+".source_detail", "Who provides them",
				describe("Art 16(2)(e)", "the person, body or public source.", "the user's employer"),
				stringAcc(&c.SourceDetail), nil)),
			textQ(p+".retention", "How long are they kept?",
				describe("Art 31(1)(f)", "a time limit for erasure, or the criteria that set it.",
					"Until the user account is deleted; log data for 6 months."),
				stringAcc(&c.Retention), 2),
		}
	},
}

var recipientList = sliceList[model.Recipient]{
	oneName: "recipient", manyName: "recipients", key: "recipients",
	slice: func(r *model.Record) *[]model.Recipient { return &r.Recipients },
	label: func(rc model.Recipient) string {
		return summaryOf(rc.Name, optionText(model.RecipientKindOptions, string(rc.Kind)), rc.Country)
	},
	build: func(f *Form, rc *model.Recipient, p string) []question {
		abroad := func() bool { return rc.Kind.NeedsTransfer() || rc.Country != "" }
		return []question{
			inputQ(p+".name", "Recipient", describe("Art 31(1)(d)", "a recipient or category of recipients.",
				"Authorised Commission staff"), stringAcc(&rc.Name), required("The recipient")),
			selectQ(p+".kind", "Kind", describe("Art 3(13), 46", "who they are; a third country or an international organisation needs a transfer.",
				"a contractor in Switzerland is in a third country"),
				&rc.Kind, model.RecipientKindOptions, true),
			when(abroad, inputQ(p+".country", "Country",
				describe("Art 46", "the third country (ISO code or name).", "NO"),
				stringAcc(&rc.Country), func(s string) error {
					if rc.Kind == model.RecipientThirdCountry && strings.TrimSpace(s) == "" {
						return fmt.Errorf("name the third country of this recipient, for example CH or Norway")
					}
					return nil
				})),
			textQ(p+".description", "Description", describe("Art 15(1)(d)", "optional: what they receive and why.",
				"Users of the same community see each other's contact details."), stringAcc(&rc.Description), 2),
		}
	},
}

var transferList = sliceList[model.Transfer]{
	oneName: "transfer", manyName: "transfers", key: "transfers",
	slice: func(r *model.Record) *[]model.Transfer { return &r.Transfers },
	label: func(t model.Transfer) string {
		var mechs []string
		for _, m := range t.Mechanisms {
			if o, ok := model.FindOption(model.MechanismOptions, string(m)); ok {
				mechs = append(mechs, o.Provision)
			} else {
				mechs = append(mechs, string(m))
			}
		}
		return summaryOf(t.Recipient, t.Country, t.InternationalOrganisation, strings.Join(mechs, ", "))
	},
	build: func(f *Form, t *model.Transfer, p string) []question {
		derogationAC := func() bool {
			for _, m := range t.Mechanisms {
				if m.ExcludedForPublicPowers() {
					return true
				}
			}
			return t.PublicPowers
		}
		recipient := inputQ(p+".recipient", "Recipient", describe("Art 31(1)(e)", "who receives the data; the name of a recipient of the previous step.",
			"Users employed by international organisations"), stringAcc(&t.Recipient), required("The recipient"))
		// The country of a recipient named in the previous step is known:
		// it fills the third country, when that is still empty, as the
		// recipient question is left.
		recipient.onLeave = func() bool {
			if strings.TrimSpace(t.Country) != "" {
				return false
			}
			t.Country = recipientCountry(f.rec, t.Recipient)
			return t.Country != ""
		}
		names := recipientNames(f.rec)
		build := recipient.build
		recipient.build = func(width int) huh.Field {
			field := build(width)
			if len(names) > 0 {
				field.(*huh.Input).Suggestions(names)
			}
			return field
		}
		return []question{
			recipient,
			inputQ(p+".country", "Third country", describe("Art 46", "where the recipient is (ISO code or name); the recipient's country from the previous step, if it gave one.", "CH"),
				stringAcc(&t.Country), nil),
			inputQ(p+".international_organisation", "International organisation", describe("Art 46", "if the recipient is one.",
				"International Organization for Migration (IOM)"), stringAcc(&t.InternationalOrganisation), nil),
			multiQ(p+".mechanisms", "Mechanism", describe("Art 47-50", "the basis of the transfer; tick each that applies.", "adequacy decision"),
				&t.Mechanisms, model.MechanismOptions),
			textQ(p+".safeguards", "Safeguards", describe("Art 31(1)(e), 48", "document the safeguards, or for a derogation how its conditions are met.",
				"Users give explicit consent to the transfer when they register."), stringAcc(&t.Safeguards), 3),
			when(derogationAC, confirmQ(p+".public_powers", "Is the transfer part of the exercise of public powers?",
				describe("Art 50(2)", "if so, Art 50(1)(a)-(c) cannot be relied on.", "a transfer ordered in an investigation"), &t.PublicPowers)),
		}
	},
}

var servedControllerList = sliceList[model.ServedController]{
	oneName: "controller served", manyName: "controllers served", key: "processing_on_behalf",
	slice: func(r *model.Record) *[]model.ServedController { return &r.ProcessingOnBehalf },
	label: func(s model.ServedController) string {
		return summaryOf(s.Controller, s.Contact, countOf(len(s.Categories), "category", "categories"))
	},
	build: func(f *Form, s *model.ServedController, p string) []question {
		return []question{
			inputQ(p+".controller", "Controller", describe("Art 31(2)(a)", "the controller you process data for.", "European Anti-Fraud Office (OLAF)"),
				stringAcc(&s.Controller), required("The controller")),
			inputQ(p+".contact", "Contact", describe("Art 31(2)(a)", "the controller's contact, and its DPO's.", "olaf-dpo@ec.europa.eu"),
				stringAcc(&s.Contact), nil),
			textQ(p+".categories", "Processing carried out, one per line",
				describe("Art 31(2)(b)", "the categories of processing you carry out for this controller.", "hosting of the case management system"),
				linesAcc{&s.Categories}, 3),
		}
	},
}

func recipientNames(r *model.Record) []string {
	var out []string
	for _, rc := range r.Recipients {
		if rc.Name != "" {
			out = append(out, rc.Name)
		}
	}
	return out
}

// recipientCountry is the country of the recipient with the name, or "".
func recipientCountry(r *model.Record, name string) string {
	name = strings.TrimSpace(name)
	for _, rc := range r.Recipients {
		if name != "" && strings.EqualFold(strings.TrimSpace(rc.Name), name) && rc.Country != "" {
			return strings.TrimSpace(rc.Country)
		}
	}
	return ""
}

func yesIf(b bool, s string) string {
	if b {
		return s
	}
	return ""
}

// countOf says "3 items"; nothing for zero, so summaries stay short.
func countOf(n int, one, many string) string {
	switch n {
	case 0:
		return ""
	case 1:
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

func firstLineOf(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i] + " …"
	}
	return s
}
