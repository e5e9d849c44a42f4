package writer

import (
	"context"
	"fmt"
	"strings"

	"github.com/igny8/igny8/ai"
	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/jobs"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/filesystem"
)

// Image statuses (kinds are collections.ImageFeatured and ImageInArticle).
const (
	ImagePending    = "pending"
	ImageGenerating = "generating"
	ImageReady      = "ready"
	ImageFailed     = "failed"

	// DefaultImagesPerArticle is the in-article count when the site's
	// defaults.images_per_article is not set.
	DefaultImagesPerArticle = 2
	// MaxImagesPerArticle bounds one request.
	MaxImagesPerArticle = 8
)

// Generated image sizes (landscape, supported by OpenAI and Runware).
const (
	ImageWidth  = 1536
	ImageHeight = 1024
)

// ImagePlan is the model's answer for a content's image prompts.
type ImagePlan struct {
	Images []ImagePrompt `json:"images" jsonschema:"description=the featured image first, then one per in-article image"`
}

// ImagePrompt is one image to generate.
type ImagePrompt struct {
	Prompt  string `json:"prompt"`
	Alt     string `json:"alt" jsonschema:"description=alt text under 125 characters"`
	Section int    `json:"section" jsonschema:"description=number of the section the image illustrates (0 for the featured image)"`
}

// ImagesPerArticle reads the site's defaults.images_per_article.
func ImagesPerArticle(app core.App, siteId string) int {
	site, err := app.FindRecordById(collections.Sites, siteId)
	if err != nil {
		return DefaultImagesPerArticle
	}
	var d struct {
		ImagesPerArticle *int `json:"images_per_article"`
	}
	if err := site.UnmarshalJSONField("defaults", &d); err != nil || d.ImagesPerArticle == nil {
		return DefaultImagesPerArticle
	}
	return max(0, min(*d.ImagesPerArticle, MaxImagesPerArticle))
}

// PrepareImages makes (or resets) the image records of content: a featured
// image when featured is set and n in-article images, each pending, so one job
// per record can generate it. Existing records of the same kind and position
// are reused, so asking again regenerates rather than duplicates.
func PrepareImages(app core.App, content *core.Record, featured bool, n int) ([]*core.Record, error) {
	col, err := app.FindCachedCollectionByNameOrId(collections.Images)
	if err != nil {
		return nil, err
	}
	type want struct {
		kind string
		pos  int
	}
	var wants []want
	if featured {
		wants = append(wants, want{collections.ImageFeatured, 0})
	}
	for i := 1; i <= n; i++ {
		wants = append(wants, want{collections.ImageInArticle, i})
	}
	var out []*core.Record
	err = app.RunInTransaction(func(tx core.App) error {
		for _, w := range wants {
			rec, err := tx.FindFirstRecordByFilter(collections.Images, "content = {:c} && kind = {:k} && position = {:p}",
				dbx.Params{"c": content.Id, "k": w.kind, "p": w.pos})
			if err != nil {
				rec = core.NewRecord(col)
				rec.Load(map[string]any{"tenant": content.GetString("tenant"), "site": content.GetString("site"),
					"content": content.Id, "kind": w.kind, "position": w.pos})
			} else if jobs.ActiveJob(tx, imageKey(rec.Id)) != nil {
				out = append(out, rec) // its job is queued or running: a second click changes nothing
				continue
			}
			rec.Set("status", ImagePending)
			rec.Set("prompt", "")
			rec.Set("error", "")
			if err := tx.Save(rec); err != nil {
				return fmt.Errorf("image %s %d: %w", w.kind, w.pos, err)
			}
			out = append(out, rec)
		}
		return nil
	})
	return out, err
}

// GenerateImage is the body of one image job: it writes the prompts of all the
// content's images still without one (one AI call for the set), generates this
// image, resizes and re-encodes it, stores it in the file field (PocketBase
// makes the thumbnails) and places an in-article image after its H2. A failure
// marks the image failed and leaves the article as it was.
func GenerateImage(ctx context.Context, app core.App, imageId string) (ai.Usage, error) {
	var total ai.Usage
	img, err := app.FindRecordById(collections.Images, imageId)
	if err != nil {
		return total, fmt.Errorf("image %s: %w", imageId, err)
	}
	content, err := app.FindRecordById(collections.Contents, img.GetString("content"))
	if err != nil {
		return total, fmt.Errorf("content of image %s: %w", imageId, err)
	}
	fail := func(err error) (ai.Usage, error) {
		if _, serr := updateImage(app, imageId, func(rec *core.Record) {
			rec.Set("status", ImageFailed)
			rec.Set("error", collections.Truncate(err.Error(), collections.ImageErrorMax))
		}); serr != nil {
			app.Logger().Error("writer: cannot record an image failure", "image", imageId, "error", serr)
		}
		return total, err
	}
	if img, err = updateImage(app, imageId, func(rec *core.Record) { rec.Set("status", ImageGenerating) }); err != nil {
		return total, err
	}
	if strings.TrimSpace(img.GetString("prompt")) == "" {
		u, err := writeImagePrompts(ctx, app, content)
		total.Add(u)
		if err != nil {
			return fail(fmt.Errorf("image prompts: %w", err))
		}
		if img, err = app.FindRecordById(collections.Images, imageId); err != nil {
			return total, err
		}
	}
	res, u, err := ai.Image(ctx, app, ai.ImageRequest{Tenant: img.GetString("tenant"), Prompt: img.GetString("prompt"), Width: ImageWidth, Height: ImageHeight})
	total.Add(u)
	if err != nil {
		return fail(fmt.Errorf("generate image: %w", err))
	}
	p, err := ProcessImage(res.Bytes, ImageSettingsFromEnv())
	if err != nil {
		return fail(err)
	}
	name := collections.Slug(firstNonEmpty(content.GetString("slug"), content.GetString("title")), 60)
	if name == "" {
		name = "image"
	}
	file, err := filesystem.NewFileFromBytes(p.Bytes, fmt.Sprintf("%s-%s-%d%s", name, img.GetString("kind"), img.GetInt("position"), p.Ext))
	if err != nil {
		return fail(err)
	}
	img, err = updateImage(app, imageId, func(rec *core.Record) {
		rec.Set("file", file)
		rec.Set("width", p.Width)
		rec.Set("height", p.Height)
		rec.Set("model", u.Model)
		rec.Set("status", ImageReady)
		rec.Set("error", "")
	})
	if err != nil {
		return fail(fmt.Errorf("store image: %w", err))
	}
	if img.GetString("kind") == collections.ImageInArticle {
		if err := placeImage(app, img); err != nil {
			return total, err
		}
	}
	return total, nil
}

// updateImage applies set to a fresh copy of image id and saves it in one
// transaction. The image jobs of one content run at once and each may write
// the prompts of the others (writeImagePrompts), so a copy read earlier must
// never be saved whole: it would undo what another job stored.
func updateImage(app core.App, id string, set func(rec *core.Record)) (*core.Record, error) {
	var out *core.Record
	err := app.RunInTransaction(func(tx core.App) error {
		rec, err := tx.FindRecordById(collections.Images, id)
		if err != nil {
			return fmt.Errorf("image %s: %w", id, err)
		}
		set(rec)
		if err := tx.Save(rec); err != nil {
			return err
		}
		out = rec
		return nil
	})
	return out, err
}

// placeImage re-reads the content inside a transaction (image jobs of one
// article run concurrently) and puts the figure after the image's H2.
func placeImage(app core.App, img *core.Record) error {
	return app.RunInTransaction(func(tx core.App) error {
		content, err := tx.FindRecordById(collections.Contents, img.GetString("content"))
		if err != nil {
			return err
		}
		html, err := PlaceImages(content.GetString("html"), []Figure{{
			ImageId: img.Id, Src: FileSrc(img.Id, img.GetString("file")), Alt: img.GetString("alt"),
			Slot: img.GetInt("slot"), Width: img.GetInt("width"), Height: img.GetInt("height"),
		}})
		if err != nil {
			return err
		}
		p, err := Reparse(html)
		if err != nil {
			return err
		}
		apply(content, p)
		MarkVersion(content, collections.VersionImages, "", img.GetString("model"))
		return tx.Save(content)
	})
}

// writeImagePrompts asks once for the prompts and alt texts of every image of
// content that has none yet, and assigns each in-article image a section.
func writeImagePrompts(ctx context.Context, app core.App, content *core.Record) (ai.Usage, error) {
	imgs, err := app.FindRecordsByFilter(collections.Images, "content = {:c} && prompt = ''", "position", 0, 0, dbx.Params{"c": content.Id})
	if err != nil || len(imgs) == 0 {
		return ai.Usage{}, err
	}
	var slots []Slot
	_ = content.UnmarshalJSONField("image_slots", &slots)
	if len(slots) == 0 {
		if p, err := Reparse(content.GetString("html")); err == nil {
			slots = p.Slots
		}
	}
	tenant := content.GetString("tenant")
	b := &brief{tenant: tenant}
	if task, err := app.FindRecordById(collections.Tasks, content.GetString("task")); err == nil {
		if full, err := loadBrief(app, task); err == nil {
			b = full
		}
	}
	vars := map[string]any{"Title": content.GetString("title"), "Keyword": firstNonEmpty(b.keyword, content.GetString("title")),
		"Count": len(imgs), "Style": "", "Excerpt": excerpt(content.GetString("html"), 80)}
	msgs, err := b.messages(app, ai.PromptImagePrompts, vars)
	if err != nil {
		return ai.Usage{}, err
	}
	var sections strings.Builder
	for _, s := range slots {
		fmt.Fprintf(&sections, "%d. %s\n", s.Index, s.Heading)
	}
	if sections.Len() > 0 {
		msgs[len(msgs)-1].Content += "\n\nSections of the article (give each in-article image the number of the section it illustrates):\n" + sections.String()
	}
	var plan ImagePlan
	u, err := ai.JSON(ctx, app, ai.Request{Task: ai.TaskImagePrompts, Tenant: tenant, Messages: msgs}, &plan)
	if err != nil {
		return u, err
	}
	// Store the prompts on fresh copies inside one transaction, and only on
	// images still without one: another image job of the same content may
	// have written them meanwhile (first writer wins, prompts are written
	// once), and a stale copy saved whole would put a finished image back to
	// generating and clear its file. Only prompt, alt and slot are set here.
	return u, app.RunInTransaction(func(tx core.App) error {
		used := map[int]bool{}
		for i, stale := range imgs {
			img, err := tx.FindRecordById(collections.Images, stale.Id)
			if err != nil {
				continue // removed meanwhile
			}
			if strings.TrimSpace(img.GetString("prompt")) != "" {
				if img.GetString("kind") == collections.ImageInArticle {
					used[img.GetInt("slot")] = true
				}
				continue
			}
			var ip ImagePrompt
			if i < len(plan.Images) {
				ip = plan.Images[i]
			}
			if img.GetString("kind") == collections.ImageFeatured && len(plan.Images) > 0 {
				ip = plan.Images[0]
			}
			ip.Prompt = firstNonEmpty(ip.Prompt, "Editorial photograph illustrating "+content.GetString("title")+", natural light, no text")
			ip.Alt = TrimWords(firstNonEmpty(ip.Alt, content.GetString("title")), 125)
			img.Set("prompt", ip.Prompt)
			img.Set("alt", ip.Alt)
			if img.GetString("kind") == collections.ImageInArticle {
				img.Set("slot", pickSlot(ip.Section, img.GetInt("position"), len(imgs), slots, used))
			}
			if err := tx.Save(img); err != nil {
				return fmt.Errorf("image %s prompt: %w", img.Id, err)
			}
		}
		return nil
	})
}

// pickSlot keeps the model's section when it exists and is free, else spreads
// the images evenly over the sections.
func pickSlot(asked, pos, n int, slots []Slot, used map[int]bool) int {
	if len(slots) == 0 {
		return 0
	}
	if asked >= 1 && asked <= len(slots) && !used[asked] {
		used[asked] = true
		return asked
	}
	s := max(1, min(len(slots), (pos*len(slots)+n-1)/n))
	for i := 0; i < len(slots) && used[s]; i++ {
		s = s%len(slots) + 1
	}
	used[s] = true
	return s
}
