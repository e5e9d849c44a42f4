package collections

import "github.com/pocketbase/pocketbase/core"

// RunInHookTransaction runs fn — a record hook's work around its e.Next(),
// which writes the record — in one transaction of e.App, with e.App set to
// that transaction meanwhile, and gives the event back its own app when it
// returns.
//
// PocketBase triggers the after-save hooks with the event's app once the save
// returns; when the save itself was not in a transaction, that is whatever
// app the hooks left on the event. A transaction already committed there
// fails every query those hooks make — the realtime broadcast checks each
// subscriber's rule with it — and they give up quietly (a debug log line), so
// no subscriber hears about the record. Every hook that wraps a save in its
// own transaction goes through here.
func RunInHookTransaction(e *core.RecordEvent, fn func(tx core.App) error) error {
	outer := e.App
	defer func() { e.App = outer }()
	return outer.RunInTransaction(func(tx core.App) error {
		e.App = tx
		return fn(tx)
	})
}
