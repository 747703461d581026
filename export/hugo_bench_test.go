package export

import (
	"bytes"
	"context"
	"encoding/json"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/eu-ropa/ropa/model"
)

// The comparison with Hugo (Debian package hugo): the 10,000 notices of a
// generated register in English as HTML pages, written by ropa from the
// records and, in the same run, built by Hugo from their Markdown (ropa's
// Markdown export, with front matter) with one plain layout. Writing the
// Markdown is set-up, not timed: Hugo gets its input ready-made.

const hugoConfig = `baseURL = "https://register.example.invalid/"
languageCode = "en"
title = "Data protection notices"
uglyURLs = true
disableKinds = ["home", "section", "taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
`

// hugoLayout is one plain page: the Markdown rendered into a minimal
// HTML5 frame.
const hugoLayout = `<!DOCTYPE html>
<html lang="{{ site.LanguageCode }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }}</title>
</head>
<body>
<main>
{{ .Content }}
</main>
</body>
</html>
`

// hugoSource writes a Hugo site holding the Markdown notice of every item,
// in English, as content/notices/<slug>.md, and returns its folder.
func hugoSource(b *testing.B, e *Exporter, reg model.Register, items []Item) string {
	b.Helper()
	dir := b.TempDir()
	for name, text := range map[string]string{
		"config.toml":                  hugoConfig,
		"layouts/_default/single.html": hugoLayout,
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	content := filepath.Join(dir, "content", "notices")
	if err := os.MkdirAll(content, 0o755); err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	for _, it := range items {
		buf.Reset()
		// JSON front matter: json.Marshal escapes any title correctly.
		title, err := json.Marshal(it.Record.Title)
		if err != nil {
			b.Fatal(err)
		}
		buf.WriteString(`{"title": `)
		buf.Write(title)
		buf.WriteString("}\n\n")
		if err := e.Notice(&buf, reg, it, FormatMarkdown, Options{Lang: "en"}); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(content, it.Slug+".md"), buf.Bytes(), 0o644); err != nil {
			b.Fatal(err)
		}
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
func BenchmarkNoticesVsHugo10k(b *testing.B) {
	hugo, err := exec.LookPath("hugo")
	if err != nil {
		b.Skip("hugo is not installed (apt-get install hugo): no comparison with Hugo")
	}
	reg, items := load10k(b)
	e := newExporter(b)
	src := hugoSource(b, e, reg, items)
	ropaOut, hugoOut := b.TempDir(), b.TempDir()
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

		start = time.Now()
		cmd := exec.Command(hugo, "--quiet", "--source", src, "--destination", hugoOut)
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("hugo: %v\n%s", err, out)
		}
		hugoTime += time.Since(start)
		hugoCPU += cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	}
	b.StopTimer()
	if n := countHTML(b, filepath.Join(hugoOut, "notices")); n != len(items) {
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
