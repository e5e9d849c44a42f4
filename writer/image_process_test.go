package writer_test

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"

	"github.com/igny8/igny8/writer"
)

func testPNG(t testing.TB, w, h int, alpha bool) []byte {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			a := uint8(255)
			if alpha && x == 0 {
				a = 10
			}
			img.SetNRGBA(x, y, color.NRGBA{uint8(x), uint8(y), uint8(x ^ y), a})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestProcessImage(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name          string
		in            []byte
		set           writer.ImageSettings
		mime          string
		width, height int
	}{
		{"wide opaque png shrinks to jpeg", testPNG(t, 400, 200, false), writer.ImageSettings{MaxWidth: 100, Quality: 80}, "image/jpeg", 100, 50},
		{"narrow image is not enlarged", testPNG(t, 60, 30, false), writer.ImageSettings{MaxWidth: 100, Quality: 80}, "image/jpeg", 60, 30},
		{"transparent image stays png", testPNG(t, 300, 300, true), writer.ImageSettings{MaxWidth: 150, Quality: 80}, "image/png", 150, 150},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			out, err := writer.ProcessImage(c.in, c.set)
			if err != nil {
				t.Fatal(err)
			}
			if out.MIME != c.mime || out.Width != c.width || out.Height != c.height {
				t.Fatalf("want %s %dx%d, got %s %dx%d", c.mime, c.width, c.height, out.MIME, out.Width, out.Height)
			}
			cfg, format, err := image.DecodeConfig(bytes.NewReader(out.Bytes))
			if err != nil || cfg.Width != c.width || cfg.Height != c.height || "image/"+format != c.mime {
				t.Fatalf("encoded bytes are %s %dx%d (%v)", format, cfg.Width, cfg.Height, err)
			}
		})
	}
	t.Run("quality setting changes the jpeg", func(t *testing.T) {
		t.Parallel()
		in := testPNG(t, 256, 256, false)
		lo, _ := writer.ProcessImage(in, writer.ImageSettings{MaxWidth: 256, Quality: 10})
		hi, _ := writer.ProcessImage(in, writer.ImageSettings{MaxWidth: 256, Quality: 95})
		if len(lo.Bytes) >= len(hi.Bytes) {
			t.Fatalf("quality 10 gave %d bytes, quality 95 gave %d", len(lo.Bytes), len(hi.Bytes))
		}
		if _, err := jpeg.Decode(bytes.NewReader(lo.Bytes)); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("garbage is a clear error", func(t *testing.T) {
		t.Parallel()
		if _, err := writer.ProcessImage([]byte("<html>not an image"), writer.ImageSettings{MaxWidth: 10, Quality: 10}); err == nil {
			t.Fatal("want error")
		}
	})
}

func TestImageSettingsFromEnv(t *testing.T) {
	t.Setenv(writer.EnvImageMaxWidth, "1024")
	t.Setenv(writer.EnvImageQuality, "500")
	s := writer.ImageSettingsFromEnv()
	if s.MaxWidth != 1024 || s.Quality != writer.DefaultImageQuality {
		t.Fatalf("got %+v", s)
	}
}
