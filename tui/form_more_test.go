package tui

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/eu-ropa/ropa/model"
	"github.com/eu-ropa/ropa/records"
)

func TestFormFindEditorFallsBack(t *testing.T) {
	have := map[string]bool{"nano": true, "vi": true}
	look := func(name string) (string, error) {
		if have[name] {
			return "/usr/bin/" + name, nil
		}
		return "", errors.New("not found")
	}
	env := func(vars map[string]string) func(string) string {
		return func(k string) string { return vars[k] }
	}
	cases := []struct {
		vars   map[string]string
		want   string
		chosen bool
	}{
		{map[string]string{"EDITOR": "nano -w", "VISUAL": "code --wait"}, "nano -w", true},
		{map[string]string{"EDITOR": "missing-editor", "VISUAL": "vi"}, "vi", true},
		// None set: nano, which shows how to leave it, before vi.
		{map[string]string{}, "nano", false},
	}
	for _, c := range cases {
		args, chosen, err := findEditor(env(c.vars), look)
		if err != nil || strings.Join(args, " ") != c.want || chosen != c.chosen {
			t.Errorf("%v: %v (chosen %v), %v; want %q (chosen %v)", c.vars, args, chosen, err, c.want, c.chosen)
		}
	}
	delete(have, "nano")
	if args, chosen, err := findEditor(env(nil), look); err != nil || strings.Join(args, " ") != "vi" || chosen {
		t.Errorf("no nano: %v (chosen %v), %v; want vi, not chosen", args, chosen, err)
	}
	delete(have, "vi")
	_, _, err := findEditor(env(map[string]string{"EDITOR": "ed1"}), look)
	if err == nil || !strings.Contains(err.Error(), "tried ed1, nano, vi") || !strings.Contains(err.Error(), "set EDITOR") {
		t.Errorf("no editor at all: %v", err)
	}
}

// ctrl+e hands the text to $EDITOR and takes back what it wrote. The
// editor here is a script that replaces the file's text.
func TestFormEditorOnTextQuestion(t *testing.T) {
	dir := t.TempDir()
	script := filepath.Join(dir, "fake-editor")
	body := "#!/bin/sh\nprintf 'Written in the editor.\\nSecond line.\\n' > \"$1\"\n"
	if err := os.WriteFile(script, []byte(body), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("EDITOR", script)
	r := startForm(t, FormOptions{IsNew: true})
	r.toStep(6, "Step 6 of 18 · Purposes")
	r.keys("ctrl+e")
	r.waitFor("Text taken from the editor", "Written in the editor.")
	r.form(func(f *Form) {
		if f.rec.Description != "Written in the editor.\nSecond line." {
			t.Errorf("description = %q", f.rec.Description)
		}
	})
	// On a question that is not text, ctrl+e says so.
	r.focus("purposes", "tab")
	r.focus("automated_means", "tab")
	r.keys("ctrl+e")
	r.waitFor("ctrl+e opens an editor on a text question")
}

func TestFormEditorMissingIsReported(t *testing.T) {
	t.Setenv("EDITOR", "no-such-editor-here")
	t.Setenv("VISUAL", "")
	t.Setenv("PATH", t.TempDir())
	r := startForm(t, FormOptions{IsNew: true})
	r.keys("ctrl+e")
	r.waitFor("No editor found (tried no-such-editor-here, nano, vi): set EDITOR")
}

func TestFormFitsAndFollowsResize(t *testing.T) {
	f := NewForm(FormOptions{Register: formRegisterInfo(), Root: t.TempDir(), IsNew: true, Width: 80, Height: 24})
	f.Init()
	for _, size := range [][2]int{{80, 24}, {60, 20}, {120, 40}, {80, 24}} {
		f.SetSize(size[0], size[1])
		for _, s := range []int{0, 6, 8, 17} { // questions, legal basis, a list, the review
			f.enterStep(s)
			view := f.View()
			lines := strings.Split(view, "\n")
			if len(lines) != size[1] {
				t.Errorf("%dx%d step %d: %d lines", size[0], size[1], s, len(lines))
			}
			for i, l := range lines {
				if w := ansi.StringWidth(l); w > size[0] {
					t.Errorf("%dx%d step %d line %d is %d wide: %q", size[0], size[1], s, i+1, w, ansi.Strip(l))
				}
			}
			if size[0] < sidebarMinWidth && strings.Contains(view, "│") {
				t.Errorf("%dx%d: a step list on a narrow screen", size[0], size[1])
			}
		}
	}
}

// Every field of the record is asked somewhere in the form, so that a
// field added to the model without a question fails here.
func TestFormAsksEveryField(t *testing.T) {
	rec := model.Record{Kind: model.KindProcessor}
	f := NewForm(FormOptions{Register: formRegisterInfo(), Root: t.TempDir(), Record: rec})
	// Make every conditional question apply, and one item in each list.
	r := f.rec
	r.LegalBasis.Grounds = []model.Ground{model.GroundPublicTask, model.GroundConsent}
	r.LegalBasis.SpecialCategories, r.LegalBasis.CriminalData = true, true
	r.AutomatedDecisions.Used, r.Restrictions.Apply = true, true
	r.DPIA.Required, r.DPIA.Done = true, true
	asked := map[string]bool{}
	ask := func(qs []question) {
		for _, q := range qs {
			if !q.visible() {
				continue
			}
			asked[q.key] = true
			// Each question names the article it serves and gives an example.
			if !strings.HasPrefix(q.desc, "Art ") || !strings.Contains(q.desc, "Example: ") {
				t.Errorf("%s: the description names no article or gives no example: %q", q.key, q.desc)
			}
		}
	}
	for _, s := range f.steps {
		switch s.kind {
		case stepQuestions:
			ask(s.questions(f))
		case stepList:
			ask(s.list.questions(f, s.list.add(r)))
		}
	}
	// Conditional item questions: a third-party source, a derogation.
	r.DataCategories[0].Source = model.SourceThirdParty
	r.Recipients[0].Kind = model.RecipientThirdCountry
	r.Transfers[0].Mechanisms = []model.Mechanism{model.MechExplicitConsent}
	for _, l := range []listSpec{dataCategoryList, recipientList, transferList} {
		ask(l.questions(f, 0))
	}
	for _, path := range tomlPaths(reflect.TypeFor[model.Record](), "") {
		if !asked[path] {
			t.Errorf("no question fills %s", path)
		}
	}
}

// tomlPaths lists the leaf fields of a struct type by TOML path, with [0]
// for the items of a list of tables.
func tomlPaths(t reflect.Type, prefix string) []string {
	var out []string
	for i := range t.NumField() {
		fl := t.Field(i)
		name, _, _ := strings.Cut(fl.Tag.Get("toml"), ",")
		if name == "" || name == "-" {
			continue
		}
		path := name
		if prefix != "" {
			path = prefix + "." + name
		}
		ft := fl.Type
		switch {
		case ft.Kind() == reflect.Struct && ft != reflect.TypeFor[time.Time]():
			out = append(out, tomlPaths(ft, path)...)
		case ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.Struct:
			out = append(out, tomlPaths(ft.Elem(), path+"[0]")...)
		default:
			out = append(out, path)
		}
	}
	return out
}

// In accessible mode the form is plain prompts, one line of input each;
// it walks the same steps and saves the record.
func TestFormAccessibleRunSaves(t *testing.T) {
	root := formRegister(t)
	f := NewForm(FormOptions{Register: formRegisterInfo(), Root: root, IsNew: true, Accessible: true, DraftKey: "new-accessible"})
	f.now = func() time.Time { return formToday }
	lines := []string{
		"Accessible record", "", "", "", "", "", "", "", // identity: title, then keep the rest
		"European Commission", "", "hr@ec.europa.eu", "", // controller
		"", "", "", "", "", // DPO
		"1",                     // joint controllers: go on
		"1",                     // processors: go on
		"What it does", "", "y", // purposes: description, purposes, automated means
	}
	// Legal basis: tick consent (4), confirm (0); consent details; no special
	// categories; no criminal data; no analysis.
	lines = append(lines, "4", "0", "Users tick a box", "n", "n", "")
	// Data subjects: add one, then go on.
	lines = append(lines, "2", "Visitors", "", "1")
	// Personal data: add one (name, items, mandatory, special, source 2 = the data subject, retention), go on.
	lines = append(lines, "2", "Contact", "E-mail", "y", "n", "2", "1 year", "1")
	lines = append(lines, "1", "1") // recipients, transfers: go on
	lines = append(lines, "0", "")  // security: no measures, no description
	lines = append(lines, "n")      // no automated decisions
	lines = append(lines, "", "n", "")
	lines = append(lines, "n", "")           // restrictions: no; rights information: none
	lines = append(lines, "n", "n", "n", "") // DPIA
	lines = append(lines, "", "")            // review date and notes
	lines = append(lines, "1")               // review: save
	in, out := io.Pipe()
	go func() {
		for _, l := range lines {
			_, _ = io.WriteString(out, l+"\n")
		}
		out.Close()
	}()
	var transcript strings.Builder
	res := f.RunAccessible(in, &transcript)
	text := transcript.String()
	if res.err != nil || res.saved == nil {
		t.Fatalf("not saved: %+v\n%s", res, text)
	}
	for _, want := range []string{"Step 1 of 18: Identity", "Step 7 of 18: Legal basis", "How consent is given", "Saved records/accessible-record.toml"} {
		if !strings.Contains(text, want) {
			t.Errorf("the transcript lacks %q", want)
		}
	}
	if strings.Contains(text, "\x1b[") {
		t.Error("escape codes in the accessible transcript")
	}
	got, err := records.LoadFile(root, res.saved.Path)
	if err != nil {
		t.Fatal(err)
	}
	rec := got.Record
	if rec.Title != "Accessible record" || rec.Controller.Email != "hr@ec.europa.eu" || !rec.AutomatedMeans ||
		!slices.Equal(rec.LegalBasis.Grounds, []model.Ground{model.GroundConsent}) ||
		rec.LegalBasis.ConsentDetails != "Users tick a box" || len(rec.DataSubjects) != 1 ||
		len(rec.DataCategories) != 1 || rec.DataCategories[0].Source != model.SourceDataSubject ||
		rec.Restrictions.Apply || rec.RightsInfo != "" {
		t.Errorf("saved record:\n%s\ntranscript:\n%s", records.Encode(&rec), text)
	}
	if fileExists(draftPath(root, "new-accessible")) {
		t.Error("the draft is left after the save")
	}
}

// Input that ends half way keeps the draft and reports it.
func TestFormAccessibleInputEndsKeepsDraft(t *testing.T) {
	root := formRegister(t)
	f := NewForm(FormOptions{Register: formRegisterInfo(), Root: root, IsNew: true, Accessible: true, DraftKey: "new-cut"})
	res := f.RunAccessible(strings.NewReader("Cut short\n\n\n\n\n\n\n\n"), io.Discard)
	if !errors.Is(res.err, errInputEnded) {
		t.Fatalf("result %+v, want input ended", res)
	}
	drafts, err := records.LoadDrafts(root)
	if err != nil || len(drafts) != 1 || drafts[0].Record.Title != "Cut short" {
		t.Errorf("drafts %+v %v", drafts, err)
	}
}
