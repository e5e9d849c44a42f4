package main

import (
	"fmt"

	"github.com/pocketbase/dbx"
)

// mmapSize is how much of each SQLite file a connection reads through a
// memory map (PRAGMA mmap_size) instead of read() calls into its own page
// cache.
//
// Why: in WAL mode a connection throws its whole page cache away whenever
// another connection committed since its last read, and under load something
// commits every few milliseconds (pastes, enqueues, job claims), so nearly
// every list or read request started cold and copied each page it touched
// from the OS with pread into freshly allocated cache pages (bench/load:
// page fetches, pread and cache resets were about a quarter of the server's
// CPU, and their page-cache mutex the most contended lock). Through the map a
// page is read where the OS already keeps it: no copy, no allocation, shared
// by all connections. Pages still in the WAL are read as before; SQLite maps
// at most the file's size and falls back to read() if a map fails. The cost
// is address space, not memory: up to readConns maps of the file.
const mmapSize = 256 << 20

// dbPragmas are PocketBase's own connection pragmas (core.DefaultDBConnect's,
// in its order: busy_timeout must come first) plus mmap_size.
var dbPragmas = "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=journal_size_limit(200000000)" +
	"&_pragma=synchronous(NORMAL)&_pragma=foreign_keys(ON)&_pragma=temp_store(MEMORY)&_pragma=cache_size(-32000)" +
	fmt.Sprintf("&_pragma=mmap_size(%d)", mmapSize) + "&_defensive=1"

// dbConnect opens PocketBase's databases (data and auxiliary) with dbPragmas.
func dbConnect(dbPath string) (*dbx.DB, error) {
	return dbx.Open("sqlite", dbPath+dbPragmas)
}
