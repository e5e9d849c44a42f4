package main

import (
	"context"
	"database/sql"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase"
)

// TestReadPoolKeepsItsConnections: after bursts of as many concurrent reads
// as the pool opens (more than PocketBase's default 15 idle), the read pool
// keeps every connection for the next burst instead of closing the extras
// and opening them again (schema parse, empty page cache); it opens at most
// readConns.
func TestReadPoolKeepsItsConnections(t *testing.T) {
	t.Parallel()
	db := bootstrap(t).ConcurrentDB().(*dbx.DB).DB()
	ctx := context.Background()
	for round := 0; round < 2; round++ {
		conns := make([]*sql.Conn, readConns)
		for i := range conns {
			c, err := db.Conn(ctx)
			if err != nil {
				t.Fatal(err)
			}
			conns[i] = c
		}
		for _, c := range conns {
			if err := c.Close(); err != nil {
				t.Fatal(err)
			}
		}
	}
	st := db.Stats()
	if st.MaxIdleClosed != 0 || st.OpenConnections != readConns || st.MaxOpenConnections != readConns {
		t.Fatalf("after two bursts of %d reads the pool closed %d connections as surplus and holds %d open (at most %d); want 0 closed, all open, at most %d",
			readConns, st.MaxIdleClosed, st.OpenConnections, st.MaxOpenConnections, readConns)
	}
}

// TestConnectionPragmas: every connection of both databases and both pools
// has PocketBase's pragmas and reads through a memory map of mmapSize.
func TestConnectionPragmas(t *testing.T) {
	t.Parallel()
	app := bootstrap(t)
	for name, db := range map[string]dbx.Builder{"data": app.ConcurrentDB(), "data writer": app.NonconcurrentDB(),
		"auxiliary": app.AuxConcurrentDB(), "auxiliary writer": app.AuxNonconcurrentDB()} {
		for pragma, want := range map[string]string{"mmap_size": "268435456", "journal_mode": "wal", "busy_timeout": "10000",
			"foreign_keys": "1", "synchronous": "1", "cache_size": "-32000", "temp_store": "2"} {
			var got string
			if err := db.NewQuery("PRAGMA " + pragma).Row(&got); err != nil {
				t.Fatal(err)
			}
			if got != want {
				t.Errorf("%s: PRAGMA %s = %s, want %s", name, pragma, got, want)
			}
		}
	}
}

func bootstrap(t *testing.T) *pocketbase.PocketBase {
	t.Helper()
	cfg := appConfig()
	cfg.DefaultDataDir = t.TempDir()
	app := pocketbase.NewWithConfig(cfg)
	if err := app.Bootstrap(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = app.ResetBootstrapState() })
	return app
}
