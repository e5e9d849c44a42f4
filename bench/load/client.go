package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"
)

type stats struct {
	mu     sync.Mutex
	lat    map[string][]time.Duration
	status map[string]map[int]int
	sample map[string]string
}

func newStats() *stats {
	return &stats{lat: map[string][]time.Duration{}, status: map[string]map[int]int{}, sample: map[string]string{}}
}

func (s *stats) add(kind string, d time.Duration, code int, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lat[kind] = append(s.lat[kind], d)
	if s.status[kind] == nil {
		s.status[kind] = map[int]int{}
	}
	s.status[kind][code]++
	if err != nil && s.sample[fmt.Sprint(kind, code)] == "" {
		s.sample[fmt.Sprint(kind, code)] = err.Error()
	}
}

// client is one signed-in owner: a closed loop of requests with a random
// pause (mean -think) between them; 35 % reads, 45 % lists, 12 % imports,
// 8 % enqueues (an enqueue right after the client's last import, so there are
// unclustered keywords).
func client(ctx context.Context, base string, w *ws, st *stats, counted bool) {
	r := rand.New(rand.NewPCG(uint64(len(w.email)), uint64(time.Now().UnixNano())))
	n := 0
	fresh := false // imported since the last enqueue
	for ctx.Err() == nil {
		select {
		case <-ctx.Done():
			return
		case <-time.After(time.Duration(r.Int64N(int64(2 * *think)))):
		}
		var kind, method, url string
		var body any
		p := r.IntN(100)
		if p >= 92 && !fresh {
			p = 80 // nothing imported since the last enqueue: import first
		}
		switch {
		case p < 25:
			kind, method = "read keyword", "GET"
			url = base + "/api/collections/keywords/records/" + w.kwIds[r.IntN(len(w.kwIds))]
		case p < 35:
			kind, method = "read site", "GET"
			url = base + "/api/collections/sites/records/" + w.site
		case p < 65:
			kind, method = "list keywords", "GET"
			url = fmt.Sprintf("%s/api/collections/keywords/records?page=%d&perPage=50&sort=-volume&filter=%s", base, 1+r.IntN(5), qs(`site="`+w.site+`"`))
		case p < 80:
			kind, method = "list jobs", "GET"
			url = fmt.Sprintf("%s/api/collections/jobs/records?page=%d&perPage=20&sort=-created&skipTotal=1", base, 1+r.IntN(2))
		case p < 92:
			kind, method = "import", "POST"
			kws := make([]string, 20)
			for j := range kws {
				kws[j] = fmt.Sprintf("load keyword %s %d %d", w.email, n, j)
			}
			n++
			url, body = base+"/api/igny8/planner/keywords", map[string]any{"site": w.site, "keywords": kws}
		default:
			kind, method = "enqueue", "POST"
			url, body = base+"/api/igny8/planner/cluster", map[string]any{"site": w.site}
		}
		t := time.Now()
		code, err := call(method, url, w.token, body, nil)
		st.add(kind, time.Since(t), code, err)
		fresh = kind == "import" && err == nil || fresh && kind != "enqueue"
		if kind == "import" && err == nil && counted {
			w.mu.Lock()
			w.imports++
			w.mu.Unlock()
		}
	}
}
