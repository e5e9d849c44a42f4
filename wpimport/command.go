package wpimport

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/user"
	"strings"

	"github.com/igny8/igny8/collections"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/spf13/cobra"
)

// ErrNotValidated is what the command fails with when a table's counts or
// hashes do not add up (the import itself is kept; the report says where).
var ErrNotValidated = errors.New("the import did not validate: see the report")

// FindSite returns the site named by id, name or URL in the workspace with
// slug ws.
func FindSite(app core.App, ws, site string) (*core.Record, error) {
	tenant, err := app.FindFirstRecordByData(collections.Tenants, "slug", ws)
	if err != nil {
		return nil, fmt.Errorf("no workspace with slug %q", ws)
	}
	recs, err := app.FindRecordsByFilter(collections.Sites, "tenant = {:t} && (id = {:s} || name = {:s} || url = {:s})", "", 2, 0,
		dbx.Params{"t": tenant.Id, "s": site})
	if err != nil || len(recs) == 0 {
		return nil, fmt.Errorf("workspace %q has no site %q (give its id, name or URL)", ws, site)
	}
	if len(recs) > 1 {
		return nil, fmt.Errorf("workspace %q has more than one site named %q: give its id", ws, site)
	}
	return recs[0], nil
}

// NewCommand returns `igny8 import-wp`.
func NewCommand(app core.App) *cobra.Command {
	var dsn, prefix, ws, site, only, rollback string
	var dry, withKey, asJSON, bridge bool
	cmd := &cobra.Command{
		Use:   "import-wp",
		Short: "Move a site's data in from the IGNY8 WordPress plugin (its database, or the Bridge plugin's export; re-runnable, validated, reversible)",
		Long: "Reads the old IGNY8 plugin's data from the WordPress database (either shape: the igny8_* tables or the\n" +
			"published plugin's post types and meta) and imports it into a site of a workspace. Every row keeps its\n" +
			"legacy id, so running it again updates instead of duplicating. Each run is an import batch with a\n" +
			"validation report (source count vs imported, content hashes, every skipped row with its reason);\n" +
			"--rollback BATCH undoes one. Where the database cannot be reached (shared hosting), --bridge reads the same\n" +
			"data through the site's linked igny8 Bridge plugin (1.3.0 or later) instead. See docs/MIGRATING.md.",
		Example: "  igny8 import-wp --dsn 'user:pass@tcp(db.example.com:3306)/wordpress' --prefix wp_ --workspace acme --site blog --dry-run\n" +
			"  igny8 import-wp --bridge --workspace acme --site blog",
		SilenceUsage: true,
		RunE: func(c *cobra.Command, args []string) error {
			if err := app.RunAllMigrations(); err != nil {
				return err
			}
			out := c.OutOrStdout()
			if rollback != "" {
				rep, err := Rollback(c.Context(), app, rollback)
				if err != nil {
					return err
				}
				printRollback(out, rep)
				return nil
			}
			if bridge && !c.Flags().Changed("dsn") {
				dsn = "" // IGNY8_IMPORT_DSN is for the database import
			}
			if ws == "" || site == "" || (dsn == "") == !bridge {
				return errors.New("--workspace, --site and one of --dsn or --bridge are required")
			}
			if bridge && c.Flags().Changed("prefix") {
				return errors.New("--prefix goes with --dsn: through --bridge the site's own prefix is used")
			}
			s, err := FindSite(app, ws, site)
			if err != nil {
				return err
			}
			var kinds []string
			if only != "" {
				for _, k := range strings.Split(only, ",") {
					k = strings.TrimSpace(k)
					if !contains(AllKinds(), k) {
						return fmt.Errorf("--only: unknown %q (one of %s)", k, strings.Join(AllKinds(), ", "))
					}
					kinds = append(kinds, k)
				}
			}
			var src Source
			if bridge {
				if src, err = OpenBridge(c.Context(), app, s); errors.Is(err, ErrNotBridge) {
					return fmt.Errorf("%w: link it with the plugin (Sites → Connect with the plugin) or import with --dsn", err)
				} else if errors.Is(err, ErrBridgeUnreachable) {
					return fmt.Errorf("%w: %s (%w)", ErrBridgeUnreachable, BridgeReason(err), err)
				}
			} else {
				src, err = Open(c.Context(), dsn, prefix, nil)
			}
			if err != nil {
				return err
			}
			defer src.Close()
			actor := "cli"
			if u, err := user.Current(); err == nil {
				actor = "cli:" + u.Username
			}
			rep, err := Run(c.Context(), app, src, s, Options{Only: kinds, DryRun: dry, WithAPIKey: withKey, Actor: actor})
			if rep != nil {
				if asJSON {
					enc := json.NewEncoder(out)
					enc.SetIndent("", "  ")
					_ = enc.Encode(rep)
				} else {
					rep.Print(out)
				}
			}
			if err != nil {
				return err
			}
			if !rep.OK() {
				return ErrNotValidated
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&dsn, "dsn", "", "the WordPress database, as user:pass@tcp(host:port)/dbname")
	f.StringVar(&prefix, "prefix", "wp_", "WordPress table prefix (multisite: wp_2_)")
	f.BoolVar(&bridge, "bridge", false, "read through the site's linked igny8 Bridge plugin (1.3.0+) instead of the database (no --dsn)")
	f.StringVar(&ws, "workspace", "", "slug of the workspace to import into")
	f.StringVar(&site, "site", "", "id, name or URL of the workspace's site the data belongs to")
	f.StringVar(&only, "only", "", "comma list of what to import: "+strings.Join(AllKinds(), ","))
	f.BoolVar(&dry, "dry-run", false, "print the report of a full run and write nothing")
	f.BoolVar(&withKey, "with-api-key", false, "also import the plugin's OpenAI key as the workspace's AI key (stored encrypted)")
	f.BoolVar(&asJSON, "json", false, "print the report as JSON")
	f.StringVar(&rollback, "rollback", "", "undo the import batch with this id (records edited since are kept and listed)")
	// The DSN holds a password: IGNY8_IMPORT_DSN keeps it out of the process list.
	if env := os.Getenv("IGNY8_IMPORT_DSN"); env != "" {
		dsn = env
	}
	return cmd
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func printRollback(w interface{ Write([]byte) (int, error) }, rep *RollbackReport) {
	fmt.Fprintf(w, "rolled back batch %s\n", rep.Batch)
	for _, k := range rollbackOrder {
		if rep.Deleted[k]+rep.Restored[k] > 0 {
			fmt.Fprintf(w, "  %-10s deleted %d, restored %d\n", k, rep.Deleted[k], rep.Restored[k])
		}
	}
	if rep.Missing > 0 {
		fmt.Fprintf(w, "  %d records were already deleted in igny8\n", rep.Missing)
	}
	if len(rep.Kept) > 0 {
		fmt.Fprintf(w, "kept (%d):\n", len(rep.Kept))
		for _, k := range rep.Kept {
			fmt.Fprintf(w, "  %s %s: %s\n", k.Table, k.Legacy, k.Reason)
		}
	}
}
