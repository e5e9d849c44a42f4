package wordpress

import (
	"encoding/json"
	"strings"
	"testing"
)

// FuzzSettingsAnswers feeds arbitrary bytes, as a site would answer its
// settings, to CleanSettings: it may not panic, and keeps only what igny8
// understands, bounded (the client's own parsers: wpclient's FuzzSiteAnswers).
func FuzzSettingsAnswers(f *testing.F) {
	for _, seed := range []string{
		`{"name":"Blog","description":"zzsecretzz","timezone_string":"Europe/Berlin","aws":{"AccessKeyId":"zzsecretzz"}}`,
		`{"name":` + strings.Repeat(`[`, 5000) + `}`,
		`{"title":"` + strings.Repeat("x", 1<<17) + `"}`,
		"\xff\xfe\x00{}",
		``,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var raw map[string]any
		if json.Unmarshal(body, &raw) != nil {
			return
		}
		out, _ := json.Marshal(CleanSettings(raw))
		if strings.Contains(string(out), `"aws"`) || len(out) > 1<<16 {
			t.Fatalf("settings keep what igny8 does not understand: %s", out)
		}
	})
}
