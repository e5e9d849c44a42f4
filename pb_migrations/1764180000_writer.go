package migrations

import (
	_ "embed"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// writerSnapshot is the writer and thinker collections as first released:
// content version history, personas and strategies.
//
//go:embed 1764180000_writer.json
var writerSnapshot []byte

func init() {
	m.Register(func(app core.App) error {
		return importSnapshot(app, writerSnapshot)
	}, func(app core.App) error {
		return dropSnapshot(app, writerSnapshot)
	})
}
