package wpclient

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/go-resty/resty/v2"
)

// secretMark stands for anything private a foreign server might answer with;
// seeds carry it in every position a parser reads.
const secretMark = "zzsecretzz"

// siteAnswerSeeds are answers a site might give, with secretMark wherever a
// parser reads.
var siteAnswerSeeds = []string{
	`{"code":"rest_forbidden","message":"Sorry, you are not allowed to do that."}`,
	`{"code":"rest_forbidden","message":"<script>` + secretMark + `</script>"}`,
	`{"code":"` + secretMark + ` not a code","message":"x"}`,
	`<html><body>` + secretMark + ` admin token</body></html>`,
	`[{"id":1,"status":"publish","link":true,"slug":"` + secretMark + `"}]`,
	`{"id":"` + secretMark + `","modified_gmt":"yesterday"}`,
	`{"name":"Blog","description":"` + secretMark + `","timezone_string":"Europe/Berlin","aws":{"AccessKeyId":"` + secretMark + `"}}`,
	`{"name":` + strings.Repeat(`[`, 5000) + `}`,
	"\xff\xfe\x00{}",
	``,
}

// FuzzSiteAnswers feeds arbitrary bytes, as a site would answer them, to the
// client's parsers of WordPress answers: the error of a non-2xx answer and
// the description of a 2xx answer that does not decode. Neither may panic,
// and what they keep is bounded text that never repeats the answer (only a
// WordPress-shaped error's own cleaned message may be kept). The publisher's
// parsers (settings) have their own target, wordpress's FuzzSettingsAnswers.
func FuzzSiteAnswers(f *testing.F) {
	for _, seed := range siteAnswerSeeds {
		f.Add([]byte(seed), 500)
		f.Add([]byte(seed), 200)
	}
	f.Fuzz(func(t *testing.T, body []byte, status int) {
		if status < 100 || status > 599 {
			status = 500
		}
		resp := (&resty.Response{RawResponse: &http.Response{StatusCode: status, Header: http.Header{"Content-Type": {"application/json"}}}}).SetBody(body)
		ae := apiErrorOf(Call{Method: http.MethodGet, Route: "/wp/v2/posts", Auth: "basic"}, resp)
		msg := ae.Error()
		if !utf8.ValidString(msg) || utf8.RuneCountInString(ae.Message) > maxMessageRunes {
			t.Fatalf("error of a %d answer is not bounded text: %q", status, msg)
		}
		if ae.Code == "" && strings.Contains(msg, secretMark) {
			t.Fatalf("the error repeats a foreign answer: %q", msg)
		}

		var posts []struct {
			ID     int    `json:"id"`
			Status string `json:"status"`
			Link   string `json:"link"`
		}
		if err := json.Unmarshal(body, &posts); err != nil {
			if d := decodeFailure(err); strings.Contains(d, secretMark) || !utf8.ValidString(d) || len(d) > 300 {
				t.Fatalf("decode failure repeats the answer: %q", d)
			}
		}
	})
}
