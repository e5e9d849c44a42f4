package collections

import "github.com/pocketbase/pocketbase/core"

// BillingEvents records every Stripe webhook event igny8 received, by its
// Stripe id (unique): the event is applied in the same transaction that marks
// it processed, so a redelivery finds the row and changes nothing. The payload
// is kept for operators (Stripe events carry no card data). Superusers only:
// the workspace sees its billing through the summary and invoices routes.
const (
	BillingEvents   = "billing_events"
	BillingEventsId = "pbc_igny8_billing_events"
)

// Billing event statuses. Processed, ignored and superseded are final; a
// failed event is applied again when Stripe redelivers it.
const (
	BillingEventProcessed = "processed"
	// BillingEventIgnored: a type igny8 does not act on, or an object of no workspace.
	BillingEventIgnored = "ignored"
	// BillingEventSuperseded: an older state of an object than one already applied.
	BillingEventSuperseded = "superseded"
	BillingEventFailed     = "failed"
)

// BillingEventPayloadMax bounds a stored payload; a larger one is stored cut.
const BillingEventPayloadMax = 1 << 18

// BuildBillingEvents defines the billing_events collection.
func BuildBillingEvents(c *core.Collection) {
	c.Fields.Add(
		&core.TextField{Name: "event_id", Required: true, Max: 255},
		&core.TextField{Name: "type", Required: true, Max: 100},
		&core.TextField{Name: "object_id", Max: 255, Help: "the Stripe object the event is about (subscription, invoice, session)"},
		&core.RelationField{Name: "tenant", CollectionId: TenantsId, MaxSelect: 1, CascadeDelete: true},
		&core.NumberField{Name: "stripe_created", OnlyInt: true, Help: "the event's creation time at Stripe (unix seconds): orders states of one object"},
		&core.SelectField{Name: "status", Required: true, MaxSelect: 1, Values: []string{BillingEventProcessed, BillingEventIgnored, BillingEventSuperseded, BillingEventFailed}},
		&core.TextField{Name: "note", Max: 500, Help: "what was done, or why not"},
		&core.NumberField{Name: "attempts", OnlyInt: true},
		&core.JSONField{Name: "payload", MaxSize: BillingEventPayloadMax + 1024},
	)
	Timestamps(c)
	c.AddIndex("idx_billing_events_event", true, "event_id", "")
	c.AddIndex("idx_billing_events_object", false, "object_id, stripe_created", "")
	c.AddIndex("idx_billing_events_tenant", false, "tenant", "")
	SetRules(c, nil, nil, nil, nil, nil)
}
