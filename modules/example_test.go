package modules_test

// The example module: the smallest complete igny8 module — a collection, a
// job type, a route and the wiring — kept as the living example
// docs/CONTRACTS.md points to. It is test code, so none of it ships, and it
// uses only the extension points a real module uses:
//
//   - the collection: a migration (m.Register, run when the test app's data
//     dir is built) that creates it with the collections helpers
//     (TenantScoped, Timestamps, MemberRule, SetRules). A real module puts
//     the name constants and the build function in collections/<name>.go and
//     a frozen migration in pb_migrations/.
//   - the job type: jobs.Handle, with the job's effect in job.OnCommit (saved
//     in the transaction that marks the job succeeded: exactly once).
//   - the route: an OnServe hook with an exported id that mounts a route
//     under /api/igny8/ (so the route error policy maps its errors), checks
//     access and writability with tenancy.RequireWrite and queues the job
//     with jobs.Enqueue (an ActiveKey makes a second click the same job).
//   - the wiring: a modules.Module, here passed as Options.Extra; a real
//     module is one line in modules.List.

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/jobs"
	"github.com/igny8/igny8/modules"
	"github.com/igny8/igny8/tenancy"
	"github.com/igny8/igny8/testapp"
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// The example's vocabulary (a real module's lives in collections/).
const (
	Greetings   = "example_greetings"
	GreetingsId = "pbc_example_greetings"
	// JobGreet writes one greeting (payload: greetPayload).
	JobGreet = "example.greet"
	// HookExampleRoutes is the id of the serve hook that mounts the route.
	HookExampleRoutes = "example.routes"
)

// buildGreetings is the collection: a workspace's greetings, read by its
// members through the REST API and written only by the job.
func buildGreetings(c *core.Collection) {
	collections.TenantScoped(c, false)
	c.Fields.Add(
		&core.TextField{Name: "name", Required: true, Max: 100},
		&core.TextField{Name: "message", Max: 200},
		&core.TextField{Name: "job", Max: 40},
	)
	collections.Timestamps(c)
	member := collections.Ptr(collections.MemberRule("tenant", collections.RoleViewer))
	collections.SetRules(c, member, member, nil, nil, nil)
}

func init() {
	m.Register(func(app core.App) error {
		c := core.NewBaseCollection(Greetings, GreetingsId)
		buildGreetings(c)
		return app.Save(c)
	}, func(app core.App) error {
		c, err := app.FindCollectionByNameOrId(Greetings)
		if err != nil {
			return err
		}
		return app.Delete(c)
	})
}

// exampleModule is the module as the wiring list knows it.
var exampleModule = modules.Module{Name: "example", Register: registerExample}

// registerExample is the module's Register: the job type and the route.
func registerExample(app core.App) error {
	jobs.Handle(app, JobGreet, greet, jobs.HandlerOptions{Concurrency: 1, MaxAttempts: 3})
	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{Id: HookExampleRoutes, Func: func(se *core.ServeEvent) error {
		se.Router.POST("/api/igny8/example/workspaces/{tenant}/greetings", greetRoute)
		return se.Next()
	}})
	return nil
}

type greetPayload struct {
	Name string `json:"name"`
}

// greetRoute (editors and up) queues a greeting and answers 202 with its job.
func greetRoute(e *core.RequestEvent) error {
	tenant := e.Request.PathValue("tenant")
	if _, err := tenancy.RequireWrite(e, tenant, collections.RoleEditor); err != nil {
		return err
	}
	var body greetPayload
	if err := e.BindBody(&body); err != nil || strings.TrimSpace(body.Name) == "" {
		return e.BadRequestError("name is required", err)
	}
	job, err := jobs.Enqueue(e.App, jobs.EnqueueParams{Tenant: tenant, Type: JobGreet, Payload: body,
		ActiveKey: jobs.ActiveKey(JobGreet, tenant+"/"+body.Name), CreatedBy: e.Auth.Id})
	if err != nil {
		return err
	}
	return e.JSON(http.StatusAccepted, map[string]string{"job": job.Id})
}

// greet is the job handler: it composes the message and saves the greeting
// when the job's success commits.
func greet(_ context.Context, job *jobs.Job) error {
	var p greetPayload
	if err := job.Payload(&p); err != nil {
		return jobs.Permanent(fmt.Errorf("greet payload: %w", err))
	}
	job.OnCommit(func(tx core.App) error {
		col, err := tx.FindCachedCollectionByNameOrId(Greetings)
		if err != nil {
			return err
		}
		r := core.NewRecord(col)
		r.Load(map[string]any{"tenant": job.Tenant(), "name": p.Name, "message": "Hello, " + p.Name + "!", "job": job.Id()})
		return tx.Save(r)
	})
	job.SetResult(map[string]string{"name": p.Name})
	return nil
}

// TestExampleModule: route → job through the real engine → collection, with
// the module wired exactly as main.go wires every package; other workspaces
// and viewers are refused, and the collection's rules keep each workspace's
// greetings its own.
func TestExampleModule(t *testing.T) {
	app := bare(t)
	modules.MustRegister(app, modules.Options{TestApp: true, Extra: []modules.Module{exampleModule}})
	c := testapp.NewClient(t, app)
	tenantA := testapp.TenantId(testapp.A)
	path := "/api/igny8/example/workspaces/" + tenantA + "/greetings"

	// the route checks the role and the workspace (a foreign one is not found)
	c.Must("POST", path, testapp.Authorization(t, app, testapp.A, collections.RoleViewer), `{"name":"Ada"}`, http.StatusForbidden)
	c.Must("POST", path, testapp.Authorization(t, app, testapp.B, collections.RoleOwner), `{"name":"Ada"}`, http.StatusNotFound)
	c.Must("POST", path, testapp.Authorization(t, app, testapp.A, collections.RoleEditor), `{"name":" "}`, http.StatusBadRequest)

	editorA := testapp.Authorization(t, app, testapp.A, collections.RoleEditor)
	queued := c.Must("POST", path, editorA, `{"name":"Ada"}`, http.StatusAccepted)
	again := c.Must("POST", path, editorA, `{"name":"Ada"}`, http.StatusAccepted)
	if queued["job"] == "" || again["job"] != queued["job"] {
		t.Fatalf("a second click queued job %v, want the first one %v", again["job"], queued["job"])
	}

	// the real engine claims and runs it; its effect commits with its success
	e := jobs.NewEngine(app, jobs.Options{Workers: 1})
	if ran, err := e.RunOnce(); err != nil || !ran {
		t.Fatalf("run the greet job: ran %v, %v", ran, err)
	}
	job, err := app.FindRecordById(collections.Jobs, queued["job"].(string))
	if err != nil {
		t.Fatal(err)
	}
	if job.GetString("status") != collections.JobSucceeded {
		t.Fatalf("greet job %s: %s", job.GetString("status"), job.GetString("error"))
	}
	list, err := app.FindAllRecords(Greetings)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].GetString("tenant") != tenantA || list[0].GetString("message") != "Hello, Ada!" || list[0].GetString("job") != job.Id {
		t.Fatalf("greetings after the job: %v", list)
	}

	// the collection's API rules: A's members read it, B's do not, nobody writes
	records := "/api/collections/" + Greetings + "/records"
	for _, c2 := range []struct {
		who, role string
		want      float64
	}{{testapp.A, collections.RoleViewer, 1}, {testapp.B, collections.RoleOwner, 0}} {
		got := c.Must("GET", records, testapp.Authorization(t, app, c2.who, c2.role), "", http.StatusOK)
		if got["totalItems"] != c2.want {
			t.Fatalf("%s %s lists %v greetings, want %v", c2.who, c2.role, got["totalItems"], c2.want)
		}
	}
	c.Must("POST", records, testapp.Authorization(t, app, testapp.A, collections.RoleOwner),
		`{"tenant":"`+tenantA+`","name":"Eve"}`, http.StatusForbidden)
}
