package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// Billing on Stripe and AI cost caps: the billing_events collection (every
// Stripe webhook event by id, applied exactly once), the ai_spend collection
// (provider spend per workspace and UTC day), and four hidden tenant fields —
// past_due_since and paid_through for suspension and the paid period,
// ai_cap_daily_usd and ai_cap_monthly_usd for the operators' caps. Existing
// workspaces get empty values (no cap, never past due). The down drops the
// two collections and the four fields.
func init() {
	m.Register(func(app core.App) error {
		t, err := app.FindCollectionByNameOrId("tenants")
		if err != nil {
			return err
		}
		zero := 0.0
		t.Fields.Add(
			&core.DateField{Name: "past_due_since", Hidden: true, Help: "when the first unpaid invoice failed; suspended after the grace period"},
			&core.DateField{Name: "paid_through", Hidden: true, Help: "end of the latest paid subscription period (older invoices change nothing)"},
			&core.NumberField{Name: "ai_cap_daily_usd", Hidden: true, Min: &zero, Help: "operator's cap on the instance key's AI spend per UTC day; 0 = none"},
			&core.NumberField{Name: "ai_cap_monthly_usd", Hidden: true, Min: &zero, Help: "operator's cap on the instance key's AI spend per UTC month; 0 = none"},
		)
		if err := app.Save(t); err != nil {
			return err
		}

		ev := core.NewBaseCollection("billing_events", "pbc_igny8_billing_events")
		ev.Fields.Add(
			&core.TextField{Name: "event_id", Required: true, Max: 255},
			&core.TextField{Name: "type", Required: true, Max: 100},
			&core.TextField{Name: "object_id", Max: 255, Help: "the Stripe object the event is about (subscription, invoice, session)"},
			&core.RelationField{Name: "tenant", CollectionId: "pbc_igny8_tenants", MaxSelect: 1, CascadeDelete: true},
			&core.NumberField{Name: "stripe_created", OnlyInt: true, Help: "the event's creation time at Stripe (unix seconds): orders states of one object"},
			&core.SelectField{Name: "status", Required: true, MaxSelect: 1, Values: []string{"processed", "ignored", "superseded", "failed"}},
			&core.TextField{Name: "note", Max: 500, Help: "what was done, or why not"},
			&core.NumberField{Name: "attempts", OnlyInt: true},
			&core.JSONField{Name: "payload", MaxSize: 1<<18 + 1024},
			&core.AutodateField{Name: "created", OnCreate: true},
			&core.AutodateField{Name: "updated", OnCreate: true, OnUpdate: true},
		)
		ev.AddIndex("idx_billing_events_event", true, "event_id", "")
		ev.AddIndex("idx_billing_events_object", false, "object_id, stripe_created", "")
		ev.AddIndex("idx_billing_events_tenant", false, "tenant", "")
		if err := app.Save(ev); err != nil {
			return err
		}

		sp := core.NewBaseCollection("ai_spend", "pbc_igny8_ai_spend")
		sp.Fields.Add(
			&core.RelationField{Name: "tenant", CollectionId: "pbc_igny8_tenants", MaxSelect: 1, CascadeDelete: true},
			&core.TextField{Name: "day", Required: true, Max: 10, Pattern: `^\d{4}-\d{2}-\d{2}$`},
			&core.NumberField{Name: "cost_usd", Min: &zero, Help: "all provider spend of the day"},
			&core.NumberField{Name: "instance_usd", Min: &zero, Help: "the part paid by the instance's key (what the caps limit)"},
			&core.NumberField{Name: "calls", OnlyInt: true, Min: &zero},
			&core.BoolField{Name: "anomaly", Help: "the day's spend passed the anomaly threshold (alerted once)"},
			&core.AutodateField{Name: "created", OnCreate: true},
			&core.AutodateField{Name: "updated", OnCreate: true, OnUpdate: true},
		)
		sp.AddIndex("idx_ai_spend_tenant_day", true, "tenant, day", "")
		sp.AddIndex("idx_ai_spend_day", false, "day", "")
		return app.Save(sp)
	}, func(app core.App) error {
		for _, name := range []string{"ai_spend", "billing_events"} {
			c, err := app.FindCollectionByNameOrId(name)
			if err != nil {
				return err
			}
			if err := app.Delete(c); err != nil {
				return err
			}
		}
		t, err := app.FindCollectionByNameOrId("tenants")
		if err != nil {
			return err
		}
		for _, f := range []string{"past_due_since", "paid_through", "ai_cap_daily_usd", "ai_cap_monthly_usd"} {
			t.Fields.RemoveByName(f)
		}
		return app.Save(t)
	})
}
