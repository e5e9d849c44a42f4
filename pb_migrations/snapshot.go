package migrations

import (
	"encoding/json"
	"fmt"
	"slices"

	"github.com/pocketbase/pocketbase/core"
)

// importSnapshot applies a frozen collection snapshot: the JSON that the
// schema of one release produced, committed beside its migration. It never
// calls into the collections package, so editing today's schema code cannot
// change what an already released migration does. Existing collections are
// updated in place (fields keep their ids, so no column is dropped).
func importSnapshot(app core.App, raw []byte) error {
	if err := app.ImportCollectionsByMarshaledJSON(raw, false); err != nil {
		return fmt.Errorf("import schema snapshot: %w", err)
	}
	return nil
}

// dropSnapshot is the down of importSnapshot: it deletes the snapshot's
// collections, newest first, except keep (collections that existed before,
// such as PocketBase's users, which keep their added fields).
func dropSnapshot(app core.App, raw []byte, keep ...string) error {
	names, err := snapshotNames(raw)
	if err != nil {
		return err
	}
	slices.Reverse(names)
	// rules may point at any collection of the snapshot: clear them first so
	// the deletes do not trip over references from the ones still present
	for _, name := range names {
		c, err := app.FindCollectionByNameOrId(name)
		if err != nil || slices.Contains(keep, name) {
			continue
		}
		c.ListRule, c.ViewRule, c.CreateRule, c.UpdateRule, c.DeleteRule = nil, nil, nil, nil, nil
		if err := app.SaveNoValidate(c); err != nil {
			return fmt.Errorf("clear rules of %s: %w", name, err)
		}
	}
	for _, name := range names {
		if slices.Contains(keep, name) {
			continue
		}
		c, err := app.FindCollectionByNameOrId(name)
		if err != nil {
			continue
		}
		if err := app.Delete(c); err != nil {
			return fmt.Errorf("drop collection %s: %w", name, err)
		}
	}
	return nil
}

func snapshotNames(raw []byte) ([]string, error) {
	var cols []struct {
		Name string `json:"name"`
	}
	if err := json.Unmarshal(raw, &cols); err != nil {
		return nil, fmt.Errorf("read schema snapshot: %w", err)
	}
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.Name
	}
	return names, nil
}
