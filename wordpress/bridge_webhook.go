package wordpress

import (
	"crypto/hmac"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/tenancy"
	"github.com/igny8/igny8/tools/wpclient"
	"github.com/pocketbase/pocketbase/core"
)

// PathBridgePost is the plugin's webhook: a post igny8 published was changed
// in WordPress (saved, trashed, restored). EventPostChanged is its event.
const (
	PathBridgePost   = "/api/igny8/bridge/post"
	EventPostChanged = "post_changed"
)

// maxPostBody bounds the webhook's body: a post summary with the article
// (contents.html holds at most 2 MB).
const maxPostBody = 3 << 20

// maxSeen bounds the signatures a site keeps inside the replay window; a
// plugin sending more within ten minutes is refused until they expire.
const maxSeen = 2000

// Refusals of a plugin call. Each answers 401 with its code; the message
// never says whether the site exists.
var (
	errBridgeUnsigned = errors.New("igny8_bad_signature")
	errBridgeExpired  = errors.New("igny8_expired")
	errBridgeReplayed = errors.New("igny8_replayed")
)

// verifyBridgeCall checks a call from a site's plugin (notify, post): signed
// like igny8's own requests (Sign over POST, the path, the timestamp, the
// nonce and the body, keyed with the site named in X-Igny8-Site), the
// timestamp within SignatureWindow of igny8's clock, and each signature
// accepted once: it is recorded on the site (sites.bridge_seen) in a
// transaction, so two copies of one call cannot both pass.
func verifyBridgeCall(e *core.RequestEvent, path string, limit int64) (*core.Record, []byte, error) {
	body, err := io.ReadAll(io.LimitReader(e.Request.Body, limit+1))
	if err != nil || int64(len(body)) > limit {
		return nil, nil, errBridgeUnsigned
	}
	ts, err := strconv.ParseInt(e.Request.Header.Get(wpclient.HeaderTimestamp), 10, 64)
	nonce := e.Request.Header.Get(wpclient.HeaderNonce)
	if err != nil || nonce == "" || len(nonce) > 64 {
		return nil, nil, errBridgeUnsigned
	}
	site, err := e.App.FindRecordById(collections.Sites, e.Request.Header.Get(HeaderSite))
	if err != nil {
		return nil, nil, errBridgeUnsigned
	}
	secret, err := tenancy.Secret(e.App, site, "bridge_secret")
	if err != nil || len(secret) < 32 {
		return nil, nil, errBridgeUnsigned
	}
	sig := wpclient.Sign(secret, http.MethodPost, path, ts, nonce, body)
	if !hmac.Equal([]byte(sig), []byte(strings.ToLower(e.Request.Header.Get(wpclient.HeaderSignature)))) {
		return nil, nil, errBridgeUnsigned
	}
	now := time.Now()
	if now.Sub(time.Unix(ts, 0)).Abs() > wpclient.SignatureWindow {
		return nil, nil, errBridgeExpired
	}
	err = e.App.RunInTransaction(func(tx core.App) error {
		s, err := tx.FindRecordById(collections.Sites, site.Id)
		if err != nil {
			return err
		}
		seen := map[string]int64{}
		_ = s.UnmarshalJSONField("bridge_seen", &seen)
		for k, at := range seen {
			if now.Unix()-at > int64(2*wpclient.SignatureWindow/time.Second) {
				delete(seen, k)
			}
		}
		key := sig[:40]
		if _, ok := seen[key]; ok || len(seen) >= maxSeen {
			return errBridgeReplayed
		}
		seen[key] = now.Unix()
		s.Set("bridge_seen", seen)
		if err := tx.Save(s); err != nil {
			return err
		}
		site = s
		return nil
	})
	if err != nil {
		if errors.Is(err, errBridgeReplayed) {
			return nil, nil, errBridgeReplayed
		}
		return nil, nil, err
	}
	return site, body, nil
}

var bridgeRefusals = map[error]string{
	errBridgeUnsigned: "The request is not signed with this site's bridge secret.",
	errBridgeExpired:  "The request timestamp is outside the 5-minute window (check the server clocks).",
	errBridgeReplayed: "This signed request was already used.",
}

// refuseBridgeCall answers a refused plugin call: 401 with its code, or 500
// when igny8 could not record it.
func refuseBridgeCall(e *core.RequestEvent, err error) error {
	if msg, ok := bridgeRefusals[err]; ok {
		return e.JSON(http.StatusUnauthorized, map[string]any{"code": err.Error(), "message": msg})
	}
	e.App.Logger().Error("bridge call", "error", err)
	return e.JSON(http.StatusInternalServerError, map[string]any{"code": "igny8_error", "message": "Could not record the call."})
}

type postForm struct {
	Event string     `json:"event"`
	Post  bridgePost `json:"post"`
}

// bridgePostChanged takes the plugin's webhook: a post igny8 published was saved,
// trashed or restored in WordPress. The post (as pull-updates reports it)
// goes through what a sync does with it — status and URL, and text edited in
// WordPress as a new version or, beside an igny8 draft in progress, a
// conflict — right away. A post that is not the one igny8 recorded for its
// content changes nothing (see contentOfPost).
func bridgePostChanged(e *core.RequestEvent) error {
	site, body, err := verifyBridgeCall(e, PathBridgePost, maxPostBody)
	if err != nil {
		return refuseBridgeCall(e, err)
	}
	var f postForm
	if err := json.Unmarshal(body, &f); err != nil || f.Event != EventPostChanged || f.Post.ID <= 0 {
		return e.JSON(http.StatusBadRequest, map[string]any{"code": "igny8_bad_request", "message": "event must be post_changed, with the post."})
	}
	p := f.Post.Post
	p.Modified, _ = time.Parse(wpTimeLayout, f.Post.ModifiedGMT)
	edit, updated, err := applyPost(e.App, site, p)
	if err != nil {
		e.App.Logger().Error("bridge post webhook", "site", site.Id, "post", p.ID, "error", err)
		return e.JSON(http.StatusInternalServerError, map[string]any{"code": "igny8_error", "message": "Could not record the change."})
	}
	return e.JSON(http.StatusOK, map[string]any{"ok": true, "updated": updated, "edit": edit})
}
