package testapp

import (
	"bytes"
	"encoding/json"
	"net/http"
	"regexp"
	"testing"
	"time"
)

// SuperuserSignIn signs the fixture superuser in to a running igny8 the way an
// operator does without SMTP: password, then the one-time code the server
// prints on its terminal (superusers must use two-factor sign-in). It returns
// the auth token.
func SuperuserSignIn(t testing.TB, s *Server, email, password string) string {
	t.Helper()
	first, status := post(t, s.URL+"/api/collections/_superusers/auth-with-password", map[string]any{"identity": email, "password": password})
	mfaId, _ := first["mfaId"].(string)
	if status != http.StatusUnauthorized || mfaId == "" {
		t.Fatalf("superuser password sign-in: want 401 with an mfaId, got %d %v", status, first)
	}
	otp, status := post(t, s.URL+"/api/collections/_superusers/request-otp", map[string]any{"email": email})
	otpId, _ := otp["otpId"].(string)
	if status != http.StatusOK || otpId == "" {
		t.Fatalf("request-otp: %d %v", status, otp)
	}
	want := "sign-in code for superuser " + email + ": "
	if !s.WaitLog(want, 30*time.Second) {
		t.Fatalf("no sign-in code on the terminal:\n%s", s.Logs())
	}
	m := regexp.MustCompile(regexp.QuoteMeta(want)+`(\S+)`).FindAllStringSubmatch(s.Logs(), -1)
	code := m[len(m)-1][1]
	res, status := post(t, s.URL+"/api/collections/_superusers/auth-with-otp", map[string]any{"otpId": otpId, "password": code, "mfaId": mfaId})
	token, _ := res["token"].(string)
	if status != http.StatusOK || token == "" {
		t.Fatalf("auth-with-otp: %d %v", status, res)
	}
	return token
}

func post(t testing.TB, url string, body any) (map[string]any, int) {
	t.Helper()
	raw, _ := json.Marshal(body)
	res, err := http.Post(url, "application/json", bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(res.Body).Decode(&out)
	return out, res.StatusCode
}
