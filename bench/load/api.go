package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// call sends one JSON request and decodes a JSON answer into out (if not nil).
func call(method, url, token string, body any, out any) (int, error) {
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, url, rd)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", token)
	}
	r, err := hc.Do(req)
	if err != nil {
		return 0, err
	}
	defer r.Body.Close()
	b, err := io.ReadAll(r.Body)
	if err != nil {
		return r.StatusCode, err
	}
	if r.StatusCode >= 300 {
		return r.StatusCode, fmt.Errorf("%s %s: %d %.300s", method, url, r.StatusCode, b)
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			return r.StatusCode, fmt.Errorf("%s %s: %w", method, url, err)
		}
	}
	return r.StatusCode, nil
}

func qs(s string) string {
	return strings.NewReplacer(" ", "%20", `"`, "%22", "&", "%26", "|", "%7C", "=", "%3D").Replace(s)
}

type job struct{ Id, Status, Tenant, Created, Updated string }

func listJobs(base, su, filter string) ([]job, error) {
	var out []job
	for page := 1; ; page++ {
		var l struct {
			Items      []job
			TotalPages int
		}
		if _, err := call("GET", fmt.Sprintf("%s/api/collections/jobs/records?perPage=500&page=%d&filter=%s", base, page, qs(filter)), su, nil, &l); err != nil {
			return nil, err
		}
		out = append(out, l.Items...)
		if page >= l.TotalPages {
			return out, nil
		}
	}
}

func countJobs(base, su, filter string) (int, error) {
	var l struct{ TotalItems int }
	_, err := call("GET", base+"/api/collections/jobs/records?perPage=1&filter="+qs(filter), su, nil, &l)
	return l.TotalItems, err
}
