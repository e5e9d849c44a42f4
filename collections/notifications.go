package collections

import "github.com/pocketbase/pocketbase/core"

// Notifications are what needs a person, per user and workspace: a failed
// publish, credits running low or out, a failed payment, a stalled
// automation, an invitation. Each links to where it is fixed (a path of the
// web app). A user reads and deletes only their own; marking read goes through
// POST /api/igny8/notifications/read so no other field can be edited. key
// makes each notification once per user (a redelivered event, a retried job
// or a second crossing of the same threshold in a period adds nothing).
const (
	Notifications   = "notifications"
	NotificationsId = "pbc_igny8_notifications"
)

// Notification kinds (notifications.kind).
const (
	NotifyPublishFailed     = "publish_failed"
	NotifyCreditsLow        = "credits_low"
	NotifyCreditsOut        = "credits_out"
	NotifyPaymentFailed     = "payment_failed"
	NotifySuspended         = "suspended"
	NotifyAutomationStalled = "automation_stalled"
	NotifyInvitation        = "invitation"
	NotifyExportReady       = "export_ready"
)

// NotificationKinds lists every kind, in the order the schema shows them.
var NotificationKinds = []string{NotifyPublishFailed, NotifyCreditsLow, NotifyCreditsOut, NotifyPaymentFailed,
	NotifySuspended, NotifyAutomationStalled, NotifyInvitation, NotifyExportReady}

// NotificationTextMax bounds a notification's text.
const NotificationTextMax = 500

func buildNotifications(c *core.Collection) {
	c.Fields.Add(
		&core.RelationField{Name: "user", CollectionId: UsersId, Required: true, MaxSelect: 1, CascadeDelete: true},
		&core.RelationField{Name: "tenant", CollectionId: TenantsId, Required: true, MaxSelect: 1, CascadeDelete: true},
		&core.SelectField{Name: "kind", Required: true, MaxSelect: 1, Values: NotificationKinds},
		&core.TextField{Name: "text", Required: true, Max: NotificationTextMax},
		&core.TextField{Name: "link", Max: 500, Help: "the app path where it is fixed, e.g. /t/acme/billing"},
		&core.BoolField{Name: "read"},
		&core.TextField{Name: "key", Required: true, Max: 300, Help: "once per user: the event it is about"},
	)
	Timestamps(c)
	c.AddIndex("idx_notifications_user_key", true, "user, key", "")
	c.AddIndex("idx_notifications_user_created", false, "user, created", "")
	c.AddIndex("idx_notifications_tenant", false, "tenant", "")
	own := Ptr(`@request.auth.collectionName = "users" && user = @request.auth.id`)
	SetRules(c, own, own, nil, nil, own)
}
