package records

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/eu-ropa/ropa/model"
)

// Figures are the timings `ropa bench` prints for a register.
type Figures struct {
	Records int           // record files loaded
	Bytes   int64         // their total size
	Read    time.Duration // reading every record file, on the same worker pool: the I/O floor
	Load    time.Duration // Load: read, decode, check
	Lint    time.Duration // model.LintRegister over the loaded records
}

// BenchmarkFigures measures, once each, reading the register's record files,
// loading it, and linting it. Run it on a warm cache (after a first Load)
// for figures that compare.
func BenchmarkFigures(root string) (Figures, error) {
	var fig Figures
	names, err := recordNames(root)
	if err != nil {
		return fig, err
	}
	sizes := make([]int, len(names))
	errs := make([]error, len(names))
	start := time.Now()
	forEachParallel(len(names), func(i int) {
		data, err := os.ReadFile(filepath.Join(root, RecordsDir, names[i]))
		sizes[i], errs[i] = len(data), err
	}, nil)
	fig.Read = time.Since(start)
	for i := range names {
		if errs[i] != nil {
			return fig, fmt.Errorf("benchmark: %w", errs[i])
		}
		fig.Bytes += int64(sizes[i])
	}

	start = time.Now()
	reg, err := Load(root)
	fig.Load = time.Since(start)
	if err != nil {
		return fig, err
	}
	fig.Records = len(reg.Files)

	start = time.Now()
	model.LintRegister(reg.Info, reg.Named(), time.Now())
	fig.Lint = time.Since(start)
	return fig, nil
}
