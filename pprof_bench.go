//go:build igny8pprof

package main

// A profiling listener for bench/load.sh (PROFILE=1), compiled only into a
// `-tags igny8pprof` build, never a release: with IGNY8_PPROF_ADDR set (a
// loopback address such as 127.0.0.1:6061) net/http/pprof answers there,
// unauthenticated, so it must never be built into a binary that serves users.

import (
	"log"
	"net/http"
	_ "net/http/pprof" // registers /debug/pprof on http.DefaultServeMux
	"os"
	"runtime"
)

func init() {
	if addr := os.Getenv("IGNY8_PPROF_ADDR"); addr != "" {
		// block and mutex profiles: where requests wait (a database
		// connection, the single writer, a lock) rather than burn CPU.
		runtime.SetBlockProfileRate(100_000) // one sample per 100 µs blocked
		runtime.SetMutexProfileFraction(20)
		go func() { log.Println("igny8: pprof:", http.ListenAndServe(addr, nil)) }()
	}
}
