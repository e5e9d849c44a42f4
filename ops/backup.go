package ops

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
	"github.com/spf13/cobra"
)

// HookBackupName is the id of the backup hook [Backup] binds for the length
// of one backup, to learn the name PocketBase gave it.
const HookBackupName = "igny8.ops.backupName"

// Backup writes a PocketBase backup of app's data dir (data.db and
// auxiliary.db copied with VACUUM INTO, so it is consistent while the server
// writes, plus the stored files) to the backups storage — <data dir>/backups or
// the S3 bucket configured under Settings > Backups — where the admin UI lists
// it. An empty name gets PocketBase's dated default. It returns the name.
func Backup(ctx context.Context, app core.App, name string) (string, error) {
	var made string
	app.OnBackupCreate().Bind(&hook.Handler[*core.BackupEvent]{Id: HookBackupName, Func: func(e *core.BackupEvent) error {
		err := e.Next()
		made = e.Name
		return err
	}})
	defer app.OnBackupCreate().Unbind(HookBackupName)
	if err := app.CreateBackup(ctx, name); err != nil {
		return "", fmt.Errorf("backup: %w", err)
	}
	return made, nil
}

func backupCommand(app core.App) *cobra.Command {
	return &cobra.Command{
		Use:   "backup [name.zip]",
		Short: "Back up the data dir into its backups folder (safe while the server runs)",
		Long: "Writes a zip of the database and stored files to <data dir>/backups (or the S3 storage\n" +
			"configured for backups in the admin UI), where the admin UI lists it. Restore it with\n" +
			"`igny8 restore FILE --dir DIR` while the server is stopped.",
		Args:         cobra.MaximumNArgs(1),
		SilenceUsage: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			name := ""
			if len(args) == 1 {
				name = args[0]
			}
			made, err := Backup(cmd.Context(), app, name)
			if err != nil {
				return err
			}
			where := filepath.Join(app.DataDir(), core.LocalBackupsDirName, made)
			if app.Settings().Backups.S3.Enabled {
				where = "the S3 backups bucket as " + made
			}
			fmt.Fprintln(cmd.OutOrStdout(), "backup written to", where)
			return nil
		},
	}
}
