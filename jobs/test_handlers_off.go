//go:build !igny8test

package jobs

import "github.com/pocketbase/pocketbase/core"

// The release build has no test handlers or routes (see test_handlers.go,
// built only with `-tags igny8test`): these stubs keep Register and bindRoutes
// the same in both builds, and IGNY8_TEST_HANDLERS does nothing here.

func testHandlersEnabled() bool { return false }

func registerTestHandlers(core.App) {}

func bindTestRoutes(*core.ServeEvent) {}
