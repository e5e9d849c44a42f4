package jobs_test

import (
	"errors"
	"net/http"
	"os/exec"
	"strings"
	"testing"

	"github.com/igny8/igny8/jobs"
	"github.com/igny8/igny8/testapp"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
)

// TestReleaseBuildHasNoTestHandlers proves the build without jobs.BuildTagTest
// (the one `make` and the Dockerfile ship) has neither the test job type nor the
// superuser top-up route, even with IGNY8_TEST_HANDLERS=1 in its environment,
// and that the go tool leaves test_handlers.go out of it.
func TestReleaseBuildHasNoTestHandlers(t *testing.T) {
	t.Setenv(jobs.EnvTestHandlers, "1")
	for _, s := range []tests.ApiScenario{
		{Name: "top-up route", Method: http.MethodPost, URL: "/api/igny8/test/jobs",
			Body: strings.NewReader(`{"tenant":"` + tenantA + `","count":1,"topup":1000,"key":"x"}`)},
		{Name: "summary route", Method: http.MethodGet, URL: "/api/igny8/test/jobs/summary"},
	} {
		s.ExpectedStatus = http.StatusNotFound
		s.ExpectedContent = []string{`"status":404`}
		s.NotExpectedContent = []string{`"ids"`, `"summary"`}
		s.TestAppFactory = testapp.Factory
		s.BeforeTestFunc = func(t testing.TB, app *tests.TestApp, _ *core.ServeEvent) {
			s.Headers = map[string]string{"Authorization": testapp.SuperuserToken(t, app)}
		}
		s.Test(t)
	}

	app := testapp.New(t)
	if _, err := jobs.Enqueue(app, jobs.EnqueueParams{Tenant: tenantA, Type: "test.slow"}); !errors.Is(err, jobs.ErrUnknownType) {
		t.Fatalf("release build enqueued the test job type: %v", err)
	}

	files := func(tags ...string) string {
		args := append([]string{"list"}, tags...)
		out, err := exec.Command("go", append(args, "-f", "{{join .GoFiles \" \"}}", "github.com/igny8/igny8/jobs")...).CombinedOutput()
		if err != nil {
			t.Fatalf("go list: %v\n%s", err, out)
		}
		return string(out)
	}
	if release := files(); strings.Contains(release, "test_handlers.go") || !strings.Contains(release, "test_handlers_off.go") {
		t.Fatalf("release build of jobs compiles %s", release)
	}
	if tagged := files("-tags", jobs.BuildTagTest); !strings.Contains(tagged, "test_handlers.go") {
		t.Fatalf("the %s build lacks the test handlers: %s", jobs.BuildTagTest, tagged)
	}
}
