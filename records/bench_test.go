package records

import (
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/eu-ropa/ropa/model"
)

// The 10,000-record register is generated once per test binary and removed
// by TestMain.
var bench10k struct {
	once  sync.Once
	root  string
	bytes int64
	err   error
}

func bench10kRoot(b *testing.B) string {
	b.Helper()
	bench10k.once.Do(func() {
		dir, err := os.MkdirTemp("", "ropa-bench-10k-")
		if err != nil {
			bench10k.err = err
			return
		}
		bench10k.root = dir
		if bench10k.err = Generate(dir, 10_000, 1); bench10k.err != nil {
			return
		}
		names, _ := filepath.Glob(filepath.Join(dir, "records", "*.toml"))
		for _, n := range names {
			if info, err := os.Stat(n); err == nil {
				bench10k.bytes += info.Size()
			}
		}
	})
	if bench10k.err != nil {
		b.Fatal(bench10k.err)
	}
	return bench10k.root
}

// processCPU is the CPU time the process has used (user and system), so
// that benchmarks can report work done apart from waiting for a busy
// machine's cores.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU adds the metric cpu-ms/op: CPU time per operation, all cores.
func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64(processCPU()-start)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
}

func removeBenchRegister() {
	if bench10k.root != "" {
		os.RemoveAll(bench10k.root)
	}
}

// BenchmarkLoad10k: Load of a generated register of 10,000 records of
// about 4 KB. Target, with lint: under 2 s on 2 cores.
func BenchmarkLoad10k(b *testing.B) {
	root := bench10kRoot(b)
	b.SetBytes(bench10k.bytes)
	b.ReportAllocs()
	cpu := processCPU()
	for b.Loop() {
		reg, err := Load(root)
		if err != nil || len(reg.Files) != 10_000 || len(reg.Errors) != 0 {
			b.Fatalf("%v: %d files, %d errors", err, len(reg.Files), len(reg.Errors))
		}
	}
	reportCPU(b, cpu)
}

// BenchmarkReadFiles10k: only reading the same files, on the same worker
// pool: the I/O floor under BenchmarkLoad10k.
func BenchmarkReadFiles10k(b *testing.B) {
	root := bench10kRoot(b)
	names, err := recordNames(root)
	if err != nil || len(names) != 10_000 {
		b.Fatalf("%d files: %v", len(names), err)
	}
	b.SetBytes(bench10k.bytes)
	b.ReportAllocs()
	cpu := processCPU()
	for b.Loop() {
		forEachParallel(len(names), func(i int) {
			if _, err := os.ReadFile(filepath.Join(root, RecordsDir, names[i])); err != nil {
				b.Error(err)
			}
		}, nil)
	}
	reportCPU(b, cpu)
}

// BenchmarkLoadLint10k: Load and model.LintRegister, what `ropa lint` does.
func BenchmarkLoadLint10k(b *testing.B) {
	root := bench10kRoot(b)
	b.SetBytes(bench10k.bytes)
	b.ReportAllocs()
	today := time.Now()
	cpu := processCPU()
	for b.Loop() {
		reg, err := Load(root)
		if err != nil || len(reg.Files) != 10_000 {
			b.Fatal(err)
		}
		model.LintRegister(reg.Info, reg.Named(), today)
	}
	reportCPU(b, cpu)
}

// BenchmarkDecodeCanonical and BenchmarkDecodeStrict: one 4 KB record by
// the fast path (files ropa wrote) and by BurntSushi's parser (hand-edited
// files), on one core.
func BenchmarkDecodeCanonical(b *testing.B) { benchmarkDecode(b, true) }
func BenchmarkDecodeStrict(b *testing.B)    { benchmarkDecode(b, false) }

func benchmarkDecode(b *testing.B, fast bool) {
	r := syntheticRecord(rngFor(1), syntheticRegister(), 0)
	data := Encode(&r)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, perr := decodeRecordWith("records/x.toml", data, fast); perr != nil {
			b.Fatal(perr)
		}
	}
}

func BenchmarkEncode(b *testing.B) {
	r := syntheticRecord(rngFor(1), syntheticRegister(), 0)
	b.SetBytes(int64(len(Encode(&r))))
	b.ReportAllocs()
	for b.Loop() {
		Encode(&r)
	}
}

// BenchmarkFigures is what `ropa bench` prints; it must agree with the
// files it measures.
func TestBenchmarkFigures(t *testing.T) {
	root := newRegister(t)
	if err := Generate(root, 50, 7); err != nil {
		t.Fatal(err)
	}
	fig, err := BenchmarkFigures(root)
	if err != nil {
		t.Fatal(err)
	}
	if fig.Records != 50 || fig.Bytes < 50*3000 || fig.Read <= 0 || fig.Load <= 0 || fig.Lint <= 0 {
		t.Errorf("figures %+v", fig)
	}
}
