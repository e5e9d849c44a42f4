package wordpress_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/testapp"
	"github.com/igny8/igny8/wordpress"
	"github.com/pocketbase/pocketbase/tools/filesystem"
)

func bigPNG(t testing.TB) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 1600, 900))
	for y := 0; y < 900; y++ {
		for x := 0; x < 1600; x++ {
			img.Set(x, y, color.RGBA{uint8(x / 8), uint8(y / 4), 120, 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestPublishImageMarkup: in-article images reach WordPress as its own image
// block, so the public page (Twenty Twenty-Three) shows them with the
// wp-image-<id> and size classes and the srcset/sizes WordPress derives from
// the attachment, instead of a bare <img> with the file's pixel width.
func TestPublishImageMarkup(t *testing.T) {
	t.Parallel()
	big := bigPNG(t)
	for _, transport := range []string{"rest", "bridge"} {
		t.Run(transport, func(t *testing.T) {
			t.Parallel()
			app := testapp.New(t)
			site := sitesFor(t, app)[transport]
			c := newContent(t, app, site, "Image markup "+transport+" "+time.Now().Format("150405.000"), 1)
			img, err := app.FindFirstRecordByFilter(collections.Images, "content = {:c} && kind = 'in_article'", map[string]any{"c": c.Id})
			if err != nil {
				t.Fatal(err)
			}
			f, _ := filesystem.NewFileFromBytes(big, "big.png")
			img.Set("file", f)
			img.Set("width", 1600)
			img.Set("height", 900)
			if err := app.Save(img); err != nil {
				t.Fatal(err)
			}
			// The writer's figure carries the pixel size.
			html := regexp.MustCompile(`<figure data-igny8-image="`+img.Id+`">.*?</figure>`).ReplaceAllString(c.GetString("html"),
				`<figure data-igny8-image="`+img.Id+`"><img src="/api/files/images/`+img.Id+`/`+img.GetString("file")+`" alt="A wide cup" width="1600" height="900" loading="lazy"/></figure>`)
			c.Set("html", html)
			if err := app.Save(c); err != nil {
				t.Fatal(err)
			}
			res, err := wordpress.Publish(context.Background(), app, c.Id)
			if err != nil {
				t.Fatalf("publish: %v", err)
			}
			media := res.Media[img.Id]
			_, _, page := fetch(t, res.Link)
			tag := regexp.MustCompile(`<img[^>]*wp-image-` + itoa(media) + `[^>]*>`).FindString(page)
			if tag == "" {
				i := strings.Index(page, "/wp-content/uploads/")
				t.Fatalf("no <img> with class wp-image-%d on the page; near the upload: %s", media, page[max(0, i-300):min(len(page), i+200)])
			}
			for _, want := range []string{`srcset="`, `sizes="`} {
				if !strings.Contains(tag, want) {
					t.Errorf("image tag lacks %s: %s", want, tag)
				}
			}
			if !regexp.MustCompile(`<figure[^>]*class="[^"]*wp-block-image[^"]*size-large`).MatchString(page) {
				t.Errorf("no wp-block-image size-large figure on the page")
			}
		})
	}
}
