package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"

	"github.com/eu-ropa/ropa/model"
	"github.com/eu-ropa/ropa/records"
)

// reviewState is the review step: the findings of lint on the record as it
// is, and a scrollable page of findings and summary.
type reviewState struct {
	findings []model.Finding
	errors   int
	warnings int
	vp       viewport.Model
	ready    bool
}

// recordName is how lint names the record: its file path.
func (f *Form) recordName() string {
	if f.opts.Slug != "" {
		return records.RecordsDir + "/" + f.opts.Slug + ".toml"
	}
	return records.RecordsDir + "/" + records.SlugFor(f.rec.Title, f.opts.Taken) + ".toml"
}

// refreshReview checks the record again and lays out the review page.
func (f *Form) refreshReview() {
	fs := model.LintRecord(f.opts.Register, f.recordName(), f.rec, f.now())
	model.SortFindings(fs) // errors first
	f.review.findings = fs
	f.review.errors, f.review.warnings = 0, 0
	for _, x := range fs {
		if x.Severity == model.SeverityError {
			f.review.errors++
		} else {
			f.review.warnings++
		}
	}
	f.review.ready = true
	f.layoutReview()
	f.review.vp.GotoTop()
}

// layoutReview sizes the review page and fills it.
func (f *Form) layoutReview() {
	if !f.review.ready {
		return
	}
	w, h := f.mainSize()
	h -= f.introHeight(w)
	f.review.vp.SetWidth(w)
	f.review.vp.SetHeight(max(h, 3))
	f.review.vp.SetContent(f.reviewContent(w))
}

func (f *Form) reviewKey(msg tea.KeyPressMsg) tea.Cmd {
	k := f.keys
	switch {
	case msg.String() == "esc":
		return f.askDiscard()
	case keyIs(msg, k.ListPrev):
		return f.goStep(-1)
	case keyIs(msg, k.ScrollUp):
		f.review.vp.ScrollUp(1)
	case keyIs(msg, k.ScrollDown):
		f.review.vp.ScrollDown(1)
	case keyIs(msg, k.PageDown):
		f.review.vp.PageDown()
	case keyIs(msg, k.Top):
		f.review.vp.GotoTop()
	case keyIs(msg, k.Bottom):
		f.review.vp.GotoBottom()
	case keyIs(msg, k.SaveAsDraft):
		return f.save(true)
	case keyIs(msg, k.Save):
		return f.save(false)
	}
	return nil
}

// reviewVerdict says in one or two sentences whether the record can be
// saved as it is.
func (f *Form) reviewVerdict() string {
	e, w := f.review.errors, f.review.warnings
	switch {
	case e == 0 && w == 0:
		return "No findings: the record passes every check."
	case e == 0 && f.rec.Status == model.StatusDraft:
		return fmt.Sprintf("No errors, %s. You can save this draft; it must pass the checks before it is submitted to the DPO.",
			plural(w, "warning", "warnings"))
	case e == 0:
		return fmt.Sprintf("No errors, %s. You can save.", plural(w, "warning", "warnings"))
	case f.rec.Status == model.StatusDraft:
		return fmt.Sprintf("%s and %s. You can save this draft as it is; it must pass before it is submitted to the DPO.",
			plural(e, "error", "errors"), plural(w, "warning", "warnings"))
	}
	return fmt.Sprintf("%s and %s. A record with status %q must pass the checks: fix the errors, or press D to save it as a draft.",
		plural(e, "error", "errors"), plural(w, "warning", "warnings"), f.rec.Status)
}

// reviewContent is the review page: the verdict, the findings (errors
// first, each with the step where it is fixed), then a summary.
func (f *Form) reviewContent(width int) string {
	st := f.styles
	var b strings.Builder
	wrapTo := func(s string, indent int) string {
		return indentLines(wrapText(s, max(width-indent, 10)), indent)
	}
	if f.conflict != nil {
		b.WriteString(st.FindingError.Render(wrapTo(f.conflict.text(), 0)) + "\n\n")
	}
	b.WriteString(wrapTo(f.reviewVerdict(), 0))
	b.WriteString("\n")
	for _, x := range f.review.findings {
		b.WriteString("\n")
		mark, style := "! warning", st.FindingWarn
		if x.Severity == model.SeverityError {
			mark, style = "✗ error", st.FindingError
		}
		// Where to fix it first, in words; the TOML path last, for the
		// reader of the file (it is the part cut on a narrow screen).
		parts := []string{style.Render(mark)}
		if n, s := f.stepOfField(x.Field); s != nil {
			parts = append(parts, fmt.Sprintf("step %d %s", n, s.title))
		}
		if x.Provision != "" {
			parts = append(parts, st.Provision.Render(x.Provision))
		}
		parts = append(parts, st.Label.Render(x.Field))
		head := strings.Join(parts, " · ")
		b.WriteString(truncateText(head, width) + "\n")
		b.WriteString(wrapTo(x.Message, 2) + "\n")
		if x.Fix != "" {
			b.WriteString(st.Fix.Render(wrapTo("Fix: "+x.Fix, 2)) + "\n")
		}
	}
	b.WriteString("\n" + st.Section.Render("Summary") + "\n")
	for _, row := range f.summaryRows() {
		label := st.Label.Render(fmt.Sprintf("%-20s", row[0]))
		value := row[1]
		if value == "" {
			value = st.Empty.Render("(not set)")
		}
		b.WriteString(truncateText(label+" "+value, width) + "\n")
	}
	return strings.TrimRight(b.String(), "\n")
}

// stepOfField is the step where a finding's field is answered, and its
// number as shown.
func (f *Form) stepOfField(field string) (int, *formStep) {
	for n, i := range f.visibleSteps() {
		if s := f.steps[i]; s.owns(field) {
			return n + 1, s
		}
	}
	return 0, nil
}

// summaryRows are one line per part of the record.
func (f *Form) summaryRows() [][2]string {
	r := f.rec
	names := func(n int, name func(i int) string) string {
		var out []string
		for i := range n {
			out = append(out, oneLine(name(i)))
		}
		return strings.Join(out, "; ")
	}
	var grounds []string
	for _, g := range r.LegalBasis.Grounds {
		grounds = append(grounds, optionProvision(model.GroundOptions, string(g)))
	}
	var special []string
	for _, g := range r.LegalBasis.SpecialGrounds {
		special = append(special, optionProvision(model.SpecialGroundOptions, string(g)))
	}
	dpo := contactLine(r.DPO)
	if r.DPO.IsZero() {
		dpo = "the register's: " + contactLine(f.opts.Register.DPO)
	}
	rows := [][2]string{
		{"Title", oneLine(r.Title)},
		{"Reference", r.Reference},
		{"Kind · status", string(r.Kind) + " · " + string(r.Status) + " · " + r.Language},
		{"Controller", joinNonEmpty(", ", r.Controller.Organisation, r.Controller.Unit, r.Controller.Email)},
		{"DPO", dpo},
		{"Joint controllers", names(len(r.JointControllers), func(i int) string { return r.JointControllers[i].Name })},
		{"Processors", names(len(r.Processors), func(i int) string { return r.Processors[i].Name })},
		{"Purposes", names(len(r.Purposes), func(i int) string { return r.Purposes[i] })},
		{"Legal grounds", strings.Join(grounds, ", ")},
		{"Special categories", yesNo(r.UsesSpecialCategories()) + prefixed(": ", strings.Join(special, ", "))},
		{"Data subjects", names(len(r.DataSubjects), func(i int) string { return r.DataSubjects[i].Name })},
		{"Personal data", names(len(r.DataCategories), func(i int) string { return r.DataCategories[i].Name })},
		{"Recipients", names(len(r.Recipients), func(i int) string { return r.Recipients[i].Name })},
		{"Transfers", names(len(r.Transfers), func(i int) string {
			return joinNonEmpty(", ", r.Transfers[i].Recipient, r.Transfers[i].Country, r.Transfers[i].InternationalOrganisation)
		})},
		{"Security measures", countOf(len(r.Security.Measures), "measure", "measures")},
		{"Automated decisions", yesNo(r.AutomatedDecisions.Used)},
		{"DPIA", dpiaLine(r.DPIA)},
	}
	if r.IsProcessor() {
		rows = append(rows, [2]string{"Controllers served",
			names(len(r.ProcessingOnBehalf), func(i int) string { return r.ProcessingOnBehalf[i].Controller })})
	}
	if !r.NextReview.IsZero() {
		rows = append(rows, [2]string{"Next review", r.NextReview.Format(dateLayout)})
	} else {
		rows = append(rows, [2]string{"Next review", ""})
	}
	return rows
}

func optionProvision(opts []model.Option, code string) string {
	if o, ok := model.FindOption(opts, code); ok && o.Provision != "" {
		return o.Provision
	}
	return code
}

func dpiaLine(d model.DPIA) string {
	switch {
	case !d.Required:
		return "not required"
	case d.Done:
		return joinNonEmpty(" · ", "required, done", d.Reference)
	}
	return "required, not done yet"
}

func prefixed(prefix, s string) string {
	if s == "" {
		return ""
	}
	return prefix + s
}

// save checks that the record may be saved, then saves it in a command.
// asDraft sets the status to draft first (for a record with errors).
func (f *Form) save(asDraft bool) tea.Cmd {
	if strings.TrimSpace(f.rec.Title) == "" {
		f.setNote(noteError, "Give the record a title first (step 1, Identity): the file is named after it.")
		return nil
	}
	if asDraft && f.rec.Status != model.StatusDraft {
		f.rec.Status = model.StatusDraft
		f.refreshReview()
	}
	if f.review.errors > 0 && f.rec.Status != model.StatusDraft {
		f.setNote(noteError, "%s: a %s record must pass the checks. Fix them, or press D to save it as a draft.",
			plural(f.review.errors, "error", "errors"), f.rec.Status)
		return nil
	}
	if f.conflict != nil {
		return f.confirmOverwrite(asDraft)
	}
	f.saving = true
	f.setNote(noteInfo, "Saving…")
	rec := cloneRecord(f.rec)
	store, root, key := f.drafts, f.opts.Root, f.opts.DraftKey
	if f.opts.IsNew {
		slug, taken := f.opts.Slug, f.opts.Taken
		return func() tea.Msg {
			store.mu.Lock()
			defer store.mu.Unlock()
			if slug == "" {
				slug = records.SlugFor(rec.Title, taken)
			}
			file, err := records.Create(root, slug, &rec)
			return finishSave(store, root, key, file, err)
		}
	}
	var file records.File
	if f.file != nil {
		file = *f.file
	} else {
		file = records.File{Path: records.RecordsDir + "/" + f.opts.Slug + ".toml", Slug: f.opts.Slug}
	}
	file.Record = rec
	return func() tea.Msg {
		store.mu.Lock()
		defer store.mu.Unlock()
		err := records.Save(root, &file)
		return finishSave(store, root, key, &file, err)
	}
}

type saveDoneMsg struct {
	file     *records.File
	err      error
	draftErr error
}

// finishSave ends drafts after a successful save; a failed save keeps the
// draft, so nothing typed is lost. It runs with store.mu held.
func finishSave(store *draftStore, root, key string, file *records.File, err error) tea.Msg {
	if err != nil {
		return saveDoneMsg{err: err}
	}
	store.closed = true
	return saveDoneMsg{file: file, draftErr: records.DeleteDraft(root, key)}
}

func (f *Form) saveDone(msg saveDoneMsg) tea.Cmd {
	f.saving = false
	if msg.err != nil {
		f.saveFailed = true
		f.saveFailedNote(msg.err)
		f.layoutReview()
		return f.keepDraft()
	}
	saved := FormSavedMsg{Path: msg.file.Path, Record: msg.file.Record}
	return func() tea.Msg { return saved }
}
