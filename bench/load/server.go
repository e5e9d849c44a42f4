package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"time"
)

// start runs `igny8 superuser upsert` and `igny8 serve` on a free port.
func start() (string, func(), error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	addr := l.Addr().String()
	l.Close()
	out, err := exec.Command(*bin, "superuser", "upsert", suEmail, suPass, "--dir", *dir).CombinedOutput()
	if err != nil {
		return "", nil, fmt.Errorf("superuser upsert: %w: %s", err, out)
	}
	lf := *logFile
	if lf == "" {
		lf = *dir + "/server.log"
	}
	serverLog = lf
	f, err := os.Create(lf)
	if err != nil {
		return "", nil, err
	}
	cmd := exec.Command(*bin, "serve", "--http", addr, "--dir", *dir)
	cmd.Stdout, cmd.Stderr = f, f
	if err := cmd.Start(); err != nil {
		return "", nil, err
	}
	stop := func() {
		_ = cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
		}
		f.Close()
	}
	base := "http://" + addr
	for i := 0; i < 300; i++ {
		if r, err := http.Get(base + "/api/health"); err == nil {
			r.Body.Close()
			if r.StatusCode == 200 {
				return base, stop, nil
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	stop()
	return "", nil, fmt.Errorf("server did not answer /api/health (see %s)", lf)
}

// serverlessEnv is the environment for the igny8 commands run beside the
// server: the pprof listener address belongs to the server.
func serverlessEnv() []string {
	env := []string{}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "IGNY8_PPROF_ADDR=") {
			env = append(env, kv)
		}
	}
	return env
}

// authSuper signs the superuser in the way an operator without mail does:
// password (401 with an mfaId, superusers must use MFA), request-otp, then the
// code the server prints on its terminal (here: its log file) while mail is off.
func authSuper(base string) (string, error) {
	var m struct{ MfaId string }
	code, _ := call("POST", base+"/api/collections/_superusers/auth-with-password", "",
		map[string]string{"identity": suEmail, "password": suPass}, nil)
	if code != 401 {
		return "", fmt.Errorf("superuser password sign-in answered %d, want 401 with an mfaId", code)
	}
	b, _ := json.Marshal(map[string]string{"identity": suEmail, "password": suPass})
	r, err := hc.Post(base+"/api/collections/_superusers/auth-with-password", "application/json", bytes.NewReader(b))
	if err != nil {
		return "", err
	}
	_ = json.NewDecoder(r.Body).Decode(&m)
	r.Body.Close()
	var o struct{ OtpId string }
	if _, err := call("POST", base+"/api/collections/_superusers/request-otp", "", map[string]string{"email": suEmail}, &o); err != nil {
		return "", err
	}
	want := "sign-in code for superuser " + suEmail + ": "
	var otp string
	for i := 0; i < 50 && otp == ""; i++ {
		logb, _ := os.ReadFile(serverLog)
		for _, line := range strings.Split(string(logb), "\n") {
			if j := strings.Index(line, want); j >= 0 {
				otp = strings.TrimSpace(line[j+len(want):])
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	if otp == "" {
		return "", fmt.Errorf("no sign-in code in %s", serverLog)
	}
	var a struct{ Token string }
	_, err = call("POST", base+"/api/collections/_superusers/auth-with-otp", "",
		map[string]string{"otpId": o.OtpId, "password": otp, "mfaId": m.MfaId}, &a)
	return a.Token, err
}
