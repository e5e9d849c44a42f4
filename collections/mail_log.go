package collections

import "github.com/pocketbase/pocketbase/core"

// MailLog keeps the mail igny8 would have sent while no SMTP server is
// configured (verification and password-reset links, OTP codes), so an
// operator can pass a link on by hand. Superusers only: the links sign people in.
const (
	MailLog   = "mail_log"
	MailLogId = "pbc_igny8_mail_log"
)

func buildMailLog(c *core.Collection) {
	c.Fields.Add(
		&core.TextField{Name: "to", Max: 1000, Help: "Mail is off (no SMTP in Settings → Mail): these messages were stored here instead of sent"},
		&core.TextField{Name: "subject", Max: 1000},
		&core.TextField{Name: "text", Max: 200000},
		&core.TextField{Name: "html", Max: 200000},
	)
	c.Fields.Add(&core.AutodateField{Name: "created", OnCreate: true})
	c.AddIndex("idx_mail_log_created", false, "created", "")
	SetRules(c, nil, nil, nil, nil, nil)
}
