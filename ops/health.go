package ops

import (
	"bytes"
	"encoding/json"
	"net/http"
	"time"

	"github.com/igny8/igny8/metrics"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// MiddlewareHealth is the id of the middleware that adds igny8's state to
// PocketBase's /api/health answer for superusers.
const MiddlewareHealth = "igny8.health"

// HealthState is what a superuser's /api/health adds under data.igny8.
type HealthState struct {
	Database  string         `json:"database"` // "ok" or the error
	Queue     QueueState     `json:"queue"`
	Scheduler SchedulerState `json:"scheduler"`
}

// QueueState counts the jobs waiting and running and how late the oldest is.
type QueueState struct {
	Queued             int     `json:"queued"`
	Running            int     `json:"running"`
	OldestReadySeconds float64 `json:"oldest_ready_seconds"`
}

// SchedulerState says how many schedules run and how overdue the latest is.
type SchedulerState struct {
	Enabled    int     `json:"enabled"`
	LagSeconds float64 `json:"lag_seconds"`
}

// ReadHealth reads the state from the database.
func ReadHealth(app core.App) HealthState {
	now := time.Now().UTC()
	h := HealthState{Database: "ok"}
	var one int
	if err := app.DB().NewQuery("SELECT 1").Row(&one); err != nil {
		h.Database = err.Error()
		return h
	}
	_ = app.DB().NewQuery("SELECT COUNT(*) FROM jobs WHERE status = 'queued'").Row(&h.Queue.Queued)
	_ = app.DB().NewQuery("SELECT COUNT(*) FROM jobs WHERE status = 'running'").Row(&h.Queue.Running)
	_ = app.DB().NewQuery("SELECT COUNT(*) FROM schedules WHERE enabled = TRUE").Row(&h.Scheduler.Enabled)
	h.Queue.OldestReadySeconds = metrics.QueueLag(app, now).Seconds()
	h.Scheduler.LagSeconds = metrics.SchedulerLag(app, now).Seconds()
	return h
}

// bindHealth extends PocketBase's own health answer (which the admin UI reads)
// for superusers only: everyone else keeps getting the plain answer.
func bindHealth(app core.App) {
	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{Id: MiddlewareHealth, Func: func(se *core.ServeEvent) error {
		se.Router.Bind(&hook.Handler[*core.RequestEvent]{Id: MiddlewareHealth, Func: func(e *core.RequestEvent) error {
			if e.Request.Method != http.MethodGet || e.Request.URL.Path != "/api/health" || !e.HasSuperuserAuth() {
				return e.Next()
			}
			return withHealth(e)
		}})
		return se.Next()
	}})
}

// withHealth runs PocketBase's handler into a buffer and adds data.igny8.
func withHealth(e *core.RequestEvent) error {
	orig := e.Response
	buf := &bufferedResponse{header: http.Header{}}
	e.Response = buf
	err := e.Next()
	e.Response = orig
	if err != nil {
		return err
	}
	var body map[string]any
	if json.Unmarshal(buf.body.Bytes(), &body) != nil {
		orig.WriteHeader(buf.status)
		_, werr := orig.Write(buf.body.Bytes())
		return werr
	}
	data, _ := body["data"].(map[string]any)
	if data == nil {
		data = map[string]any{}
	}
	data["igny8"] = ReadHealth(e.App)
	body["data"] = data
	return e.JSON(http.StatusOK, body)
}

type bufferedResponse struct {
	header http.Header
	body   bytes.Buffer
	status int
}

func (b *bufferedResponse) Header() http.Header         { return b.header }
func (b *bufferedResponse) Write(p []byte) (int, error) { return b.body.Write(p) }
func (b *bufferedResponse) WriteHeader(code int)        { b.status = code }
