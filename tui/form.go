package tui

import (
	"bytes"
	"fmt"
	"strconv"
	"time"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"github.com/eu-ropa/ropa/model"
	"github.com/eu-ropa/ropa/records"
)

// FormOptions opens the guided form on a record.
type FormOptions struct {
	Register model.Register
	Root     string // register root, for saving through records
	Slug     string // empty for a new record: derived from the title at save time (records.SlugFor)
	Record   model.Record
	IsNew    bool
	// DraftKey is the key under which the draft is kept (records.SaveDraft).
	// Empty: the form makes a fresh one.
	DraftKey   string
	Accessible bool
	Width      int
	Height     int
	Styles     *Styles
	Taken      func(slug string) bool                  // slugs in use
	References func(ref string) (slug string, ok bool) // who holds a reference, for inline validation

	// File is the loaded file of an existing record. Its digest lets the
	// save refuse to overwrite a file changed on disk since it was loaded.
	// When nil for an existing record, the form reads the digest of the file
	// as it opens.
	File *records.File
	// FromDraft says Record is a draft being resumed: esc then offers to
	// discard the draft even when nothing was changed in this session.
	FromDraft bool
	// DraftBase is the digest of the file the resumed draft was started
	// from (records.Draft.Base); zero when unknown. When the file's digest
	// is another now, the file changed since the draft was written, and
	// the form saves over it only after the user says so.
	DraftBase [32]byte
}

// FormSavedMsg is sent after a successful save. Path is relative to the
// register root ("records/emn-ies.toml").
type FormSavedMsg struct {
	Path   string
	Record model.Record
}

// FormClosedMsg is sent after the user confirmed discarding the form (or
// closed it with nothing to discard, or left it after a failed save).
type FormClosedMsg struct {
	// KeptDraft: the form was left with its draft on disk (a save had
	// failed), to be offered again at the next start.
	KeptDraft bool
}

// Status is what the program may say once the form is closed.
func (m FormClosedMsg) Status() string {
	if m.KeptDraft {
		return "Closed the form without saving; your answers are kept in the draft, offered again at the next start."
	}
	return "Closed the form without saving."
}

// Form is the guided form: one step per group of the record, a list step
// for each repeatable group, and a review step before saving. Questions are
// huh fields embedded in the form; the record is edited in place through
// pointers, so whatever is on screen is what a draft or a save writes. The
// record is the form's own deep copy: the program's loaded record is never
// changed, whatever the user types and then cancels.
type Form struct {
	opts  FormOptions
	rec   *model.Record
	steps []*formStep
	cur   int // index into steps; always a visible step

	baseline []byte // the record as opened, canonical TOML, to tell whether anything changed

	keys    formKeys
	huhKeys *huh.KeyMap
	theme   huh.Theme
	styles  *Styles
	help    help.Model

	width, height int

	// The embedded huh form of a question step or of the item editor, the
	// questions it was built from (all of them, visible or not), which of
	// them were visible, and its generation: a submit of an older huh form
	// is ignored.
	hf       *huh.Form
	qs       []question
	shown    string
	gen      int
	focusKey string

	listCursor map[string]int // cursor of each list step, by step id
	item       *itemEdit      // the item being edited in a list step

	confirm *formConfirm // an open yes/no question
	jump    *jumpPrompt  // an open "go to step" prompt
	note    formNote     // the status line
	showAll bool         // the full help is open (? or f1)
	laidOut int          // the body height the huh form and the review were last sized for

	review reviewState
	raw    map[string]*rawAcc // typed text of dates and numbers, by key

	drafts *draftStore
	draft  draftState
	saving bool
	// saveFailed: a save failed (a conflict, a file with comments…); esc
	// then leaves the form and keeps the draft.
	saveFailed bool
	// discardFailed: deleting the draft failed once; esc now closes
	// without asking again.
	discardFailed bool
	file          *records.File // the file as loaded (path, digest, schema line), for records.Save
	// base is the digest of the file the record on screen was started
	// from, written beside each draft (records.Draft.Base).
	base [32]byte
	// conflict: the resumed draft was started from another version of
	// the file than the one on disk now.
	conflict *draftConflict
	// editorWait is the editor waiting for a key, after the form said how
	// to leave it (vi, when no editor is set).
	editorWait tea.Cmd
	editorTemp string // the temporary file the waiting editor is to open

	now func() time.Time
}

// itemEdit is an item of a list step open in the item editor.
type itemEdit struct {
	list   listSpec
	index  int
	isNew  bool
	before any // the item as it was, restored on cancel
}

// formConfirm is a yes/no question on the status line.
type formConfirm struct {
	question string
	onYes    func() tea.Cmd
}

type formNoteKind int

const (
	noteNone formNoteKind = iota
	noteInfo
	noteOK
	noteError
)

type formNote struct {
	kind formNoteKind
	text string
	// tail ends an error note and is never cut: what to do next, which a
	// long reason must not push off the status line.
	tail string
}

// formFileMsg brings the file of an existing record, read as the form
// opens when the program did not pass it.
type formFileMsg struct {
	file *records.File
	err  error
}

func loadFileCmd(root, slug string) tea.Cmd {
	return func() tea.Msg {
		f, err := records.LoadFile(root, records.RecordsDir+"/"+slug+".toml")
		return formFileMsg{file: f, err: err}
	}
}

// formSubmitMsg is what an embedded huh form sends when enter is pressed on
// its last question.
type formSubmitMsg struct{ gen int }

// NewForm builds the form. It does no I/O; Init starts it.
func NewForm(opts FormOptions) *Form {
	if opts.Styles == nil {
		st := NewStyles(true)
		opts.Styles = &st
	}
	if opts.DraftKey == "" {
		opts.DraftKey = newDraftKey(opts.Slug, time.Now())
	}
	rec := cloneRecord(&opts.Record)
	f := &Form{
		opts:       opts,
		rec:        &rec,
		steps:      formSteps(),
		keys:       newFormKeys(),
		styles:     opts.Styles,
		help:       help.New(),
		listCursor: map[string]int{},
		raw:        map[string]*rawAcc{},
		drafts:     &draftStore{},
		now:        time.Now,
	}
	// Closed lists need an answer to show; a new record starts as a draft
	// of the controller, in the register's first language. These defaults
	// are part of the record as opened, not changes.
	if f.rec.Status == "" {
		f.rec.Status = model.StatusDraft
	}
	if f.rec.Kind == "" {
		f.rec.Kind = model.KindController
	}
	if f.rec.Language == "" {
		f.rec.Language = "en"
		if len(opts.Register.Languages) > 0 {
			f.rec.Language = opts.Register.Languages[0]
		}
	}
	f.baseline = records.Encode(f.rec)
	f.draft.last = f.baseline
	if opts.FromDraft {
		f.base = opts.DraftBase
	}
	if opts.File != nil {
		f.useFile(opts.File)
	}
	f.draft.lastBase = f.base
	if opts.FromDraft && opts.DraftBase != ([32]byte{}) && opts.File == nil && opts.IsNew {
		f.setNote(noteInfo, "The file this draft was started from is no longer in the register; saving makes a new record.")
	}
	f.help.Styles = f.styles.Help
	f.huhKeys = huhKeyMap()
	f.theme = formTheme(f.styles.HasDark)
	f.SetSize(opts.Width, opts.Height)
	return f
}

// formTheme is huh's Charm theme, built once, with the chosen answer of a
// yes/no question marked "●" (the other "○"), in bold and underlined: its
// colours alone vanish under NO_COLOR, and the answer must still show, as
// text a screen reader or a plain terminal keeps.
func formTheme(hasDark bool) huh.Theme {
	hs := huh.ThemeCharm(hasDark)
	for _, fs := range []*huh.FieldStyles{&hs.Focused, &hs.Blurred} {
		fs.FocusedButton = fs.FocusedButton.Bold(true).Underline(true).Transform(markAnswer(chosenMark))
		fs.BlurredButton = fs.BlurredButton.Transform(markAnswer(otherMark))
	}
	return huh.ThemeFunc(func(bool) *huh.Styles { return hs })
}

const (
	chosenMark = "●"
	otherMark  = "○"
)

// markAnswer puts a mark before a yes/no answer's label.
func markAnswer(mark string) func(string) string {
	return func(label string) string { return mark + " " + label }
}

// Init shows the first step; in accessible mode it hands the terminal to
// huh's accessible prompts until the record is saved or discarded.
func (f *Form) Init() tea.Cmd {
	var cmds []tea.Cmd
	if !f.opts.IsNew && f.file == nil && f.opts.Slug != "" {
		cmds = append(cmds, loadFileCmd(f.opts.Root, f.opts.Slug))
	}
	if f.opts.Accessible {
		cmds = append(cmds, f.accessibleCmd())
		return tea.Sequence(cmds...)
	}
	cmds = append(cmds, f.enterStep(f.firstStep()))
	return tea.Batch(cmds...)
}

// SetSize gives the form the width and height it may use.
func (f *Form) SetSize(w, h int) {
	if w <= 0 {
		w = 80
	}
	if h <= 0 {
		h = 24
	}
	f.width, f.height = w, h
	f.laidOut = f.bodyHeight()
	f.help.SetWidth(w)
	if f.hf != nil {
		mw, mh := f.huhSize()
		f.hf.WithWidth(mw).WithHeight(mh)
	}
	f.layoutReview()
}

// Update handles one message. The form never quits the program; it sends
// FormSavedMsg or FormClosedMsg when it is done.
func (f *Form) Update(msg tea.Msg) (*Form, tea.Cmd) {
	cmd := f.update(msg)
	// The help or an error on the status line may have taken room from the
	// body, or given it back: the huh form and the review page follow.
	if f.bodyHeight() != f.laidOut {
		f.SetSize(f.width, f.height)
	}
	return f, cmd
}

func (f *Form) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		// When the form is the whole program (tests); a program that
		// frames it calls SetSize with the room it leaves.
		f.SetSize(msg.Width, msg.Height)
		return nil
	case tea.KeyPressMsg:
		return f.key(msg)
	case tea.PasteMsg:
		if f.hf == nil || f.confirm != nil {
			return nil
		}
		return tea.Batch(f.updateHuh(msg), f.touched())
	case ownedMsg:
		if msg.gen != f.gen || f.hf == nil {
			return nil // from a huh form no longer on screen
		}
		return f.updateHuh(msg.msg)
	case formSubmitMsg:
		if msg.gen != f.gen {
			return nil
		}
		if f.item != nil {
			return f.finishItem()
		}
		return f.goStep(+1)
	case draftTickMsg:
		return f.draftTick(msg)
	case draftSavedMsg:
		if f.draftSaved(msg) {
			return f.touched()
		}
		return nil
	case editorDoneMsg:
		return f.editorDone(msg)
	case formFileMsg:
		if msg.err == nil && f.file == nil {
			f.useFile(msg.file)
		}
		return nil
	case saveDoneMsg:
		return f.saveDone(msg)
	case discardDoneMsg:
		if msg.err != nil && !f.discardFailed {
			// Say so, rather than leave a draft that will be offered again
			// without a word; esc again closes all the same.
			f.discardFailed = true
			f.setNote(noteError, "The draft could not be deleted (%v); it will be offered at the next start. Press esc again to close.", msg.err)
			return nil
		}
		return func() tea.Msg { return FormClosedMsg{} }
	case accessibleDoneMsg:
		return f.accessibleDone(msg)
	}
	if f.hf == nil {
		return nil
	}
	return f.updateHuh(msg)
}

// key handles a key press: an open question first, then the step.
func (f *Form) key(msg tea.KeyPressMsg) tea.Cmd {
	if f.confirm != nil {
		return f.answerConfirm(msg)
	}
	if f.editorWait != nil {
		return f.editorKey(msg)
	}
	if f.opts.Accessible {
		return f.accessibleKey(msg)
	}
	if f.saving {
		return nil
	}
	if f.jump != nil {
		return f.jumpKey(msg)
	}
	if f.helpKeyPressed(msg) {
		f.showAll = !f.showAll
		return nil
	}
	if f.showAll && msg.String() == "esc" {
		f.showAll = false // esc closes the help first, the form only after
		return nil
	}
	if keyIs(msg, f.keys.GoTo) && f.item == nil {
		f.jump = &jumpPrompt{}
		return nil
	}
	if f.note.kind != noteNone && msg.String() != "ctrl+e" {
		f.note = formNote{}
	}
	if f.item != nil {
		return f.itemKey(msg)
	}
	switch f.step().kind {
	case stepList:
		return f.listKey(msg)
	case stepReview:
		return f.reviewKey(msg)
	}
	return f.questionKey(msg)
}

func (f *Form) questionKey(msg tea.KeyPressMsg) tea.Cmd {
	k := f.keys
	switch {
	case msg.String() == "esc":
		return f.askDiscard()
	case keyIs(msg, k.NextStep):
		return f.goStep(+1)
	case keyIs(msg, k.PrevStep):
		return f.goStep(-1)
	case keyIs(msg, k.Review):
		return f.goReview()
	case keyIs(msg, k.Editor):
		return f.openEditor()
	case msg.String() == "shift+tab" && f.onFirstQuestion():
		return f.goStep(-1)
	}
	return f.huhKey(msg)
}

// huhKey hands a key to the focused question. On a yes/no question, y and
// n set the answer here and leave the focus where it is.
func (f *Form) huhKey(msg tea.KeyPressMsg) tea.Cmd {
	if q := f.focusedQuestion(); q != nil && q.answer != nil {
		switch msg.String() {
		case "y", "Y":
			*q.answer = true
		case "n", "N":
			*q.answer = false
		}
	}
	// huh ignores y and n (huhKeyMap); it still sees the key, so that an
	// answer that shows or hides questions rebuilds the step.
	return tea.Batch(f.updateHuh(msg), f.touched())
}

// updateHuh passes a message to the embedded huh form, then asks again
// which questions apply (an answer may show or hide others) and notices
// when focus moved to another question, which keeps the draft.
func (f *Form) updateHuh(msg tea.Msg) tea.Cmd {
	q := f.focusedQuestion()
	m, cmd := f.hf.Update(msg)
	if hf, ok := m.(*huh.Form); ok {
		f.hf = hf
	}
	move := noMove
	if k, ok := msg.(tea.KeyPressMsg); ok {
		move = f.askedMove(q, f.hf.GetFocusedField(), k)
	}
	var cmds []tea.Cmd
	if shown := shownSignature(f.qs); shown != f.shown {
		cmds = append(cmds, f.rebuild())
	}
	// What the message asked for applies to the form as it is now, rebuilt
	// or not; a move to another question happens now, before the next key
	// is read, in place of huh's later one (form_focus.go).
	if move != noMove {
		cmds = append(cmds, ownCmdMoved(cmd, f.gen), f.moveFocus(move))
	} else {
		cmds = append(cmds, ownCmd(cmd, f.gen))
	}
	if fk := f.focusedKey(); fk != f.focusKey {
		left := f.question(f.focusKey)
		f.focusKey = fk
		if left != nil && left.onLeave != nil && left.onLeave() {
			cmds = append(cmds, f.rebuild())
		}
		cmds = append(cmds, f.keepDraft())
	}
	return tea.Batch(cmds...)
}

// question is the question of the step with the key, or nil.
func (f *Form) question(key string) *question {
	for i := range f.qs {
		if f.qs[i].key == key {
			return &f.qs[i]
		}
	}
	return nil
}

// step is the current step.
func (f *Form) step() *formStep { return f.steps[f.cur] }

// visibleSteps are the steps that apply to the record as it is now.
func (f *Form) visibleSteps() []int {
	var out []int
	for i, s := range f.steps {
		if s.visible(f.rec) {
			out = append(out, i)
		}
	}
	return out
}

func (f *Form) firstStep() int { return f.visibleSteps()[0] }

// stepNumber is the current step's number and the number of steps, as
// shown: "Step 5 of 18".
func (f *Form) stepNumber() (n, total int) {
	vis := f.visibleSteps()
	for i, s := range vis {
		if s == f.cur {
			n = i + 1
		}
	}
	return n, len(vis)
}

// goStep moves to the next (+1) or previous (-1) visible step. Every change
// of step keeps the draft.
func (f *Form) goStep(dir int) tea.Cmd {
	vis := f.visibleSteps()
	pos := 0
	for i, s := range vis {
		if s <= f.cur {
			pos = i
		}
	}
	next := pos + dir
	if next < 0 || next >= len(vis) {
		return nil
	}
	return tea.Batch(f.keepDraft(), f.enterStep(vis[next]))
}

// goReview jumps to the review step.
func (f *Form) goReview() tea.Cmd {
	vis := f.visibleSteps()
	return tea.Batch(f.keepDraft(), f.enterStep(vis[len(vis)-1]))
}

// goToStep jumps to a step by index.
func (f *Form) goToStep(i int) tea.Cmd {
	return tea.Batch(f.keepDraft(), f.enterStep(i))
}

// enterStep shows step i from its start.
func (f *Form) enterStep(i int) tea.Cmd {
	f.cur = i
	f.item = nil
	f.hf, f.qs, f.shown, f.focusKey = nil, nil, "", ""
	s := f.step()
	switch s.kind {
	case stepQuestions:
		return f.buildHuh(s.questions(f), "")
	case stepList:
		f.clampListCursor()
	case stepReview:
		f.refreshReview()
	}
	return nil
}

// buildHuh embeds a huh form of the visible questions, focused on the
// question with key focus (the first when empty).
func (f *Form) buildHuh(qs []question, focus string) tea.Cmd {
	f.qs = qs
	f.shown = shownSignature(qs)
	mw, mh := f.huhSize()
	var fields []huh.Field
	idx := 0
	for _, q := range qs {
		if !q.visible() {
			continue
		}
		if q.key == focus {
			idx = len(fields)
		}
		fields = append(fields, q.build(mw))
	}
	hf := huh.NewForm(huh.NewGroup(fields...)).
		WithTheme(f.theme).
		WithKeyMap(f.huhKeys).
		WithShowHelp(false).
		WithShowErrors(false). // the status line shows them, at full width
		WithWidth(mw).
		WithHeight(mh)
	f.gen++
	gen := f.gen
	// Embedded, a huh form leaves these nil: the form decides what enter on
	// the last question means, and ctrl+c is the program's.
	hf.SubmitCmd = func() tea.Msg { return formSubmitMsg{gen: gen} }
	hf.CancelCmd = nil
	f.hf = hf
	cmds := []tea.Cmd{hf.Init()}
	for range idx {
		cmds = append(cmds, hf.NextField())
	}
	f.focusKey = f.focusedKey()
	return ownCmd(tea.Batch(cmds...), gen)
}

// rebuild builds the huh form again after the set of visible questions
// changed, keeping focus on the same question and, in a list, on the same
// option.
func (f *Form) rebuild() tea.Cmd {
	focus := f.focusedKey()
	var hovered any
	var hq *question
	for i := range f.qs {
		if f.qs[i].key == focus && f.qs[i].hovered != nil && f.hf != nil {
			hq = &f.qs[i]
			hovered, _ = hq.hovered(f.hf.GetFocusedField())
		}
	}
	cmd := f.buildHuh(f.qs, focus)
	if hq != nil && hovered != nil {
		f.hoverTo(hq, hovered)
	}
	return cmd
}

// hoverTo moves the cursor of the focused list question back onto value.
func (f *Form) hoverTo(q *question, value any) {
	f.hf.Update(tea.KeyPressMsg{Code: tea.KeyHome})
	for range 64 {
		if v, ok := q.hovered(f.hf.GetFocusedField()); !ok || v == value {
			return
		}
		f.hf.Update(tea.KeyPressMsg{Code: tea.KeyDown})
	}
}

func (f *Form) focusedKey() string {
	if f.hf == nil {
		return ""
	}
	if fl := f.hf.GetFocusedField(); fl != nil {
		return fl.GetKey()
	}
	return ""
}

// onFirstQuestion reports whether focus is on the first visible question,
// where shift+tab leaves the step backwards.
func (f *Form) onFirstQuestion() bool {
	for _, q := range f.qs {
		if q.visible() {
			return q.key == f.focusedKey()
		}
	}
	return true
}

func (f *Form) focusedQuestion() *question {
	key := f.focusedKey()
	for i := range f.qs {
		if f.qs[i].key == key && f.qs[i].visible() {
			return &f.qs[i]
		}
	}
	return nil
}

// shownSignature records which questions are visible.
func shownSignature(qs []question) string {
	b := make([]byte, len(qs))
	for i, q := range qs {
		b[i] = '0'
		if q.visible() {
			b[i] = '1'
		}
	}
	return string(b)
}

// rawAccessor returns the accessor kept for a parsed question, making it
// on first use, so that what was typed survives a rebuild.
func (f *Form) rawAccessor(key string, mk func() *rawAcc) *rawAcc {
	if a, ok := f.raw[key]; ok {
		return a
	}
	a := mk()
	f.raw[key] = a
	return a
}

// changed reports whether the record differs from the record as opened.
func (f *Form) changed() bool { return !bytes.Equal(records.Encode(f.rec), f.baseline) }

// askDiscard handles esc outside the item editor: close at once when there
// is nothing to lose, else ask.
func (f *Form) askDiscard() tea.Cmd {
	if f.saveFailed {
		return f.leaveKeepingDraft()
	}
	if f.discardFailed || !f.changed() && !f.draft.written && !f.opts.FromDraft {
		return func() tea.Msg { return FormClosedMsg{} }
	}
	q := "Discard your changes to this record? The draft is deleted too."
	if f.opts.IsNew {
		q = "Discard this new record? The draft is deleted too."
	}
	f.confirm = &formConfirm{question: q, onYes: f.discard}
	return nil
}

func (f *Form) answerConfirm(msg tea.KeyPressMsg) tea.Cmd {
	ck := newConfirmKeys()
	c := f.confirm
	switch {
	case keyIs(msg, ck.Yes):
		f.confirm = nil
		return c.onYes()
	case keyIs(msg, ck.No):
		f.confirm = nil
	}
	return nil
}

// jumpPrompt is the "go to step" prompt: the digits typed so far.
type jumpPrompt struct{ digits string }

func (f *Form) jumpKey(msg tea.KeyPressMsg) tea.Cmd {
	switch s := msg.String(); {
	case s == "esc":
		f.jump = nil
	case s == "backspace":
		if d := f.jump.digits; d != "" {
			f.jump.digits = d[:len(d)-1]
		}
	case len(s) == 1 && s[0] >= '0' && s[0] <= '9' && len(f.jump.digits) < 2:
		f.jump.digits += s
	case s == "enter":
		vis := f.visibleSteps()
		digits := f.jump.digits
		f.jump = nil
		n, err := strconv.Atoi(digits)
		if err != nil || n < 1 || n > len(vis) {
			f.setNote(noteError, "There is no step %q: the steps are numbered 1 to %d.", digits, len(vis))
			return nil
		}
		return f.goToStep(vis[n-1])
	}
	return nil
}

func (f *Form) setNote(kind formNoteKind, format string, args ...any) {
	f.note = formNote{kind: kind, text: fmt.Sprintf(format, args...)}
}
