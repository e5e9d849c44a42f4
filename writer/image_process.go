package writer

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"os"
	"strconv"

	_ "image/gif"  // decode GIF answers
	_ "image/jpeg" // decode JPEG answers

	"github.com/disintegration/imaging"
	_ "golang.org/x/image/webp" // decode WebP answers (Runware's default)
)

// Image settings, read from the environment on each call so operators can
// change them without a rebuild.
const (
	EnvImageMaxWidth = "IGNY8_IMAGE_MAX_WIDTH"
	EnvImageQuality  = "IGNY8_IMAGE_QUALITY"

	DefaultImageMaxWidth = 1600
	DefaultImageQuality  = 82
)

// ImageSettings are the resize and re-encode parameters.
type ImageSettings struct {
	MaxWidth int
	Quality  int
}

// ImageSettingsFromEnv reads IGNY8_IMAGE_MAX_WIDTH (64–8192) and
// IGNY8_IMAGE_QUALITY (1–100); out-of-range or missing values use the defaults.
func ImageSettingsFromEnv() ImageSettings {
	s := ImageSettings{MaxWidth: DefaultImageMaxWidth, Quality: DefaultImageQuality}
	if v, err := strconv.Atoi(os.Getenv(EnvImageMaxWidth)); err == nil && v >= 64 && v <= 8192 {
		s.MaxWidth = v
	}
	if v, err := strconv.Atoi(os.Getenv(EnvImageQuality)); err == nil && v >= 1 && v <= 100 {
		s.Quality = v
	}
	return s
}

// ProcessedImage is a resized, re-encoded image ready for a file field.
type ProcessedImage struct {
	Bytes  []byte
	MIME   string
	Ext    string
	Width  int
	Height int
}

// ProcessImage decodes a generated image (PNG, JPEG, GIF or WebP), shrinks it
// to s.MaxWidth keeping its aspect ratio (never enlarging), and re-encodes it:
// opaque images as JPEG at s.Quality (AI images are photos; JPEG is a fraction
// of the PNG size), images with transparency as best-compressed PNG.
func ProcessImage(data []byte, s ImageSettings) (ProcessedImage, error) {
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return ProcessedImage{}, fmt.Errorf("decode image: %w", err)
	}
	if img.Bounds().Dx() > s.MaxWidth {
		img = imaging.Resize(img, s.MaxWidth, 0, imaging.Lanczos)
	}
	var buf bytes.Buffer
	out := ProcessedImage{Width: img.Bounds().Dx(), Height: img.Bounds().Dy()}
	if opaque(img) {
		out.MIME, out.Ext = "image/jpeg", ".jpg"
		err = imaging.Encode(&buf, img, imaging.JPEG, imaging.JPEGQuality(s.Quality))
	} else {
		out.MIME, out.Ext = "image/png", ".png"
		err = imaging.Encode(&buf, img, imaging.PNG, imaging.PNGCompressionLevel(png.BestCompression))
	}
	if err != nil {
		return ProcessedImage{}, fmt.Errorf("encode image: %w", err)
	}
	out.Bytes = buf.Bytes()
	return out, nil
}

func opaque(img image.Image) bool {
	if o, ok := img.(interface{ Opaque() bool }); ok {
		return o.Opaque()
	}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if _, _, _, a := img.At(x, y).RGBA(); a != 0xffff {
				return false
			}
		}
	}
	return true
}
