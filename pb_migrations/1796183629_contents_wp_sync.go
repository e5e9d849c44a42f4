package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// WordPress sync, round 2: contents remember the text WordPress holds
// (wp_fingerprint, wp_version) and a conflict between an edit made in
// WordPress and an igny8 draft in progress (wp_conflict); content_versions
// take the source "wordpress" (edited in WordPress). The down drops the three
// fields (their values are lost) and turns "wordpress" versions into "edit".
func init() {
	m.Register(func(app core.App) error {
		c, err := app.FindCollectionByNameOrId("contents")
		if err != nil {
			return err
		}
		min0 := 0.0
		c.Fields.Add(
			&core.TextField{Name: "wp_fingerprint", Max: 64, Help: "SHA-256 of the post's text when WordPress and igny8 last agreed (publish, pulled edit)"},
			&core.NumberField{Name: "wp_version", Min: &min0, OnlyInt: true, Help: "the content version WordPress holds"},
			&core.JSONField{Name: "wp_conflict", MaxSize: 4096, Help: "set when the post was edited in WordPress while igny8's text changed too: {version, post_id, wp_modified, detected_at, igny8_version}"},
		)
		if err := app.Save(c); err != nil {
			return err
		}
		v, err := app.FindCollectionByNameOrId("content_versions")
		if err != nil {
			return err
		}
		v.Fields.GetByName("source").(*core.SelectField).Values = []string{"generation", "edit", "restore", "reparse", "images", "wordpress"}
		return app.Save(v)
	}, func(app core.App) error {
		if _, err := app.DB().NewQuery("UPDATE content_versions SET source = 'edit' WHERE source = 'wordpress'").Execute(); err != nil {
			return err
		}
		v, err := app.FindCollectionByNameOrId("content_versions")
		if err != nil {
			return err
		}
		v.Fields.GetByName("source").(*core.SelectField).Values = []string{"generation", "edit", "restore", "reparse", "images"}
		if err := app.Save(v); err != nil {
			return err
		}
		c, err := app.FindCollectionByNameOrId("contents")
		if err != nil {
			return err
		}
		c.Fields.RemoveByName("wp_fingerprint")
		c.Fields.RemoveByName("wp_version")
		c.Fields.RemoveByName("wp_conflict")
		return app.Save(c)
	})
}
