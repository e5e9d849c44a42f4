package collections

import "github.com/pocketbase/pocketbase/core"

// buildSuperusers requires two-factor sign-in of every platform operator:
// password, then a one-time code by email (printed on the server's terminal
// while mail is off, so whoever runs the server can still sign in).
func buildSuperusers(c *core.Collection) {
	c.OTP.Enabled = true
	c.MFA.Enabled = true
	c.MFA.Rule = ""
}
