// Package redact removes credentials from text that came from outside igny8
// before it is stored or shown. Upstream services echo what they were sent:
// an AI gateway answered a bad request with the whole Authorization header,
// and that text used to reach editors (the playground's 502) and every job's
// error history. Whatever builds an error message, a log line or a job error
// from a provider's answer passes it through [Secrets].
package redact

import (
	"regexp"
	"strings"
)

// Mark replaces every credential [Secrets] finds.
const Mark = "[redacted]"

var (
	// "Bearer <token>", "Basic <base64>" (an Authorization header, echoed)
	authScheme = regexp.MustCompile(`(?i)\b(bearer|basic|token)(\s+)[A-Za-z0-9._~+/=\-]{6,}`)
	// API keys by their well-known prefixes: OpenAI/OpenRouter/Anthropic (sk-…),
	// restricted/publishable keys (rk-, pk-), Stripe (sk_live_…), GitHub, Slack
	prefixed = regexp.MustCompile(`\b(?:sk|rk|pk)[-_][A-Za-z0-9_\-]{8,}|\b(?:ghp|gho|ghs|xox[abp])[-_][A-Za-z0-9_\-]{8,}`)
	// JSON web tokens
	jwt = regexp.MustCompile(`\beyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{4,}\.[A-Za-z0-9_\-]{4,}`)
	// key=value / "key": "value" pairs whose name says secret
	named = regexp.MustCompile(`(?i)(\b(?:api[_-]?key|x-api-key|access[_-]?token|refresh[_-]?token|auth[_-]?token|token|secret|client[_-]?secret|password|passwd|authorization)["']?\s*[:=]\s*["']?)([^"'\s,;&}]{4,})`)
)

// Secrets returns s with credentials replaced by [Mark]: the known values
// given (the keys the caller used; at least 6 characters, so a short value
// never blanks ordinary words), then anything shaped like a credential.
func Secrets(s string, known ...string) string {
	for _, k := range known {
		if len(k) >= 6 {
			s = strings.ReplaceAll(s, k, Mark)
		}
	}
	s = authScheme.ReplaceAllString(s, "${1}${2}"+Mark)
	s = named.ReplaceAllStringFunc(s, func(m string) string {
		sub := named.FindStringSubmatch(m)
		v := strings.ToLower(sub[2])
		if strings.HasPrefix(sub[2], Mark) || v == "bearer" || v == "basic" || v == "token" {
			return m // already redacted, or a scheme whose value authScheme took
		}
		return sub[1] + Mark
	})
	s = prefixed.ReplaceAllString(s, Mark)
	s = jwt.ReplaceAllString(s, Mark)
	return s
}
