package collections

import (
	"context"

	"github.com/pocketbase/pocketbase/core"
)

// rootAppKey names, in an app's store, the app itself. Transaction apps are
// shallow copies sharing the store, so code holding a transaction can reach
// the app to use once that transaction has committed.
const rootAppKey = "igny8.rootApp"

// RememberRootApp records app as the app AfterCommit callbacks run with.
// Every package that writes rows with SQL and emits their events calls it
// from its Register (it is idempotent).
func RememberRootApp(app core.App) {
	if !app.IsTransactional() {
		app.Store().Set(rootAppKey, app)
	}
}

// AfterCommit runs fn with the non-transactional app once app's transaction
// commits (at once when app is not in one); a rolled-back transaction runs
// nothing. Events about a write must not reach clients before the write is
// visible, nor at all when it is undone.
func AfterCommit(app core.App, fn func(root core.App)) {
	if !app.IsTransactional() {
		fn(app)
		return
	}
	app.TxInfo().OnComplete(func(txErr error) error {
		if txErr != nil {
			return nil
		}
		root, ok := app.Store().Get(rootAppKey).(core.App)
		if !ok {
			app.Logger().Warn("collections: no root app remembered; after-commit events dropped")
			return nil
		}
		fn(root)
		return nil
	})
}

// EmitUpdated sends the normal "update" events of the records of collection
// with ids — PocketBase's realtime messages to subscribers allowed to view
// them and every after-update-success hook — for rows igny8 updates with SQL
// for speed (credit balances, cluster statistics). The records are read
// fresh after the commit, so subscribers see the committed values.
func EmitUpdated(app core.App, collection string, ids ...string) {
	if len(ids) == 0 {
		return
	}
	AfterCommit(app, func(root core.App) {
		recs, err := root.FindRecordsByIds(collection, ids)
		if err != nil {
			root.Logger().Warn("collections: reading records for their update events", "collection", collection, "error", err)
			return
		}
		for _, r := range recs {
			e := &core.ModelEvent{App: root, Context: context.Background(), Type: core.ModelEventTypeUpdate, Model: r}
			if err := root.OnModelAfterUpdateSuccess().Trigger(e); err != nil {
				root.Logger().Warn("collections: update event", "collection", collection, "id", r.Id, "error", err)
			}
		}
	})
}
