package tui

import (
	"fmt"
	"strings"

	"github.com/eu-ropa/ropa/model"
)

// stepKind says how a step is shown: questions (an embedded huh form), a
// list of repeatable items, or the review before saving.
type stepKind int

const (
	stepQuestions stepKind = iota
	stepList
	stepReview
)

// formStep is one step of the guided form: one group of DESIGN.md's record
// table, in the table's order.
type formStep struct {
	id        string               // the TOML key the step fills, or a name: "identity", "legal_basis"
	title     string               // "Legal basis"
	provision string               // "Art 5, 10, 11, 15(1)(c)"
	intro     string               // one or two sentences shown above the questions
	introFn   func(f *Form) string // when the intro depends on the register
	kind      stepKind
	show      func(r *model.Record) bool // nil: always
	questions func(f *Form) []question   // stepQuestions
	list      listSpec                   // stepList
	// fields are the TOML paths (or their prefixes) this step fills, so that
	// a lint finding can name the step where it is fixed.
	fields []string
}

func (s *formStep) visible(r *model.Record) bool { return s.show == nil || s.show(r) }

// owns reports whether a finding's field is answered in this step.
func (s *formStep) owns(field string) bool {
	for _, p := range s.fields {
		if field == p || strings.HasPrefix(field, p+".") || strings.HasPrefix(field, p+"[") {
			return true
		}
	}
	return false
}

// formSteps lists the steps in the order of the record table of DESIGN.md.
func formSteps() []*formStep {
	return []*formStep{
		{
			id: "identity", title: "Identity", provision: "Art 31(1), 31(5)",
			intro:     "What the processing operation is called and where its record stands.",
			questions: identityQuestions,
			fields:    []string{"title", "reference", "version", "language", "kind", "status", "last_updated", "notice_date"},
		},
		{
			id: "controller", title: "Controller", provision: "Art 31(1)(a), 15(1)(a)",
			intro:     "Who is responsible for the processing, and how people reach them.",
			questions: controllerQuestions,
			fields:    []string{"controller"},
		},
		{
			id: "dpo", title: "Data protection officer", provision: "Art 31(1)(a), 15(1)(b)",
			introFn:   dpoIntro,
			questions: dpoQuestions,
			fields:    []string{"dpo"},
		},
		{
			id: "joint_controllers", title: "Joint controllers", provision: "Art 31(1)(a), 28",
			intro:  "Other controllers who decide with you why and how the data are processed. Most records have none.",
			kind:   stepList,
			list:   jointControllerList,
			fields: []string{"joint_controllers"},
		},
		{
			id: "processors", title: "Processors", provision: "Art 31(1)(a), 29",
			intro:  "Contractors or other bodies that process the data on your behalf (hosting, IT support, a survey tool).",
			kind:   stepList,
			list:   processorList,
			fields: []string{"processors"},
		},
		{
			id: "purposes", title: "Purposes", provision: "Art 31(1)(b), 15(1)(c)",
			intro:     "Why you process the data and how the processing works, in plain words.",
			questions: purposeQuestions,
			fields:    []string{"description", "purposes", "automated_means"},
		},
		{
			id: "legal_basis", title: "Legal basis", provision: "Art 5, 10, 11, 15(1)(c)",
			intro:     "On which grounds of Article 5(1) the processing is lawful.",
			questions: legalBasisQuestions,
			fields:    []string{"legal_basis"},
		},
		{
			id: "data_subjects", title: "Data subjects", provision: "Art 31(1)(c)",
			intro:  "The categories of people whose data you process.",
			kind:   stepList,
			list:   dataSubjectList,
			fields: []string{"data_subjects"},
		},
		{
			id: "data_categories", title: "Personal data", provision: "Art 31(1)(c), 31(1)(f)",
			intro:  "The categories of personal data, each with its items, its source and how long it is kept.",
			kind:   stepList,
			list:   dataCategoryList,
			fields: []string{"data_categories"},
		},
		{
			id: "recipients", title: "Recipients", provision: "Art 31(1)(d), 15(1)(d)",
			intro:  "Who receives or can see the data, inside and outside the institution.",
			kind:   stepList,
			list:   recipientList,
			fields: []string{"recipients"},
		},
		{
			id: "transfers", title: "Transfers", provision: "Art 31(1)(e), 46-50",
			intro:  "Data sent to a third country or an international organisation, and the Chapter V mechanism that allows it.",
			kind:   stepList,
			list:   transferList,
			fields: []string{"transfers"},
		},
		{
			id: "security", title: "Security", provision: "Art 31(1)(g), 33",
			intro:     "The technical and organisational measures that protect the data.",
			questions: securityQuestions,
			fields:    []string{"security"},
		},
		{
			id: "automated_decisions", title: "Automated decisions", provision: "Art 24, 15(2)(f)",
			intro:     "Decisions about people taken by a system alone, without a person weighing them.",
			questions: automatedQuestions,
			fields:    []string{"automated_decisions"},
		},
		{
			id: "provision", title: "Provision of data", provision: "Art 15(2)(e)",
			intro:     "Whether people must give you their data, and what happens if they do not.",
			questions: provisionQuestions,
			fields:    []string{"provision"},
		},
		{
			id: "restrictions", title: "Restrictions", provision: "Art 25",
			intro:     "Internal rules under Article 25 that may restrict the rights of the people concerned, and anything else they need to know to exercise their rights.",
			questions: restrictionQuestions,
			fields:    []string{"restrictions", "rights_info"},
		},
		{
			id: "dpia", title: "Impact assessment", provision: "Art 39, 40",
			intro:     "Whether the processing needs a data protection impact assessment (DPIA), and where it stands.",
			questions: dpiaQuestions,
			fields:    []string{"dpia"},
		},
		{
			id: "processing_on_behalf", title: "Processor records", provision: "Art 31(2)",
			intro:  "As a processor: each controller you process data for, and what you do for each.",
			kind:   stepList,
			list:   servedControllerList,
			show:   func(r *model.Record) bool { return r.IsProcessor() },
			fields: []string{"processing_on_behalf"},
		},
		{
			id: "review_date", title: "Review date and notes", provision: "Art 26(1)",
			intro:     "When the record is next reviewed, and notes for the DPO that are not published.",
			questions: reviewDateQuestions,
			fields:    []string{"next_review", "notes"},
		},
		{
			id: "review", title: "Review and save", provision: "Art 31",
			intro: "Check the record and the findings, then save.",
			kind:  stepReview,
		},
	}
}

func identityQuestions(f *Form) []question {
	r := f.rec
	version := f.rawAccessor("version", func() *rawAcc { return newIntAcc(&r.Version) })
	updated := f.rawAccessor("last_updated", func() *rawAcc { return newDateAcc(&r.LastUpdated) })
	notice := f.rawAccessor("notice_date", func() *rawAcc { return newDateAcc(&r.NoticeDate) })
	return []question{
		inputQ("title", "Title of the processing operation",
			describe("Art 31(1)", "the name people know the operation by.",
				"European Migration Network Information Exchange System (EMN IES)"),
			stringAcc(&r.Title), required("The title")),
		inputQ("reference", "Reference",
			describe("Art 31(5)", "the reference in the central register. The DPO assigns it: leave it empty while you draft.",
				f.referenceExample()),
			stringAcc(&r.Reference), f.checkReference),
		inputQ("version", "Version", describe("Art 31(1)", "the record's version: raise it with each substantial change.", "2"),
			version, version.validate),
		selectQ("language", "Language of the record",
			describe("Art 15", "the language the record's text is written in; the notice is written in it.", "English"),
			&r.Language, model.LanguageOptions, false),
		selectQ("kind", "Kind of record",
			describe("Art 31(1) or 31(2)", "a controller's record, or a processor's record of processing done for others.",
				"a processor's record for a platform you host for another institution"),
			&r.Kind, model.KindOptions, false),
		selectQ("status", "Status",
			describe("Art 31(5)", "where the record is in the DPO's review.", "a new record is a draft"),
			&r.Status, model.StatusOptions, false),
		inputQ("last_updated", "Last updated",
			describe("Art 31(5)", "the date of the last substantial update (year-month-day).", "2019-07-10"),
			updated, updated.validate),
		inputQ("notice_date", "Date of the data protection notice",
			describe("Art 15", "the date the notice shows (year-month-day).", "2019-07-10"),
			notice, notice.validate),
	}
}

func controllerQuestions(f *Form) []question {
	c := &f.rec.Controller
	return []question{
		inputQ("controller.organisation", "Organisation",
			describe("Art 31(1)(a)", "the Union institution or body that is the controller.", "European Commission"),
			stringAcc(&c.Organisation), required("The organisation")),
		inputQ("controller.unit", "Unit",
			describe("Art 31(1)(a)", "the directorate or unit that runs the operation.",
				"Directorate-General for Migration and Home Affairs, Unit C.2"),
			stringAcc(&c.Unit), nil),
		inputQ("controller.email", "Contact e-mail",
			describe("Art 15(1)(a)", "a functional mailbox where people can exercise their rights.", "HOME-EMN@ec.europa.eu"),
			stringAcc(&c.Email), checkEmail),
		textQ("controller.address", "Postal address",
			describe("Art 15(1)(a)", "where people can write to the controller.", "Rue de la Loi 200, 1049 Brussels, Belgium"),
			stringAcc(&c.Address), 2),
	}
}

func dpoQuestions(f *Form) []question {
	d := &f.rec.DPO
	return []question{
		inputQ("dpo.name", "Name or function",
			describe("Art 31(1)(a)", "the data protection officer, by name or function.", "Data Protection Officer of the European Commission"),
			stringAcc(&d.Name), nil),
		inputQ("dpo.email", "E-mail", describe("Art 15(1)(b)", "the DPO's address.", "data-protection-officer@ec.europa.eu"),
			stringAcc(&d.Email), checkEmail),
		inputQ("dpo.phone", "Phone", describe("Art 15(1)(b)", "optional.", "+32 2 299 11 11"), stringAcc(&d.Phone), nil),
		inputQ("dpo.address", "Postal address", describe("Art 15(1)(b)", "optional.", "Rue de la Loi 200, 1049 Brussels"), stringAcc(&d.Address), nil),
		inputQ("dpo.url", "Web page", describe("Art 15(1)(b)", "optional.", "https://ec.europa.eu/dpo"), stringAcc(&d.URL), nil),
	}
}

func purposeQuestions(f *Form) []question {
	r := f.rec
	return []question{
		textQ("description", "How the processing works",
			describe("Art 31(1)(b)", "describe the operation in plain words: what happens to the data, from collection to deletion.",
				"EMN IES is a web platform where migration experts share information; users register with an account."),
			stringAcc(&r.Description), 4),
		textQ("purposes", "Purposes, one per line",
			describe("Art 31(1)(b), 15(1)(c)", "each purpose for which the data are processed, on its own line.",
				"verify the identity of users"),
			linesAcc{&r.Purposes}, 3),
		confirmQ("automated_means", "Processed by automated means?",
			describe("Art 22(1)(b)", "yes when an IT system, a database or e-mail is used, not only paper.", "an online registration form"),
			&r.AutomatedMeans),
	}
}

func legalBasisQuestions(f *Form) []question {
	r := f.rec
	lb := &r.LegalBasis
	return []question{
		multiQ("legal_basis.grounds", "Grounds for lawful processing",
			describe("Art 5(1)", "tick each ground that applies (space or x ticks).", "a task in the public interest"),
			&lb.Grounds, model.GroundOptions),
		when(func() bool { return r.HasGround(model.GroundPublicTask) || r.HasGround(model.GroundLegalObligation) }, textQ("legal_basis.union_law", "Union law that lays down the task or obligation",
			describe("Art 5(2)", "grounds (a) and (b) must rest on Union law: name the act and its article.",
				"Council Decision 2008/381/EC establishing a European Migration Network, Article 2(1)(e)"),
			stringAcc(&lb.UnionLaw), 3)),
		when(func() bool { return r.HasGround(model.GroundConsent) }, textQ("legal_basis.consent_details", "How consent is given and withdrawn",
			describe("Art 7, 15(2)(c)", "how people consent, and how they can withdraw consent at any time.",
				"Users tick a box when they register; they withdraw by writing to the functional mailbox."),
			stringAcc(&lb.ConsentDetails), 3)),
		confirmQ("legal_basis.special_categories", "Special categories of data?",
			describe("Art 10(1)", "racial or ethnic origin, political opinions, religion, trade union membership, genetic or biometric data, health, sex life or orientation.",
				"medical certificates"),
			&lb.SpecialCategories),
		when(func() bool { return r.UsesSpecialCategories() }, multiQ("legal_basis.special_grounds", "Exception that allows the special categories",
			describe("Art 10(2)", "tick the exception(s) that apply.", "explicit consent"),
			&lb.SpecialGrounds, model.SpecialGroundOptions)),
		when(func() bool { return r.UsesSpecialCategories() }, textQ("legal_basis.special_explanation", "Why the exception applies",
			describe("Art 10(2)", "explain briefly.", "Medical certificates are processed under the Staff Regulations, Article 59."),
			stringAcc(&lb.SpecialExplanation), 2)),
		confirmQ("legal_basis.criminal_data", "Data on criminal convictions or offences?",
			describe("Art 11", "data relating to criminal convictions and offences.", "an extract of the criminal record"), &lb.CriminalData),
		when(func() bool { return lb.CriminalData }, textQ("legal_basis.criminal_data_basis", "Union law that authorises it",
			describe("Art 11", "the act that allows processing these data.", "Staff Regulations, Article 28"),
			stringAcc(&lb.CriminalDataBasis), 2)),
		textQ("legal_basis.analysis", "Necessity and proportionality (internal)",
			describe("Art 4(1)(c), 5", "for the DPO: why the processing is necessary and proportionate. Not published.",
				"Only the data needed to verify identity are collected; the passport scan is deleted after the decision."),
			stringAcc(&lb.Analysis), 3),
	}
}

func securityQuestions(f *Form) []question {
	s := &f.rec.Security
	return []question{
		multiQ("security.measures", "Measures in place",
			describe("Art 33", "tick each measure that applies.", "encryption, access control"),
			&s.Measures, model.MeasureOptions),
		textQ("security.description", "Description of the measures",
			describe("Art 31(1)(g)", "a general description; how effectiveness is tested (Art 33(1)(d)) belongs here too.",
				"Data are hosted in the Commission's data centre; access needs EU Login and a role granted by the system owner."),
			stringAcc(&s.Description), 3),
	}
}

func automatedQuestions(f *Form) []question {
	a := &f.rec.AutomatedDecisions
	used := func() bool { return a.Used }
	return []question{
		confirmQ("automated_decisions.used", "Are decisions taken by automated means alone?",
			describe("Art 24", "decisions with legal or similarly significant effects, taken without human review.",
				"an application rejected by a scoring system"), &a.Used),
		when(used, confirmQ("automated_decisions.profiling", "Does it involve profiling?",
			describe("Art 3(5)", "evaluating personal aspects such as performance, reliability or behaviour.", "a risk score per applicant"), &a.Profiling)),
		when(used, textQ("automated_decisions.logic", "The logic involved",
			describe("Art 15(2)(f)", "meaningful information about how the decision is reached.",
				"Applications scoring below 50 points on the published grid are rejected."),
			stringAcc(&a.Logic), 3)),
		when(used, textQ("automated_decisions.consequences", "Significance and consequences",
			describe("Art 15(2)(f)", "what the decision means for the person.", "A rejected applicant cannot take part in the call."),
			stringAcc(&a.Consequences), 3)),
	}
}

func provisionQuestions(f *Form) []question {
	p := &f.rec.Provision
	return []question{
		selectQ("provision.requirement", "Is providing the data a requirement?",
			describe("Art 15(2)(e)", "statutory, contractual, needed to enter a contract, or none.", "a statutory requirement"),
			&p.Requirement, model.ProvisionOptions, true),
		confirmQ("provision.obliged", "Are people obliged to provide the data?",
			describe("Art 15(2)(e)", "yes when they cannot refuse.", "data a staff member must give under the Staff Regulations"), &p.Obliged),
		textQ("provision.consequences", "Consequences of not providing the data",
			describe("Art 15(2)(e)", "what happens when someone does not give the data.", "Without an e-mail address no account can be created."),
			stringAcc(&p.Consequences), 2),
	}
}

func restrictionQuestions(f *Form) []question {
	rs := &f.rec.Restrictions
	return []question{
		confirmQ("restrictions.apply", "May rights be restricted under internal rules?",
			describe("Art 25", "yes when internal rules allow restricting access, rectification or other rights.", "during an administrative inquiry"), &rs.Apply),
		when(func() bool { return rs.Apply }, textQ("restrictions.rules", "The internal rules and what they restrict",
			describe("Art 25", "the decision, its reference in the Official Journal, and the rights concerned.",
				"Commission Decision (EU) 2018/1927, Article 3: access and rectification during an investigation."),
			stringAcc(&rs.Rules), 3)),
		textQ("rights_info", "Anything else people need to know to exercise their rights",
			describe("Art 14(2), 15(2)(b)", "optional, printed in the notice and the register entry: whom else to contact, time limits, the national supervisory authority.",
				"If you think that a national authority exchanged information about you, contact that authority first."),
			stringAcc(&f.rec.RightsInfo), 3),
	}
}

func dpiaQuestions(f *Form) []question {
	d := &f.rec.DPIA
	return []question{
		// One flag serves two triggers: 39(3)(b) with special categories
		// or criminal data, 39(3)(c) with the monitoring of a public area.
		// Asked about special data alone, a CCTV user would answer no.
		confirmQ("dpia.large_scale", "Is the processing on a large scale?",
			describe("Art 39(3)(b) and (c)",
				"many people, a wide area or a long time. With special or criminal data (b), or with monitoring of a publicly accessible area (c), a DPIA is required.",
				"CCTV at every building entrance; the medical files of all staff"), &d.LargeScale),
		confirmQ("dpia.systematic_monitoring", "Systematic monitoring of a publicly accessible area?",
			describe("Art 39(3)(c)", "on a large scale (the question above), a trigger for a DPIA.", "CCTV at a building entrance"), &d.SystematicMonitoring),
		confirmQ("dpia.required", "Is a DPIA required?",
			describe("Art 39(1)", "when the processing is likely to result in a high risk to people's rights.", "a new biometric access system"), &d.Required),
		when(func() bool { return d.Required }, confirmQ("dpia.done", "Has the DPIA been carried out?", describe("Art 39", "whether the assessment is finished.", "yes, once the DPO has seen the report"), &d.Done)),
		when(func() bool { return d.Required && d.Done }, inputQ("dpia.reference", "Reference of the DPIA", describe("Art 39", "where the DPIA is kept.", "Ares(2024)1234567"),
			stringAcc(&d.Reference), nil)),
		when(func() bool { return d.Required && d.Done }, confirmQ("dpia.high_residual_risk", "Does a high risk remain after the measures?",
			describe("Art 40(1)", "if so, the EDPS must be consulted before processing.", "a risk the measures cannot bring down"), &d.HighResidualRisk)),
		when(func() bool { return d.Required && d.Done }, confirmQ("dpia.prior_consultation", "Has the EDPS been consulted?",
			describe("Art 40", "prior consultation of the European Data Protection Supervisor.", "yes, once the EDPS has answered"), &d.PriorConsultation)),
		textQ("dpia.notes", "Notes on the DPIA screening (internal)",
			describe("Art 39", "why a DPIA is or is not needed. Not published.", "No special categories; small scale; no monitoring."),
			stringAcc(&d.Notes), 2),
	}
}

func reviewDateQuestions(f *Form) []question {
	r := f.rec
	next := f.rawAccessor("next_review", func() *rawAcc { return newDateAcc(&r.NextReview) })
	return []question{
		inputQ("next_review", "Next review",
			describe("Art 26(1)", "when the record is to be reviewed and updated (year-month-day); checks warn once it has passed.", "2027-06-30"),
			next, next.validate),
		textQ("notes", "Notes for the DPO (internal)",
			describe("Art 31(4)", "anything the DPO or the EDPS should know; not published. Notes belong here, not in comments in the file.",
				"The retention period is being discussed with the archives unit."),
			stringAcc(&r.Notes), 3),
	}
}

func dpoIntro(f *Form) string {
	if reg := f.opts.Register.DPO; !reg.IsZero() {
		return "Leave these empty to use the register's DPO: " + contactLine(reg) + "."
	}
	return "The register names no DPO: name the DPO here."
}

func contactLine(c model.Contact) string {
	var parts []string
	for _, s := range []string{c.Name, c.Email} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	if len(parts) == 0 {
		return "(no name)"
	}
	return strings.Join(parts, ", ")
}

// referenceExample shows a reference in the register's own format.
func (f *Form) referenceExample() string {
	reg := f.opts.Register
	if reg.ReferencePrefix == "" {
		return "DPR-EC-00932"
	}
	digits := max(reg.ReferenceDigits, 1)
	return reg.ReferencePrefix + fmt.Sprintf("%0*d", digits, 42)
}
