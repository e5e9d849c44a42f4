package ops_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/igny8/igny8/billing"
	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/jobs"
	"github.com/igny8/igny8/ops"
	"github.com/igny8/igny8/testapp"
	"github.com/pocketbase/pocketbase/core"
)

func TestMain(m *testing.M) { testapp.Main(m) }

// snapshot is what a restore must bring back: the record ids of every
// collection and the hash of every stored file.
type snapshot struct {
	records map[string]int
	files   map[string]string
}

func take(t *testing.T, dir string) snapshot {
	t.Helper()
	app := core.NewBaseApp(core.BaseAppConfig{DataDir: dir})
	if err := app.Bootstrap(); err != nil {
		t.Fatal(err)
	}
	defer app.ResetBootstrapState()
	s := snapshot{records: map[string]int{}, files: map[string]string{}}
	for _, name := range collections.Names() {
		n, err := app.CountRecords(name)
		if err != nil {
			t.Fatalf("count %s: %v", name, err)
		}
		s.records[name] = int(n)
	}
	if mm, err := billing.Verify(app); err != nil || len(mm) > 0 {
		t.Fatalf("credits verify in %s: %v %v", dir, mm, err)
	}
	root := filepath.Join(dir, core.LocalStorageDirName)
	filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(b)
		rel, _ := filepath.Rel(root, path)
		s.files[rel] = hex.EncodeToString(sum[:])
		return nil
	})
	return s
}

// seededDir is a closed copy of the test fixtures' data dir with a job that a
// worker holds (running, leased) at the moment of the backup.
func seededDir(t *testing.T) (dir, runningJob string) {
	t.Helper()
	app := testapp.New(t)
	col, err := app.FindCollectionByNameOrId(collections.Jobs)
	if err != nil {
		t.Fatal(err)
	}
	job := core.NewRecord(col)
	job.Load(map[string]any{"tenant": testapp.TenantId(testapp.A), "type": "drill.work", "status": collections.JobRunning,
		"attempts": 1, "max_attempts": 3, "run_after": time.Now().UTC(), "lease_until": time.Now().UTC().Add(time.Hour),
		"lease_owner": "worker-that-will-die", "idempotency_key": "drill-running"})
	if err := app.SaveNoValidate(job); err != nil {
		t.Fatal(err)
	}
	dir = app.DataDir()
	if err := app.ResetBootstrapState(); err != nil {
		t.Fatal(err)
	}
	return dir, job.Id
}

// The restore drill of docs/DEPLOY.md with the real binary: back up a data dir
// while the server runs, wipe, restore into an empty dir, and find the same
// records, the same files, a consistent ledger and the job that was running.
func TestRestoreDrill(t *testing.T) {
	dir, jobId := seededDir(t)
	srv := testapp.Serve(t, dir, "IGNY8_WORKERS=0")
	bin := testapp.Binary(t)
	if out, err := exec.Command(bin, "backup", "drill.zip", "--dir", dir).CombinedOutput(); err != nil {
		t.Fatalf("igny8 backup while serving: %v\n%s", err, out)
	}
	srv.Stop()
	before := take(t, dir)
	if before.records[collections.Images] == 0 || len(before.files) == 0 {
		t.Fatalf("the drill needs records and files, got %v", before)
	}

	zipPath := filepath.Join(t.TempDir(), "drill.zip")
	if err := os.Rename(filepath.Join(dir, core.LocalBackupsDirName, "drill.zip"), zipPath); err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(dir); err != nil { // the machine is lost
		t.Fatal(err)
	}
	fresh := t.TempDir()
	if out, err := exec.Command(bin, "restore", zipPath, "--dir", fresh).CombinedOutput(); err != nil {
		t.Fatalf("igny8 restore: %v\n%s", err, out)
	}
	after := take(t, fresh)
	for name, n := range before.records {
		if after.records[name] != n {
			t.Errorf("%s: %d records after the restore, %d before", name, after.records[name], n)
		}
	}
	for path, sum := range before.files {
		if after.files[path] != sum {
			t.Errorf("file %s missing or changed after the restore", path)
		}
	}

	// the job that was running is there and is picked up again once its lease ends
	app := core.NewBaseApp(core.BaseAppConfig{DataDir: fresh})
	if err := app.Bootstrap(); err != nil {
		t.Fatal(err)
	}
	defer app.ResetBootstrapState()
	clock := testapp.NewClock(time.Now().Add(2 * time.Hour))
	jobs.SetClock(app, clock)
	if n, err := jobs.NewEngine(app, jobs.Options{}).Sweep(); err != nil || n != 1 {
		t.Fatalf("sweep after restore recovered %d jobs (%v), want the running one", n, err)
	}
	job, err := app.FindRecordById(collections.Jobs, jobId)
	if err != nil || job.GetString("status") != collections.JobQueued {
		t.Fatalf("running job after restore: %v %v", job, err)
	}
}

// A restore never overwrites igny8 data by accident, and refuses a zip that
// is not a backup or whose entries point outside the data dir.
func TestRestoreRefuses(t *testing.T) {
	dir, _ := seededDir(t)
	bin := testapp.Binary(t)
	out, err := exec.Command(bin, "restore", "testdata/not_a_backup.zip", "--dir", dir).CombinedOutput()
	if err == nil || !strings.Contains(string(out), "--force") {
		t.Fatalf("restore over a live data dir without --force: err=%v\n%s", err, out)
	}
	empty := t.TempDir()
	if err := ops.Restore("testdata/not_a_backup.zip", empty, false); err == nil || !strings.Contains(err.Error(), "no data.db") {
		t.Fatalf("restore of a zip without data.db: %v", err)
	}
	if err := ops.Restore("testdata/zip_slip.zip", empty, false); err == nil || !strings.Contains(err.Error(), "outside the data dir") {
		t.Fatalf("restore of a zip with ../ entries: %v", err)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(empty), "evil.txt")); err == nil {
		t.Fatal("a zip entry was written outside the data dir")
	}
}

// Backup is safe to call in-process (the admin UI path) and names its file.
func TestBackupInProcess(t *testing.T) {
	app := testapp.New(t)
	name, err := ops.Backup(context.Background(), app, "")
	if err != nil || !strings.HasSuffix(name, ".zip") {
		t.Fatalf("backup: %q %v", name, err)
	}
	if _, err := os.Stat(filepath.Join(app.DataDir(), core.LocalBackupsDirName, name)); err != nil {
		t.Fatalf("backup file: %v", err)
	}
}

// New and upgraded data dirs back up every 6 hours and keep 7.
func TestBackupScheduleDefault(t *testing.T) {
	app := testapp.New(t)
	b := app.Settings().Backups
	if b.Cron != "0 */6 * * *" || b.CronMaxKeep != 7 {
		t.Fatalf("backup schedule = %q keep %d, want every 6 h keeping 7", b.Cron, b.CronMaxKeep)
	}
}
