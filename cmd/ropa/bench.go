package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"time"

	"github.com/spf13/cobra"

	"github.com/eu-ropa/ropa/export"
	"github.com/eu-ropa/ropa/internal/hugo"
	"github.com/eu-ropa/ropa/model"
	"github.com/eu-ropa/ropa/records"
)

func (a *app) benchCmd() *cobra.Command {
	var n, runs int
	var existing, withExport bool
	var out string
	cmd := &cobra.Command{
		Use:   "bench",
		Short: "Time loading and checking a register of N generated records, and print the figures",
		Long: `bench generates a register of --records N realistic records (about 4 KB
each) in a temporary folder, or with --existing uses the register of --dir or
the current folder, and times: reading every file (the I/O floor), loading
(read, parse, validate), and lint; then the export into a temporary folder:
the notices of every record in English as HTML pages, and the whole site
(index, entries and notices of every record, in English, French, German and
Dutch, as HTML and Markdown). When Hugo is installed (Debian: apt-get install
hugo), it builds the same notices from their Markdown with one plain layout,
and bench prints how many times faster ropa is (target: at least 5).

Each figure is the best of --runs runs on a warm file cache. The machine's
other load affects the figures: compare runs made on the same machine at the
same time. So does the disk: on some file systems, creating files where many
were deleted in the last minutes is many times slower; --out chooses where
the export is written (for example a new folder on a quiet disk, or /dev/shm
to leave the disk out).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			root := ""
			if existing {
				r, err := a.root()
				if err != nil {
					return err
				}
				root = r
			} else {
				dir, err := os.MkdirTemp("", "ropa-bench-")
				if err != nil {
					return fmt.Errorf("bench: %w", err)
				}
				defer os.RemoveAll(dir)
				start := time.Now()
				if err := records.Generate(dir, n, 1); err != nil {
					return fmt.Errorf("bench: %w", err)
				}
				fmt.Fprintf(a.out, "generated %d records in %v\n", n, time.Since(start).Round(time.Millisecond))
				root = dir
			}
			if _, err := records.Load(root); err != nil { // warm the file cache
				return fmt.Errorf("bench: %w", err)
			}
			var all []records.Figures
			for range max(runs, 1) {
				fig, err := records.BenchmarkFigures(root)
				if err != nil {
					return fmt.Errorf("bench: %w", err)
				}
				all = append(all, fig)
			}
			best := func(get func(records.Figures) time.Duration) time.Duration {
				ds := make([]time.Duration, len(all))
				for i, f := range all {
					ds[i] = get(f)
				}
				return slices.Min(ds)
			}
			read := best(func(f records.Figures) time.Duration { return f.Read })
			load := best(func(f records.Figures) time.Duration { return f.Load })
			lint := best(func(f records.Figures) time.Duration { return f.Lint })
			fig := all[0]
			fmt.Fprintf(a.out, "register: %d records, %.1f MB\n", fig.Records, float64(fig.Bytes)/1e6)
			fmt.Fprintf(a.out, "read files (I/O floor):  %8.1f ms\n", ms(read))
			fmt.Fprintf(a.out, "load (read+parse+check): %8.1f ms\n", ms(load))
			fmt.Fprintf(a.out, "lint:                    %8.1f ms\n", ms(lint))
			fmt.Fprintf(a.out, "load + lint:             %8.1f ms   (target: under 2000 ms for 10,000 records%s)\n", ms(load+lint), verdict(fig.Records, load+lint < 2*time.Second))
			if !withExport {
				return nil
			}
			return benchExport(cmd.Context(), a.out, a.errOut, root, out, max(runs, 1))
		},
	}
	cmd.Flags().IntVar(&n, "records", 10000, "how many records to generate")
	cmd.Flags().IntVar(&runs, "runs", 3, "how many times to measure; the best run is printed")
	cmd.Flags().BoolVar(&existing, "existing", false, "measure the register of --dir (or the current folder) instead of a generated one")
	cmd.Flags().BoolVar(&withExport, "export", true, "also time the export (--export=false: loading and lint only)")
	cmd.Flags().StringVar(&out, "out", "", "the folder in which to make the temporary export folders (default: the system's temporary folder)")
	return cmd
}

// verdict says whether a target for 10,000 records was met, when that is
// what was measured.
func verdict(records int, met bool) string {
	switch {
	case records != 10000:
		return ""
	case met:
		return ": met"
	default:
		return ": MISSED"
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// benchExport times export.Site on the register at root, writing into a
// temporary folder made in outDir (the system's temporary folder when
// empty): the notices in one language as HTML, the same notices built by
// Hugo when it is installed, then the whole site. Every record is
// exported, published or not, so that N records give N notices. The
// figures go to w, what is being measured to status.
func benchExport(ctx context.Context, w, status io.Writer, root, outDir string, runs int) error {
	if ctx == nil {
		ctx = context.Background()
	}
	reg, err := records.Load(root)
	if err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	items := make([]export.Item, len(reg.Files))
	for i, f := range reg.Files {
		items[i] = export.Item{Slug: f.Slug, Record: &f.Record}
	}
	e, err := export.New(nil)
	if err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	dir, err := os.MkdirTemp(outDir, "ropa-bench-export-")
	if err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	defer os.RemoveAll(dir)
	best := func(opts export.SiteOptions) (time.Duration, int, error) {
		opts.Out, opts.All = dir, true
		var times []time.Duration
		files := 0
		for range runs {
			start := time.Now()
			res, err := e.Site(ctx, reg.Info, items, opts)
			if err != nil {
				return 0, 0, fmt.Errorf("bench: %w", err)
			}
			times = append(times, time.Since(start))
			files = res.Files
		}
		return slices.Min(times), files, nil
	}
	fmt.Fprintln(status, "measuring the export of the notices…")
	notices, n, err := best(export.SiteOptions{Docs: []export.Doc{export.DocNotice}, Formats: []export.Format{export.FormatHTML}, Languages: []string{"en"}})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "export notices, html, en: %8.1f ms   (%d files, %.0f µs a file)\n", ms(notices), n, float64(notices.Microseconds())/float64(max(n, 1)))
	if err := benchHugo(ctx, w, status, e, reg.Info, items, outDir, runs, notices); err != nil {
		return err
	}
	fmt.Fprintln(status, "measuring the export of the whole site (160,000 files for 10,000 records: this takes a while)…")
	site, n, err := best(export.SiteOptions{Formats: []export.Format{export.FormatHTML, export.FormatMarkdown}, Languages: export.Languages()})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "export whole site:        %8.1f ms   (%d files: index, entries, notices; %d languages; html and md; target: under 20 s for 10,000 records%s)\n",
		ms(site), n, len(export.Languages()), verdict(len(items), site < 20*time.Second))
	return nil
}

// benchHugo has Hugo build the English notices of items from their
// Markdown (written beforehand, not timed) into a temporary folder made in
// outDir, best of runs, and prints its time beside ropa's. Without Hugo it
// says so and measures nothing.
func benchHugo(ctx context.Context, w, status io.Writer, e *export.Exporter, reg model.Register, items []export.Item, outDir string, runs int, ropa time.Duration) error {
	bin, err := hugo.Find()
	if err != nil {
		fmt.Fprintf(w, "hugo, same notices:       not measured: %v\n", err)
		return nil
	}
	fmt.Fprintln(status, "measuring Hugo building the same notices from their Markdown…")
	pages := make([]hugo.Page, len(items))
	for i, it := range items {
		var buf bytes.Buffer
		if err := e.Notice(&buf, reg, it, export.FormatMarkdown, export.Options{Lang: "en"}); err != nil {
			return fmt.Errorf("bench: %w", err)
		}
		pages[i] = hugo.Page{Name: it.Slug, Title: it.Record.Title, Markdown: buf.Bytes()}
	}
	src, err := os.MkdirTemp(outDir, "ropa-bench-hugo-source-")
	if err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	defer os.RemoveAll(src)
	if err := hugo.WriteSource(src, "en", pages); err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	dst, err := os.MkdirTemp(outDir, "ropa-bench-hugo-out-")
	if err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	defer os.RemoveAll(dst)
	var times []time.Duration
	for range runs {
		res, err := hugo.Build(ctx, bin, src, dst)
		if err != nil {
			return fmt.Errorf("bench: %w", err)
		}
		times = append(times, res.Wall)
	}
	took := slices.Min(times)
	ratio := took.Seconds() / ropa.Seconds()
	fmt.Fprintf(w, "hugo, same notices (md):  %8.1f ms   (ropa is %.1f× faster; target: at least 5×%s)\n", ms(took), ratio, verdict(len(items), ratio >= 5))
	return nil
}
