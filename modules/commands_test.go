package modules_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/igny8/igny8/modules"
	"github.com/pocketbase/pocketbase/core"
	"github.com/spf13/cobra"
)

// TestRegisterCommands: the binary's CLI gets every module's commands, the
// ones the type assertions on *pocketbase.PocketBase used to add.
func TestRegisterCommands(t *testing.T) {
	app := bare(t)
	root := &cobra.Command{Use: "igny8"}
	if err := modules.RegisterCommands(app, root); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range root.Commands() {
		got = append(got, c.Name())
	}
	slices.Sort(got)
	want := []string{"backup", "billing", "credits", "healthcheck", "import-wp", "restore", "secrets"}
	if !slices.Equal(got, want) {
		t.Fatalf("commands = %v, want %v", got, want)
	}
}

// TestRegisterCommandsRefusesTakenName: a module command named like one the
// root already has is an error naming the module, not a shadowed command.
func TestRegisterCommandsRefusesTakenName(t *testing.T) {
	app := bare(t)
	root := &cobra.Command{Use: "igny8"}
	root.AddCommand(&cobra.Command{Use: "credits"})
	err := modules.RegisterCommands(app, root)
	if err == nil || !strings.Contains(err.Error(), `register billing: command "credits" is already taken`) {
		t.Fatalf("err = %v, want billing's credits refused", err)
	}

	root = &cobra.Command{Use: "igny8"}
	dup := modules.Module{Name: "toy", Register: func(core.App) error { return nil },
		Commands: func(core.App) []*cobra.Command { return []*cobra.Command{{Use: "backup"}} }}
	err = modules.RegisterCommands(app, root, dup)
	if err == nil || !strings.Contains(err.Error(), `register toy: command "backup" is already taken by ops`) {
		t.Fatalf("err = %v, want toy's backup refused", err)
	}
}
