package export

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/eu-ropa/ropa/model"
)

// SiteOptions say what Site writes and where.
type SiteOptions struct {
	// Out is the output folder; it is created when missing. While it
	// runs, the export writes into a hidden folder .ropa-staging-* inside
	// Out (see siteWriter).
	//
	// Out/.ropa-manifest lists the files of the site that exports wrote
	// into Out: a text file whose first line is "# ropa site manifest 1",
	// then comment lines starting with "#", then one path per line,
	// relative to Out, slash-separated, sorted ("en/entries/imi.html").
	// Each export adds the files it writes, rewriting the manifest
	// atomically (a temporary file renamed over it) as the last step, once
	// the site is in place, and also just before the move into place when
	// the site gains files, so that a kill during the move leaves none
	// unlisted; a manifest that would not change is not rewritten. With
	// Prune, an export removes the listed files that it no longer writes.
	// A file the manifest does not list (the web team's own, or a page of
	// an export older than the manifest) is never touched; a line that is
	// not the path of a page Site writes (index.<ext>, <lang>/index.<ext>,
	// <lang>/entries/<slug>.<ext>, <lang>/notices/<slug>.<ext>) is
	// ignored, and a page is removed only through real folders inside Out,
	// never through a symbolic link, so a manifest edited by hand cannot
	// make an export remove anything else, nor anything outside Out.
	Out string
	// Formats: FormatHTML and/or FormatMarkdown. Empty: HTML.
	Formats []Format
	// Languages of the fixed text. Empty: the register's languages
	// (register.toml "languages"), else English.
	Languages []string
	// Docs: any of DocIndex, DocEntry, DocNotice. Empty: all three. The
	// full record is internal and never part of a site.
	Docs []Doc
	// All includes the records that are not published.
	All bool
	// Prune says that items are the whole register: the pages that an
	// earlier export wrote into Out (as the manifest lists them) and that
	// this one no longer writes, of a document and a format that it
	// writes, belong to records since unpublished, renamed or deleted (or
	// kept as processor since: no notice), and are removed, with the
	// folders of the site this leaves empty. So are such pages in a
	// language that it does not write, when Languages is empty (the
	// register's languages: a language dropped from register.toml).
	// The removal comes once the new site is in place; an export that
	// fails or is stopped removes nothing. Without Prune, an export of
	// some records only leaves the others' pages alone.
	Prune bool
	// BaseURL makes links absolute (see Options.BaseURL).
	BaseURL string
	// Overrides is the register's templates/ folder, or nil. Ignored by
	// Exporter.Site, whose templates are already parsed.
	Overrides fs.FS
	// Workers is the number of goroutines rendering; 0 means one per core.
	Workers int
	// Progress, when set, is called after each file with the number of
	// files written and the total, from one goroutine, in order.
	Progress func(done, total int)
}

// SiteResult tells what Site wrote.
type SiteResult struct {
	Files     int      // files of the site in place (0 unless the new site went into place)
	Unchanged int      // of those, files whose bytes were in place already, left untouched
	Removed   int      // files of an earlier export removed (SiteOptions.Prune)
	Records   int      // records exported
	NoNotice  int      // of those, records without a notice, kept as processor (HasNotice)
	Languages []string // languages written
	Formats   []Format // formats written
}

// Site writes the register as a static site into opts.Out, with New's
// templates from opts.Overrides. See Exporter.Site.
func Site(ctx context.Context, reg model.Register, items []Item, opts SiteOptions) (SiteResult, error) {
	e, err := New(opts.Overrides)
	if err != nil {
		return SiteResult{}, err
	}
	return e.Site(ctx, reg, items, opts)
}

// Site writes the index, the register entries and the notices of the
// published records (all with opts.All), in every language and format
// asked, into opts.Out:
//
//	index.html                  a choice of languages
//	<lang>/index.html           the register index
//	<lang>/entries/<slug>.html  register entries
//	<lang>/notices/<slug>.html  data protection notices
//	.ropa-manifest              the files of the site (see SiteOptions.Out)
//
// A record kept as processor gets no notice (HasNotice): its entry and its
// row in the index name the controllers whose notices apply.
//
// Links are relative, so the folder works from a file system and from any
// web server. The work is spread over the cores; the same input gives the
// same bytes. The files go into place only once all are written, each
// atomically (a reader sees the old file or the new one); a file already
// holding the right bytes is left as it is. The first error, or the end
// of ctx, before the move into place stops the export and is returned, and
// Out keeps the site it had, untouched. Once the move has begun, ctx is no
// longer heeded: the move, the pruning and the manifest are finished, so
// that Out holds one whole site. (A kill during the move leaves each file
// whole, old or new, a manifest that lists both, and the staging folder,
// which the next export removes.)
func (e *Exporter) Site(ctx context.Context, reg model.Register, items []Item, opts SiteOptions) (SiteResult, error) {
	plan, err := planSite(&reg, items, opts)
	if err != nil {
		return SiteResult{}, err
	}
	res := SiteResult{Records: len(plan.items), Languages: plan.langs, Formats: plan.formats}
	if err := ctx.Err(); err != nil {
		return res, err
	}
	sw, err := newSiteWriter(opts.Out, plan.dirs())
	if err != nil {
		return res, err
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	jobs := make(chan siteJob)
	done := make(chan bool, 64) // a file staged (false) or found up to date (true)
	var firstErr error
	var errOnce sync.Once
	fail := func(err error) {
		errOnce.Do(func() { firstErr = err; cancel() })
	}

	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := siteWorker{e: e, reg: &reg, plan: plan, sw: sw, done: done}
			for job := range jobs {
				if ctx.Err() != nil {
					continue
				}
				if err := w.run(ctx, job); err != nil {
					fail(err)
				}
			}
		}()
	}
	go func() {
		defer close(jobs)
		for _, job := range plan.jobs() {
			select {
			case jobs <- job:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { wg.Wait(); close(done) }()

	total, n, unchanged := plan.files(), 0, 0
	for same := range done {
		n++
		if same {
			unchanged++
		}
		if opts.Progress != nil {
			opts.Progress(n, total)
		}
	}
	if firstErr == nil && ctx.Err() != nil {
		firstErr = ctx.Err()
	}
	if firstErr != nil {
		sw.discard()
		return res, firstErr
	}
	var prune func(siteFile) bool
	if opts.Prune {
		prune = plan.covers
	}
	removed, inPlace, err := sw.commit(plan.paths(), prune)
	if inPlace {
		res.Files, res.Unchanged, res.Removed = n, unchanged, removed
		res.NoNotice = plan.withoutNotice()
	}
	return res, err
}

// sitePlan is what a site holds, checked before anything is written.
type sitePlan struct {
	items    []Item
	langs    []string
	allLangs bool // the register's languages: a page in another is stale
	formats  []Format
	index    bool
	entries  bool
	notices  bool
	opt      Options
}

func planSite(reg *model.Register, items []Item, opts SiteOptions) (*sitePlan, error) {
	if opts.Out == "" {
		return nil, errors.New("site: no output folder")
	}
	if err := CheckBaseURL(opts.BaseURL); err != nil {
		return nil, fmt.Errorf("site: base URL: %w", err)
	}
	p := &sitePlan{items: selectItems(items, opts.All)}
	seen := make(map[string]bool, len(p.items))
	for _, it := range p.items {
		if err := CheckSlug(it.Slug); err != nil {
			return nil, fmt.Errorf("site: records/%s.toml: %w; rename the file ('ropa lint' gives the name)", it.Slug, err)
		}
		if seen[it.Slug] {
			return nil, fmt.Errorf("site: two records have the slug %q", it.Slug)
		}
		seen[it.Slug] = true
	}

	p.formats = opts.Formats
	if len(p.formats) == 0 {
		p.formats = []Format{FormatHTML}
	}
	for _, f := range p.formats {
		if f != FormatHTML && f != FormatMarkdown {
			return nil, fmt.Errorf("site: format %q: a site is written as html and/or md", f)
		}
	}
	p.formats = uniq(p.formats)

	p.langs = opts.Languages
	from := "the languages asked"
	if len(p.langs) == 0 {
		p.langs, from, p.allLangs = reg.Languages, "register.toml languages", true
	}
	if len(p.langs) == 0 {
		p.langs = []string{languages[0]}
	}
	for _, l := range p.langs {
		if !Supported(l) {
			return nil, fmt.Errorf("site: %s: no document text in %q; available: %s", from, l, strings.Join(languages, ", "))
		}
	}
	p.langs = uniq(p.langs)

	docs := opts.Docs
	if len(docs) == 0 {
		docs = []Doc{DocIndex, DocEntry, DocNotice}
	}
	for _, d := range docs {
		switch d {
		case DocIndex:
			p.index = true
		case DocEntry:
			p.entries = true
		case DocNotice:
			p.notices = true
		default:
			return nil, fmt.Errorf("site: %s: a site holds the index, entries and notices only", d)
		}
	}
	p.opt = Options{BaseURL: opts.BaseURL, Languages: p.langs, All: opts.All}
	return p, nil
}

func uniq[T comparable](list []T) []T {
	var out []T
	for _, v := range list {
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

// siteJob is one unit of work: every document of one record (item >= 0),
// or the index pages and the home page (item < 0).
type siteJob struct{ item int }

func (p *sitePlan) jobs() []siteJob {
	jobs := make([]siteJob, 0, len(p.items)+1)
	if p.index {
		jobs = append(jobs, siteJob{item: -1})
	}
	if p.entries || p.notices {
		for i := range p.items {
			jobs = append(jobs, siteJob{item: i})
		}
	}
	return jobs
}

// dirs are the folders of the site, slash-separated, relative to its root.
func (p *sitePlan) dirs() []string {
	dirs := []string{"."}
	for _, lang := range p.langs {
		dirs = append(dirs, lang)
		if p.notices {
			dirs = append(dirs, lang+"/notices")
		}
		if p.entries {
			dirs = append(dirs, lang+"/entries")
		}
	}
	return dirs
}

func (p *sitePlan) files() int {
	perLang := 0
	for _, it := range p.items {
		if p.entries {
			perLang++
		}
		if p.notices && HasNotice(it.Record) {
			perLang++
		}
	}
	n := perLang * len(p.langs) * len(p.formats)
	if p.index {
		n += (len(p.langs) + 1) * len(p.formats)
	}
	return n
}

// paths lists the files of the site, as Path places them: those run
// writes (or finds up to date).
func (p *sitePlan) paths() []string {
	paths := make([]string, 0, p.files())
	for _, f := range p.formats {
		if p.index {
			paths = append(paths, Path(docHome, f, "", ""))
			for _, lang := range p.langs {
				paths = append(paths, Path(DocIndex, f, lang, ""))
			}
		}
		for _, it := range p.items {
			for _, lang := range p.langs {
				if p.entries {
					paths = append(paths, Path(DocEntry, f, lang, it.Slug))
				}
				if p.notices && HasNotice(it.Record) {
					paths = append(paths, Path(DocNotice, f, lang, it.Slug))
				}
			}
		}
	}
	return paths
}

// covers reports whether f, a page of an earlier export, is of a kind
// that this export writes for every record it exports: its document and
// format, in its language (any language when the site is in the
// register's languages). Such a page that it does not write is stale.
func (p *sitePlan) covers(f siteFile) bool {
	if !slices.Contains(p.formats, f.format) {
		return false
	}
	switch f.doc {
	case docHome:
		return p.index
	case DocIndex:
		if !p.index {
			return false
		}
	case DocEntry:
		if !p.entries {
			return false
		}
	case DocNotice:
		if !p.notices {
			return false
		}
	default:
		return false
	}
	return p.allLangs || slices.Contains(p.langs, f.lang)
}

// withoutNotice counts the records whose notice the site leaves out
// because the institution issues none for them (HasNotice).
func (p *sitePlan) withoutNotice() int {
	if !p.notices {
		return 0
	}
	n := 0
	for _, it := range p.items {
		if !HasNotice(it.Record) {
			n++
		}
	}
	return n
}

// siteWorker renders and writes; each has its own buffers, reused.
type siteWorker struct {
	e       *Exporter
	reg     *model.Register
	plan    *sitePlan
	sw      *siteWriter
	done    chan<- bool
	buf     bytes.Buffer
	scratch []byte               // for reading a file in place
	memo    map[Format]*userText // the record's text, prepared once per format
}

func (w *siteWorker) run(ctx context.Context, job siteJob) error {
	p := w.plan
	if job.item < 0 {
		for _, f := range p.formats {
			for _, lang := range p.langs {
				if !w.e.fastReady(DocIndex, f, lang) {
					// The standard library runs a template set before the
					// fast path can (see templateSet): let it run on an
					// empty index rather than on every record. An error
					// here is the real index's to report.
					w.buf.Reset()
					w.e.renderIndex(&w.buf, w.reg, nil, f, lang, p.opt)
				}
				w.buf.Reset()
				if err := w.e.renderIndex(&w.buf, w.reg, p.items, f, lang, p.opt); err != nil {
					return err
				}
				if err := w.write(Path(DocIndex, f, lang, "")); err != nil {
					return err
				}
			}
			w.buf.Reset()
			if err := w.e.renderHome(&w.buf, w.reg, f, p.opt); err != nil {
				return err
			}
			if err := w.write(Path(docHome, f, "", "")); err != nil {
				return err
			}
		}
		return nil
	}
	it := p.items[job.item]
	pub := publicCopy(it.Record)
	if w.memo == nil {
		w.memo = map[Format]*userText{}
		for _, f := range p.formats {
			w.memo[f] = newUserText()
		}
	}
	for _, memo := range w.memo {
		memo.reset()
	}
	for _, lang := range p.langs {
		for _, f := range p.formats {
			if ctx.Err() != nil {
				return nil
			}
			shared, err := sharedView(w.reg, pub, f, lang, w.memo[f])
			if err != nil {
				return err
			}
			if p.entries {
				w.buf.Reset()
				if err := w.e.renderRecordDoc(&w.buf, w.reg, it, shared, DocEntry, f, lang, p.opt); err != nil {
					return fmt.Errorf("records/%s.toml: %w", it.Slug, err)
				}
				if err := w.write(Path(DocEntry, f, lang, it.Slug)); err != nil {
					return err
				}
			}
			if p.notices && HasNotice(it.Record) {
				w.buf.Reset()
				if err := w.e.renderRecordDoc(&w.buf, w.reg, it, shared, DocNotice, f, lang, p.opt); err != nil {
					return fmt.Errorf("records/%s.toml: %w", it.Slug, err)
				}
				if err := w.write(Path(DocNotice, f, lang, it.Slug)); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func (w *siteWorker) write(rel string) error {
	same, err := w.sw.write(rel, w.buf.Bytes(), &w.scratch)
	if err != nil {
		return err
	}
	w.done <- same
	return nil
}

// homeView is the site's root page: the register in each language.
// Institutions is the institution's name in each language of the site
// that has its own (register.toml's translations), each once.
type homeView struct {
	page
	Institutions []homeText
	Languages    []altLink
}

func (e *Exporter) renderHome(buf *bytes.Buffer, reg *model.Register, f Format, opt Options) error {
	lang := opt.Languages[0]
	cat, err := catalogFor(lang)
	if err != nil {
		return err
	}
	md := f == FormatMarkdown
	m := newMaker(cat, md, "")
	l := linker{from: Path(docHome, f, "", ""), format: f, lang: lang, baseURL: opt.BaseURL, md: md}
	name := inline(institution(registerIn(reg, lang), nil))
	v := &homeView{}
	for _, n := range homeInstitutions(reg, opt.Languages) {
		text := m.str(n.Text)
		v.Institutions = append(v.Institutions, homeText{Lang: n.Lang, Text: text, MD: text})
	}
	v.page = m.pageFor(l, headTitle(cat.text["doc.index"], name), docHome, "", opt.Languages)
	for _, lg := range opt.Languages {
		label := lg
		if o, ok := model.FindOption(model.LanguageOptions, lg); ok {
			label = o.Label
		}
		v.Languages = append(v.Languages, altLink{Lang: lg, Name: m.str(label), Href: l.href(DocIndex, lg, "")})
	}
	return e.exec(buf, docHome, f, lang, v)
}
