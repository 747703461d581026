// Package hugo builds pages with Hugo (the static site generator, Debian
// package hugo), so that ropa's export can be compared with it: the target
// is that ropa writes the notices of a register as HTML pages at least
// five times faster than Hugo builds the same notices from their Markdown.
package hugo

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"
)

// config builds only the pages, as name.html (uglyURLs), with no home,
// list, taxonomy, feed or sitemap pages that ropa does not write either.
const config = `baseURL = "https://register.example.invalid/"
languageCode = %q
title = "Data protection notices"
uglyURLs = true
disableKinds = ["home", "section", "taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
`

// layout is one plain page: the Markdown rendered into a minimal HTML5
// frame.
const layout = `<!DOCTYPE html>
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

// Section is the content folder the pages go into, and so the folder of
// the built pages under the output folder.
const Section = "notices"

// Page is one page of the site: Name is its file name without extension
// (a slug), Title its title, Markdown its text.
type Page struct {
	Name     string
	Title    string
	Markdown []byte
}

// WriteSource writes a Hugo site into dir (which must exist) holding the
// pages as content/notices/<name>.md, with lang as the site's language.
func WriteSource(dir, lang string, pages []Page) error {
	for name, text := range map[string]string{
		"config.toml":                  fmt.Sprintf(config, lang),
		"layouts/_default/single.html": layout,
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return fmt.Errorf("hugo source: %w", err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			return fmt.Errorf("hugo source: %w", err)
		}
	}
	content := filepath.Join(dir, "content", Section)
	if err := os.MkdirAll(content, 0o755); err != nil {
		return fmt.Errorf("hugo source: %w", err)
	}
	var buf bytes.Buffer
	for _, p := range pages {
		// JSON front matter: json.Marshal quotes any title correctly.
		title, err := json.Marshal(p.Title)
		if err != nil {
			return fmt.Errorf("hugo source %s: %w", p.Name, err)
		}
		buf.Reset()
		buf.WriteString(`{"title": `)
		buf.Write(title)
		buf.WriteString("}\n\n")
		buf.Write(p.Markdown)
		path := filepath.Join(content, p.Name+".md")
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			return fmt.Errorf("hugo source: %w", err)
		}
	}
	return nil
}

// Result is what one build took.
type Result struct {
	Wall time.Duration // elapsed
	CPU  time.Duration // user and system time of the hugo process
}

// Build runs the hugo program bin on the site in src, writing into out,
// and times it.
func Build(ctx context.Context, bin, src, out string) (Result, error) {
	cmd := exec.CommandContext(ctx, bin, "--quiet", "--source", src, "--destination", out)
	start := time.Now()
	output, err := cmd.CombinedOutput()
	wall := time.Since(start)
	if err != nil {
		return Result{}, fmt.Errorf("hugo --source %s: %w\n%s", src, err, output)
	}
	return Result{Wall: wall, CPU: cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()}, nil
}

// Find returns the path of the hugo program, or an error saying how to
// install it.
func Find() (string, error) {
	bin, err := exec.LookPath("hugo")
	if err != nil {
		return "", fmt.Errorf("hugo is not installed (Debian: apt-get install hugo): %w", err)
	}
	return bin, nil
}
