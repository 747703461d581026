package export

import (
	"syscall"
	"testing"
	"time"
)

// cpuTime is the CPU time (user and system) the process has used. On a
// machine shared with other work, wall time per operation says more about
// the neighbours than about the code; the benchmarks report this too.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU adds the process CPU time per operation since start.
func reportCPU(b *testing.B, start time.Duration, per int) {
	used := cpuTime() - start
	b.ReportMetric(float64(used.Nanoseconds())/float64(b.N), "cpu-ns/op")
	if per > 1 {
		b.ReportMetric(float64(used.Nanoseconds())/float64(b.N)/float64(per), "cpu-ns/file")
	}
}
