package billing

import (
	"fmt"
	"os"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// EnvGrace is how long a past-due workspace keeps writing before it is
// suspended (a Go duration such as 168h; default DefaultGrace).
const EnvGrace = "IGNY8_BILLING_GRACE"

// DefaultGrace is the grace period after a failed payment.
const DefaultGrace = 7 * 24 * time.Hour

// Grace is the configured grace period.
func Grace() time.Duration {
	if d, err := time.ParseDuration(os.Getenv(EnvGrace)); err == nil && d > 0 {
		return d
	}
	return DefaultGrace
}

// SuspendOverdue suspends every past-due workspace whose payment failed more
// than the grace period before now: it becomes read-only (tenancy.WritableStatus),
// its automation queues nothing, and a paid invoice makes it active again.
// The jobs scheduler runs it every tick on its clock; each suspension is audited.
func SuspendOverdue(app core.App, now time.Time) (int, error) {
	cut := dateString(now.Add(-Grace()))
	due, err := app.FindAllRecords(collections.Tenants,
		dbx.HashExp{"status": collections.TenantPastDue},
		dbx.NewExp("past_due_since != '' AND past_due_since <= {:cut}", dbx.Params{"cut": cut}))
	if err != nil {
		return 0, fmt.Errorf("overdue workspaces: %w", err)
	}
	n := 0
	for _, t := range due {
		err := app.RunInTransaction(func(tx core.App) error {
			// the status is read again in the write transaction: a payment
			// that landed meanwhile wins
			fresh, err := tx.FindRecordById(collections.Tenants, t.Id)
			if err != nil || fresh.GetString("status") != collections.TenantPastDue {
				return err
			}
			fresh.Set("status", collections.TenantSuspended)
			if err := tx.Save(fresh); err != nil {
				return err
			}
			SystemAudit(tx, fresh.Id, "billing.suspended", collections.Tenants, fresh.Id, map[string]any{
				"pastDueSince": fresh.GetDateTime("past_due_since").String(), "grace": Grace().String()})
			n++
			return nil
		})
		if err != nil {
			return n, fmt.Errorf("suspend %s: %w", t.Id, err)
		}
	}
	return n, nil
}

// SystemAudit writes an audit entry made by igny8 itself (a webhook, the
// scheduler, a command), with the shape of hooks.Audit, which billing cannot
// import (hooks depends on tenancy, which depends on billing). Failures are
// logged, not returned: the change it describes has happened.
func SystemAudit(app core.App, tenantId, action, targetCollection, target string, changes any) {
	col, err := app.FindCachedCollectionByNameOrId(collections.AuditLog)
	if err != nil {
		app.Logger().Error("audit log collection missing", "error", err)
		return
	}
	a := core.NewRecord(col)
	a.Load(map[string]any{"tenant": tenantId, "action": action, "actor_type": "system",
		"target_collection": targetCollection, "target": target, "changes": changes})
	if err := app.Save(a); err != nil {
		app.Logger().Error("audit log write failed", "error", err, "action", action)
	}
}
