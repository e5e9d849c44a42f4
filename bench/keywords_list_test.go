// Package bench holds igny8's end-to-end benchmarks. They run against real
// PocketBase routers and real SQLite files; figures go into docs/PERFORMANCE.md.
package bench

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/testapp"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
)

const (
	benchTenants           = 100
	benchKeywordsPerTenant = 10_000
)

// keywordsDataDir builds (once, cached under bench/.cache) a data dir with
// 1,000,000 keywords spread over 100 workspaces, each with one member.
func keywordsDataDir(b *testing.B) string {
	dir, _ := filepath.Abs(filepath.Join(".cache", fmt.Sprintf("keywords-%dx%d-v1", benchTenants, benchKeywordsPerTenant)))
	if _, err := os.Stat(filepath.Join(dir, "ready")); err == nil {
		return dir
	}
	os.RemoveAll(dir)
	tpl, err := testapp.TemplateDir()
	if err != nil {
		b.Fatal(err)
	}
	tmp, err := tests.TempDirClone(tpl)
	if err != nil {
		b.Fatal(err)
	}
	defer os.RemoveAll(tmp) // a no-op once renamed into the cache; a failed seeding leaves nothing behind
	app := core.NewBaseApp(core.BaseAppConfig{DataDir: tmp, EncryptionEnv: "pb_test_env"})
	if err := app.Bootstrap(); err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	if err := seedKeywords(app); err != nil {
		b.Fatal(err)
	}
	app.ResetBootstrapState()
	b.Logf("seeded %d keywords in %s", benchTenants*benchKeywordsPerTenant, time.Since(start))
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		b.Fatal(err)
	}
	if err := os.Rename(tmp, dir); err != nil {
		b.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "ready"), nil, 0o644)
	return dir
}

func benchId(prefix string, i int) string { return fmt.Sprintf("%s%0*d", prefix, 15-len(prefix), i) }

func seedKeywords(app core.App) error {
	plan, err := app.FindFirstRecordByData(collections.Plans, "code", "agency")
	if err != nil {
		return err
	}
	users, _ := app.FindCollectionByNameOrId(collections.Users)
	rng := rand.New(rand.NewPCG(1, 2))
	return app.RunInTransaction(func(tx core.App) error {
		for t := 0; t < benchTenants; t++ {
			tenant, site, user := benchId("bt", t), benchId("bs", t), benchId("bu", t)
			if _, err := tx.DB().Insert(collections.Tenants, dbx.Params{"id": tenant, "name": tenant, "slug": tenant, "plan": plan.Id, "status": "active"}).Execute(); err != nil {
				return err
			}
			u := core.NewRecord(users)
			u.Id = user
			u.SetEmail(user + "@example.com")
			u.SetPassword("password-123")
			if err := tx.SaveNoValidate(u); err != nil {
				return err
			}
			if _, err := tx.DB().Insert(collections.Memberships, dbx.Params{"id": benchId("bm", t), "user": user, "tenant": tenant, "role": "editor"}).Execute(); err != nil {
				return err
			}
			if _, err := tx.DB().Insert(collections.Sites, dbx.Params{"id": site, "tenant": tenant, "name": site, "url": "https://example.com"}).Execute(); err != nil {
				return err
			}
			for k := 0; k < benchKeywordsPerTenant; k++ {
				kw := fmt.Sprintf("keyword %d of tenant %d", k, t)
				if _, err := tx.DB().Insert(collections.Keywords, dbx.Params{
					"id": benchId(fmt.Sprintf("k%02d", t%100), k), "tenant": tenant, "site": site, "keyword": kw, "normalized": kw,
					"volume": rng.IntN(100_000), "difficulty": rng.IntN(101), "status": "new", "source": "bench",
				}).Execute(); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// BenchmarkKeywordList lists one workspace's 50 highest-volume keywords out of
// 1,000,000, through PocketBase's real list route, as a member (API rules apply)
// and as a superuser (no rules). p50-ms and the member/superuser ratio are the
// figures in docs/PERFORMANCE.md.
func BenchmarkKeywordList(b *testing.B) {
	dir := keywordsDataDir(b)
	app, err := tests.NewTestAppWithConfig(core.BaseAppConfig{DataDir: dir, EncryptionEnv: "pb_test_env"})
	if err != nil {
		b.Fatal(err)
	}
	defer app.Cleanup()
	testapp.Register(app)
	mux := serveMux(b, app)

	tenant := benchId("bt", 42)
	member, _ := app.FindRecordById(collections.Users, benchId("bu", 42))
	memberToken, _ := member.NewAuthToken()
	su, _ := app.FindAuthRecordByEmail(core.CollectionNameSuperusers, testapp.SuperuserEmail)
	suToken, _ := su.NewAuthToken()

	for _, variant := range []struct{ name, extra string }{{"with-total", ""}, {"skip-total", "&skipTotal=1"}} {
		u := "/api/collections/keywords/records?perPage=50&sort=-volume&filter=" + url.QueryEscape(fmt.Sprintf("tenant=%q", tenant)) + variant.extra
		for _, who := range []struct{ name, token string }{{"member", memberToken}, {"superuser", suToken}} {
			b.Run(variant.name+"/"+who.name, func(b *testing.B) {
				durations := make([]time.Duration, 0, b.N)
				for i := 0; i < b.N; i++ {
					req := httptest.NewRequest(http.MethodGet, u, nil)
					req.Header.Set("Authorization", who.token)
					rec := httptest.NewRecorder()
					start := time.Now()
					mux.ServeHTTP(rec, req)
					durations = append(durations, time.Since(start))
					if rec.Code != 200 {
						b.Fatalf("status %d: %s", rec.Code, rec.Body.String())
					}
				}
				slices.Sort(durations)
				b.ReportMetric(float64(durations[len(durations)/2].Microseconds())/1000, "p50-ms")
				b.ReportMetric(float64(durations[len(durations)*99/100].Microseconds())/1000, "p99-ms")
			})
		}
	}
}

// serveMux triggers the serve event once so every igny8 route and PocketBase
// route is mounted, and returns the resulting handler.
func serveMux(b *testing.B, app core.App) http.Handler {
	r, err := apis.NewRouter(app)
	if err != nil {
		b.Fatal(err)
	}
	var mux http.Handler
	se := &core.ServeEvent{App: app, Router: r}
	err = app.OnServe().Trigger(se, func(e *core.ServeEvent) error {
		m, err := e.Router.BuildMux()
		mux = m
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	return mux
}
