package migrations

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// A ceiling of 10,000 words on tasks.word_count_target and
// ideas.estimated_words, so a task cannot ask the writer (and the model) for an
// unbounded article. Existing rows above it are lowered to it first, so every
// stored row stays valid. The down removes the ceiling (lowered values stay).
func init() {
	fields := [][2]string{{"tasks", "word_count_target"}, {"ideas", "estimated_words"}}
	setMax := func(app core.App, max *float64) error {
		for _, cf := range fields {
			c, err := app.FindCollectionByNameOrId(cf[0])
			if err != nil {
				return err
			}
			f, ok := c.Fields.GetByName(cf[1]).(*core.NumberField)
			if !ok {
				return fmt.Errorf("%s.%s is not a number field", cf[0], cf[1])
			}
			if max != nil {
				if _, err := app.DB().NewQuery(fmt.Sprintf("UPDATE {{%s}} SET [[%s]] = {:max} WHERE [[%s]] > {:max}", cf[0], cf[1], cf[1])).
					Bind(map[string]any{"max": *max}).Execute(); err != nil {
					return err
				}
			}
			f.Max = max
			if err := app.Save(c); err != nil {
				return err
			}
		}
		return nil
	}
	m.Register(func(app core.App) error {
		v := 10000.0
		return setMax(app, &v)
	}, func(app core.App) error {
		return setMax(app, nil)
	})
}
