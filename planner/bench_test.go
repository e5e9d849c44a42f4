package planner_test

import (
	"bufio"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/planner"
	"github.com/igny8/igny8/testapp"
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

// BenchmarkImport100k imports a 100,000-row file through planner.ImportFile
// into a real (migrated) data dir. bench/planner.sh runs it under /usr/bin/time -v.
func BenchmarkImport100k(b *testing.B) {
	const n = 100_000
	path := writeBenchCSV(b, n)
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		app := testapp.New(b)
		site, _ := app.FindRecordById(collections.Sites, testapp.SiteId(testapp.A))
		f, _ := os.Open(path)
		b.StartTimer()
		start := time.Now()
		res, err := planner.ImportFile(app, site, f, planner.ParseOptions{})
		el := time.Since(start)
		b.StopTimer()
		f.Close()
		if err != nil || res.Imported != n {
			b.Fatalf("import: %v %+v", err, res)
		}
		b.ReportMetric(float64(n)/el.Seconds(), "rows/s")
		b.StartTimer()
	}
}

// BenchmarkRawInsert100k inserts the same 100,000 rows with one prepared
// INSERT in one transaction (no parsing, no upsert): the floor for the ratio.
func BenchmarkRawInsert100k(b *testing.B) {
	const n = 100_000
	kws := benchKeywords(n)
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		app := testapp.New(b)
		b.StartTimer()
		start := time.Now()
		err := app.RunInTransaction(func(tx core.App) error {
			q := tx.DB().NewQuery("INSERT INTO {{" + collections.Keywords + "}} (id,tenant,site,keyword,normalized,volume,volume_raw,difficulty,cpc,intent,country,language,source,status,cluster,created,updated) " +
				"VALUES ({:id},{:t},{:s},{:k},{:n},{:v},'',{:d},{:c},'Commercial','','','raw','new','',{:now},{:now})").Prepare()
			defer q.Close()
			now := types.NowDateTime().String()
			for j, k := range kws {
				if _, err := q.Bind(dbx.Params{"id": core.GenerateDefaultRandomId(), "t": testapp.TenantId(testapp.A), "s": testapp.SiteId(testapp.A),
					"k": k, "n": planner.Normalize(k), "v": 1000 + j, "d": j % 100, "c": 1.5, "now": now}).Execute(); err != nil {
					return err
				}
			}
			return nil
		})
		el := time.Since(start)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(n)/el.Seconds(), "rows/s")
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
		g := planner.Group(kws, vols, planner.GroupOptions{})
		b.ReportMetric(float64(len(g)), "groups")
	}
}
