package export

import (
	"bytes"
	"context"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/eu-ropa/ropa/internal/hugo"
	"github.com/eu-ropa/ropa/model"
)

// The comparison with Hugo (Debian package hugo): the 10,000 notices of a
// generated register in English as HTML pages, written by ropa from the
// records and, in the same run, built by Hugo from their Markdown (ropa's
// Markdown export) with one plain layout (internal/hugo). Writing the
// Markdown is set-up, not timed: Hugo gets its input ready-made.

// hugoSource writes a Hugo site holding the Markdown notice of every item,
// in English, and returns its folder.
func hugoSource(b *testing.B, e *Exporter, reg model.Register, items []Item) string {
	b.Helper()
	pages := make([]hugo.Page, len(items))
	for i, it := range items {
		var buf bytes.Buffer
		if err := e.Notice(&buf, reg, it, FormatMarkdown, Options{Lang: "en"}); err != nil {
			b.Fatal(err)
		}
		pages[i] = hugo.Page{Name: it.Slug, Title: it.Record.Title, Markdown: buf.Bytes()}
	}
	dir := b.TempDir()
	if err := hugo.WriteSource(dir, "en", pages); err != nil {
		b.Fatal(err)
	}
	return dir
}

// countHTML counts the .html files under dir.
func countHTML(b *testing.B, dir string) int {
	b.Helper()
	n := 0
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".html") {
			n++
		}
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	return n
}

// BenchmarkNoticesVsHugo10k times, in each iteration, ropa writing the
// 10,000 English notices as HTML pages from the records (Site, as
// `ropa export --all --doc notice --format html --lang en --unpublished
// --out DIR` does), then Hugo building the same 10,000 notices from their
// Markdown. It reports the seconds of each and how many times faster ropa
// is (hugo/ropa), in wall time and in CPU time; the target is at least 5.
//
// Both write into folders made in $ROPA_BENCH_OUT, else in the temporary
// folder. Creating files costs both programs the same, and on some file
// systems it costs far more where many files were just deleted (ext4
// without a journal skips inodes freed in the last minutes): run it on a
// quiet disk, or with ROPA_BENCH_OUT=/dev/shm to compare the programs
// without the disk.
func BenchmarkNoticesVsHugo10k(b *testing.B) {
	bin, err := hugo.Find()
	if err != nil {
		b.Skip(err)
	}
	reg, items := load10k(b)
	e := newExporter(b)
	src := hugoSource(b, e, reg, items)
	ropaOut, hugoOut := benchOut(b), benchOut(b)
	opts := SiteOptions{Out: ropaOut, Docs: []Doc{DocNotice}, Formats: []Format{FormatHTML}, Languages: []string{"en"}, All: true}

	// Wall time, and CPU time (user + system), which a busy machine
	// disturbs less: both use every core.
	var ropaTime, hugoTime, ropaCPU, hugoCPU time.Duration
	for b.Loop() {
		start, cpu := time.Now(), cpuTime()
		res, err := e.Site(context.Background(), reg, items, opts)
		if err != nil {
			b.Fatal(err)
		}
		ropaTime += time.Since(start)
		ropaCPU += cpuTime() - cpu
		if res.Files != len(items) {
			b.Fatalf("ropa wrote %d files, want %d", res.Files, len(items))
		}

		h, err := hugo.Build(context.Background(), bin, src, hugoOut)
		if err != nil {
			b.Fatal(err)
		}
		hugoTime += h.Wall
		hugoCPU += h.CPU
	}
	b.StopTimer()
	if n := countHTML(b, filepath.Join(hugoOut, hugo.Section)); n != len(items) {
		b.Fatalf("hugo built %d pages, want %d", n, len(items))
	}
	if n := countHTML(b, filepath.Join(ropaOut, "en", "notices")); n != len(items) {
		b.Fatalf("ropa wrote %d pages, want %d", n, len(items))
	}
	n := float64(b.N)
	b.ReportMetric(ropaTime.Seconds()/n, "ropa-s/op")
	b.ReportMetric(hugoTime.Seconds()/n, "hugo-s/op")
	b.ReportMetric(hugoTime.Seconds()/ropaTime.Seconds(), "hugo/ropa")
	b.ReportMetric(ropaCPU.Seconds()/n, "ropa-cpu-s/op")
	b.ReportMetric(hugoCPU.Seconds()/n, "hugo-cpu-s/op")
	b.ReportMetric(hugoCPU.Seconds()/ropaCPU.Seconds(), "hugo/ropa-cpu")
}
