package tui

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/eu-ropa/ropa/model"
	"github.com/eu-ropa/ropa/records"
)

// cloneRecord must copy every slice, map and pointer of model.Record, at
// any depth: the form edits its clone in place, and the program's loaded
// record, which lint and previews read in the background, must not change.
// The record is filled through reflection, so that a field added to the
// model later is filled too, and the test fails until cloneRecord copies it.
func TestFormCloneRecordSharesNothing(t *testing.T) {
	var r model.Record
	fillEvery(t, "Record", reflect.ValueOf(&r).Elem())
	c := cloneRecord(&r)
	if !reflect.DeepEqual(r, c) {
		t.Fatal("the clone is not equal to the record")
	}
	checkNothingShared(t, "Record", reflect.ValueOf(r), reflect.ValueOf(c))
}

var timeType = reflect.TypeFor[time.Time]()

// fillEvery sets every field of v, making slices of two items, maps of one
// entry and pointers to filled values.
func fillEvery(t *testing.T, path string, v reflect.Value) {
	t.Helper()
	switch v.Kind() {
	case reflect.String:
		v.SetString("x")
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(1)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(1)
	case reflect.Float32, reflect.Float64:
		v.SetFloat(1)
	case reflect.Struct:
		if v.Type() == timeType {
			v.Set(reflect.ValueOf(time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)))
			return
		}
		for i := range v.NumField() {
			name := path + "." + v.Type().Field(i).Name
			if !v.Field(i).CanSet() {
				t.Fatalf("%s is unexported: the test cannot fill it; teach it how", name)
			}
			fillEvery(t, name, v.Field(i))
		}
	case reflect.Slice:
		s := reflect.MakeSlice(v.Type(), 2, 2)
		for i := range 2 {
			fillEvery(t, path+"[]", s.Index(i))
		}
		v.Set(s)
	case reflect.Array:
		for i := range v.Len() {
			fillEvery(t, path+"[]", v.Index(i))
		}
	case reflect.Map:
		m := reflect.MakeMap(v.Type())
		k := reflect.New(v.Type().Key()).Elem()
		e := reflect.New(v.Type().Elem()).Elem()
		fillEvery(t, path+"{key}", k)
		fillEvery(t, path+"{}", e)
		m.SetMapIndex(k, e)
		v.Set(m)
	case reflect.Pointer:
		p := reflect.New(v.Type().Elem())
		fillEvery(t, path+"*", p.Elem())
		v.Set(p)
	default:
		t.Fatalf("%s is a %s: the test cannot fill it; teach it how", path, v.Kind())
	}
}

// checkNothingShared fails for each slice, map or pointer of the clone b
// that is the record a's own.
func checkNothingShared(t *testing.T, path string, a, b reflect.Value) {
	t.Helper()
	switch a.Kind() {
	case reflect.Struct:
		if a.Type() == timeType {
			return // a value; its location pointer is never written
		}
		for i := range a.NumField() {
			checkNothingShared(t, path+"."+a.Type().Field(i).Name, a.Field(i), b.Field(i))
		}
	case reflect.Slice:
		if a.Len() > 0 && a.Pointer() == b.Pointer() {
			t.Errorf("cloneRecord shares the slice %s with the record", path)
		}
		for i := range min(a.Len(), b.Len()) {
			checkNothingShared(t, path+"[]", a.Index(i), b.Index(i))
		}
	case reflect.Array:
		for i := range a.Len() {
			checkNothingShared(t, path+"[]", a.Index(i), b.Index(i))
		}
	case reflect.Map:
		if !a.IsNil() && a.Pointer() == b.Pointer() {
			t.Errorf("cloneRecord shares the map %s with the record", path)
		}
		for _, k := range a.MapKeys() {
			if bv := b.MapIndex(k); bv.IsValid() {
				checkNothingShared(t, path+"{}", a.MapIndex(k), bv)
			}
		}
	case reflect.Pointer:
		if !a.IsNil() && a.Pointer() == b.Pointer() {
			t.Errorf("cloneRecord shares the pointer %s with the record", path)
		}
		if !a.IsNil() && !b.IsNil() {
			checkNothingShared(t, path+"*", a.Elem(), b.Elem())
		}
	}
}

// What the user types in an item and then cancels, a reorder, and a whole
// form discarded leave the record the program loaded as it was: the form
// works on its own copy.
func TestFormCancelLeavesTheLoadedRecordAlone(t *testing.T) {
	root := formRegister(t)
	rec := model.Record{Title: "Staff newsletter", Language: "en", Kind: model.KindController, Status: model.StatusDraft,
		DataCategories: []model.DataCategory{
			{Name: "Contact details", Items: []string{"E-mail address", "Phone"}, Source: model.SourceDataSubject},
			{Name: "Log data", Source: model.SourceGenerated},
		}}
	file, err := records.Create(root, "staff-newsletter", &rec)
	if err != nil {
		t.Fatal(err)
	}
	loaded := records.Encode(&file.Record)
	r := startForm(t, FormOptions{Root: root, Slug: file.Slug, Record: file.Record, File: file})
	r.toStep(9, "Step 9 of 18 · Personal data")
	r.waitFor("> 1. Contact details")

	// An item edited, kept in the form, then a reorder.
	r.keys("enter")
	r.waitFor("Editing a data category")
	r.keys("ctrl+u", "Typed, then discarded")
	r.focus("data_categories[0].items", "enter")
	r.focus("data_categories[0].mandatory", "enter")
	r.focus("data_categories[0].special", "enter")
	r.focus("data_categories[0].source", "enter")
	r.focus("data_categories[0].retention", "enter")
	r.keys("enter")
	r.waitFor("> 1. Typed, then discarded")
	r.keys("J")
	r.waitFor("> 2. Typed, then discarded")
	if got := records.Encode(&file.Record); !bytes.Equal(got, loaded) {
		t.Errorf("the loaded record changed while the form is open:\n%s", got)
	}

	// The whole form discarded.
	r.keys("esc")
	r.waitFor("Discard your changes to this record?")
	r.keys("y")
	if saved, closed := r.ended(); saved != nil || !closed {
		t.Fatalf("esc, y: saved %v, closed %v", saved, closed)
	}
	if got := records.Encode(&file.Record); !bytes.Equal(got, loaded) {
		t.Errorf("the loaded record keeps what was discarded:\n%s", got)
	}
	if data := mustRead(t, filepath.Join(root, "records", "staff-newsletter.toml")); !bytes.Equal(data, loaded) {
		t.Errorf("the file changed:\n%s", data)
	}
}

// A draft write that fails is written again at the next change of step,
// the record being the same: the form notes what is on disk only once it is.
func TestFormFailedDraftIsWrittenAtTheNextChange(t *testing.T) {
	root := formRegister(t)
	blocker := filepath.Join(root, ".ropa") // a file where the drafts' folder should be
	if err := os.WriteFile(blocker, []byte("in the way\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := startForm(t, FormOptions{Root: root, IsNew: true, DraftKey: "new-retry"})
	r.keys("Kept at last", "pgdown")
	r.waitFor("Could not keep the draft")
	if err := os.Remove(blocker); err != nil {
		t.Fatal(err)
	}
	r.keys("pgup") // the same record: only the failure makes this a write
	waitForDraft(t, root, "new-retry", "Kept at last")
}

// With no key at all after a failure, the form tries again after a while.
func TestFormFailedDraftIsRetriedWithoutAKey(t *testing.T) {
	root := formRegister(t)
	blocker := filepath.Join(root, ".ropa")
	if err := os.WriteFile(blocker, []byte("in the way\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := startForm(t, FormOptions{Root: root, IsNew: true, DraftKey: "new-retry-tick"})
	r.keys("Kept by the retry", "pgdown")
	r.waitFor("Could not keep the draft")
	if err := os.Remove(blocker); err != nil {
		t.Fatal(err)
	}
	waitForDraft(t, root, "new-retry-tick", "Kept by the retry")
}

// waitForDraft waits (up to three draft delays) for the draft of key to
// hold title.
func waitForDraft(t *testing.T, root, key, title string) {
	t.Helper()
	deadline := time.Now().Add(3 * draftDelay)
	for {
		drafts, _ := records.LoadDrafts(root)
		for _, d := range drafts {
			if d.Key == key && d.Record.Title == title {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no draft %s titled %q after %v: %+v", key, title, 3*draftDelay, drafts)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// runCmd runs a command as the program would, its batches and sequences
// included, and returns the messages, in order for a sequence.
func runCmd(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	msg := cmd()
	if batch, ok := msg.(tea.BatchMsg); ok {
		var out []tea.Msg
		for _, c := range batch {
			out = append(out, runCmd(c)...)
		}
		return out
	}
	// tea.Sequence's message type is not exported: a slice of commands.
	if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().Elem() == reflect.TypeFor[tea.Cmd]() {
		var out []tea.Msg
		for i := range v.Len() {
			out = append(out, runCmd(v.Index(i).Interface().(tea.Cmd))...)
		}
		return out
	}
	return []tea.Msg{msg}
}

// ctrl+c writes the record as it was when ctrl+c was pressed, taken in
// Update: the command runs while Update goes on changing the form.
func TestCtrlCWritesTheRecordAsAtCtrlC(t *testing.T) {
	root := testRegister(t)
	m := loadedModel(t, root, testWidth, testHeight)
	update(m, tea.KeyPressMsg{Code: 'n', Text: "n"})
	if m.form == nil {
		t.Fatal("n did not open the form")
	}
	m.form.rec.Title = "Typed just before ctrl+c"
	cmd := m.key(tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl})
	m.form.rec.Title = "Typed while the command runs" // what Update may do meanwhile
	msgs := runCmd(cmd)
	if !slices.ContainsFunc(msgs, func(msg tea.Msg) bool { _, ok := msg.(tea.QuitMsg); return ok }) {
		t.Fatalf("ctrl+c does not quit: %v", msgs)
	}
	drafts, err := records.LoadDrafts(root)
	if err != nil || len(drafts) != 1 || drafts[0].Record.Title != "Typed just before ctrl+c" {
		t.Fatalf("drafts after ctrl+c: %+v, %v; want the title as it was at ctrl+c", drafts, err)
	}
}

// After a failed save the message says, whole within the width, that esc
// leaves and keeps the draft; esc then leaves without asking, and the
// draft stays.
func TestFormEscAfterFailedSaveKeepsTheDraft(t *testing.T) {
	root, rec, _, r := editNewsletter(t)
	r.keys("ctrl+u", "Staff newsletter (weekly)", "pgdown")
	r.waitFor("Step 2 of 18")
	waitForDraft(t, root, "staff-newsletter", "Staff newsletter (weekly)")
	other := rec
	other.Description = "Changed in another editor."
	writeFileString(t, filepath.Join(root, "records", "staff-newsletter.toml"), string(records.Encode(&other)))
	r.keys("ctrl+s", "s")
	s := r.waitFor("Not saved:")
	status := statusLines(s)
	if !strings.Contains(status, "Esc leaves, and keeps your answers in the draft.") {
		t.Errorf("the status does not say, whole, that esc keeps the draft:\n%s", status)
	}
	if strings.Contains(status, "reopen the record") {
		t.Errorf("the status gives advice that loses the draft:\n%s", status)
	}
	r.keys("esc")
	saved, closed := r.ended()
	if saved != nil || !closed {
		t.Fatalf("esc after a failed save: saved %v, closed %v; want the form left at once", saved, closed)
	}
	r.host.mu.Lock()
	view := r.host.view
	r.host.mu.Unlock()
	if strings.Contains(view, "Discard") {
		t.Errorf("esc asked to discard:\n%s", ansi.Strip(view))
	}
	drafts, err := records.LoadDrafts(root)
	if err != nil || len(drafts) != 1 || drafts[0].Record.Title != "Staff newsletter (weekly)" {
		t.Errorf("after esc the draft is %+v, %v; want it kept", drafts, err)
	}
	if got := (FormClosedMsg{KeptDraft: true}).Status(); !strings.Contains(got, "kept in the draft") {
		t.Errorf("the program's word on closing: %q", got)
	}
}

// statusLines are the screen from the first "Not saved" on (the status
// line and the help), its line breaks and padding made single spaces.
func statusLines(screen string) string {
	_, rest, _ := strings.Cut(screen, "Not saved")
	return strings.Join(strings.Fields("Not saved"+rest), " ")
}

// The message of a failed save fits the width, at 80 and at 60 columns,
// with a long file name: the reason may be cut, never what esc does.
func TestFormFailedSaveMessageFits(t *testing.T) {
	for _, w := range []int{80, 60, 40} {
		f := NewForm(FormOptions{Register: formRegisterInfo(), Root: t.TempDir(), Slug: "x", Width: w, Height: 24})
		f.Init()
		f.saveFailedNote(&records.ConflictError{Path: "records/management-of-the-access-badges-of-staff-and-visitors.toml"})
		f.SetSize(w, 24)
		lines := strings.Split(ansi.Strip(f.View()), "\n")
		if len(lines) != 24 {
			t.Errorf("%d columns: %d lines", w, len(lines))
		}
		for i, l := range lines {
			if ansi.StringWidth(l) > w {
				t.Errorf("%d columns: line %d is %d wide: %q", w, i+1, ansi.StringWidth(l), l)
			}
		}
		text := strings.Join(strings.Fields(strings.Join(lines, " ")), " ")
		if !strings.Contains(text, "Esc leaves, and keeps your answers in the draft.") {
			t.Errorf("%d columns: the hint is cut:\n%s", w, strings.Join(lines, "\n"))
		}
	}
}

// The DPIA step asks about scale for both Article 39(3) triggers that need
// it: a CCTV user who answers yes gets the 39(3)(c) trigger.
func TestFormDPIALargeScaleCoversMonitoring(t *testing.T) {
	r := startForm(t, FormOptions{IsNew: true})
	s := r.toStep(16, "Step 16 of 18 · Impact assessment")
	if strings.Contains(s, "special categories or criminal data?") {
		t.Errorf("the large-scale question is about special data alone:\n%s", s)
	}
	text := strings.Join(strings.Fields(s), " ")
	for _, want := range []string{"Is the processing on a large scale?", "Art 39(3)(b) and (c)", "CCTV"} {
		if !strings.Contains(text, want) {
			t.Errorf("the DPIA step does not show %q:\n%s", want, s)
		}
	}
	r.focus("dpia.systematic_monitoring", "y", "enter")
	r.keys("y")
	r.waitUntil(func(string) bool {
		fired := false
		r.form(func(f *Form) { fired = slices.Contains(model.DPIATriggers(f.rec), model.TriggerPublicMonitoring) })
		return fired
	}, "the Art 39(3)(c) trigger after yes to both")
}

// With no editor set and no nano, ctrl+e says how to leave vi before it
// opens it; a key opens it, esc does not.
func TestFormViFallbackSaysHowToLeave(t *testing.T) {
	dir := t.TempDir()
	body := "#!/bin/sh\nprintf 'Written in vi.\\n' > \"$1\"\n"
	if err := os.WriteFile(filepath.Join(dir, "vi"), []byte(body), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("EDITOR", "")
	t.Setenv("VISUAL", "")
	t.Setenv("PATH", dir)
	r := startForm(t, FormOptions{IsNew: true})
	r.toStep(6, "Step 6 of 18 · Purposes")
	r.keys("ctrl+e")
	want := "Opening vi (set EDITOR to choose your editor). To save and leave vi: Esc, then :wq, Enter."
	r.waitUntil(func(s string) bool { return strings.Contains(strings.Join(strings.Fields(s), " "), want) }, "%q", want)
	r.form(func(f *Form) {
		if f.rec.Description != "" {
			t.Errorf("vi ran before the key: %q", f.rec.Description)
		}
	})
	r.keys("esc")
	r.waitFor("The editor was not opened.")
	r.keys("ctrl+e")
	r.waitFor("Opening vi")
	r.keys("enter")
	r.waitFor("Text taken from the editor", "Written in vi.")

	// vi chosen in EDITOR: no word first.
	t.Setenv("EDITOR", filepath.Join(dir, "vi"))
	r2 := startForm(t, FormOptions{IsNew: true})
	r2.toStep(6, "Step 6 of 18 · Purposes")
	r2.keys("ctrl+e")
	r2.waitFor("Text taken from the editor")
}

// A draft keeps the digest of the file it was started from. When a change
// arrives meanwhile (a colleague's commit, pulled with git), ropa offers
// the draft at the next start and shows the conflict; saving asks before
// it overwrites the pulled change, and writes nothing unless the user says
// yes. The register is the example register in a real Git repository.
func TestResumedDraftDoesNotOverwriteAPulledChange(t *testing.T) {
	root := testRegister(t)
	reg, err := records.Load(root)
	if err != nil {
		t.Fatal(err)
	}
	var file *records.File
	for _, f := range reg.Files {
		if f.Slug == "staff-newsletter" {
			file = f
		}
	}
	if file == nil {
		t.Fatal("no staff-newsletter in the test register")
	}
	path := recordPath(root, file.Slug)

	// 1. A form on the record: an edit, kept in the draft with its base.
	r := startForm(t, FormOptions{Root: root, Register: reg.Info, Slug: file.Slug, Record: file.Record, File: file})
	r.keys("ctrl+u", "Staff newsletter (edited in a draft)", "pgdown")
	r.waitFor("Step 2 of")
	waitForDraft(t, root, file.Slug, "Staff newsletter (edited in a draft)")
	drafts, err := records.LoadDrafts(root)
	if err != nil || len(drafts) != 1 || drafts[0].Base != file.Digest {
		t.Fatalf("the draft does not name the file it was started from: %+v, %v", drafts, err)
	}
	if err := r.tm.Quit(); err != nil {
		t.Fatal(err)
	}

	// 2. Meanwhile a colleague changes the record; git pull brings it.
	clone := filepath.Join(t.TempDir(), "colleague")
	gitRun(t, root, "clone", "-q", root, clone)
	theirs, err := records.LoadFile(clone, file.Path)
	if err != nil {
		t.Fatal(err)
	}
	theirs.Record.Description = "Sent every week since June."
	if err := records.Save(clone, theirs); err != nil {
		t.Fatal(err)
	}
	gitRun(t, clone, "commit", "-q", "-a", "-m", "the newsletter is weekly")
	gitRun(t, root, "pull", "-q", "--ff-only", clone, "HEAD")
	pulled := mustRead(t, path)
	if !bytes.Contains(pulled, []byte("Sent every week since June.")) {
		t.Fatal("git pull did not bring the change")
	}

	// 3. ropa starts again and offers the draft; resumed, it shows the
	// conflict.
	m := loadedModel(t, root, testWidth, testHeight)
	if m.confirm == nil {
		t.Fatalf("the draft is not offered:\n%s", plain(m.View().Content))
	}
	update(m, tea.KeyPressMsg{Code: 'y', Text: "y"})
	if m.form == nil || m.form.conflict == nil {
		t.Fatalf("the resumed draft shows no conflict (form %v)", m.form != nil)
	}
	if text := strings.Join(strings.Fields(plain(m.View().Content)), " "); !strings.Contains(text, "changed on disk since this draft was written") {
		t.Errorf("the conflict is not on screen:\n%s", plain(m.View().Content))
	}

	// 4. The same form, run: saving asks first; no writes nothing.
	r2 := startForm(t, m.form.opts)
	r2.keys("ctrl+s")
	s := r2.waitFor("Review and save")
	if text := strings.Join(strings.Fields(s), " "); !strings.Contains(text, "Saving the draft would undo those changes") {
		t.Errorf("the review does not show the conflict:\n%s", s)
	}
	r2.keys("s")
	r2.waitFor("Overwrite the newer records/staff-newsletter.toml with this draft?  y/n")
	r2.keys("n")
	r2.waitGone("Overwrite the newer")
	if got := mustRead(t, path); !bytes.Equal(got, pulled) {
		t.Fatalf("the pulled file changed without a yes:\n%s", got)
	}
	// Yes: the draft's version is saved, over the file as it is now.
	r2.keys("s")
	r2.waitFor("Overwrite the newer")
	r2.keys("y")
	saved, _ := r2.ended()
	if saved == nil {
		t.Fatalf("not saved after yes:\n%s", r2.screen())
	}
	got, _, err := records.Decode(file.Path, mustRead(t, path))
	if err != nil || got.Title != "Staff newsletter (edited in a draft)" {
		t.Errorf("after yes the file holds %q, %v; want the draft's version", got.Title, err)
	}
}

// A draft of an existing record written before drafts kept their base
// still resumes, as before: nothing is known of its base, so nothing is
// claimed.
func TestOldDraftWithoutBaseResumes(t *testing.T) {
	root := testRegister(t)
	draft := *needsWork()
	draft.Title = "Staff newsletter (an old draft)"
	if err := records.SaveDraft(root, "staff-newsletter", &draft); err != nil {
		t.Fatal(err)
	}
	m := loadedModel(t, root, testWidth, testHeight)
	update(m, tea.KeyPressMsg{Code: 'y', Text: "y"})
	if m.form == nil || m.form.rec.Title != draft.Title || m.form.conflict != nil {
		t.Fatalf("the old draft did not resume as before (form %v)", m.form != nil)
	}
}
