package jobs

import (
	"context"
	"fmt"

	"github.com/igny8/igny8/collections"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// HookSaveGuard is the id of the jobs update-execute hook that makes an
// engine's saves conditional (see guardedSave).
const HookSaveGuard = "igny8.jobs.saveGuard"

type saveGuardKey struct{}

// guardedSave saves the changed fields of rec through PocketBase — field
// interceptors, hooks and the realtime event all run as for any save — but
// the row is written with UPDATE … WHERE id = … AND guard. When the guard
// matches no row (another engine claimed the job, it was canceled or its lease
// was taken over) nothing is written, no event is sent and errLost is
// returned. This is how a claim is one atomic save instead of a guarded
// UPDATE followed by a second save for realtime.
func guardedSave(tx core.App, rec *core.Record, guard dbx.Expression, validate bool) error {
	ctx := context.WithValue(context.Background(), saveGuardKey{}, guard)
	rec.IgnoreUnchangedFields(true)
	if validate {
		return tx.SaveWithContext(ctx, rec)
	}
	return tx.SaveNoValidateWithContext(ctx, rec)
}

// bindSaveGuard runs last in the jobs update-execute chain (after
// PocketBase's own handler, whose field interceptors set `updated`), and
// replaces the plain write with the guarded one when the save carries a guard.
func bindSaveGuard(app core.App) {
	app.OnRecordUpdateExecute(collections.Jobs).Bind(&hook.Handler[*core.RecordEvent]{
		Id:       HookSaveGuard,
		Priority: 1000,
		Func: func(e *core.RecordEvent) error {
			guard, ok := e.Context.Value(saveGuardKey{}).(dbx.Expression)
			if !ok {
				return e.Next()
			}
			data, err := e.Record.DBExport(e.App)
			if err != nil {
				return err
			}
			res, err := e.App.NonconcurrentDB().Update(collections.Jobs, data,
				dbx.And(dbx.HashExp{"id": e.Record.LastSavedPK()}, guard)).WithContext(e.Context).Execute()
			if err != nil {
				return fmt.Errorf("guarded save of job %s: %w", e.Record.Id, err)
			}
			if n, err := res.RowsAffected(); err != nil || n == 0 {
				return errLost
			}
			return nil
		},
	})
}
