package payments

import (
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/igny8/igny8/billing"
	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/jobs"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/stripe/stripe-go/v84"
	"github.com/stripe/stripe-go/v84/webhook"
)

// webhookRoute receives Stripe's events. The signature is checked first (a
// bad one answers 400 and changes nothing); a verified event is applied
// exactly once (Apply) and answered 200, also when it was seen before or is
// ignored. A failure answers 500 so that Stripe delivers the event again.
// The route's answers are what the Igny8StripeWebhookFailures alert counts
// (igny8_http_request_duration_seconds, route /api/igny8/billing/webhook).
func webhookRoute(e *core.RequestEvent) error {
	secret := stateOf(e.App).cfg.WebhookSecret
	if secret == "" {
		return billing.ErrNotConfigured
	}
	payload, err := io.ReadAll(e.Request.Body)
	if err != nil {
		return apis.NewBadRequestError("The body could not be read.", nil)
	}
	ev, err := webhook.ConstructEvent(payload, e.Request.Header.Get("Stripe-Signature"), secret)
	if err != nil {
		// the reason (signature, timestamp, API version) is for the log only
		e.App.Logger().Warn("stripe webhook refused", "error", err.Error())
		return apis.NewBadRequestError("The event's signature could not be verified.", nil)
	}
	res, err := Apply(e.App, ev, payload)
	if err != nil {
		return err
	}
	return e.JSON(http.StatusOK, map[string]any{"received": true, "status": res.Status, "duplicate": res.Duplicate})
}

// limitBody refuses bodies over n bytes before the handler reads them.
func limitBody(n int64) func(e *core.RequestEvent) error {
	return func(e *core.RequestEvent) error {
		e.Request.Body = http.MaxBytesReader(e.Response, e.Request.Body, n)
		return e.Next()
	}
}

// Result is what applying one event did.
type Result struct {
	Status    string // a collections.BillingEvent* status
	Note      string
	Tenant    string
	Duplicate bool // the event was applied (or ignored) before: nothing changed now
}

// outcome is what a handler decided, before it is recorded.
type outcome struct {
	status, note, tenant, object string
	// after runs once the transaction committed (calls to Stripe never run
	// inside a database transaction)
	after func(app core.App)
}

// Apply applies a verified Stripe event exactly once: its effects and its
// billing_events row are written in one transaction, and a row in a final
// status (processed, ignored, superseded) makes a redelivery a no-op. A
// handler that fails rolls everything back; the event is then recorded as
// failed and applied again on Stripe's next delivery.
func Apply(app core.App, ev stripe.Event, payload []byte) (Result, error) {
	now := jobs.Now(app)
	var res Result
	var after func(core.App)
	err := app.RunInTransaction(func(tx core.App) error {
		row, err := tx.FindFirstRecordByData(collections.BillingEvents, "event_id", ev.ID)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if row != nil && row.GetString("status") != collections.BillingEventFailed {
			res = Result{Status: row.GetString("status"), Note: row.GetString("note"), Tenant: row.GetString("tenant"), Duplicate: true}
			return nil
		}
		o, err := dispatch(tx, ev, now)
		if err != nil {
			return err
		}
		if row == nil {
			col, err := tx.FindCachedCollectionByNameOrId(collections.BillingEvents)
			if err != nil {
				return err
			}
			row = core.NewRecord(col)
		}
		fill(row, ev, payload, o)
		if err := tx.Save(row); err != nil {
			return fmt.Errorf("record event: %w", err)
		}
		res, after = Result{Status: o.status, Note: o.note, Tenant: o.tenant}, o.after
		return nil
	})
	if err != nil {
		recordFailure(app, ev, payload, err)
		return Result{Status: collections.BillingEventFailed}, fmt.Errorf("stripe event %s (%s): %w", ev.ID, ev.Type, err)
	}
	if after != nil {
		after(app)
	}
	return res, nil
}

func fill(row *core.Record, ev stripe.Event, payload []byte, o outcome) {
	row.Set("event_id", ev.ID)
	row.Set("type", string(ev.Type))
	row.Set("object_id", o.object)
	row.Set("tenant", o.tenant)
	row.Set("stripe_created", ev.Created)
	row.Set("status", o.status)
	row.Set("note", collections.Truncate(o.note, 500))
	row.Set("attempts", row.GetInt("attempts")+1)
	if len(payload) <= collections.BillingEventPayloadMax && json.Valid(payload) {
		row.Set("payload", json.RawMessage(payload))
	} else {
		row.Set("payload", map[string]any{"omitted": fmt.Sprintf("%d bytes", len(payload))})
	}
}

// recordFailure keeps a failed event's row (status failed, attempts counted)
// so operators see it in the admin UI; the next delivery applies it again.
func recordFailure(app core.App, ev stripe.Event, payload []byte, cause error) {
	app.Logger().Error("stripe event failed", "event", ev.ID, "type", string(ev.Type), "error", cause.Error())
	err := app.RunInTransaction(func(tx core.App) error {
		row, err := tx.FindFirstRecordByData(collections.BillingEvents, "event_id", ev.ID)
		if err != nil {
			col, err := tx.FindCachedCollectionByNameOrId(collections.BillingEvents)
			if err != nil {
				return err
			}
			row = core.NewRecord(col)
		}
		if s := row.GetString("status"); s != "" && s != collections.BillingEventFailed {
			return nil
		}
		fill(row, ev, payload, outcome{status: collections.BillingEventFailed, note: "failed: " + cause.Error(), object: objectId(ev)})
		return tx.Save(row)
	})
	if err != nil {
		app.Logger().Error("stripe event: recording the failure failed", "event", ev.ID, "error", err.Error())
	}
}

// objectId is the id of the object an event is about.
func objectId(ev stripe.Event) string {
	if ev.Data == nil {
		return ""
	}
	var o struct {
		ID string `json:"id"`
	}
	_ = json.Unmarshal(ev.Data.Raw, &o)
	return o.ID
}

// newerApplied reports whether a processed event about object is newer than
// ev (by Stripe's creation time; within the same second, rank orders the
// types: a deletion beats an update beats a creation).
func newerApplied(app core.App, object string, ev stripe.Event, rank func(string) int) (bool, error) {
	var rows []struct {
		Type    string `db:"type"`
		Created int64  `db:"stripe_created"`
	}
	err := app.DB().Select("type", "stripe_created").From(collections.BillingEvents).
		Where(dbx.HashExp{"object_id": object, "status": collections.BillingEventProcessed}).
		AndWhere(dbx.NewExp("stripe_created >= {:c}", dbx.Params{"c": ev.Created})).
		AndWhere(dbx.Not(dbx.HashExp{"event_id": ev.ID})).All(&rows)
	if err != nil {
		return false, err
	}
	for _, r := range rows {
		if r.Created > ev.Created || rank(r.Type) > rank(string(ev.Type)) {
			return true, nil
		}
	}
	return false, nil
}

func unix(sec int64) time.Time { return time.Unix(sec, 0).UTC() }
