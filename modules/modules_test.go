package modules_test

import (
	"testing"

	"github.com/igny8/igny8/modules"
	"github.com/igny8/igny8/testapp"
)

func TestMain(m *testing.M) { testapp.Main(m) }

// TestListNamesEachModuleOnce: a package listed twice would bind its hooks
// and routes twice; every module registers something.
func TestListNamesEachModuleOnce(t *testing.T) {
	seen := map[string]bool{}
	for _, m := range modules.List() {
		if m.Name == "" || m.Register == nil {
			t.Fatalf("module %+v lacks a name or a Register", m)
		}
		if seen[m.Name] {
			t.Fatalf("module %s is listed twice", m.Name)
		}
		seen[m.Name] = true
	}
}
