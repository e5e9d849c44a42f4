package wpimport_test

import (
	"os"
	"strings"
	"testing"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/testapp"
	"github.com/igny8/igny8/wpimport"
	"github.com/pocketbase/dbx"
)

// mysql8Collations rewrites what MySQL 8 dumps name and MariaDB 10.11 does
// not know (RECIPES.md): utf8mb4_0900_ai_ci → utf8mb4_unicode_ci.
func mysql8Collations(dump string) string {
	return strings.ReplaceAll(dump, "utf8mb4_0900_ai_ci", "utf8mb4_unicode_ci")
}

// TestImportMySQL8Dump loads a mysqldump written by MySQL 8 (both shapes in
// one database, prefix wp8_) and imports it.
func TestImportMySQL8Dump(t *testing.T) {
	dsn, db := legacyDB(t)
	raw, err := os.ReadFile("testdata/mysql8_dump.sql")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(string(raw)); err == nil || !strings.Contains(err.Error(), "0900_ai_ci") {
		t.Fatalf("MariaDB accepted the MySQL 8 collation unchanged (the rewrite would be dead code): %v", err)
	}
	exec(t, db, mysql8Collations(string(raw)))
	app := testapp.New(t)
	rep := run(t, app, dsn, "wp8_", wpimport.Options{Only: []string{"clusters", "keywords"}})
	out := printed(rep)
	if rep.Shape != "both" || !rep.OK() {
		t.Fatalf("did not validate:\n%s", out)
	}
	if kw := table(t, rep, "keywords"); kw.Source != 7 || kw.Imported != 6 || !hasIssue(rep.Skipped, "keywords", "igny8_keywords#6", "duplicate of igny8_keywords#1") {
		t.Fatalf("keywords %+v\n%s", kw, out)
	}
	if c := table(t, rep, "clusters"); c.Imported != 4 {
		t.Fatalf("clusters %+v", c)
	}
	jug, err := app.FindFirstRecordByFilter(collections.Keywords, "site = {:s} && keyword = 'latte art milk jug'", dbx.Params{"s": testapp.SiteId(testapp.A)})
	if err != nil {
		t.Fatal(err)
	}
	cl, _ := app.FindRecordById(collections.Clusters, jug.GetString("cluster"))
	if cl == nil || cl.GetString("name") != "Latte art" || jug.GetFloat("difficulty") != 18 || jug.GetFloat("volume") != 480 {
		t.Fatalf("the post-type keyword %v in %v", jug.PublicExport(), cl)
	}
	if n := count(t, app, collections.Clusters, "tenant = {:t} AND status = 'archived'"); n != 1 {
		t.Fatalf("archived clusters %d", n)
	}
}
