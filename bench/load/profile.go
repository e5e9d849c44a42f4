package main

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"time"
)

// profile takes a CPU profile, a block and a mutex profile over the middle of
// the window (from a sixth of it to five sixths) and a goroutine dump at its
// middle.
func profile(window time.Duration) {
	time.Sleep(window / 6)
	secs := int((window * 2 / 3).Seconds())
	go func() {
		time.Sleep(window / 3)
		save("http://"+*pprof+"/debug/pprof/goroutine?debug=1", "goroutines.txt")
	}()
	for _, p := range []string{"block", "mutex"} {
		go save(fmt.Sprintf("http://%s/debug/pprof/%s?seconds=%d", *pprof, p, secs), p+".pprof")
	}
	save(fmt.Sprintf("http://%s/debug/pprof/profile?seconds=%d", *pprof, secs), "cpu.pprof")
}

func save(url, name string) {
	r, err := (&http.Client{}).Get(url)
	if err != nil {
		fmt.Fprintln(os.Stderr, "load: profile:", err)
		return
	}
	defer r.Body.Close()
	f, err := os.Create(*profDir + "/" + name)
	if err != nil {
		fmt.Fprintln(os.Stderr, "load: profile:", err)
		return
	}
	defer f.Close()
	_, _ = io.Copy(f, r.Body)
}
