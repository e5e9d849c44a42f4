package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"
)

type subResult struct {
	w        *ws
	err      error
	jobFinal map[string]string // job id -> last terminal status seen
	kwMsgs   map[string]int    // keywords topic action -> count
	lat      []time.Duration   // receipt - record.updated, job events
	events   int
}

// subscribe opens PocketBase's SSE stream, subscribes to the jobs collection
// and the workspace's keywords topic with the owner's token, and records
// every event until ctx ends.
func subscribe(ctx context.Context, base string, w *ws, ready *sync.WaitGroup) *subResult {
	res := &subResult{w: w, jobFinal: map[string]string{}, kwMsgs: map[string]int{}}
	once := sync.Once{}
	done := func() { once.Do(ready.Done) }
	defer done()
	req, _ := http.NewRequestWithContext(ctx, "GET", base+"/api/realtime", nil)
	resp, err := (&http.Client{}).Do(req)
	if err != nil {
		res.err = err
		return res
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 1<<20), 1<<22)
	var event string
	var data []byte
	topic := "igny8/keywords/" + w.tenant
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "event:"):
			event = strings.TrimSpace(line[6:])
		case strings.HasPrefix(line, "data:"):
			data = append(data, strings.TrimSpace(line[5:])...)
		case line == "":
			now := time.Now()
			switch {
			case event == "PB_CONNECT":
				var c struct{ ClientId string }
				_ = json.Unmarshal(data, &c)
				if _, err := call("POST", base+"/api/realtime", w.token, map[string]any{
					"clientId": c.ClientId, "subscriptions": []string{"jobs", topic},
				}, nil); err != nil {
					res.err = err
					return res
				}
				done()
			case event == "jobs":
				res.events++
				var m struct {
					Record struct{ Id, Status, Updated, Tenant string }
				}
				_ = json.Unmarshal(data, &m)
				if u, err := time.Parse(pbTime, m.Record.Updated); err == nil {
					res.lat = append(res.lat, now.Sub(u))
				}
				if s := m.Record.Status; s == "succeeded" || s == "failed" || s == "canceled" {
					res.jobFinal[m.Record.Id] = s
				}
			case event == topic:
				res.events++
				var m struct{ Action string }
				_ = json.Unmarshal(data, &m)
				res.kwMsgs[m.Action]++
			}
			event, data = "", data[:0]
		}
	}
	if ctx.Err() == nil {
		res.err = fmt.Errorf("stream ended: %v", sc.Err())
	}
	return res
}
