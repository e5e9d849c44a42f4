package modules

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	"github.com/spf13/cobra"
)

// RegisterCommands adds the CLI commands of every module of [List] (and
// extra) to root, the real binary's root command (`app.RootCmd`). It is the
// one place commands join the binary; packages only build them, so no
// package needs to know the concrete PocketBase type. A command whose name
// is already on root or another module's is an error rather than a command
// cobra would silently shadow. (PocketBase adds its own `serve` and
// `superuser` in Start, after this.)
func RegisterCommands(app core.App, root *cobra.Command, extra ...Module) error {
	taken := map[string]string{}
	for _, c := range root.Commands() {
		taken[c.Name()] = "the root command"
	}
	for _, m := range append(List(), extra...) {
		if m.Commands == nil {
			continue
		}
		for _, c := range m.Commands(app) {
			if by, ok := taken[c.Name()]; ok {
				return fmt.Errorf("register %s: command %q is already taken by %s", m.Name, c.Name(), by)
			}
			taken[c.Name()] = m.Name
			root.AddCommand(c)
		}
	}
	return nil
}

// MustRegisterCommands is [RegisterCommands] that panics on an error.
func MustRegisterCommands(app core.App, root *cobra.Command, extra ...Module) {
	if err := RegisterCommands(app, root, extra...); err != nil {
		panic(err)
	}
}
