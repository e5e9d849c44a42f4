// Package wpimport moves a site's data in from the IGNY8 WordPress plugin
// igny8 replaces: it reads the plugin's MySQL/MariaDB database in either shape
// found in the wild (the plan's igny8_* tables, or the published plugin's post
// types with _igny8_* meta), maps it onto igny8's collections, and records
// every run as an import batch with a validation report (per table: source
// count, imported/updated/unchanged/skipped/carried, content hashes of the
// mapped fields on both sides) and a mapping of each record to its legacy
// row, which makes a second run update instead of duplicate and lets
// Rollback undo exactly one batch. Rows igny8 has no store for (the
// plugin's logs, data cache and accounts) are kept on the batch.
package wpimport

import (
	"github.com/pocketbase/pocketbase/core"
	"github.com/spf13/cobra"
)

// Register adds the in-app import: routes, the import_wp job and the
// handover (`igny8 import-wp` comes from [Commands]).
func Register(app core.App) error {
	bindRoutes(app)
	bindHandover(app)
	return nil
}

// Commands returns `igny8 import-wp` for the real binary; the wiring list
// (modules.RegisterCommands) adds it to the root command.
func Commands(app core.App) []*cobra.Command {
	return []*cobra.Command{NewCommand(app)}
}

// MustRegister is [Register] that panics on an error.
func MustRegister(app core.App) {
	if err := Register(app); err != nil {
		panic(err)
	}
}
