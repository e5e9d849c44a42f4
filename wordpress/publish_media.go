package wordpress

import (
	"context"
	"fmt"
	"io"
	"mime"
	"net/http"
	"path"
	"strings"

	"github.com/igny8/igny8/collections"
	"github.com/pocketbase/pocketbase/core"
)

// UploadConcurrency is how many images of one article upload at once.
const UploadConcurrency = 3

// uploadImage uploads one image (or finds the earlier upload) and records
// the attachment on the image record.
func uploadImage(ctx context.Context, app core.App, t Transport, content, img *core.Record, postID int, lookup bool) (Media, error) {
	data, name, err := readImage(app, img)
	if err != nil {
		return Media{}, err
	}
	alt := img.GetString("alt")
	if alt == "" {
		alt = content.GetString("title")
	}
	ext := strings.ToLower(path.Ext(name))
	m, err := t.Upload(ctx, Upload{ImageID: img.Id, ContentID: content.Id, PostID: postID, MediaID: img.GetInt("wp_media_id"),
		Lookup: lookup, Filename: mediaFilename(img.Id, alt) + ext, MIME: mimeOf(ext, data), Data: data, Alt: alt, Title: alt})
	if err != nil {
		return Media{}, fmt.Errorf("image %s: %w", img.Id, err)
	}
	if img.GetInt("wp_media_id") != m.ID || img.GetString("wp_url") != m.URL {
		img.Set("wp_media_id", m.ID)
		img.Set("wp_url", m.URL)
		if err := app.Save(img); err != nil {
			return m, fmt.Errorf("record media of image %s: %w", img.Id, err)
		}
	}
	return m, nil
}

// mediaFilename names an upload after its alt text (as a slug, at most 60
// bytes at a word boundary), or after the image id when the text has none.
func mediaFilename(imageID, alt string) string {
	if s := collections.TransliteratedSlug(alt, 60); s != "" {
		return s
	}
	return "image-" + strings.ToLower(imageID)
}

func readImage(app core.App, img *core.Record) ([]byte, string, error) {
	fs, err := app.NewFilesystem()
	if err != nil {
		return nil, "", err
	}
	defer fs.Close()
	name := img.GetString("file")
	r, err := fs.GetReader(img.BaseFilesPath() + "/" + name)
	if err != nil {
		return nil, "", fmt.Errorf("read image %s: %w", img.Id, err)
	}
	defer r.Close()
	data, err := io.ReadAll(r)
	return data, name, err
}

func mimeOf(ext string, data []byte) string {
	if t := mime.TypeByExtension(ext); strings.HasPrefix(t, "image/") {
		return t
	}
	return http.DetectContentType(data)
}
