package export

import (
	"bytes"
	"context"
	"os"
	"runtime"
	"sync"
	"testing"

	"github.com/eu-ropa/ropa/model"
	"github.com/eu-ropa/ropa/records"
)

// benchDirs are the folders the benchmarks wrote, removed when every test
// and benchmark has run (TestMain), not as each ends: on ext4 without a
// journal (this project's test machines) the inodes of tens of thousands
// of files just removed slow down every file created near them for a
// minute or more, and a benchmark must not pay for the files of the one
// before, nor for its own register.
var benchDirs struct {
	sync.Mutex
	dirs []string
}

func removeLater(dir string) {
	benchDirs.Lock()
	defer benchDirs.Unlock()
	benchDirs.dirs = append(benchDirs.dirs, dir)
}

func removeBenchDirs() {
	benchDirs.Lock()
	defer benchDirs.Unlock()
	for _, dir := range benchDirs.dirs {
		os.RemoveAll(dir)
	}
	benchDirs.dirs = nil
}

func TestMain(m *testing.M) {
	code := m.Run()
	removeBenchDirs()
	os.Exit(code)
}

// register10k is a generated register of 10,000 records (records.Generate),
// loaded once for all benchmarks.
var register10k = sync.OnceValues(func() (*records.Register, error) {
	dir, err := os.MkdirTemp("", "ropa-bench-register-")
	if err != nil {
		return nil, err
	}
	removeLater(dir)
	if err := records.Generate(dir, 10000, 1); err != nil {
		return nil, err
	}
	return records.Load(dir)
})

func load10k(b *testing.B) (model.Register, []Item) {
	b.Helper()
	reg, err := register10k()
	if err != nil {
		b.Fatal(err)
	}
	if len(reg.Errors) > 0 || len(reg.Files) != 10000 {
		b.Fatalf("generated register: %d files, %d errors", len(reg.Files), len(reg.Errors))
	}
	items := make([]Item, len(reg.Files))
	for i, f := range reg.Files {
		items[i] = Item{Slug: f.Slug, Record: &f.Record}
	}
	return reg.Info, items
}

// benchOut is a new folder where a site benchmark (or Hugo) writes: in
// $ROPA_BENCH_OUT when set (for example /dev/shm, to leave out the cost of
// a slow disk), else in the temporary folder.
func benchOut(b *testing.B) string {
	out, err := os.MkdirTemp(os.Getenv("ROPA_BENCH_OUT"), "ropa-bench-site-")
	if err != nil {
		b.Fatal(err)
	}
	removeLater(out)
	return out
}

func benchSite(b *testing.B, opts SiteOptions) {
	reg, items := load10k(b)
	e := newExporter(b)
	opts.Out = benchOut(b)
	opts.All = true
	var files int
	b.ResetTimer()
	start := cpuTime()
	for b.Loop() {
		res, err := e.Site(context.Background(), reg, items, opts)
		if err != nil {
			b.Fatal(err)
		}
		files = res.Files
	}
	reportCPU(b, start, files)
	b.ReportMetric(float64(files), "files/op")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(files), "ns/file")
}

// BenchmarkNoticesHTML10k writes the 10,000 notices of a generated
// register in one language as HTML pages, as a site.
func BenchmarkNoticesHTML10k(b *testing.B) {
	benchSite(b, SiteOptions{Docs: []Doc{DocNotice}, Formats: []Format{FormatHTML}, Languages: []string{"en"}})
}

// BenchmarkSite10k writes the whole site of the generated register: index,
// entries and notices, in four languages, as HTML and Markdown.
func BenchmarkSite10k(b *testing.B) {
	benchSite(b, SiteOptions{Formats: []Format{FormatHTML, FormatMarkdown}, Languages: []string{"en", "fr", "de", "nl"}})
}

// BenchmarkNoticeHTML renders one notice into memory, on one core: the
// cost of the templates alone.
func BenchmarkNoticeHTML(b *testing.B) {
	reg, items := load10k(b)
	e := newExporter(b)
	var buf bytes.Buffer
	i := 0
	start := cpuTime()
	for b.Loop() {
		buf.Reset()
		if err := e.Notice(&buf, reg, items[i%len(items)], FormatHTML, Options{Lang: "en"}); err != nil {
			b.Fatal(err)
		}
		i++
	}
	reportCPU(b, start, 1)
	b.SetBytes(int64(buf.Len()))
}

// BenchmarkNoticeMarkdown is the same in Markdown.
func BenchmarkNoticeMarkdown(b *testing.B) {
	reg, items := load10k(b)
	e := newExporter(b)
	var buf bytes.Buffer
	i := 0
	start := cpuTime()
	for b.Loop() {
		buf.Reset()
		if err := e.Notice(&buf, reg, items[i%len(items)], FormatMarkdown, Options{Lang: "en"}); err != nil {
			b.Fatal(err)
		}
		i++
	}
	reportCPU(b, start, 1)
	b.SetBytes(int64(buf.Len()))
}

// BenchmarkNoticesHTML10kRender renders the 10,000 notices as HTML on every
// core without writing them: the exporter's share of
// BenchmarkNoticesHTML10k, the rest being the file system's.
func BenchmarkNoticesHTML10kRender(b *testing.B) {
	reg, items := load10k(b)
	e := newExporter(b)
	workers := runtime.GOMAXPROCS(0)
	start := cpuTime()
	for b.Loop() {
		var wg sync.WaitGroup
		errs := make([]error, workers)
		for w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var buf bytes.Buffer
				for i := w; i < len(items); i += workers {
					buf.Reset()
					if err := e.renderRecordDoc(&buf, &reg, items[i], nil, DocNotice, FormatHTML, "en", Options{}); err != nil {
						errs[w] = err
						return
					}
				}
			}()
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				b.Fatal(err)
			}
		}
	}
	reportCPU(b, start, len(items))
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(items)), "ns/notice")
}
