// Package demo seeds a demo workspace for `make run` and prints how to sign in.
// It only acts when IGNY8_DEMO=1, so a production `igny8 serve` never creates
// demo users.
package demo

import (
	"fmt"
	"os"
	"strings"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/workspaces"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// Demo credentials printed by `make run`.
const (
	Email    = "demo@igny8.local"
	Password = "igny8-demo-2026"
	EnvDemo  = "IGNY8_DEMO"
)

// HookServe is the id of the serve hook that seeds the demo workspace (with
// IGNY8_DEMO=1) and prints its login.
const HookServe = "igny8.demo.serve"

// Register binds the demo seeding (or the production hint) to app's serve event.
func Register(app core.App) error {
	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{Id: HookServe, Func: func(se *core.ServeEvent) error {
		addr := "http://" + se.Server.Addr
		if os.Getenv(EnvDemo) == "1" {
			if err := Seed(se.App); err != nil {
				return fmt.Errorf("seed demo workspace: %w", err)
			}
			fmt.Printf("\n  igny8 (demo mode)\n  Web app:   %s/\n  Admin UI:  %s/_/\n  Demo login: %s / %s\n\n", addr, addr, Email, Password)
		}
		// Without demo mode PocketBase itself prints how to create the first
		// superuser (installer link and `superuser upsert`).
		return se.Next()
	}})
	return nil
}

// MustRegister is [Register] that panics on an error.
func MustRegister(app core.App) {
	if err := Register(app); err != nil {
		panic(err)
	}
}

// Seed creates the demo user, a Pro workspace, a demo site and a few keywords.
// It is idempotent: an existing demo user means the data dir is already seeded.
func Seed(app core.App) error {
	if _, err := app.FindAuthRecordByEmail(collections.Users, Email); err == nil {
		return nil
	}
	return app.RunInTransaction(func(tx core.App) error {
		users, err := tx.FindCollectionByNameOrId(collections.Users)
		if err != nil {
			return err
		}
		u := core.NewRecord(users)
		u.SetEmail(Email)
		u.SetPassword(Password)
		u.SetVerified(true)
		u.Set("name", "Demo Owner")
		if err := tx.Save(u); err != nil {
			return err
		}
		t, err := workspaces.CreateTenant(tx, "Demo Workspace", "pro", collections.TenantActive)
		if err != nil {
			return err
		}
		if _, err := workspaces.AddMember(tx, t, u, collections.RoleOwner, nil); err != nil {
			return err
		}
		site, err := saveNew(tx, collections.Sites, map[string]any{
			"tenant": t.Id, "name": "Demo blog", "url": "https://demo-blog.example.com", "transport": "rest", "status": "new",
		})
		if err != nil {
			return err
		}
		for i, kw := range demoKeywords {
			if _, err := saveNew(tx, collections.Keywords, map[string]any{
				"tenant": t.Id, "site": site.Id, "keyword": kw, "normalized": strings.ToLower(kw),
				"volume": 100 * (len(demoKeywords) - i), "difficulty": 10 + 3*i, "source": "demo", "status": "new",
			}); err != nil {
				return err
			}
		}
		return nil
	})
}

var demoKeywords = []string{
	"best running shoes", "running shoes for flat feet", "trail running shoes", "how to start running",
	"marathon training plan", "half marathon training plan", "couch to 5k plan", "running shoes for beginners",
	"how to run faster", "running warm up exercises", "best running watch", "running injuries knee",
}

func saveNew(app core.App, collection string, data map[string]any) (*core.Record, error) {
	col, err := app.FindCollectionByNameOrId(collection)
	if err != nil {
		return nil, err
	}
	r := core.NewRecord(col)
	r.Load(data)
	return r, app.Save(r)
}
