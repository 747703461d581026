package tui

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/eu-ropa/ropa/model"
)

// section is one part of the record view, in the order of Article 31(1).
// fields are the TOML paths whose findings belong beside it.
type section struct {
	title     string
	provision string
	fields    []string
	body      func(w *sectionWriter, info model.Register, r *model.Record)
}

var recordSections = []section{
	{"Identity", "Art 31(1), 31(5)", []string{"title", "reference", "version", "language", "kind", "status", "last_updated", "notice_date", "next_review", "notes"}, identityBody},
	{"Controller and data protection officer", "Art 31(1)(a)", []string{"controller", "dpo"}, controllerBody},
	{"Purposes of the processing", "Art 31(1)(b)", []string{"description", "purposes", "automated_means"}, purposesBody},
	{"Legal basis", "Art 5, 10, 11", []string{"legal_basis"}, legalBasisBody},
	{"Data subjects", "Art 31(1)(c)", []string{"data_subjects"}, dataSubjectsBody},
	{"Personal data and retention", "Art 31(1)(c), 31(1)(f)", []string{"data_categories"}, dataCategoriesBody},
	{"Recipients", "Art 31(1)(d)", []string{"recipients"}, recipientsBody},
	{"Transfers to third countries or international organisations", "Art 31(1)(e), 46-50", []string{"transfers"}, transfersBody},
	{"Security measures", "Art 31(1)(g), 33", []string{"security"}, securityBody},
	{"Automated decisions", "Art 24, 15(2)(f)", []string{"automated_decisions"}, automatedBody},
	{"Provision of data", "Art 15(2)(e)", []string{"provision"}, provisionBody},
	{"Restrictions of rights", "Art 25", []string{"restrictions"}, restrictionsBody},
	{"Data protection impact assessment", "Art 39, 40", []string{"dpia"}, dpiaBody},
	{"Joint controllers", "Art 28", []string{"joint_controllers"}, jointBody},
	{"Processors", "Art 29", []string{"processors"}, processorsBody},
	{"Processing on behalf of controllers", "Art 31(2)", []string{"processing_on_behalf"}, onBehalfBody},
}

// sectionOf returns the index of the section a finding's field belongs to,
// or -1.
func sectionOf(field string) int {
	for i, s := range recordSections {
		for _, prefix := range s.fields {
			if fieldUnder(field, prefix) {
				return i
			}
		}
	}
	return -1
}

// fieldUnder reports whether the TOML path field is prefix or inside it:
// "data_categories[2].retention" is under "data_categories".
func fieldUnder(field, prefix string) bool {
	if !strings.HasPrefix(field, prefix) {
		return false
	}
	rest := field[len(prefix):]
	return rest == "" || rest[0] == '.' || rest[0] == '['
}

// renderRecord writes the record section by section, each finding right
// under the heading of the section it concerns.
//
// It also returns the line of each section heading that has findings, for
// the keys that jump from finding to finding.
func renderRecord(s *Styles, info model.Register, r *model.Record, findings []model.Finding, width int) (string, []int) {
	bySection := make([][]model.Finding, len(recordSections))
	var other []model.Finding
	for _, f := range findings {
		if i := sectionOf(f.Field); i >= 0 {
			bySection[i] = append(bySection[i], f)
		} else {
			other = append(other, f)
		}
	}
	w := &sectionWriter{s: s, width: max(20, width)}
	var marks []int
	if len(other) > 0 {
		marks = append(marks, w.lines)
		w.heading(0, "Findings about the whole record", "")
		w.findings(other)
	}
	for i, sec := range recordSections {
		w.heading(i+1, sec.title, sec.provision)
		if len(bySection[i]) > 0 {
			marks = append(marks, w.lines-1)
		}
		w.findings(bySection[i])
		sec.body(w, info, r)
	}
	return strings.TrimRight(w.sb.String(), "\n"), marks
}

// sectionWriter lays out labels, values and findings at a width.
type sectionWriter struct {
	s     *Styles
	width int
	sb    strings.Builder
	lines int  // lines written so far
	wrote bool // the current section has content
}

const (
	indent     = "  "
	labelWidth = 20
)

func (w *sectionWriter) line(text string) {
	w.sb.WriteString(text)
	w.sb.WriteByte('\n')
	w.lines++
	w.wrote = true
}

func (w *sectionWriter) heading(n int, title, provision string) {
	if w.sb.Len() > 0 {
		w.sb.WriteByte('\n')
		w.lines++
	}
	head := title
	if n > 0 {
		head = strconv.Itoa(n) + ". " + title
	}
	text := w.s.Section.Render(head)
	if provision != "" {
		text += "  " + w.s.Provision.Render(provision)
	}
	w.sb.WriteString(text)
	w.sb.WriteByte('\n')
	w.lines++
	w.wrote = false
}

// findings writes each finding with its provision, message and fix.
func (w *sectionWriter) findings(fs []model.Finding) {
	for _, f := range fs {
		mark, style := "!", w.s.FindingWarn
		if f.Severity == model.SeverityError {
			mark, style = "✗", w.s.FindingError
		}
		head := mark + " " + string(f.Severity)
		if f.Provision != "" {
			head += " · " + f.Provision
		}
		if f.Field != "" {
			head += " · " + f.Field
		}
		w.line(indent + style.Render(ansi.Truncate(head, w.width-len(indent), "…")))
		w.paragraph(indent+"  ", style, f.Message)
		if f.Fix != "" {
			w.paragraph(indent+"  ", w.s.Fix, "Fix: "+f.Fix)
		}
	}
}

// paragraph wraps text at the width, each line after prefix.
func (w *sectionWriter) paragraph(prefix string, style lipgloss.Style, text string) {
	if strings.TrimSpace(text) == "" {
		return
	}
	limit := max(10, w.width-ansi.StringWidth(prefix))
	for _, l := range strings.Split(ansi.Wrap(strings.TrimSpace(text), limit, ""), "\n") {
		w.line(prefix + style.Render(l))
	}
}

// field writes "Label  value": short values beside the label, long or
// multi-line ones below it.
func (w *sectionWriter) field(label, value string) {
	value = strings.TrimSpace(value)
	if value == "" {
		return
	}
	lbl := w.s.Label.Render(pad(label, labelWidth))
	room := w.width - len(indent) - labelWidth
	if !strings.Contains(value, "\n") && ansi.StringWidth(value) <= room {
		w.line(indent + lbl + w.s.Value.Render(value))
		return
	}
	w.line(indent + w.s.Label.Render(label))
	for _, para := range strings.Split(value, "\n") {
		if strings.TrimSpace(para) == "" {
			continue
		}
		w.paragraph(indent+"  ", w.s.Value, para)
	}
}

// list writes a bulleted list under a label.
func (w *sectionWriter) list(label string, items []string) {
	if len(items) == 0 {
		return
	}
	w.line(indent + w.s.Label.Render(label))
	for _, it := range items {
		lines := strings.Split(ansi.Wrap(strings.TrimSpace(it), max(10, w.width-6), ""), "\n")
		for i, l := range lines {
			bullet := "    "
			if i == 0 {
				bullet = "  • "
			}
			w.line(indent + bullet + w.s.Value.Render(l))
		}
	}
}

// item starts an entry of a repeated group: "1. Name".
func (w *sectionWriter) item(n int, name string) {
	if strings.TrimSpace(name) == "" {
		name = "(no name)"
	}
	w.line(indent + w.s.Emphasis.Render(ansi.Truncate(fmt.Sprintf("%d. %s", n, oneLine(name)), w.width-len(indent), "…")))
}

// none closes a section that has nothing to show.
func (w *sectionWriter) none(text string) {
	if !w.wrote {
		w.line(indent + w.s.Empty.Render(text))
	}
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}

// codeLabel shows a code with its label and provision: "Consent of the
// data subject (Art 5(1)(d))"; an unknown code shows as typed.
func codeLabel(opts []model.Option, code string) string {
	o, ok := model.FindOption(opts, code)
	if !ok {
		return code
	}
	if o.Provision == "" {
		return o.Label
	}
	return o.Label + " (" + o.Provision + ")"
}

func codeLabels[T ~string](opts []model.Option, codes []T) []string {
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = codeLabel(opts, string(c))
	}
	return out
}

func identityBody(w *sectionWriter, _ model.Register, r *model.Record) {
	w.field("Title", r.Title)
	w.field("Reference", orDash(r.Reference, "none yet (the DPO assigns it)"))
	if r.Version > 0 {
		w.field("Version", strconv.Itoa(r.Version))
	}
	w.field("Language", codeLabel(model.LanguageOptions, r.Language))
	w.field("Kind", codeLabel(model.KindOptions, string(r.Kind)))
	w.field("Status", codeLabel(model.StatusOptions, string(r.Status)))
	w.field("Last updated", date(r.LastUpdated))
	w.field("Notice date", date(r.NoticeDate))
	w.field("Next review", date(r.NextReview))
	w.field("Internal notes", r.Notes)
}

func orDash(v, instead string) string {
	if strings.TrimSpace(v) == "" {
		return instead
	}
	return v
}

func controllerBody(w *sectionWriter, info model.Register, r *model.Record) {
	c := r.Controller
	w.field("Organisation", c.Organisation)
	w.field("Unit", c.Unit)
	w.field("E-mail", c.Email)
	w.field("Address", c.Address)
	dpo := model.EffectiveDPO(info, r)
	label := "DPO"
	if r.DPO.IsZero() && !dpo.IsZero() {
		label = "DPO (register's)"
	}
	w.field(label, dpo.Name)
	w.field("DPO e-mail", dpo.Email)
	w.field("DPO phone", dpo.Phone)
	w.none("Nothing recorded.")
}

func purposesBody(w *sectionWriter, _ model.Register, r *model.Record) {
	w.field("Description", r.Description)
	w.list("Purposes", r.Purposes)
	if r.AutomatedMeans {
		w.field("Automated means", "yes (an IT system, not only paper)")
	}
	w.none("Nothing recorded.")
}

func legalBasisBody(w *sectionWriter, _ model.Register, r *model.Record) {
	lb := r.LegalBasis
	w.list("Grounds (Art 5(1))", codeLabels(model.GroundOptions, lb.Grounds))
	w.field("Union law", lb.UnionLaw)
	w.field("Consent", lb.ConsentDetails)
	if lb.SpecialCategories {
		w.field("Special categories", "yes (Art 10(1))")
		w.list("Grounds (Art 10(2))", codeLabels(model.SpecialGroundOptions, lb.SpecialGrounds))
		w.field("Explanation", lb.SpecialExplanation)
	}
	if lb.CriminalData {
		w.field("Criminal data", "yes (Art 11)")
		w.field("Authorised by", lb.CriminalDataBasis)
	}
	w.field("Analysis (internal)", lb.Analysis)
	w.none("No ground recorded.")
}

func dataSubjectsBody(w *sectionWriter, _ model.Register, r *model.Record) {
	for i, d := range r.DataSubjects {
		w.item(i+1, d.Name)
		w.paragraph(indent+"   ", w.s.Value, d.Description)
	}
	w.none("No category of data subjects recorded.")
}

func dataCategoriesBody(w *sectionWriter, _ model.Register, r *model.Record) {
	for i, d := range r.DataCategories {
		var flags []string
		if d.Mandatory {
			flags = append(flags, "mandatory")
		}
		if d.Special {
			flags = append(flags, "special category")
		}
		name := d.Name
		if len(flags) > 0 {
			name += " (" + strings.Join(flags, ", ") + ")"
		}
		w.item(i+1, name)
		if len(d.Items) > 0 {
			w.field("  Items", strings.Join(d.Items, "; "))
		}
		w.field("  Source", joinNonEmpty(": ", codeLabel(model.SourceOptions, string(d.Source)), d.SourceDetail))
		w.field("  Retention", orDash(d.Retention, "not stated"))
	}
	w.none("No category of personal data recorded.")
}

func recipientsBody(w *sectionWriter, _ model.Register, r *model.Record) {
	for i, rc := range r.Recipients {
		w.item(i+1, rc.Name)
		w.field("  Kind", codeLabel(model.RecipientKindOptions, string(rc.Kind)))
		w.field("  Country", rc.Country)
		w.field("  Description", rc.Description)
	}
	w.none("No recipient recorded.")
}

func transfersBody(w *sectionWriter, _ model.Register, r *model.Record) {
	for i, t := range r.Transfers {
		w.item(i+1, t.Recipient)
		w.field("  Country", t.Country)
		w.field("  Organisation", t.InternationalOrganisation)
		for _, m := range codeLabels(model.MechanismOptions, t.Mechanisms) {
			w.field("  Mechanism", m)
		}
		w.field("  Safeguards", t.Safeguards)
		if t.PublicPowers {
			w.field("  Public powers", "yes (Art 50(2))")
		}
	}
	w.none("No transfer.")
}

func securityBody(w *sectionWriter, _ model.Register, r *model.Record) {
	w.field("Description", r.Security.Description)
	w.list("Measures", codeLabels(model.MeasureOptions, r.Security.Measures))
	w.none("Nothing recorded.")
}

func automatedBody(w *sectionWriter, _ model.Register, r *model.Record) {
	a := r.AutomatedDecisions
	if !a.Used {
		w.none("No decision based solely on automated processing.")
		return
	}
	w.field("Used", "yes")
	w.field("Profiling", yesNo(a.Profiling))
	w.field("Logic", a.Logic)
	w.field("Consequences", a.Consequences)
}

func provisionBody(w *sectionWriter, _ model.Register, r *model.Record) {
	p := r.Provision
	if p.Requirement != "" {
		w.field("Requirement", codeLabel(model.ProvisionOptions, string(p.Requirement)))
		w.field("Obliged", yesNo(p.Obliged))
	}
	w.field("If not provided", p.Consequences)
	w.none("Nothing recorded.")
}

func restrictionsBody(w *sectionWriter, _ model.Register, r *model.Record) {
	if !r.Restrictions.Apply {
		w.none("No restriction under internal rules.")
		return
	}
	w.field("Apply", "yes")
	w.field("Internal rules", r.Restrictions.Rules)
}

func dpiaBody(w *sectionWriter, _ model.Register, r *model.Record) {
	d := r.DPIA
	for _, t := range model.DPIATriggers(r) {
		w.field("Trigger", t.Label+" ("+t.Provision+")")
	}
	if d.LargeScale {
		w.field("Large scale", "yes")
	}
	if d.SystematicMonitoring {
		w.field("Monitoring", "systematic monitoring of a public area")
	}
	w.field("Required", yesNo(d.Required))
	w.field("Done", yesNo(d.Done))
	w.field("Reference", d.Reference)
	if d.HighResidualRisk {
		w.field("High residual risk", "yes (Art 40(1))")
	}
	if d.PriorConsultation {
		w.field("EDPS consulted", "yes (Art 40)")
	}
	w.field("Notes", d.Notes)
}

func jointBody(w *sectionWriter, _ model.Register, r *model.Record) {
	for i, j := range r.JointControllers {
		w.item(i+1, j.Name)
		w.field("  Contact", j.Contact)
		w.field("  Arrangement", j.Arrangement)
	}
	w.none("None.")
}

func processorsBody(w *sectionWriter, _ model.Register, r *model.Record) {
	for i, p := range r.Processors {
		w.item(i+1, p.Name)
		w.field("  Contact", p.Contact)
		w.field("  Service", p.Service)
		w.field("  Location", p.Location)
		w.field("  Contract", p.Contract)
	}
	w.none("None.")
}

func onBehalfBody(w *sectionWriter, _ model.Register, r *model.Record) {
	for i, c := range r.ProcessingOnBehalf {
		w.item(i+1, c.Controller)
		w.field("  Contact", c.Contact)
		w.list("  Categories", c.Categories)
	}
	if r.IsProcessor() {
		w.none("No controller recorded.")
	} else {
		w.none("Not applicable: this is a controller's record.")
	}
}

func joinNonEmpty(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if strings.TrimSpace(p) != "" {
			out = append(out, strings.TrimSpace(p))
		}
	}
	return strings.Join(out, sep)
}
