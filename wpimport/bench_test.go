package wpimport_test

import (
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/igny8/igny8/wpimport"
)

// BenchmarkImportWP100k imports 100,000 keywords in 5,000 clusters from the
// plan's igny8_* tables on the test MariaDB into a migrated data dir (the
// command's code path: wpimport.Run, with the batch, the mapping rows and
// both validation hashes). Run it once per fresh process (-test.benchtime 1x,
// as bench/wpimport.sh does) so peak-MB is the import's own high-water mark.
func BenchmarkImportWP100k(b *testing.B) {
	const nc, nk = 5_000, 100_000
	b.StopTimer()
	dsn, db := legacyDB(b)
	exec(b, db,
		"CREATE TABLE wp_igny8_clusters (id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY, cluster_name VARCHAR(255) NOT NULL, description TEXT, status VARCHAR(20), created_at DATETIME)",
		"CREATE TABLE wp_igny8_keywords (id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY, keyword VARCHAR(255) NOT NULL, search_volume INT, difficulty INT, cpc DECIMAL(10,2), intent VARCHAR(50), cluster_id BIGINT, status VARCHAR(30), created_at DATETIME)")
	var rows [][]string
	for i := 1; i <= nc; i++ {
		rows = append(rows, []string{itoa(i), q(fmt.Sprintf("cluster %d about topic %d", i, i*7)), q("Cluster description " + itoa(i)), "'active'", "'2024-01-01 00:00:00'"})
	}
	exec(b, db, rowsSQL("wp_igny8_clusters", []string{"id", "cluster_name", "description", "status", "created_at"}, rows)...)
	rows = rows[:0]
	for i := 1; i <= nk; i++ {
		rows = append(rows, []string{itoa(i), q(fmt.Sprintf("buy blue widget %d online cheap", i)), itoa(i % 10000), itoa(i % 100),
			fmt.Sprintf("%d.%02d", i%5, i%100), "'commercial'", itoa(i%nc + 1), "'active'", "'2024-02-01 00:00:00'"})
	}
	exec(b, db, rowsSQL("wp_igny8_keywords", []string{"id", "keyword", "search_volume", "difficulty", "cpc", "intent", "cluster_id", "status", "created_at"}, rows)...)
	rows = nil
	for i := 0; i < b.N; i++ {
		app := newBenchApp(b)
		measureAlone(b, nc+nk, func() error {
			rep := run(b, app, dsn, "wp_", wpimport.Options{Only: []string{wpimport.KindClusters, wpimport.KindKeywords}, Actor: "bench"})
			if !rep.OK() || table(b, rep, "keywords").Imported != nk || table(b, rep, "clusters").Imported != nc {
				return fmt.Errorf("import did not validate:\n%s", printed(rep))
			}
			return nil
		})
	}
}

// rssMB reads a memory figure (VmRSS, VmHWM) of this process in MB.
func rssMB(b *testing.B, field string) float64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		b.Fatal(err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			kb, err := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			if err != nil {
				b.Fatal(err)
			}
			return float64(kb) / 1024
		}
	}
	b.Fatalf("no %s in /proc/self/status", field)
	return 0
}

func cpuSeconds(b *testing.B) float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}

// measureAlone is planner's: fn once with the peak RSS reset right before it.
func measureAlone(b *testing.B, rows int, fn func() error) {
	runtime.GC()
	debug.FreeOSMemory()
	base := rssMB(b, "VmRSS")
	if err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0); err != nil {
		b.Fatalf("reset peak RSS: %v", err)
	}
	cpu0 := cpuSeconds(b)
	b.StartTimer()
	start := time.Now()
	err := fn()
	el := time.Since(start)
	b.StopTimer()
	cpu := cpuSeconds(b) - cpu0
	if err != nil {
		b.Fatal(err)
	}
	peak := rssMB(b, "VmHWM")
	b.ReportMetric(el.Seconds(), "s")
	b.ReportMetric(cpu, "cpu-s")
	b.ReportMetric(float64(rows)/el.Seconds(), "rows/s")
	b.ReportMetric(base, "base-MB")
	b.ReportMetric(peak, "peak-MB")
	b.ReportMetric(peak-base, "import-MB")
}
