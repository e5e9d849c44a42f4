package aitest

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"net/http"
	"time"
)

// PNG is a small generated PNG (the default image reply).
func PNG(w, h int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.SetRGBA(x, y, color.RGBA{uint8(x * 255 / max(w, 1)), uint8(y * 255 / max(h, 1)), 128, 255})
		}
	}
	var buf bytes.Buffer
	_ = png.Encode(&buf, img)
	return buf.Bytes()
}

func (s *Server) images(w http.ResponseWriter, r *http.Request) {
	c, m := readCall(r)
	c.Prompt, _ = m["prompt"].(string)
	rep, _ := s.next(c)
	if !hold(r, rep) || writeSpecial(w, rep) {
		return
	}
	img := rep.Image
	if img == nil {
		img = PNG(16, 16)
	}
	writeJSON(w, map[string]any{"created": time.Now().Unix(),
		"data": []any{map[string]any{"b64_json": base64.StdEncoding.EncodeToString(img), "revised_prompt": c.Prompt}}})
}

func (s *Server) runware(w http.ResponseWriter, r *http.Request) {
	c, _ := readCall(r)
	var tasks []map[string]any
	_ = json.Unmarshal(c.Body, &tasks)
	var uuid string
	for _, t := range tasks {
		if t["taskType"] == "imageInference" {
			c.Model, _ = t["model"].(string)
			c.Prompt, _ = t["positivePrompt"].(string)
			uuid, _ = t["taskUUID"].(string)
		}
	}
	rep, _ := s.next(c)
	if !hold(r, rep) {
		return
	}
	if rep.RetryAfter != "" {
		w.Header().Set("Retry-After", rep.RetryAfter)
	}
	if rep.Body != "" || (rep.Status != 0 && rep.Status != http.StatusOK) {
		if rep.Body != "" {
			w.WriteHeader(max(rep.Status, http.StatusOK))
			io.WriteString(w, rep.Body)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(rep.Status)
		fmt.Fprintf(w, `{"errors":[{"code":"fakeError","message":"fake error %d","taskUUID":%q}]}`, rep.Status, uuid)
		return
	}
	img := rep.Image
	if img == nil {
		img = PNG(16, 16)
	}
	writeJSON(w, map[string]any{"data": []any{map[string]any{"taskType": "imageInference", "taskUUID": uuid,
		"imageBase64Data": base64.StdEncoding.EncodeToString(img), "cost": 0.0013}}})
}
