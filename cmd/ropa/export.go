package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"github.com/eu-ropa/ropa/export"
	"github.com/eu-ropa/ropa/model"
	"github.com/eu-ropa/ropa/records"
)

// exportFlags are the flags of ropa export, as given.
type exportFlags struct {
	all, unpublished bool
	doc, format      string
	langs            []string
	out, dump        string
	baseURL          string
}

func (a *app) exportCmd() *cobra.Command {
	var fl exportFlags
	cmd := &cobra.Command{
		Use:   "export [REF…|--all]",
		Short: "Write the notice, the register entry, the index or the full record as Markdown, HTML, JSON or CSV",
		Long: `export writes the documents of the records named by reference, slug or
file path (or of every record with --all):

  notice  the data protection notice (Articles 15 and 16)
  entry   the register entry: the public part of the record (Article 31(5))
  index   the register index: the published records
  record  the full record, internal fields included (Article 31(4))

Without --out, one document goes to standard output, in the record's own
language unless --lang says otherwise (Markdown unless --format says
otherwise). With --out DIR, the documents go into DIR as a static site
(<lang>/index.html, <lang>/notices/<slug>.html, <lang>/entries/<slug>.html)
that works from the file system and from any web server, in every language
of register.toml unless --lang says otherwise; with --all and no --doc, the
site holds the index, the entries and the notices. JSON and CSV hold the
register's entries (or --doc index or record) for other tools.

Only published records go into a site, an index or the entries as JSON or
CSV, unless --unpublished is given or the records are named; the full
records (--doc record) are all written. A record kept as processor has no
notice (the controllers it serves inform the persons concerned): its entry
names them.

DIR/.ropa-manifest lists the files the exports wrote into DIR. An export of
the whole register (--all) removes the pages an earlier one wrote that it
no longer writes: those of records since unpublished, renamed or deleted.
It never touches a file the manifest does not list.

The register's templates/ folder overrides the embedded templates:
--dump-templates DIR writes them for editing.`,
		Example: `  ropa export DPR-EC-00932                      # the notice, Markdown, to standard output
  ropa export imi --doc entry --format html --lang fr
  ropa export --all --format html --out site/     # the public site, every language
  ropa export --all --format json > register.json
  ropa export --dump-templates templates/`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if fl.dump != "" {
				if len(args) > 0 || fl.all {
					return errors.New("--dump-templates writes the embedded templates only: give it without records or --all")
				}
				return a.dumpTemplates(fl.dump)
			}
			return a.runExport(cmd.Context(), args, fl)
		},
	}
	f := cmd.Flags()
	f.BoolVar(&fl.all, "all", false, "every record of the register")
	f.BoolVar(&fl.unpublished, "unpublished", false, "with --all or --doc index: include the records whose status is not published")
	f.StringVar(&fl.doc, "doc", "", "the document: notice, entry, index or record (default: notice; entry for json and csv)")
	f.StringVar(&fl.format, "format", "", "md, html, json or csv (default: md to standard output, html into --out)")
	f.StringSliceVar(&fl.langs, "lang", nil, "language of the document's fixed text: en, fr, de or nl (default: the record's own; with --out, register.toml's languages; several with --out: --lang en,fr)")
	f.StringVar(&fl.out, "out", "", "write into this folder instead of standard output")
	f.StringVar(&fl.baseURL, "base-url", "", "the address where the site is published (https://…): links between the documents become absolute, and a printed page shows them")
	f.StringVar(&fl.dump, "dump-templates", "", "write the embedded templates into this folder, to edit and keep in the register's templates/")
	return cmd
}

func (a *app) dumpTemplates(dir string) error {
	written, err := export.DumpTemplates(dir)
	if err != nil {
		return fmt.Errorf("dump templates: %w", err)
	}
	fmt.Fprintf(a.out, "Wrote %d templates into %s.\nThe register's templates/ folder (same names: templates/html/notice.tmpl…) overrides the embedded ones: keep there only the ones you change, so that the others follow ropa's updates.\n", len(written), dir)
	return nil
}

// exportJob is what one run of ropa export does, once the flags are checked.
type exportJob struct {
	doc     export.Doc
	docSet  bool // --doc was given
	format  export.Format
	langs   []string
	named   bool // records were named on the command line
	items   []export.Item
	skipped int // records not published, left out
}

func (a *app) runExport(ctx context.Context, refs []string, fl exportFlags) error {
	job := exportJob{docSet: fl.doc != "", named: len(refs) > 0, doc: export.DocNotice}
	var err error
	if job.docSet {
		if job.doc, err = export.ParseDoc(fl.doc); err != nil {
			return fmt.Errorf("--doc: %w", err)
		}
	}
	format := fl.format
	if format == "" {
		format = "md"
		if fl.out != "" {
			format = "html"
		}
	}
	if job.format, err = export.ParseFormat(format); err != nil {
		return fmt.Errorf("--format: %w", err)
	}
	for _, l := range fl.langs {
		if !export.Supported(l) {
			return fmt.Errorf("--lang %q: no document text in that language; choose %s", l, strings.Join(export.Languages(), ", "))
		}
		job.langs = append(job.langs, l)
	}
	if fl.all && len(refs) > 0 {
		return errors.New("give either records (REF…) or --all, not both")
	}
	if err := export.CheckBaseURL(fl.baseURL); err != nil {
		return fmt.Errorf("--base-url: %w", err)
	}
	data := job.format == export.FormatJSON || job.format == export.FormatCSV
	if data && !job.docSet {
		job.doc = export.DocEntry // the public register, for other tools
	}
	if !fl.all && len(refs) == 0 && job.doc != export.DocIndex {
		return errors.New("name the records to export (reference, slug or file path: see 'ropa list'), or give --all")
	}
	if fl.out == "" {
		if err := checkStdout(job, fl.all); err != nil {
			return err
		}
	}

	reg, err := a.load()
	if err != nil {
		return err
	}
	if fl.all && len(reg.Errors) > 0 {
		return fmt.Errorf("%s (listed above): fix %s (see 'ropa lint') before exporting the whole register",
			plural(len(reg.Errors), "1 file of the register does not load", fmt.Sprintf("%d files of the register do not load", len(reg.Errors))),
			plural(len(reg.Errors), "it", "them"))
	}
	if job.items, err = pickItems(reg, refs); err != nil {
		return err
	}
	publishedOnly := !job.named && !fl.unpublished
	if publishedOnly {
		for _, it := range job.items {
			if !it.Record.IsPublished() {
				job.skipped++
			}
		}
	}
	if !data {
		if err := checkNotices(job, fl.out); err != nil {
			return err
		}
	}
	if fl.out != "" && !data {
		if err := a.checkFileNames(reg, job, publishedOnly); err != nil {
			return err
		}
	}
	e, err := export.New(os.DirFS(filepath.Join(reg.Root, records.TemplatesDir)))
	if err != nil {
		return fmt.Errorf("templates of %s: %w", reg.Root, err)
	}
	opt := export.Options{All: !publishedOnly, BaseURL: fl.baseURL}

	if fl.out == "" {
		if n := len(job.items); n > 1 && singleDoc(job) {
			return fmt.Errorf("%d records named: one %s goes to standard output at a time; name one, or give --out DIR", n, job.doc)
		}
		if len(job.langs) == 1 {
			opt.Lang = job.langs[0]
		}
		var buf bytes.Buffer // nothing reaches the output unless the whole document renders
		if err := e.Write(&buf, reg.Info, job.items, job.doc, job.format, opt); err != nil {
			return exportError(job.items, err)
		}
		_, err := a.out.Write(buf.Bytes())
		return err
	}
	if data {
		return a.writeData(reg, e, job, opt, fl.out)
	}
	return a.writeSite(ctx, reg, e, job, fl)
}

// checkNotices refuses a notice asked of a record for which the
// institution issues none, kept as processor (export.CheckNotice). In a
// site with entries such a record gets its entry only.
func checkNotices(job exportJob, out string) error {
	noticeOnly := job.doc == export.DocNotice && (job.docSet || out == "")
	if !job.named || !noticeOnly {
		return nil
	}
	for _, it := range job.items {
		if err := export.CheckNotice(it); err != nil {
			suggest := "ropa export " + it.Slug + " --doc entry"
			if job.format != export.FormatMarkdown {
				suggest += fmt.Sprintf(" --format %s", job.format)
			}
			if out != "" {
				suggest += " --out " + out
			}
			return fmt.Errorf("%w: %s", err, suggest)
		}
	}
	return nil
}

// checkFileNames refuses, before anything is written, to export into a
// folder a record whose file name cannot name its pages, listing each
// with the name to rename it to (model.FileNameFindings, which lint
// reports too).
func (a *app) checkFileNames(reg *records.Register, job exportJob, publishedOnly bool) error {
	exported := map[string]bool{}
	for _, f := range reg.Files {
		exported[f.Path] = !publishedOnly || f.Record.IsPublished()
	}
	if job.named {
		clear(exported)
		for _, it := range job.items {
			exported[records.RecordsDir+"/"+it.Slug+".toml"] = true
		}
	}
	n := 0
	for _, f := range model.FileNameFindings(reg.Named()) {
		if exported[f.Record] {
			fmt.Fprintf(a.errOut, "%s: %s\n    fix: %s\n", f.Record, f.Message, f.Fix)
			n++
		}
	}
	if n > 0 {
		return fmt.Errorf("%d %s (listed above): rename %s, then export again", n,
			plural(n, "record file has a name that cannot name the pages of the site", "record files have names that cannot name the pages of the site"),
			plural(n, "it", "them"))
	}
	return nil
}

// checkStdout refuses, before anything is loaded, what does not fit in one
// document on standard output.
func checkStdout(job exportJob, all bool) error {
	if len(job.langs) > 1 {
		return errors.New("one document goes to standard output, in one language: give one --lang, or --out DIR for several")
	}
	if all && singleDoc(job) {
		return fmt.Errorf("--all writes a %s per record: give --out DIR (e.g. --out site/), or name one record", job.doc)
	}
	return nil
}

// singleDoc reports whether the document is one record's own (a notice, an
// entry or a full record as Markdown or HTML).
func singleDoc(job exportJob) bool {
	return job.doc != export.DocIndex && job.format != export.FormatJSON && job.format != export.FormatCSV
}

// pickItems resolves the records named (each once, in the order given), or
// every record when none is named.
func pickItems(reg *records.Register, refs []string) ([]export.Item, error) {
	if len(refs) == 0 {
		items := make([]export.Item, len(reg.Files))
		for i, f := range reg.Files {
			items[i] = export.Item{Slug: f.Slug, Record: &f.Record}
		}
		return items, nil
	}
	seen := map[string]bool{}
	var items []export.Item
	for _, ref := range refs {
		f, err := findFile(reg, ref)
		if err != nil {
			return nil, err
		}
		if seen[f.Path] {
			continue
		}
		seen[f.Path] = true
		items = append(items, export.Item{Slug: f.Slug, Record: &f.Record})
	}
	return items, nil
}

// exportError names the record file when there is only one.
func exportError(items []export.Item, err error) error {
	if len(items) == 1 && !strings.Contains(err.Error(), ".toml") {
		return fmt.Errorf("records/%s.toml: %w", items[0].Slug, err)
	}
	return err
}

// writeData writes the register as JSON or CSV into dir: index.json,
// entries.json or records.json (and .csv).
func (a *app) writeData(reg *records.Register, e *export.Exporter, job exportJob, opt export.Options, dir string) error {
	name := map[export.Doc]string{export.DocIndex: "index", export.DocEntry: "entries", export.DocRecord: "records"}[job.doc]
	if name == "" {
		return fmt.Errorf("the %s is written as md or html; JSON and CSV hold the register (--doc index, entry or record)", job.doc)
	}
	var buf bytes.Buffer
	if err := e.Write(&buf, reg.Info, job.items, job.doc, job.format, opt); err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("export: %w%s", err, writeHint(err, dir))
	}
	target := filepath.Join(dir, name+job.format.Ext())
	if err := records.WriteFileAtomic(target, buf.Bytes()); err != nil {
		return fmt.Errorf("export: %w%s", err, writeHint(err, dir))
	}
	if isTerminal(a.errOut) {
		fmt.Fprintf(a.errOut, "Wrote %s (%d records).\n", target, len(job.items))
		if job.skipped > 0 && job.doc != export.DocRecord {
			fmt.Fprintf(a.errOut, "%d records whose status is not published were left out (--unpublished includes them).\n", job.skipped)
		}
	}
	return nil
}

// writeSite writes Markdown or HTML documents into fl.out in the layout of
// export.Site.
func (a *app) writeSite(ctx context.Context, reg *records.Register, e *export.Exporter, job exportJob, fl exportFlags) error {
	if ctx == nil {
		ctx = context.Background()
	}
	// Ctrl-C stops the workers between two files, so that no half-written
	// temporary file is left in the folder.
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt)
	defer stop()
	// After the first ctrl-C, a second one stops the program at once (the
	// staging folder keeps the site whole even then).
	context.AfterFunc(ctx, stop)
	bar := a.newProgressLine()
	opts := export.SiteOptions{
		Out:       fl.out,
		Formats:   []export.Format{job.format},
		Languages: job.langs,
		All:       job.named || fl.unpublished,
		BaseURL:   fl.baseURL,
		// The whole register: pages of records gone since go too.
		Prune:    !job.named,
		Progress: bar.update,
	}
	switch {
	case job.doc == export.DocRecord:
		// The full record is internal: never part of the public site,
		// written here on request only.
		return a.writeRecords(reg, e, job, opts, bar)
	case job.docSet:
		opts.Docs = []export.Doc{job.doc}
	case !fl.all:
		opts.Docs = []export.Doc{export.DocNotice, export.DocEntry}
	}
	res, err := e.Site(ctx, reg.Info, job.items, opts)
	bar.finish()
	if errors.Is(err, context.Canceled) && res.Files == 0 {
		// Site heeds ctx only until the move into place begins.
		return fmt.Errorf("export to %s interrupted before the new site was moved into place: no file in %s was changed; run the export again to write the site", fl.out, fl.out)
	}
	if err != nil {
		return fmt.Errorf("export to %s: %w%s", fl.out, err, writeHint(err, fl.out))
	}
	if ctx.Err() != nil {
		fmt.Fprintf(a.errOut, "Interrupted while the new site was being moved into place: the move was finished, so %s holds the whole new site.\n", fl.out)
	}
	if isTerminal(a.errOut) {
		fmt.Fprint(a.errOut, siteSummary(res, job, fl))
	}
	return nil
}

// siteSummary tells a person at a terminal what writeSite did.
func siteSummary(res export.SiteResult, job exportJob, fl exportFlags) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Wrote %d files into %s: %d records, languages %s, %s.\n",
		res.Files, fl.out, res.Records, strings.Join(res.Languages, ", "), job.format)
	if res.Removed > 0 {
		fmt.Fprintf(&b, "Removed %d %s of an earlier export that this one no longer writes (pages of records unpublished, renamed or deleted since).\n", res.Removed, plural(res.Removed, "file", "files"))
	}
	if job.skipped > 0 {
		fmt.Fprintf(&b, "%d records whose status is not published were left out (--unpublished includes them).\n", job.skipped)
	}
	if res.NoNotice > 0 {
		fmt.Fprintf(&b, "%d %s: the institution issues no notice for %s, and %s the controllers whose notices apply.\n", res.NoNotice,
			plural(res.NoNotice, "record is kept as processor", "records are kept as processor"),
			plural(res.NoNotice, "it", "them"), plural(res.NoNotice, "its entry names", "their entries name"))
	}
	if job.doc == export.DocIndex || !job.docSet && fl.all {
		fmt.Fprintf(&b, "Open %s.\n", filepath.Join(fl.out, "index"+job.format.Ext()))
	}
	return b.String()
}

// writeHint is the fix for an output folder that cannot be written.
func writeHint(err error, out string) string {
	if errors.Is(err, fs.ErrPermission) {
		return fmt.Sprintf("\n(you may not write into %s: choose another --out, or change its permissions)", out)
	}
	if errors.Is(err, syscall.ENOSPC) {
		return "\n(the disk is full: free some space, or choose another --out)"
	}
	return ""
}

// writeRecords writes the full record of each item, in each language asked
// (default: the record's own), at <lang>/records/<slug>.<ext>.
func (a *app) writeRecords(reg *records.Register, e *export.Exporter, job exportJob, opts export.SiteOptions, bar *progressLine) error {
	langs := job.langs
	if len(langs) == 0 {
		langs = []string{""}
	}
	total, done := len(job.items)*len(langs), 0
	for _, it := range job.items {
		for _, lang := range langs {
			_, err := e.WriteDoc(opts.Out, reg.Info, []export.Item{it}, export.DocRecord, job.format, export.Options{Lang: lang, BaseURL: opts.BaseURL})
			if err != nil {
				bar.finish()
				return fmt.Errorf("export to %s: %w%s", opts.Out, exportError([]export.Item{it}, err), writeHint(err, opts.Out))
			}
			done++
			bar.update(done, total)
		}
	}
	bar.finish()
	if isTerminal(a.errOut) {
		fmt.Fprintf(a.errOut, "Wrote %d full records into %s.\n", done, opts.Out)
	}
	return nil
}

// progressLine draws a progress bar on standard error when it is a
// terminal, redrawing one line; otherwise it draws nothing. It is drawn
// by hand: bubbles' progress bar needs a module (harmonica, for its
// animation) that go.mod does not hold, and a redrawn line needs none.
type progressLine struct {
	w     *os.File
	width int // cells of the bar
	shown int // per mille last drawn; -1 before the first
	last  time.Time
	drawn bool
}

var (
	barFull  = lipgloss.NewStyle().Foreground(lipgloss.Color("12"))
	barEmpty = lipgloss.NewStyle().Foreground(lipgloss.Color("8"))
)

func (a *app) newProgressLine() *progressLine {
	f, ok := a.errOut.(*os.File)
	if !ok || !term.IsTerminal(f.Fd()) {
		return &progressLine{}
	}
	width := 40
	if cols, _, err := term.GetSize(f.Fd()); err == nil && cols > 0 {
		width = max(10, min(width, cols-24))
	}
	return &progressLine{w: f, width: width, shown: -1}
}

// update redraws when the bar moves visibly, at most every 50 ms, and at
// the end; Site calls it from one goroutine.
func (p *progressLine) update(done, total int) {
	if p.w == nil || total <= 0 {
		return
	}
	permille := done * 1000 / total
	now := time.Now()
	if done != total && (permille == p.shown || now.Sub(p.last) < 50*time.Millisecond) {
		return
	}
	p.shown, p.last, p.drawn = permille, now, true
	full := done * p.width / total
	lipgloss.Fprint(p.w, "\r"+barFull.Render(strings.Repeat("█", full))+barEmpty.Render(strings.Repeat("░", p.width-full))+
		fmt.Sprintf(" %3d%%  %d/%d files", done*100/total, done, total))
}

// finish clears the bar's line.
func (p *progressLine) finish() {
	if p.w != nil && p.drawn {
		fmt.Fprint(p.w, "\r\x1b[2K")
		p.drawn = false
	}
}
