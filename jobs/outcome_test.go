package jobs_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/jobs"
	"github.com/pocketbase/pocketbase/core"
)

func TestRunSucceedsAndCommitsCredits(t *testing.T) {
	t.Parallel()
	app, _ := newApp(t)
	jobs.Handle(app, "t.ok", func(ctx context.Context, job *jobs.Job) error {
		var p struct{ N int }
		if err := job.Payload(&p); err != nil {
			return err
		}
		if err := job.Progress(50); err != nil {
			return err
		}
		job.RecordUsage("gpt-x", 10, 20, 0.5)
		job.RecordUsage("gpt-y", 1, 2, 0.25)
		job.SetResult(map[string]int{"double": p.N * 2})
		return nil
	}, jobs.HandlerOptions{})
	before := balance(t, app, tenantA)
	rec := mustEnqueue(t, app, jobs.EnqueueParams{Tenant: tenantA, Site: siteA, Type: "t.ok", Payload: map[string]int{"N": 21}, Credits: 3})
	if got := balance(t, app, tenantA); got.Total() != before.Total()-3 {
		t.Fatalf("balance after reserve = %d, want %d", got.Total(), before.Total()-3)
	}
	e := jobs.NewEngine(app, jobs.Options{})
	if n := runAll(t, e); n != 1 {
		t.Fatalf("ran %d jobs, want 1", n)
	}
	got := reload(t, app, rec.Id)
	if got.GetString("status") != collections.JobSucceeded || got.GetInt("progress") != 100 ||
		got.GetString("credits_state") != collections.CreditsCommitted || got.GetInt("attempts") != 1 {
		t.Fatalf("job = %v", got.PublicExport())
	}
	if got.GetString("model") != "gpt-y" || got.GetInt("tokens_in") != 11 || got.GetInt("tokens_out") != 22 || got.GetFloat("cost_usd") != 0.75 {
		t.Fatalf("usage = %v", got.PublicExport())
	}
	var res map[string]int
	if err := got.UnmarshalJSONField("result", &res); err != nil || res["double"] != 42 {
		t.Fatalf("result = %v (%v)", res, err)
	}
	if got := balance(t, app, tenantA); got.Total() != before.Total()-3 {
		t.Fatalf("balance after commit = %d, want %d", got.Total(), before.Total()-3)
	}
	verifyLedger(t, app)
}

func TestRetryWithBackoffThenSuccess(t *testing.T) {
	t.Parallel()
	app, clock := newApp(t)
	calls := 0
	jobs.Handle(app, "t.flaky", func(ctx context.Context, job *jobs.Job) error {
		calls++
		if calls < 3 {
			return errors.New("upstream 503")
		}
		return nil
	}, jobs.HandlerOptions{MaxAttempts: 5})
	rec := mustEnqueue(t, app, jobs.EnqueueParams{Tenant: tenantA, Type: "t.flaky", Credits: 1})
	e := jobs.NewEngine(app, jobs.Options{BackoffBase: time.Minute, BackoffMax: time.Hour})

	var delays []time.Duration
	for attempt := 1; attempt <= 2; attempt++ {
		if ran, err := e.RunOnce(); err != nil || !ran {
			t.Fatalf("attempt %d: ran=%v err=%v", attempt, ran, err)
		}
		got := reload(t, app, rec.Id)
		if got.GetString("status") != collections.JobQueued || got.GetInt("attempts") != attempt {
			t.Fatalf("after attempt %d: %v", attempt, got.PublicExport())
		}
		delay := got.GetDateTime("run_after").Time().Sub(clock.Now())
		delays = append(delays, delay)
		// not due yet: nothing to run until the clock passes run_after
		if ran, _ := e.RunOnce(); ran {
			t.Fatalf("attempt %d: retried before its backoff", attempt)
		}
		clock.Add(delay)
	}
	// attempt 1 waits within [30s, 1m], attempt 2 within [1m, 2m]
	if delays[0] < 30*time.Second || delays[0] > time.Minute || delays[1] < time.Minute || delays[1] > 2*time.Minute {
		t.Fatalf("backoff delays = %v", delays)
	}
	if ran, err := e.RunOnce(); err != nil || !ran {
		t.Fatalf("third attempt: ran=%v err=%v", ran, err)
	}
	got := reload(t, app, rec.Id)
	var hist []jobs.AttemptError
	_ = got.UnmarshalJSONField("errors", &hist)
	if got.GetString("status") != collections.JobSucceeded || len(hist) != 2 || hist[0].Attempt != 1 || hist[1].Error != "upstream 503" {
		t.Fatalf("job = %v", got.PublicExport())
	}
	verifyLedger(t, app)
}

func TestFailureRefunds(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name     string
		err      error
		max      int
		attempts int
	}{
		{"permanent fails at once", jobs.Permanent(errors.New("bad input")), 5, 1},
		{"retries run out", errors.New("boom"), 2, 2},
		{"panic is an error", nil, 1, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			app, clock := newApp(t)
			jobs.Handle(app, "t.fail", func(ctx context.Context, job *jobs.Job) error {
				if tc.err == nil {
					panic("handler bug")
				}
				return tc.err
			}, jobs.HandlerOptions{})
			setBalance(t, app, tenantA, 2, 5)
			rec := mustEnqueue(t, app, jobs.EnqueueParams{Tenant: tenantA, Type: "t.fail", Credits: 4, MaxAttempts: tc.max})
			if b := balance(t, app, tenantA); b.Plan != 0 || b.Topup != 3 {
				t.Fatalf("reserve took %+v, want plan first then top-up", b)
			}
			e := jobs.NewEngine(app, jobs.Options{})
			for i := 0; i < tc.attempts; i++ {
				if ran, err := e.RunOnce(); err != nil || !ran {
					t.Fatalf("attempt %d: ran=%v err=%v", i+1, ran, err)
				}
				clock.Add(2 * time.Hour)
			}
			got := reload(t, app, rec.Id)
			if got.GetString("status") != collections.JobFailed || got.GetInt("attempts") != tc.attempts ||
				got.GetString("credits_state") != collections.CreditsRefunded || got.GetString("error") == "" {
				t.Fatalf("job = %v", got.PublicExport())
			}
			if b := balance(t, app, tenantA); b.Plan != 2 || b.Topup != 5 {
				t.Fatalf("refund gave %+v, want plan 2 top-up 5", b)
			}
			verifyLedger(t, app)
		})
	}
}

func TestOnCommitEffectRollsBackWithFailure(t *testing.T) {
	t.Parallel()
	app, _ := newApp(t)
	jobs.Handle(app, "t.effect", func(ctx context.Context, job *jobs.Job) error {
		job.OnCommit(func(tx core.App) error {
			c, _ := tx.FindRecordById(collections.Clusters, "")
			_ = c
			return errors.New("effect failed")
		})
		return nil
	}, jobs.HandlerOptions{MaxAttempts: 1})
	rec := mustEnqueue(t, app, jobs.EnqueueParams{Tenant: tenantA, Type: "t.effect", Credits: 1})
	e := jobs.NewEngine(app, jobs.Options{})
	runAll(t, e)
	got := reload(t, app, rec.Id)
	if got.GetString("status") != collections.JobFailed || got.GetString("credits_state") != collections.CreditsRefunded {
		t.Fatalf("job = %v", got.PublicExport())
	}
	verifyLedger(t, app)
}

// TestErrorsRedacted: a handler's error that carries an upstream echo of a
// credential (an AI gateway repeating the Authorization header) is stored
// without it, in the error, the history and the refund note.
func TestErrorsRedacted(t *testing.T) {
	t.Parallel()
	app, _ := newApp(t)
	const key = "sk-proj-Zx81kQ2mN5vB7cD9"
	jobs.Handle(app, "t.echo", func(ctx context.Context, job *jobs.Job) error {
		return jobs.Permanent(errors.New(`gpt-5.4: HTTP 401: gateway: rejected "Authorization: Bearer ` + key + `" for api_key=` + key))
	}, jobs.HandlerOptions{})
	rec := mustEnqueue(t, app, jobs.EnqueueParams{Tenant: tenantA, Type: "t.echo", Credits: 1})
	if ran, err := jobs.NewEngine(app, jobs.Options{}).RunOnce(); err != nil || !ran {
		t.Fatalf("ran=%v err=%v", ran, err)
	}
	got := reload(t, app, rec.Id)
	if got.GetString("status") != collections.JobFailed || !strings.Contains(got.GetString("error"), "Bearer [redacted]") {
		t.Fatalf("job = %v", got.PublicExport())
	}
	var notes []string
	if err := app.DB().NewQuery("SELECT note FROM credit_ledger WHERE job = {:j}").Bind(map[string]any{"j": rec.Id}).Column(&notes); err != nil {
		t.Fatal(err)
	}
	if len(notes) < 2 {
		t.Fatalf("ledger notes %v, want the reserve and the refund", notes)
	}
	for _, text := range append(notes, got.GetString("error"), got.GetString("errors")) {
		if strings.Contains(text, "Zx81kQ2mN5vB7cD9") {
			t.Fatalf("key stored: %s", text)
		}
	}
}

// A long error in a non-Latin script (a provider's message, a WordPress
// answer) is stored cut to the field's limit in characters at a word
// boundary: it used to be cut at 4000 bytes, which splits a character and
// stores invalid UTF-8.
func TestLongErrorIsCutAtAWordBoundary(t *testing.T) {
	t.Parallel()
	app, _ := newApp(t)
	msg := strings.Repeat("ошибка сервера ", 400) // 6,000 characters, 11,200 bytes
	jobs.Handle(app, "t.longerror", func(ctx context.Context, job *jobs.Job) error {
		return jobs.Permanent(errors.New(msg))
	}, jobs.HandlerOptions{})
	rec := mustEnqueue(t, app, jobs.EnqueueParams{Tenant: tenantA, Site: siteA, Type: "t.longerror"})
	runAll(t, jobs.NewEngine(app, jobs.Options{}))
	got := reload(t, app, rec.Id)
	stored := got.GetString("error")
	if got.GetString("status") != collections.JobFailed || !utf8.ValidString(stored) {
		t.Fatalf("job %s, error is valid UTF-8: %v", got.GetString("status"), utf8.ValidString(stored))
	}
	if n := utf8.RuneCountInString(stored); n > collections.JobErrorMax || n < collections.JobErrorMax-20 {
		t.Fatalf("error has %d characters, want at most %d and close to it", n, collections.JobErrorMax)
	}
	if !strings.HasSuffix(stored, "ошибка") && !strings.HasSuffix(stored, "сервера") {
		t.Fatalf("error cut inside a word: …%s", string([]rune(stored)[utf8.RuneCountInString(stored)-10:]))
	}
	var hist []jobs.AttemptError
	if err := got.UnmarshalJSONField("errors", &hist); err != nil || len(hist) != 1 || !utf8.ValidString(hist[0].Error) ||
		utf8.RuneCountInString(hist[0].Error) > collections.JobAttemptErrorMax {
		t.Fatalf("errors history: %v %v", err, len(hist))
	}
}
