package migrations

import (
	"github.com/igny8/igny8/collections"
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// The writer and thinker collections: content version history, personas and
// strategies; re-applying the foundation adds contents.image_slots to existing
// data dirs.
func init() {
	m.Register(func(app core.App) error {
		if err := collections.Apply(app); err != nil {
			return err
		}
		for _, c := range []struct {
			name, id string
			build    func(*core.Collection)
		}{
			{collections.ContentVersions, collections.ContentVersionsId, collections.BuildContentVersions},
			{collections.Personas, collections.PersonasId, collections.BuildPersonas},
			{collections.Strategies, collections.StrategiesId, collections.BuildStrategies},
		} {
			if err := collections.Ensure(app, c.name, c.id, c.build); err != nil {
				return err
			}
		}
		return nil
	}, nil)
}
