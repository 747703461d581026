package tui

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"github.com/charmbracelet/colorprofile"

	"github.com/eu-ropa/ropa/model"
	"github.com/eu-ropa/ropa/records"
)

// In accessible mode the form does not draw a screen: it hands the terminal
// to huh's accessible prompts (plain numbered questions a screen reader
// reads line by line) through tea.Exec, walks the same steps and questions,
// and reports the outcome to the program when it is done.

// errInputEnded stops the accessible form when its input is closed.
var errInputEnded = errors.New("input ended")

type accessibleDoneMsg struct {
	saved  *FormSavedMsg
	closed bool
	err    error
}

// accessibleRun is the tea.ExecCommand that runs the accessible form on the
// program's terminal.
type accessibleRun struct {
	f      *Form
	in     io.Reader
	out    io.Writer
	result accessibleDoneMsg
}

func (a *accessibleRun) SetStdin(r io.Reader)  { a.in = r }
func (a *accessibleRun) SetStdout(w io.Writer) { a.out = w }
func (a *accessibleRun) SetStderr(io.Writer)   {}

func (a *accessibleRun) Run() error {
	in, out := a.in, a.out
	if in == nil {
		in = os.Stdin
	}
	if out == nil {
		out = os.Stdout
	}
	a.result = a.f.RunAccessible(in, out)
	return nil
}

func (f *Form) accessibleCmd() tea.Cmd {
	run := &accessibleRun{f: f}
	return tea.Exec(run, func(err error) tea.Msg {
		if err != nil {
			return accessibleDoneMsg{err: err}
		}
		return run.result
	})
}

func (f *Form) accessibleDone(msg accessibleDoneMsg) tea.Cmd {
	switch {
	case msg.saved != nil:
		saved := *msg.saved
		return func() tea.Msg { return saved }
	case msg.closed:
		return func() tea.Msg { return FormClosedMsg{} }
	}
	f.setNote(noteError, "The form stopped: %v. Your answers are kept in the draft. Press enter to go on with the questions, or esc to close.", msg.err)
	return nil
}

// accessibleKey handles the keys after the prompts stopped on an error:
// enter runs them again, esc closes.
func (f *Form) accessibleKey(msg tea.KeyPressMsg) tea.Cmd {
	switch msg.String() {
	case "enter":
		f.note = formNote{}
		return f.accessibleCmd()
	case "esc":
		return func() tea.Msg { return FormClosedMsg{} }
	}
	return nil
}

func (f *Form) accessibleView() string {
	if f.note.text != "" {
		return wrapText(f.note.text, f.width)
	}
	return "The form runs as plain questions in the terminal."
}

// lineReader hands huh one line at a time: huh's accessible prompts make a
// new buffered scanner for each question, which would swallow the lines
// meant for the next ones when input arrives all at once (a pipe, a paste).
type lineReader struct {
	r       *bufio.Reader
	pending []byte
	ended   bool
}

func (l *lineReader) Read(p []byte) (int, error) {
	if len(l.pending) == 0 {
		line, err := l.r.ReadBytes('\n')
		if len(line) == 0 && err != nil {
			l.ended = true
			return 0, io.EOF
		}
		l.pending = line
	}
	n := copy(p, l.pending)
	l.pending = l.pending[n:]
	return n, nil
}

// accessibleIO is what the prompts read and write.
type accessibleIO struct {
	in  *lineReader
	out io.Writer
}

func (io *accessibleIO) say(format string, args ...any) {
	fmt.Fprintf(io.out, format+"\n", args...)
}

// ask runs one huh field as a plain prompt.
func (io *accessibleIO) ask(fl huh.Field) error {
	fl.Init()
	fl.Focus()
	if err := fl.RunAccessible(io.out, io.in); err != nil {
		return err
	}
	if io.in.ended {
		return errInputEnded
	}
	return nil
}

// RunAccessible runs the whole form as plain prompts on in and out, and
// returns what became of the record. The draft is written after each step.
func (f *Form) RunAccessible(in io.Reader, out io.Writer) accessibleDoneMsg {
	aio := &accessibleIO{
		in:  &lineReader{r: bufio.NewReader(in)},
		out: colorprofile.NewWriter(out, os.Environ()),
	}
	aio.say("Guided form for a record of processing activities. Press enter to keep an answer as it is.")
	if f.conflict != nil {
		aio.say("%s", f.conflict.text())
	}
	vis := f.visibleSteps()
	for pos := 0; pos < len(vis); {
		f.cur = vis[pos]
		n, total := f.stepNumber()
		s := f.step()
		aio.say("\nStep %d of %d: %s (%s)", n, total, s.title, s.provision)
		aio.say("%s", f.intro())
		var err error
		move := +1
		switch s.kind {
		case stepQuestions:
			err = f.askQuestions(aio, s.questions(f))
		case stepList:
			err = f.askList(aio, s.list)
		case stepReview:
			var res *accessibleDoneMsg
			res, move, err = f.askReview(aio)
			if res != nil {
				return *res
			}
		}
		if err != nil {
			_ = f.SaveDraftNow()
			return accessibleDoneMsg{err: err}
		}
		if derr := f.SaveDraftNow(); derr != nil {
			aio.say("Could not keep the draft: %v", derr)
		}
		vis = f.visibleSteps()
		pos = stepPos(vis, f.cur) + move
		pos = max(pos, 0)
	}
	return accessibleDoneMsg{closed: true}
}

func stepPos(vis []int, step int) int {
	for i, s := range vis {
		if s == step {
			return i
		}
	}
	return 0
}

// askQuestions asks each question that applies, in order; a question shown
// by an earlier answer is asked in its turn.
func (f *Form) askQuestions(aio *accessibleIO, qs []question) error {
	for _, q := range qs {
		if !q.visible() {
			continue
		}
		fl := q.build(80)
		if q.desc != "" {
			aio.say("%s", q.desc)
		}
		if err := aio.ask(fl); err != nil {
			return err
		}
		if err := fl.Error(); err != nil {
			aio.say("Note: %v", err)
		}
	}
	return nil
}

// askList shows the items of a list step and offers to add, edit, remove
// and move them until the user goes on.
func (f *Form) askList(aio *accessibleIO, l listSpec) error {
	const (
		actDone = iota
		actAdd
		actEdit
		actRemove
		actUp
		actDown
	)
	for {
		n := l.count(f.rec)
		if n == 0 {
			aio.say("No %s yet.", l.many())
		} else {
			aio.say("%d %s:", n, ifPlural(n, l.one(), l.many()))
			for i := range n {
				aio.say("  %d. %s", i+1, l.summary(f.rec, i))
			}
		}
		act := actDone
		opts := []huh.Option[int]{
			huh.NewOption("Go on to the next step", actDone),
			huh.NewOption("Add a "+l.one(), actAdd),
		}
		if n > 0 {
			opts = append(opts,
				huh.NewOption("Edit a "+l.one(), actEdit),
				huh.NewOption("Remove a "+l.one(), actRemove))
		}
		if n > 1 {
			opts = append(opts,
				huh.NewOption("Move a "+l.one()+" up", actUp),
				huh.NewOption("Move a "+l.one()+" down", actDown))
		}
		if err := aio.ask(huh.NewSelect[int]().Title("What next?").Options(opts...).Value(&act)); err != nil {
			return err
		}
		if act == actDone {
			return nil
		}
		if act == actAdd {
			i := l.add(f.rec)
			aio.say("New %s %d:", l.one(), i+1)
			if err := f.askQuestions(aio, l.questions(f, i)); err != nil {
				return err
			}
			continue
		}
		which := 0
		var items []huh.Option[int]
		for i := range n {
			items = append(items, huh.NewOption(l.summary(f.rec, i), i))
		}
		if err := aio.ask(huh.NewSelect[int]().Title("Which " + l.one() + "?").Options(items...).Value(&which)); err != nil {
			return err
		}
		switch act {
		case actEdit:
			if err := f.askQuestions(aio, l.questions(f, which)); err != nil {
				return err
			}
		case actRemove:
			sure := false
			if err := aio.ask(huh.NewConfirm().Title(fmt.Sprintf("Remove %q?", l.summary(f.rec, which))).Value(&sure)); err != nil {
				return err
			}
			if sure {
				l.remove(f.rec, which)
				aio.say("Removed.")
			}
		case actUp:
			if which > 0 {
				l.swap(f.rec, which, which-1)
			}
		case actDown:
			if which < n-1 {
				l.swap(f.rec, which, which+1)
			}
		}
	}
}

// askReview prints the findings and the summary and asks what to do:
// save, go back to a step, or discard. It returns the outcome when the
// form is over, else how to move (-1 back, or a jump set through f.cur).
func (f *Form) askReview(aio *accessibleIO) (*accessibleDoneMsg, int, error) {
	f.refreshReview()
	aio.say("%s", f.reviewVerdict())
	for _, x := range f.review.findings {
		aio.say("%s: %s (%s, %s). Fix: %s", strings.ToUpper(string(x.Severity)), x.Message, x.Field, x.Provision, x.Fix)
	}
	for _, row := range f.summaryRows() {
		v := row[1]
		if v == "" {
			v = "(not set)"
		}
		aio.say("%s: %s", row[0], v)
	}
	const (
		actSave = iota
		actDraft
		actBack
		actDiscard
	)
	act := actSave
	opts := []huh.Option[int]{huh.NewOption("Save the record", actSave)}
	if f.review.errors > 0 && f.rec.Status != model.StatusDraft {
		opts = append(opts, huh.NewOption("Save it as a draft", actDraft))
	}
	opts = append(opts,
		huh.NewOption("Go back to a step", actBack),
		huh.NewOption("Discard the record and close", actDiscard))
	if err := aio.ask(huh.NewSelect[int]().Title("What next?").Options(opts...).Value(&act)); err != nil {
		return nil, 0, err
	}
	switch act {
	case actSave, actDraft:
		if c := f.conflict; c != nil {
			aio.say("%s", c.text())
			sure := false
			title := fmt.Sprintf("Overwrite the newer %s with this draft?", c.path)
			if err := aio.ask(huh.NewConfirm().Title(title).Value(&sure)); err != nil {
				return nil, 0, err
			}
			if !sure {
				return nil, 0, nil
			}
			f.resolveConflict()
		}
		msg := f.save(act == actDraft)
		if msg == nil {
			aio.say("%s", f.note.text)
			return nil, 0, nil // stay on the review
		}
		done, _ := msg().(saveDoneMsg)
		f.saving = false
		if done.err != nil {
			aio.say("Not saved: %v. Your answers are kept in the draft.", done.err)
			return nil, 0, nil
		}
		aio.say("Saved %s.", done.file.Path)
		return &accessibleDoneMsg{saved: &FormSavedMsg{Path: done.file.Path, Record: done.file.Record}}, 0, nil
	case actBack:
		vis := f.visibleSteps()
		var opts []huh.Option[int]
		for i, s := range vis[:len(vis)-1] {
			opts = append(opts, huh.NewOption(fmt.Sprintf("%d. %s", i+1, f.steps[s].title), s))
		}
		target := vis[0]
		if err := aio.ask(huh.NewSelect[int]().Title("Which step?").Options(opts...).Value(&target)); err != nil {
			return nil, 0, err
		}
		f.cur = target
		return nil, 0, nil
	}
	sure := false
	if err := aio.ask(huh.NewConfirm().Title("Discard this record and its draft?").Value(&sure)); err != nil {
		return nil, 0, err
	}
	if !sure {
		return nil, 0, nil
	}
	f.drafts.mu.Lock()
	f.drafts.closed = true
	f.drafts.mu.Unlock()
	if err := records.DeleteDraft(f.opts.Root, f.opts.DraftKey); err != nil {
		aio.say("%v", err)
	}
	return &accessibleDoneMsg{closed: true}, 0, nil
}
