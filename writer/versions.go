package writer

import (
	"fmt"

	"github.com/igny8/igny8/collections"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// HookVersions is the id of the hooks that snapshot contents into content_versions.
const HookVersions = "igny8.writer.versions"

// VersionedFields are the contents fields whose change makes a new version.
var VersionedFields = []string{"title", "slug", "html", "meta_title", "meta_description"}

// Raw (non-schema) record keys that tell the version hook who made a change.
// They are never stored or exported.
const (
	rawSource = "@igny8.version.source"
	rawAuthor = "@igny8.version.author"
	rawModel  = "@igny8.version.model"
)

// MarkVersion tells the next save of content which source made the change
// (generation, restore, reparse, images) and, for edits, which user. A save
// without a mark is recorded as an edit.
func MarkVersion(content *core.Record, source, author, model string) {
	content.SetRaw(rawSource, source)
	content.SetRaw(rawAuthor, author)
	content.SetRaw(rawModel, model)
}

func takeMark(content *core.Record) (source, author, model string) {
	source, _ = content.GetRaw(rawSource).(string)
	author, _ = content.GetRaw(rawAuthor).(string)
	model, _ = content.GetRaw(rawModel).(string)
	content.SetRaw(rawSource, nil)
	content.SetRaw(rawAuthor, nil)
	content.SetRaw(rawModel, nil)
	if source == "" {
		source = collections.VersionEdit
	}
	return
}

// bindVersions numbers every change of a content's text and stores a copy of
// it in the same transaction, whatever path saved it (REST, batch, jobs).
// The version field cannot be set by hand: it is always the history's count.
func bindVersions(app core.App) {
	fn := func(e *core.RecordEvent) error {
		rec := e.Record
		if !rec.IsNew() && !versionedChange(rec) {
			rec.Set("version", rec.Original().GetInt("version"))
			return e.Next()
		}
		source, author, model := takeMark(rec)
		return collections.RunInHookTransaction(e, func(tx core.App) error {
			next := 1
			if !rec.IsNew() {
				last, err := lastVersion(tx, rec.Id)
				if err != nil {
					return err
				}
				next = max(last, rec.Original().GetInt("version")) + 1
			}
			rec.Set("version", next)
			if err := e.Next(); err != nil {
				return err
			}
			return saveVersion(tx, rec, next, source, author, model)
		})
	}
	app.OnRecordCreate(collections.Contents).Bind(&hook.Handler[*core.RecordEvent]{Id: HookVersions, Func: fn})
	app.OnRecordUpdate(collections.Contents).Bind(&hook.Handler[*core.RecordEvent]{Id: HookVersions, Func: fn})
}

func versionedChange(rec *core.Record) bool {
	for _, f := range VersionedFields {
		if rec.GetString(f) != rec.Original().GetString(f) {
			return true
		}
	}
	return false
}

func lastVersion(app core.App, contentId string) (int, error) {
	var n struct {
		V int `db:"v"`
	}
	err := app.DB().Select("COALESCE(MAX([[version]]), 0) AS v").From(collections.ContentVersions).
		Where(dbx.HashExp{"content": contentId}).One(&n)
	if err != nil {
		return 0, fmt.Errorf("last version of %s: %w", contentId, err)
	}
	return n.V, nil
}

func saveVersion(app core.App, rec *core.Record, version int, source, author, model string) error {
	col, err := app.FindCachedCollectionByNameOrId(collections.ContentVersions)
	if err != nil {
		return err
	}
	v := core.NewRecord(col)
	v.Load(map[string]any{
		"tenant": rec.GetString("tenant"), "site": rec.GetString("site"), "content": rec.Id,
		"version": version, "source": source, "author": author, "model": model,
		"word_count": rec.GetInt("word_count"),
	})
	for _, f := range VersionedFields {
		v.Set(f, rec.GetString(f))
	}
	if err := app.Save(v); err != nil {
		return fmt.Errorf("save version %d of %s: %w", version, rec.Id, err)
	}
	return nil
}

// Restore copies version v of content back into it; the save makes a new
// version (source restore), so restoring never loses the current text.
func Restore(app core.App, content *core.Record, v int, author string) error {
	old, err := app.FindFirstRecordByFilter(collections.ContentVersions, "content = {:c} && version = {:v}",
		dbx.Params{"c": content.Id, "v": v})
	if err != nil {
		return fmt.Errorf("version %d of %s: %w", v, content.Id, err)
	}
	for _, f := range VersionedFields {
		content.Set(f, old.GetString(f))
	}
	p, err := Reparse(content.GetString("html"))
	if err != nil {
		return err
	}
	apply(content, p)
	MarkVersion(content, collections.VersionRestore, author, old.GetString("model"))
	return app.Save(content)
}

// apply stores a reparse result on a content record.
func apply(content *core.Record, p Parsed) {
	content.Set("html", p.HTML)
	content.Set("word_count", p.WordCount)
	content.Set("reading_minutes", p.ReadingMinutes)
	content.Set("image_slots", p.Slots)
}
