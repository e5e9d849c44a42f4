package notify

import (
	"fmt"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/wordpress"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// Who is told what: owners pay, admins run the workspace.
var (
	payers    = []string{collections.RoleOwner}
	operators = []string{collections.RoleOwner, collections.RoleAdmin}
)

func bindHooks(app core.App) {
	app.OnRecordAfterUpdateSuccess(collections.Jobs).Bind(&hook.Handler[*core.RecordEvent]{Id: HookPublish, Func: func(e *core.RecordEvent) error {
		publishFailed(e.App, e.Record)
		return e.Next()
	}})
	app.OnRecordAfterCreateSuccess(collections.CreditLedger).Bind(&hook.Handler[*core.RecordEvent]{Id: HookCredits, Func: func(e *core.RecordEvent) error {
		creditsCrossed(e.App, e.Record)
		return e.Next()
	}})
	app.OnRecordAfterUpdateSuccess(collections.Tenants).Bind(&hook.Handler[*core.RecordEvent]{Id: HookBilling, Func: func(e *core.RecordEvent) error {
		billingStatus(e.App, e.Record)
		return e.Next()
	}})
	app.OnRecordAfterUpdateSuccess(collections.Schedules).Bind(&hook.Handler[*core.RecordEvent]{Id: HookAutomation, Func: func(e *core.RecordEvent) error {
		automationStalled(e.App, e.Record)
		return e.Next()
	}})
	app.OnRecordAfterCreateSuccess(collections.Invitations).Bind(&hook.Handler[*core.RecordEvent]{Id: HookInvitation, Func: func(e *core.RecordEvent) error {
		invited(e.App, e.Record)
		return e.Next()
	}})
	app.OnRecordAfterUpdateSuccess(collections.Exports).Bind(&hook.Handler[*core.RecordEvent]{Id: HookExport, Func: func(e *core.RecordEvent) error {
		exportReady(e.App, e.Record)
		return e.Next()
	}})
	// a member who leaves keeps nothing of the workspace, its notifications included
	app.OnRecordAfterDeleteSuccess(collections.Memberships).Bind(&hook.Handler[*core.RecordEvent]{Id: HookMemberLeaves, Func: func(e *core.RecordEvent) error {
		recs, err := e.App.FindRecordsByFilter(collections.Notifications, "user = {:u} && tenant = {:t}", "", 0, 0,
			dbx.Params{"u": e.Record.GetString("user"), "t": e.Record.GetString("tenant")})
		if err == nil {
			for _, r := range recs {
				if err := e.App.Delete(r); err != nil {
					e.App.Logger().Error("notify: delete a leaver's notification", "error", err)
				}
			}
		}
		return e.Next()
	}})
}

// workspacePath is the web app's path of page in tenant (e.g. "billing").
func workspacePath(app core.App, tenantId, page string) string {
	var slug string
	_ = app.DB().Select("slug").From(collections.Tenants).Where(dbx.HashExp{"id": tenantId}).Row(&slug)
	return "/t/" + slug + "/" + page
}

func changedTo(r *core.Record, field, value string) bool {
	return r.GetString(field) == value && r.Original().GetString(field) != value
}

// publishFailed: a publish job failed for good (its retries are spent).
func publishFailed(app core.App, job *core.Record) {
	if job.GetString("type") != wordpress.JobPublish || !changedTo(job, "status", collections.JobFailed) {
		return
	}
	tenant, content := job.GetString("tenant"), job.GetString("target")
	title := "an article"
	if c, err := app.FindRecordById(collections.Contents, content); err == nil {
		title = "“" + c.GetString("title") + "”"
	}
	n := Note{Tenant: tenant, Kind: collections.NotifyPublishFailed, Key: "publish_failed:" + job.Id,
		Text: fmt.Sprintf("Publishing %s to WordPress failed: %s", title, collections.Truncate(job.GetString("error"), 200)),
		Link: workspacePath(app, tenant, "writer/contents/"+content)}
	ToMembers(app, n, operators...)
	if by := job.GetString("created_by"); by != "" {
		if _, err := app.FindFirstRecordByFilter(collections.Memberships, "user = {:u} && tenant = {:t}", dbx.Params{"u": by, "t": tenant}); err == nil {
			n.User = by
			if _, err := Send(app, n); err != nil {
				app.Logger().Error("notify: publish failed", "error", err)
			}
		}
	}
}

// LowCredits is the balance under which a workspace is told its credits run
// low: a tenth of its plan's monthly credits, at least 5.
func LowCredits(monthly int) int { return max(5, monthly/10) }

// creditsCrossed: spending (a job's reservation) took the balance under the
// low mark or to 0. Each crossing is one notification (keyed by the entry); a
// balance that stays low adds none. Other entries that lower the balance are
// not spending and tell nobody: the sign-up hold until the email is verified,
// an operator's adjustment, a period's reset.
func creditsCrossed(app core.App, entry *core.Record) {
	delta := entry.GetInt("delta")
	if delta >= 0 || entry.GetString("kind") != collections.LedgerReserve {
		return
	}
	after := entry.GetInt("balance_after")
	before := after - delta
	tenant := entry.GetString("tenant")
	t, err := app.FindRecordById(collections.Tenants, tenant)
	if err != nil {
		return
	}
	monthly := 0
	if p, err := app.FindRecordById(collections.Plans, t.GetString("plan")); err == nil {
		monthly = p.GetInt("monthly_credits")
	}
	low := LowCredits(monthly)
	n := Note{Tenant: tenant, Link: workspacePath(app, tenant, "billing")}
	switch {
	case before > 0 && after <= 0:
		n.Kind, n.Key = collections.NotifyCreditsOut, "credits_out:"+entry.Id
		n.Text = "The workspace is out of credits: AI work stops until credits are bought or the plan renews."
	case before >= low && after < low:
		n.Kind, n.Key = collections.NotifyCreditsLow, "credits_low:"+entry.Id
		n.Text = fmt.Sprintf("Credits are running low: %d left. Buy credits or upgrade the plan to keep AI work going.", after)
	default:
		return
	}
	ToMembers(app, n, operators...)
}

// billingStatus: a failed payment (past due) and a suspension.
func billingStatus(app core.App, t *core.Record) {
	since := t.GetDateTime("past_due_since").String()
	switch {
	case changedTo(t, "status", collections.TenantPastDue):
		ToMembers(app, Note{Tenant: t.Id, Kind: collections.NotifyPaymentFailed, Key: "payment_failed:" + t.Id + ":" + since,
			Text: "A payment for the workspace failed. Update the card in Billing before the grace period ends, or the workspace becomes read-only.",
			Link: "/t/" + t.GetString("slug") + "/billing"}, payers...)
	case changedTo(t, "status", collections.TenantSuspended):
		ToMembers(app, Note{Tenant: t.Id, Kind: collections.NotifySuspended, Key: "suspended:" + t.Id + ":" + since,
			Text: "The workspace is suspended and read-only until it is paid. Nothing is deleted; you can export everything.",
			Link: "/t/" + t.GetString("slug") + "/billing"}, operators...)
	}
}

// automationStalled: a schedule's run failed twice in a row (the scheduler
// could not queue it, or its run failed). Once a day per schedule.
func automationStalled(app core.App, s *core.Record) {
	type result struct {
		Error string `json:"error"`
		At    string `json:"at"`
	}
	var now, before result
	if err := s.UnmarshalJSONField("last_result", &now); err != nil || now.Error == "" {
		return
	}
	if err := s.Original().UnmarshalJSONField("last_result", &before); err != nil || before.Error == "" || before.At == now.At {
		return
	}
	day := now.At
	if len(day) >= 10 {
		day = day[:10]
	}
	tenant, site := s.GetString("tenant"), s.GetString("site")
	name := "a site"
	if r, err := app.FindRecordById(collections.Sites, site); err == nil {
		name = r.GetString("name")
	}
	ToMembers(app, Note{Tenant: tenant, Kind: collections.NotifyAutomationStalled, Key: "automation_stalled:" + s.Id + ":" + day,
		Text: fmt.Sprintf("The %s automation of %s failed twice in a row: %s", s.GetString("type"), name, collections.Truncate(now.Error, 200)),
		Link: workspacePath(app, tenant, "sites/"+site)}, operators...)
}

// invited: someone with an account is invited (the invitation mails itself).
func invited(app core.App, inv *core.Record) {
	u, err := app.FindAuthRecordByEmail(collections.Users, inv.GetString("email"))
	if err != nil {
		return
	}
	ws := "a workspace"
	if t, err := app.FindRecordById(collections.Tenants, inv.GetString("tenant")); err == nil {
		ws = "“" + t.GetString("name") + "”"
	}
	if _, err := Send(app, Note{User: u.Id, Tenant: inv.GetString("tenant"), Kind: collections.NotifyInvitation, Key: "invitation:" + inv.Id,
		Text: fmt.Sprintf("You are invited to %s as %s.", ws, inv.GetString("role")), Link: "/invitations", NoMail: true}); err != nil {
		app.Logger().Error("notify: invitation", "error", err)
	}
}

// exportReady: the export its user asked for can be downloaded.
func exportReady(app core.App, x *core.Record) {
	if !changedTo(x, "status", collections.ExportReady) || x.GetString("user") == "" {
		return
	}
	if _, err := Send(app, Note{User: x.GetString("user"), Tenant: x.GetString("tenant"), Kind: collections.NotifyExportReady, Key: "export_ready:" + x.Id,
		Text: "The workspace export is ready to download (for 7 days).", Link: workspacePath(app, x.GetString("tenant"), "billing")}); err != nil {
		app.Logger().Error("notify: export ready", "error", err)
	}
}
