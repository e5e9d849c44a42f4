package wpimport_test

import (
	"testing"

	"github.com/igny8/igny8/testapp"
	"github.com/igny8/igny8/wpimport"
)

// TestHashesIgnoreRecordIds: the same legacy data imported into two apps
// gives the same hashes, table by table — a hash covers the mapped fields
// with relations as legacy ids, never igny8's record ids (the links'
// source_key and target_key, "content:<id>", included). That is what lets
// an import through the Bridge plugin be checked against a database import.
func TestHashesIgnoreRecordIds(t *testing.T) {
	dsn, db := legacyDB(t)
	loadTablesShape(t, db, "wp_", 20, 200)
	var reps []*wpimport.Report
	for range 2 {
		reps = append(reps, run(t, testapp.New(t), dsn, "wp_", wpimport.Options{Actor: "test"}))
	}
	for i, a := range reps[0].Tables {
		b := reps[1].Tables[i]
		if a.Name != b.Name || a.SourceHash != b.SourceHash || a.TargetHash != b.TargetHash {
			t.Errorf("%s: hashes %s/%s in one app, %s/%s in the other", a.Name, a.SourceHash, a.TargetHash, b.SourceHash, b.TargetHash)
		}
	}
	if l := table(t, reps[0], "links"); l.Imported == 0 || l.SourceHash == "" {
		t.Fatalf("no links to compare: %+v", l)
	}
}
