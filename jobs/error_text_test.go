package jobs_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/jobs"
)

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
