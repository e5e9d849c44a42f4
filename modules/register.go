package modules

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
)

// Options says which app the list is wired into.
type Options struct {
	// TestApp leaves out the [Module].BinaryOnly modules; testapp sets it.
	TestApp bool

	// Extra modules register after the list, in order: how a test wires a
	// module of its own exactly as a package of the list is wired (see the
	// example module in modules/example_test.go).
	Extra []Module
}

// Register registers every module of [List] (and opts.Extra) into app, in
// order, and stops at the first error, naming the module.
func Register(app core.App, opts Options) error {
	for _, m := range append(List(), opts.Extra...) {
		if opts.TestApp && m.BinaryOnly {
			continue
		}
		if err := m.Register(app); err != nil {
			return fmt.Errorf("register %s: %w", m.Name, err)
		}
	}
	return nil
}

// MustRegister is [Register] that panics on an error: a module that cannot
// register is a programming error the binary must not start with.
func MustRegister(app core.App, opts Options) {
	if err := Register(app, opts); err != nil {
		panic(err)
	}
}
