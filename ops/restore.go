package ops

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/spf13/cobra"
)

// MaxRestoreBytes bounds what a backup may expand to, so a damaged or hostile
// zip cannot fill the disk (64 GiB; far above any igny8 data dir).
const MaxRestoreBytes int64 = 64 << 30

// ErrDataDirInUse is returned when the target dir already holds a database and
// the caller did not ask to replace it.
var ErrDataDirInUse = errors.New("the data dir already has a database")

// Restore extracts the backup zip into dir, which must not be served while it
// runs. The zip is first unpacked beside the data (in dir/.pb_temp_to_delete),
// checked to hold a data.db, and only then moved in; with replace, the entries
// it replaces are kept in dir/.pb_temp_to_delete/before_restore_<time> until
// the next server start clears that folder. Its backups folder is left alone.
func Restore(zipPath, dir string, replace bool) error {
	if _, err := os.Stat(filepath.Join(dir, "data.db")); err == nil && !replace {
		return fmt.Errorf("restore into %s: %w (stop the server and pass --force to replace it)", dir, ErrDataDirInUse)
	}
	stamp := time.Now().UTC().Format("20060102_150405")
	temp := filepath.Join(dir, core.LocalTempDirName)
	staging := filepath.Join(temp, "restore_"+stamp)
	if err := os.MkdirAll(staging, 0o755); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	if err := extract(zipPath, staging); err != nil {
		os.RemoveAll(staging)
		return err
	}
	if _, err := os.Stat(filepath.Join(staging, "data.db")); err != nil {
		os.RemoveAll(staging)
		return fmt.Errorf("restore: %s is not an igny8 backup (no data.db in it)", zipPath)
	}
	old := filepath.Join(temp, "before_restore_"+stamp)
	if err := os.MkdirAll(old, 0o755); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	if err := moveEntries(dir, old, "move aside"); err != nil {
		return err
	}
	if err := moveEntries(staging, dir, "move in"); err != nil {
		return err
	}
	return os.RemoveAll(staging)
}

// moveEntries renames every entry of from into to, except the temp and
// backups folders, which stay where they are.
func moveEntries(from, to, what string) error {
	entries, err := os.ReadDir(from)
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	for _, e := range entries {
		if e.Name() == core.LocalTempDirName || e.Name() == core.LocalBackupsDirName {
			continue
		}
		if err := os.Rename(filepath.Join(from, e.Name()), filepath.Join(to, e.Name())); err != nil {
			return fmt.Errorf("restore: %s %s: %w", what, e.Name(), err)
		}
	}
	return nil
}

// extract unpacks src into dst, refusing entries that would land outside dst
// and stopping once MaxRestoreBytes have been written.
func extract(src, dst string) error {
	zr, err := zip.OpenReader(src)
	if err != nil {
		return fmt.Errorf("restore: open %s: %w", src, err)
	}
	defer zr.Close()
	budget := MaxRestoreBytes
	root := filepath.Clean(dst) + string(os.PathSeparator)
	for _, f := range zr.File {
		path := filepath.Join(dst, f.Name)
		if !strings.HasPrefix(path, root) {
			return fmt.Errorf("restore: entry %q points outside the data dir", f.Name)
		}
		if f.FileInfo().IsDir() {
			if err := os.MkdirAll(path, 0o755); err != nil {
				return fmt.Errorf("restore: %w", err)
			}
			continue
		}
		n, err := extractFile(f, path, budget)
		if err != nil {
			return err
		}
		budget -= n
	}
	return nil
}

func extractFile(f *zip.File, path string, budget int64) (int64, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return 0, fmt.Errorf("restore: %w", err)
	}
	rc, err := f.Open()
	if err != nil {
		return 0, fmt.Errorf("restore: read %s: %w", f.Name, err)
	}
	defer rc.Close()
	out, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o644)
	if err != nil {
		return 0, fmt.Errorf("restore: %w", err)
	}
	n, err := io.Copy(out, io.LimitReader(rc, budget+1))
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return n, fmt.Errorf("restore: write %s: %w", f.Name, err)
	}
	if n > budget {
		return n, fmt.Errorf("restore: the backup expands past %d bytes; refusing it", MaxRestoreBytes)
	}
	return n, nil
}

// restoreCommand restores into the global --dir. PocketBase opens that dir
// before any command runs (creating an empty database when there is none), so
// the command asks the open database whether it holds igny8 data, then closes
// it and swaps the backup in.
func restoreCommand(app core.App) *cobra.Command {
	var force bool
	cmd := &cobra.Command{
		Use:   "restore FILE",
		Short: "Restore a backup zip into the data dir given by --dir (the server must be stopped)",
		Long: "Unpacks FILE (made by `igny8 backup` or the admin UI) into the data dir (--dir). A dir\n" +
			"that already holds igny8 data needs --force; what it replaces is kept in\n" +
			"DIR/.pb_temp_to_delete until the next start. Then start the server on that dir.",
		Args:         cobra.ExactArgs(1),
		SilenceUsage: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			if _, err := os.Stat(args[0]); err != nil {
				return fmt.Errorf("restore: %w", err)
			}
			_, err := app.FindCollectionByNameOrId("tenants")
			inUse := err == nil
			if err := app.ResetBootstrapState(); err != nil {
				return fmt.Errorf("restore: close the data dir: %w", err)
			}
			if inUse && !force {
				return fmt.Errorf("restore into %s: %w (stop the server and pass --force to replace it)", app.DataDir(), ErrDataDirInUse)
			}
			if err := Restore(args[0], app.DataDir(), true); err != nil {
				return err
			}
			fmt.Fprintln(cmd.OutOrStdout(), "restored", args[0], "into", app.DataDir())
			return nil
		},
	}
	cmd.Flags().BoolVar(&force, "force", false, "replace the igny8 data the dir already has")
	return cmd
}
