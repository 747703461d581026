package main

import (
	"fmt"
	"os"
	"slices"
	"time"

	"github.com/spf13/cobra"

	"github.com/eu-ropa/ropa/records"
)

func (a *app) benchCmd() *cobra.Command {
	var n, runs int
	var existing bool
	cmd := &cobra.Command{
		Use:   "bench",
		Short: "Time loading and checking a register of N generated records, and print the figures",
		Long: `bench generates a register of --records N realistic records (about 4 KB
each) in a temporary folder, or with --existing uses the register of --dir or
the current folder, and times: reading every file (the I/O floor), loading
(read, parse, validate), and lint. Each figure is the best of --runs runs on a
warm file cache. The machine's other load affects the figures: compare runs
made on the same machine at the same time.`,
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
			fmt.Fprintf(a.out, "load + lint:             %8.1f ms   (target: under 2000 ms for 10,000 records)\n", ms(load+lint))
			return nil
		},
	}
	cmd.Flags().IntVar(&n, "records", 10000, "how many records to generate")
	cmd.Flags().IntVar(&runs, "runs", 3, "how many times to measure; the best run is printed")
	cmd.Flags().BoolVar(&existing, "existing", false, "measure the register of --dir (or the current folder) instead of a generated one")
	return cmd
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
