package writer

import (
	"fmt"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"
	"github.com/igny8/igny8/billing"
	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/jobs"
	"github.com/igny8/igny8/tenancy"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
)

// imageEditForm is the body of PATCH /api/igny8/writer/images/{id}: a new alt
// text and, for an in-article image, the H2 section (1-based) it follows.
type imageEditForm struct {
	Alt  *string `json:"alt"`
	Slot *int    `json:"slot"`
}

// editImageRoute changes an image's alt text or moves an in-article image to
// another section. The article's figure follows in the same transaction (its
// alt and place are part of the text), so the change is a new version of the
// content, and an approved content goes back to review like any edit.
func editImageRoute(e *core.RequestEvent) error {
	img, err := tenancy.RequireRecordWrite(e, collections.Images, e.Request.PathValue("id"), collections.RoleEditor)
	if err != nil {
		return tenancy.APIError(err)
	}
	var f imageEditForm
	if err := e.BindBody(&f); err != nil {
		return apis.NewBadRequestError("The request body is not valid JSON.", err)
	}
	if f.Alt == nil && f.Slot == nil {
		return apis.NewBadRequestError("Send alt, slot or both.", nil)
	}
	if f.Alt != nil {
		alt := strings.TrimSpace(*f.Alt)
		if utf8.RuneCountInString(alt) > collections.ImageAltMax {
			return apis.NewBadRequestError("The alt text is too long.",
				validation.Errors{"alt": validation.NewError("validation_length_too_long", fmt.Sprintf("At most %d characters.", collections.ImageAltMax))})
		}
		f.Alt = &alt
	}
	err = e.App.RunInTransaction(func(tx core.App) error {
		fresh, err := tx.FindRecordById(collections.Images, img.Id)
		if err != nil {
			return err
		}
		content, err := tx.FindRecordById(collections.Contents, fresh.GetString("content"))
		if err != nil {
			return err
		}
		if f.Slot != nil {
			if fresh.GetString("kind") != collections.ImageInArticle {
				return apis.NewBadRequestError("Only in-article images move; the featured image has no place in the text.",
					validation.Errors{"slot": validation.NewError("igny8_featured_slot", "The featured image has no section.")})
			}
			var slots []Slot
			_ = content.UnmarshalJSONField("image_slots", &slots)
			if *f.Slot < 1 || *f.Slot > len(slots) {
				return apis.NewBadRequestError(fmt.Sprintf("The article has %d sections; choose one of them.", len(slots)),
					validation.Errors{"slot": validation.NewError("igny8_no_such_slot", "No such section.")})
			}
			fresh.Set("slot", *f.Slot)
		}
		if f.Alt != nil {
			fresh.Set("alt", *f.Alt)
		}
		if err := tx.Save(fresh); err != nil {
			return err
		}
		img = fresh
		if fresh.GetString("kind") != collections.ImageInArticle || fresh.GetString("file") == "" {
			return nil
		}
		html, err := PlaceImages(content.GetString("html"), []Figure{{ImageId: fresh.Id, Src: FileSrc(fresh.Id, fresh.GetString("file")),
			Alt: fresh.GetString("alt"), Slot: fresh.GetInt("slot"), Width: fresh.GetInt("width"), Height: fresh.GetInt("height")}})
		if err != nil {
			return err
		}
		return saveImageChange(tx, e, content, html)
	})
	if err != nil {
		return tenancy.APIError(err)
	}
	return e.JSON(http.StatusOK, img)
}

// deleteImageRoute removes an image: its figure leaves the article (a new
// version) and the record and its file are deleted. A queued or running job
// of the image is canceled first (its credit refunded), so it cannot bring
// the image back.
func deleteImageRoute(e *core.RequestEvent) error {
	img, err := tenancy.RequireRecordWrite(e, collections.Images, e.Request.PathValue("id"), collections.RoleEditor)
	if err != nil {
		return tenancy.APIError(err)
	}
	if j := jobs.ActiveJob(e.App, imageKey(img.Id)); j != nil {
		if err := jobs.Cancel(e.App, j.Id); err != nil {
			return tenancy.APIError(err)
		}
	}
	err = e.App.RunInTransaction(func(tx core.App) error {
		content, err := tx.FindRecordById(collections.Contents, img.GetString("content"))
		if err != nil {
			return err
		}
		doc, err := goquery.NewDocumentFromReader(strings.NewReader("<html><body>" + content.GetString("html") + "</body></html>"))
		if err != nil {
			return fmt.Errorf("parse article html: %w", err)
		}
		figs := doc.Find("figure[" + collections.AttrImage + "=\"" + img.Id + "\"]")
		if figs.Length() > 0 {
			figs.Remove()
			html, err := doc.Find("body").Html()
			if err != nil {
				return fmt.Errorf("render article html: %w", err)
			}
			if err := saveImageChange(tx, e, content, html); err != nil {
				return err
			}
		}
		fresh, err := tx.FindRecordById(collections.Images, img.Id)
		if err != nil {
			return err
		}
		return tx.Delete(fresh)
	})
	if err != nil {
		return tenancy.APIError(err)
	}
	return e.JSON(http.StatusOK, map[string]any{"id": img.Id, "content": img.GetString("content"), "removed": true})
}

// regenerateImageForm: an optional new prompt (empty keeps the image's own,
// or lets the writer write one).
type regenerateImageForm struct {
	Prompt *string `json:"prompt"`
}

// regenerateImageRoute queues a new picture for one image (1 credit); the
// figure in the article is replaced when it is ready. While the image's job
// is queued or running the same job is answered.
func regenerateImageRoute(e *core.RequestEvent) error {
	img, err := tenancy.RequireRecordWrite(e, collections.Images, e.Request.PathValue("id"), collections.RoleEditor)
	if err != nil {
		return tenancy.APIError(err)
	}
	var f regenerateImageForm
	if e.Request.ContentLength != 0 {
		if err := e.BindBody(&f); err != nil {
			return apis.NewBadRequestError("The request body is not valid JSON.", err)
		}
	}
	if f.Prompt != nil && utf8.RuneCountInString(*f.Prompt) > collections.ImagePromptMax {
		return apis.NewBadRequestError("The prompt is too long.",
			validation.Errors{"prompt": validation.NewError("validation_length_too_long", fmt.Sprintf("At most %d characters.", collections.ImagePromptMax))})
	}
	if j := jobs.ActiveJob(e.App, imageKey(img.Id)); j != nil {
		return e.JSON(http.StatusAccepted, map[string]any{"job": j.Id, "created": false, "credits": j.GetInt("credits")})
	}
	var job *core.Record
	err = e.App.RunInTransaction(func(tx core.App) error {
		fresh, err := tx.FindRecordById(collections.Images, img.Id)
		if err != nil {
			return err
		}
		fresh.Set("status", ImagePending)
		fresh.Set("error", "")
		if f.Prompt != nil {
			fresh.Set("prompt", strings.TrimSpace(*f.Prompt))
		}
		if err := tx.Save(fresh); err != nil {
			return err
		}
		job, err = jobs.Enqueue(tx, jobs.EnqueueParams{Tenant: fresh.GetString("tenant"), Site: fresh.GetString("site"), Type: JobImages,
			TargetCollection: collections.Images, Target: fresh.Id, Payload: imagePayload{Image: fresh.Id, Content: fresh.GetString("content")},
			Credits: billing.Cost(billing.ActionImage, 1), ActiveKey: imageKey(fresh.Id), CreatedBy: tenancy.AuthId(e)})
		return err
	})
	if err != nil {
		return tenancy.APIError(billing.ForRequest(e.App, img.GetString("tenant"), billing.Cost(billing.ActionImage, 1), err))
	}
	return e.JSON(http.StatusAccepted, map[string]any{"job": job.Id, "created": true, "credits": job.GetInt("credits")})
}

// saveImageChange stores html (reparsed) as the content's new text, a version
// marked images by the user; an approved content goes back to review.
func saveImageChange(tx core.App, e *core.RequestEvent, content *core.Record, html string) error {
	p, err := Reparse(html)
	if err != nil {
		return err
	}
	apply(content, p)
	if versionedChange(content) && content.GetString("status") == collections.ContentApproved {
		content.Set("status", collections.ContentReview)
	}
	MarkVersion(content, collections.VersionImages, tenancy.AuthId(e), "")
	return tx.Save(content)
}
