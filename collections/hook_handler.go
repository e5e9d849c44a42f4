package collections

import "github.com/pocketbase/pocketbase/tools/hook"

// Handler is a hook handler with an id, the form every igny8 binding takes
// (app.OnRecordCreate(...).Bind(collections.Handler(HookX, fn))): an id lets a
// test or another module unbind or replace it, as PocketBase's own handlers can
// be.
func Handler[T hook.Resolver](id string, fn func(T) error) *hook.Handler[T] {
	return &hook.Handler[T]{Id: id, Func: fn}
}
