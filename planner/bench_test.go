package planner_test

import (
	"bufio"
	"fmt"
	"math/rand"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/planner"
	"github.com/igny8/igny8/testapp"
	"github.com/igny8/igny8/tools/grouping"
	"github.com/igny8/igny8/tools/keywordfile"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

var benchHeads = []string{"espresso machine", "running shoes", "sourdough starter", "yoga mat", "credit card", "mortgage rates",
	"dog training", "dog food", "vegetable garden", "houseplants", "electric car", "web hosting", "keto diet", "marathon training",
	"camping tent", "wedding budget", "keyword research", "email marketing", "home workout", "cold brew", "chef knife", "home insurance"}
var benchMods = []string{"best", "cheap", "for beginners", "near me", "reviews", "how to choose", "vs", "for women", "for men", "under 100",
	"at home", "guide", "tips", "ideas", "2025", "comparison", "for small business", "calculator", "checklist", "mistakes", "cost",
	"alternatives", "brands", "for kids", "for seniors", "without equipment", "recipe", "plan", "schedule", "explained"}
var benchPlaces = []string{"london", "berlin", "texas", "california", "uk", "australia", "canada", "nyc", "chicago", "paris"}

// benchKeywords makes n distinct, realistic-looking keywords (head + modifiers).
func benchKeywords(n int) []string {
	r := rand.New(rand.NewSource(42))
	seen := map[string]bool{}
	out := make([]string, 0, n)
	for i := 0; len(out) < n; i++ {
		k := benchHeads[r.Intn(len(benchHeads))]
		switch r.Intn(4) {
		case 0:
			k = benchMods[r.Intn(len(benchMods))] + " " + k
		case 1:
			k = k + " " + benchMods[r.Intn(len(benchMods))]
		case 2:
			k = benchMods[r.Intn(len(benchMods))] + " " + k + " " + benchPlaces[r.Intn(len(benchPlaces))]
		default:
			k = k + " " + benchMods[r.Intn(len(benchMods))] + " " + benchPlaces[r.Intn(len(benchPlaces))]
		}
		if seen[k] {
			k = fmt.Sprintf("%s %d", k, i)
		}
		seen[k] = true
		out = append(out, k)
	}
	return out
}

// writeBenchCSV writes a Semrush-shaped export of n rows and returns its path.
func writeBenchCSV(b *testing.B, n int) string {
	path := filepath.Join(b.TempDir(), "export.csv")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriter(f)
	w.WriteString("Keyword,Intent,Volume,Trend,Keyword Difficulty,CPC (USD),Competitive Density,Number of Results\n")
	for i, k := range benchKeywords(n) {
		fmt.Fprintf(w, "%s,Commercial,\"%d,%03d\",\"0.81,1.00,0.81\",%d,%d.%02d,0.5,1000000\n", k, 1+i%90, i%1000, i%100, i%5, i%100)
	}
	w.Flush()
	f.Close()
	return path
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

// cpuSeconds is the user+system CPU time this process has used so far.
func cpuSeconds(b *testing.B) float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}

// measureAlone runs fn once with the process's peak RSS reset right before it
// (writing 5 to /proc/self/clear_refs resets VmHWM), so the reported peak is
// the process while fn runs, not the test data set-up before it. It reports
// seconds, rows/s, CPU seconds of the whole process meanwhile (less sensitive
// to other load on the machine than wall time), the process RSS before fn (base-MB), the peak during fn
// (peak-MB) and the difference (import-MB).
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

// BenchmarkImport100k imports a 100,000-row Semrush-shaped file through
// planner.ImportFile (what the import route calls) into a real, migrated data
// dir. Run it once per fresh process (-test.benchtime 1x, as bench/planner.sh
// does) so peak-MB is the import's own high-water mark.
func BenchmarkImport100k(b *testing.B) {
	const n = 100_000
	b.StopTimer()
	path := writeBenchCSV(b, n)
	for i := 0; i < b.N; i++ {
		app := testapp.New(b)
		site, err := app.FindRecordById(collections.Sites, testapp.SiteId(testapp.A))
		if err != nil {
			b.Fatal(err)
		}
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		measureAlone(b, n, func() error {
			res, err := planner.ImportFile(app, site, f, keywordfile.ParseOptions{})
			if err == nil && res.Imported != n {
				err = fmt.Errorf("imported %d of %d: %+v", res.Imported, n, res)
			}
			return err
		})
		f.Close()
		app.Cleanup()
	}
}

// BenchmarkRawInsert100k inserts the same 100,000 rows with one prepared
// INSERT in one transaction of the same app and data dir (no parsing, no
// upsert, keywords already in memory): the floor for the import's ratio.
func BenchmarkRawInsert100k(b *testing.B) {
	const n = 100_000
	b.StopTimer()
	kws := benchKeywords(n)
	norms := make([]string, n)
	for i, k := range kws {
		norms[i] = keywordfile.Normalize(k)
	}
	for i := 0; i < b.N; i++ {
		app := testapp.New(b)
		measureAlone(b, n, func() error {
			return app.RunInTransaction(func(tx core.App) error {
				q := tx.DB().NewQuery("INSERT INTO {{" + collections.Keywords + "}} (id,tenant,site,keyword,normalized,volume,volume_raw,difficulty,cpc,intent,country,language,source,status,cluster,created,updated) " +
					"VALUES ({:id},{:t},{:s},{:k},{:n},{:v},'',{:d},{:c},'Commercial','','','raw','new','',{:now},{:now})").Prepare()
				defer q.Close()
				now := types.NowDateTime().String()
				for j, k := range kws {
					if _, err := q.Bind(dbx.Params{"id": core.GenerateDefaultRandomId(), "t": testapp.TenantId(testapp.A), "s": testapp.SiteId(testapp.A),
						"k": k, "n": norms[j], "v": 1000 + j, "d": j % 100, "c": 1.5, "now": now}).Execute(); err != nil {
						return err
					}
				}
				return nil
			})
		})
		app.Cleanup()
	}
}

// BenchmarkGroup10k clusters 10,000 keywords without AI.
func BenchmarkGroup10k(b *testing.B) {
	kws := benchKeywords(10_000)
	vols := make([]float64, len(kws))
	for i := range vols {
		vols[i] = float64(i % 1000)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		g := grouping.Group(kws, vols, grouping.GroupOptions{})
		b.ReportMetric(float64(len(g)), "groups")
	}
}

// writeWideCSV writes rows data rows (and a header) of a keyword, a volume and
// then empty columns up to cols columns: the shape of issue 11's 12 MB file
// of 80 rows × 129,000 empty columns.
func writeWideCSV(b *testing.B, rows, cols int) string {
	path := filepath.Join(b.TempDir(), "wide.csv")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriter(f)
	pad := strings.Repeat(",", cols-2)
	w.WriteString("Keyword,Volume" + pad + "\n")
	for i := 0; i < rows; i++ {
		fmt.Fprintf(w, "wide keyword %d,%d%s\n", i, i, pad)
	}
	w.Flush()
	f.Close()
	return path
}

// measureRefusal posts path once to POST /api/igny8/planner/import (the
// real router, multipart streamed from the file) as the workspace's editor
// under measureAlone, and reports the status (refused=1 when it is not 200)
// and the keywords the site has afterwards beyond the fixture's one; a
// refusal is the expected outcome for the oversized cases, so it is not a
// failure here.
func measureRefusal(b *testing.B, path string, rows int) {
	b.StopTimer()
	app := testapp.New(b)
	mux := testapp.Mux(b, app)
	auth := testapp.Token(b, app, testapp.A, "editor")
	rec := httptest.NewRecorder()
	measureAlone(b, rows, func() error {
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		body, ctype := multipartBody(map[string]string{"site": testapp.SiteId(testapp.A)}, "file.csv", f)
		req := httptest.NewRequest(http.MethodPost, "/api/igny8/planner/import", body)
		req.Header.Set("Content-Type", ctype)
		req.Header.Set("Authorization", auth)
		mux.ServeHTTP(rec, req)
		return nil
	})
	refused := 0.0
	if rec.Code != http.StatusOK {
		refused = 1
	}
	msg := rec.Body.String()
	if len(msg) > 300 {
		msg = msg[:300] + "…"
	}
	b.Logf("status %d: %s", rec.Code, msg)
	n, err := app.CountRecords(collections.Keywords, dbx.HashExp{"site": testapp.SiteId(testapp.A)})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(refused, "refused")
	b.ReportMetric(float64(n-1), "imported")
}

// BenchmarkImportWide80x129k is issue 11's wide file (80 rows × 129,000
// empty columns, ~12 MB). Run it only under a memory cap (bench/csv_limits.sh).
func BenchmarkImportWide80x129k(b *testing.B) {
	b.StopTimer()
	path := writeWideCSV(b, 80, 129_000)
	for i := 0; i < b.N; i++ {
		measureRefusal(b, path, 80)
	}
}

// BenchmarkImportRows1M is issue 11's long file: one row more than the
// import's row limit (1,000,001 short rows, ~50 MB). Run it only under a
// memory cap (bench/csv_limits.sh).
func BenchmarkImportRows1M(b *testing.B) {
	b.StopTimer()
	path := filepath.Join(b.TempDir(), "long.csv")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriter(f)
	w.WriteString("Keyword,Volume,KD,CPC\n")
	for i := 0; i <= keywordfile.DefaultMaxRows; i++ {
		fmt.Fprintf(w, "long file keyword %d,%d,%d,0.%02d\n", i, i%5000, i%100, i%100)
	}
	w.Flush()
	f.Close()
	for i := 0; i < b.N; i++ {
		measureRefusal(b, path, keywordfile.DefaultMaxRows+1)
	}
}
