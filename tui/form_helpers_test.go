package tui

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/eu-ropa/ropa/model"
	"github.com/eu-ropa/ropa/records"
)

// The form's tests run it alone in a small host program at 80×24, with the
// ASCII colour profile, on a fixed day.
const (
	formW = 80
	formH = 24
)

var formToday = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

func formRegisterInfo() model.Register {
	return model.Register{
		Name:            "European Commission",
		ShortName:       "EC",
		ReferencePrefix: "DPR-EC-",
		ReferenceDigits: 5,
		Languages:       []string{"en", "fr"},
		DPO:             model.Contact{Name: "Data Protection Officer", Email: "data-protection-officer@ec.europa.eu"},
		EDPS:            model.Contact{Name: "European Data Protection Supervisor", Email: "edps@edps.europa.eu"},
	}
}

// formRegister makes an empty register in a temporary folder.
func formRegister(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	info := formRegisterInfo()
	if err := records.WriteRegister(root, &info); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(root, "records"), 0o755); err != nil {
		t.Fatal(err)
	}
	return root
}

// formHost runs the form as the program would, and keeps what a test
// needs: the latest view and how the form ended.
type formHost struct {
	mu     sync.Mutex
	f      *Form
	view   string
	saved  *FormSavedMsg
	closed bool
}

func (h *formHost) Init() tea.Cmd { return h.f.Init() }

func (h *formHost) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case FormSavedMsg:
		h.mu.Lock()
		h.saved = &msg
		h.mu.Unlock()
		return h, tea.Quit
	case FormClosedMsg:
		h.mu.Lock()
		h.closed = true
		h.mu.Unlock()
		return h, tea.Quit
	}
	// The lock is held through the update, so a test can read the form
	// between messages.
	h.mu.Lock()
	defer h.mu.Unlock()
	f, cmd := h.f.Update(msg)
	h.f = f
	h.view = f.View()
	return h, cmd
}

func (h *formHost) View() tea.View {
	h.mu.Lock()
	defer h.mu.Unlock()
	return tea.NewView(h.view)
}

// formRun is a form under test.
type formRun struct {
	t    *testing.T
	tm   *teatest.TestModel
	host *formHost
	root string
}

// newTestForm is NewForm with opts' Root, Register and sizes filled in
// when missing, and the test clock.
func newTestForm(t *testing.T, opts *FormOptions) *Form {
	t.Helper()
	if opts.Root == "" {
		opts.Root = formRegister(t)
	}
	if opts.Register.Name == "" {
		opts.Register = formRegisterInfo()
	}
	opts.Width, opts.Height = formW, formH
	f := NewForm(*opts)
	f.now = func() time.Time { return formToday }
	return f
}

// startForm opens the form with opts (Root, Register, sizes and a clock
// filled in when missing) and waits for its first step.
func startForm(t *testing.T, opts FormOptions) *formRun {
	t.Helper()
	f := newTestForm(t, &opts)
	h := &formHost{f: f}
	tm := teatest.NewTestModel(t, h,
		teatest.WithInitialTermSize(formW, formH),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.ASCII)))
	r := &formRun{t: t, tm: tm, host: h, root: opts.Root}
	t.Cleanup(func() {
		_ = tm.Quit()
		tm.WaitFinished(t, teatest.WithFinalTimeout(10*time.Second))
		// Let a draft being written finish, and stop later ones, before
		// the temporary register is removed.
		f.drafts.mu.Lock()
		f.drafts.closed = true
		f.drafts.mu.Unlock()
	})
	r.waitFor("Step 1 of")
	return r
}

var formKeyNames = map[string]tea.KeyPressMsg{
	"enter":      {Code: tea.KeyEnter},
	"tab":        {Code: tea.KeyTab},
	"shift+tab":  {Code: tea.KeyTab, Mod: tea.ModShift},
	"esc":        {Code: tea.KeyEscape},
	"pgdown":     {Code: tea.KeyPgDown},
	"pgup":       {Code: tea.KeyPgUp},
	"up":         {Code: tea.KeyUp},
	"down":       {Code: tea.KeyDown},
	"shift+up":   {Code: tea.KeyUp, Mod: tea.ModShift},
	"shift+down": {Code: tea.KeyDown, Mod: tea.ModShift},
	"space":      {Code: tea.KeySpace, Text: " "},
	"backspace":  {Code: tea.KeyBackspace},
	"ctrl+s":     {Code: 's', Mod: tea.ModCtrl},
	"ctrl+e":     {Code: 'e', Mod: tea.ModCtrl},
	"ctrl+j":     {Code: 'j', Mod: tea.ModCtrl},
	"ctrl+u":     {Code: 'u', Mod: tea.ModCtrl},
	"ctrl+g":     {Code: 'g', Mod: tea.ModCtrl},
	"f1":         {Code: tea.KeyF1},
}

// keys sends named keys ("enter", "pgdown") and types anything else.
func (r *formRun) keys(keys ...string) {
	for _, k := range keys {
		if msg, ok := formKeyNames[k]; ok {
			r.tm.Send(msg)
			continue
		}
		r.tm.Type(k)
	}
}

// screen is the latest view as plain text.
func (r *formRun) screen() string {
	r.host.mu.Lock()
	defer r.host.mu.Unlock()
	return ansi.Strip(r.host.view)
}

// waitFor waits until every text is on screen.
func (r *formRun) waitFor(texts ...string) string {
	r.t.Helper()
	return r.waitUntil(func(s string) bool {
		for _, x := range texts {
			if !strings.Contains(s, x) {
				return false
			}
		}
		return true
	}, "%q", texts)
}

// waitGone waits until none of the texts is on screen.
func (r *formRun) waitGone(texts ...string) string {
	r.t.Helper()
	return r.waitUntil(func(s string) bool {
		for _, x := range texts {
			if strings.Contains(s, x) {
				return false
			}
		}
		return true
	}, "no %q", texts)
}

func (r *formRun) waitUntil(ok func(string) bool, format string, args ...any) string {
	r.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		s := r.screen()
		if ok(s) {
			return s
		}
		if time.Now().After(deadline) {
			r.t.Fatalf("waited 5s for "+format+"; the screen is:\n%s", append(args, s)...)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// focus sends keys that move focus (enter, tab, shift+tab) and waits
// until the question with the key has it. The form moves the focus before
// it reads the next key (form_focus.go); the wait also makes sure the keys
// did move it.
func (r *formRun) focus(key string, keys ...string) {
	r.t.Helper()
	r.keys(keys...)
	deadline := time.Now().Add(5 * time.Second)
	for {
		got := ""
		r.form(func(f *Form) { got = f.focusedKey() })
		if got == key {
			return
		}
		if time.Now().After(deadline) {
			r.t.Fatalf("focus is on %q, want %q; the screen is:\n%s", got, key, r.screen())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// asked reports whether the step on screen asks the question with the key
// (it may be below the fold).
func (r *formRun) asked(key string) bool {
	found := false
	r.form(func(f *Form) {
		for _, q := range f.qs {
			found = found || q.key == key && q.visible()
		}
	})
	return found
}

// ended waits for the form to finish and reports how.
func (r *formRun) ended() (*FormSavedMsg, bool) {
	r.t.Helper()
	r.tm.WaitFinished(r.t, teatest.WithFinalTimeout(10*time.Second))
	r.host.mu.Lock()
	defer r.host.mu.Unlock()
	return r.host.saved, r.host.closed
}

// form reads the form's state between messages.
func (r *formRun) form(read func(f *Form)) {
	r.host.mu.Lock()
	defer r.host.mu.Unlock()
	read(r.host.f)
}

// golden compares the view's text with testdata/<test>.golden, and checks
// that it fits 80×24. The view is written through the ASCII profile, then
// its attributes are dropped too: the blinking cursor of a text field
// toggles reverse video, which would make the file depend on timing.
// go test ./tui/ -run Form -update rewrites the files.
func (r *formRun) golden() {
	r.t.Helper()
	r.host.mu.Lock()
	view := r.host.view
	r.host.mu.Unlock()
	var buf bytes.Buffer
	w := &colorprofile.Writer{Forward: &buf, Profile: colorprofile.ASCII}
	if _, err := w.WriteString(view); err != nil {
		r.t.Fatal(err)
	}
	text := ansi.Strip(buf.String())
	lines := strings.Split(text, "\n")
	if len(lines) > formH {
		r.t.Errorf("view has %d lines, more than %d", len(lines), formH)
	}
	for i, l := range lines {
		if w := ansi.StringWidth(l); w > formW {
			r.t.Errorf("line %d is %d cells wide: %q", i+1, w, ansi.Strip(l))
		}
	}
	golden.RequireEqual(r.t, text)
}

// draftPath is where records keeps a draft.
func draftPath(root, key string) string {
	return filepath.Join(root, ".ropa", "drafts", key+".toml")
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// editNewsletter creates a draft record "Staff newsletter" in a new
// register and opens the form on it.
func editNewsletter(t *testing.T) (root string, rec model.Record, file *records.File, r *formRun) {
	t.Helper()
	root = formRegister(t)
	rec = model.Record{Title: "Staff newsletter", Language: "en", Kind: model.KindController, Status: model.StatusDraft}
	file, err := records.Create(root, "staff-newsletter", &rec)
	if err != nil {
		t.Fatal(err)
	}
	return root, rec, file, startForm(t, FormOptions{Root: root, Slug: file.Slug, Record: file.Record, File: file})
}
