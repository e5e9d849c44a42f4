package wordpress_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"image"
	"image/color"
	"image/gif"
	"image/png"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/igny8/igny8/tools/wpclient"
	"github.com/igny8/igny8/wordpress"
)

// byteCounter is a reverse proxy in front of a WordPress that counts the
// request body bytes sent to each REST route.
type byteCounter struct {
	*httptest.Server
	mu    sync.Mutex
	bytes map[string]int64
	// answers holds the last answer body per route
	answers map[string][]byte
}

func newByteCounter(t testing.TB, target string) *byteCounter {
	u, _ := url.Parse(target)
	rp := httputil.NewSingleHostReverseProxy(u)
	b := &byteCounter{bytes: map[string]int64{}, answers: map[string][]byte{}}
	rp.ModifyResponse = func(r *http.Response) error {
		body, err := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		b.mu.Lock()
		b.answers[strings.TrimPrefix(r.Request.URL.Path, "/wp-json")] = body
		b.mu.Unlock()
		return err
	}
	b.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		b.mu.Lock()
		b.bytes[strings.TrimPrefix(r.URL.Path, "/wp-json")] += int64(len(body))
		b.mu.Unlock()
		r.Body = io.NopCloser(bytes.NewReader(body))
		rp.ServeHTTP(w, r)
	}))
	t.Cleanup(b.Close)
	return b
}

func (b *byteCounter) sent(route string) int64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.bytes[route]
}

// bridgeOf is the bridge transport to url with the plugin site's secret.
func bridgeOf(wp wpSite, u string) *wordpress.BridgeTransport {
	return wordpress.NewBridge(wpclient.NewClient(wpclient.Conn{Key: "upload-" + u, URL: u, BridgeSecret: wp.BridgeSecret,
		Timeout: 3 * time.Minute, HeaderTimeout: 3 * time.Minute}))
}

func deleteAttachments(t testing.TB, wp wpSite, ids ...int) {
	var s []string
	for _, id := range ids {
		if id > 0 {
			s = append(s, strconv.Itoa(id))
		}
	}
	if len(s) > 0 {
		wpEval(t, wp, 2, `foreach ([`+strings.Join(s, ",")+`] as $id) { wp_delete_attachment($id, true); }`)
	}
}

// photo is a w×h PNG stored without compression (3 bytes a pixel): 4096×4096
// is a 50 MB file, a 16-megapixel photo.
func photo(t testing.TB, w, h int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			i := img.PixOffset(x, y)
			img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3] = uint8(x), uint8(y), uint8(x^y), 255
		}
	}
	var buf bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.NoCompression}).Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestBridgeUploadStreams publishes a 50 MB image through the plugin: the
// bytes travel once, as the raw body, and PHP stays within its memory limit
// (the plugin reports its peak); uploading the same image again sends only
// its hash. The real limits are logged from the plugin's status.
func TestBridgeUploadStreams(t *testing.T) {
	t.Parallel()
	wp := testWP(t, 2)
	var st map[string]any
	code, body := sendSigned(t, wp.URL, signedReq{method: "GET", path: "/wp-json/igny8/v1/status", route: "/igny8/v1/status", secret: wp.BridgeSecret,
		ts: time.Now().Unix(), nonce: "st" + strconv.FormatInt(time.Now().UnixNano(), 36)})
	if code != 200 || json.Unmarshal([]byte(body), &st) != nil {
		t.Fatalf("status: %d %s", code, body)
	}
	memory := int64(st["memory_limit_bytes"].(float64))
	t.Logf("plugin site limits: max_upload_bytes %v, memory_limit_bytes %v, image_memory_limit_bytes %v", st["max_upload_bytes"], memory, st["image_memory_limit_bytes"])

	data := photo(t, 4096, 4096)
	if len(data) < 50_000_000 {
		t.Fatalf("the test image is %d bytes", len(data))
	}
	proxy := newByteCounter(t, wp.URL)
	tr := bridgeOf(wp, proxy.URL)
	iid := "big" + runTag
	m, err := tr.Upload(context.Background(), wordpress.Upload{ImageID: iid, Filename: "big-photo.png", MIME: "image/png", Data: data, Alt: "big " + runTag, Title: "big"})
	if err != nil {
		t.Fatalf("50 MB upload: %v", err)
	}
	t.Cleanup(func() { deleteAttachments(t, wp, m.ID) })
	if !m.Created || m.ID == 0 || !strings.HasSuffix(m.URL, ".png") {
		t.Fatalf("upload: %+v", m)
	}
	var answer struct {
		Peak int64 `json:"peak_memory_bytes"`
	}
	proxy.mu.Lock()
	_ = json.Unmarshal(proxy.answers[wordpress.RouteUploadData], &answer)
	proxy.mu.Unlock()
	t.Logf("PHP peak memory for a %d-byte image: %d bytes (limit %d)", len(data), answer.Peak, memory)
	if answer.Peak == 0 || (memory > 0 && answer.Peak >= memory) {
		t.Fatalf("peak memory %d, limit %d", answer.Peak, memory)
	}
	if sent := proxy.sent(wordpress.RouteUploadData); sent != int64(len(data)) {
		t.Fatalf("upload-data carried %d bytes, want the image's %d (raw, once)", sent, len(data))
	}
	sizes := wpEval(t, wp, 2, `$m = wp_get_attachment_metadata(`+strconv.Itoa(m.ID)+`); echo $m['width'] . 'x' . $m['height'] . ' ' . count($m['sizes']);`)
	if !strings.HasPrefix(sizes, "4096x4096 ") || strings.HasSuffix(sizes, " 0") {
		t.Fatalf("attachment metadata: %s", sizes)
	}

	// republish: the hash goes, the bytes do not
	before := proxy.sent(wordpress.RouteUploadData)
	again, err := tr.Upload(context.Background(), wordpress.Upload{ImageID: iid, Filename: "big-photo.png", MIME: "image/png", Data: data, Alt: "big " + runTag, Title: "big"})
	if err != nil || again.ID != m.ID || again.Created {
		t.Fatalf("second upload: %+v %v", again, err)
	}
	if proxy.sent(wordpress.RouteUploadData) != before || proxy.sent(wordpress.RouteUploadImage) > 4096 {
		t.Fatalf("republishing sent the bytes again (%d to upload-data, %d to upload-image)", proxy.sent(wordpress.RouteUploadData)-before, proxy.sent(wordpress.RouteUploadImage))
	}
}

// TestBridgeUploadChecks: WordPress's own upload checks decide the stored
// name and type (a GIF named .jpg is stored as .gif), what is not an image
// is refused with 400 and leaves nothing, and the parent post must be one
// igny8 published.
func TestBridgeUploadChecks(t *testing.T) {
	t.Parallel()
	wp := testWP(t, 2)
	tr := bridgeOf(wp, wp.URL)
	ctx := context.Background()

	var g bytes.Buffer
	pal := image.NewPaletted(image.Rect(0, 0, 8, 8), []color.Color{color.White, color.Black})
	if err := gif.Encode(&g, pal, nil); err != nil {
		t.Fatal(err)
	}
	m, err := tr.Upload(ctx, wordpress.Upload{ImageID: "gif" + runTag, Filename: "really-a-gif.jpg", MIME: "image/jpeg", Data: g.Bytes(), Alt: "gif " + runTag})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { deleteAttachments(t, wp, m.ID) })
	mime := wpEval(t, wp, 2, `echo get_post_mime_type(`+strconv.Itoa(m.ID)+`);`)
	if !strings.HasSuffix(m.URL, ".gif") || mime != "image/gif" {
		t.Fatalf("a GIF named .jpg was stored as %s (%s), want WordPress's corrected .gif, image/gif", m.URL, mime)
	}

	_, err = tr.Upload(ctx, wordpress.Upload{ImageID: "php" + runTag, Filename: "shell.png", MIME: "image/png", Data: []byte("<?php echo 1; ?>")})
	var ae *wpclient.APIError
	if !errors.As(err, &ae) || ae.Status != 400 || !strings.Contains(ae.Message, "not an image") {
		t.Fatalf("a PHP file named .png: %v", err)
	}
	if left := wpEval(t, wp, 2, `echo count(get_posts(['post_type' => 'attachment', 'post_status' => 'any', 'meta_key' => '_igny8_image_id', 'meta_value' => 'php`+runTag+`', 'fields' => 'ids']));`); left != "0" {
		t.Fatalf("a refused upload left %s attachments", left)
	}

	foreign := foreignPost(t, wp, "", "Not igny8's "+runTag)
	_, err = tr.Upload(ctx, wordpress.Upload{ImageID: "par" + runTag, PostID: foreign, Filename: "p.png", MIME: "image/png", Data: pngBytes(3)})
	if !errors.As(err, &ae) || ae.Status != 400 || !strings.Contains(ae.Message, "post_id") {
		t.Fatalf("an upload attached to a post igny8 did not publish: %v", err)
	}
}
