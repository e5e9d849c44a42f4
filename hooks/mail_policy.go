package hooks

import "github.com/pocketbase/pocketbase/core"

// MailEnabled reports whether igny8 sends mail: only with SMTP configured in
// Settings → Mail. Without it PocketBase would fall back to a local sendmail,
// which a self-hosted server or container usually lacks, so every message
// would fail (and be lost) instead.
func MailEnabled(app core.App) bool {
	return app.Settings().SMTP.Enabled
}
