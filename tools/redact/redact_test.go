package redact

import "testing"

func TestSecrets(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ in, want string }{
		{`upstream said: invalid header "Authorization: Bearer sk-proj-AbC123xyz_987-QQ"`, `upstream said: invalid header "Authorization: Bearer [redacted]"`},
		{`Incorrect API key provided: sk-abcdefghijklmnop1234. You can find your API key at https://platform.openai.com`, `Incorrect API key provided: [redacted]. You can find your API key at https://platform.openai.com`},
		{`{"error":{"message":"bad key","api_key":"or-live-0123456789"}}`, `{"error":{"message":"bad key","api_key":"[redacted]"}}`},
		{`GET /v1?api-key=abcdef123456&x=1`, `GET /v1?api-key=[redacted]&x=1`},
		{`Authorization: Basic YWRtaW46YWJjZCBlZmdoIGlqa2w=`, `Authorization: Basic [redacted]`},
		{`token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig_nature-x`, `token [redacted]`},
		{`jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig_nature-x here`, `jwt [redacted] here`},
		{`password=hunter22 and secret: "s3cr3t!!"`, `password=[redacted] and secret: "[redacted]"`},
		{`stripe sk_live_51Habcdefghijkl`, `stripe [redacted]`},
		// ordinary text survives
		{`HTTP 429: rate limit reached for gpt-5.4 on tokens per min (TPM): Limit 30000, Used 29000`, `HTTP 429: rate limit reached for gpt-5.4 on tokens per min (TPM): Limit 30000, Used 29000`},
		{`max_tokens: 4096 is too large; the basic plan allows less`, `max_tokens: 4096 is too large; the basic plan allows less`},
		{`the model's reply was cut off`, `the model's reply was cut off`},
	} {
		if got := Secrets(c.in); got != c.want {
			t.Errorf("Secrets(%q)\n got %q\nwant %q", c.in, got, c.want)
		}
	}
	// a known key is removed wherever it appears, whatever its shape
	if got := Secrets("echo: my-gateway-key-42 (my-gateway-key-42) abc", "my-gateway-key-42", "", "abc"); got != "echo: [redacted] ([redacted]) abc" {
		t.Errorf("known key: %q", got)
	}
}
