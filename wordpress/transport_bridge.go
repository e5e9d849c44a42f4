package wordpress

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/igny8/igny8/tools/wpclient"
)

// BridgeTransport publishes through the igny8 bridge plugin's signed routes.
// The plugin finds posts by their _igny8_content_id meta under a MySQL named
// lock, so concurrent or repeated imports of one content give one post; it
// writes SEO meta for whichever SEO plugin is active.
type BridgeTransport struct {
	c *wpclient.Client
	stager
}

var _ Transport = (*BridgeTransport)(nil)

// NewBridge returns the bridge transport over c (c needs the bridge secret).
func NewBridge(c *wpclient.Client) *BridgeTransport { return &BridgeTransport{c: c} }

func (t *BridgeTransport) Name() string             { return "bridge" }
func (t *BridgeTransport) Client() *wpclient.Client { return t.c }

// Route of the bridge plugin.
const (
	RouteStatus        = "/igny8/v1/status"
	RouteImportContent = "/igny8/v1/import-content"
	RouteUploadImage   = "/igny8/v1/upload-image"
	RouteSyncSettings  = "/igny8/v1/sync-settings"
	RoutePullUpdates   = "/igny8/v1/pull-updates"
	RouteAdopt         = "/igny8/v1/adopt"
	RouteConnect       = "/igny8/v1/connect"
	RouteUploadData    = "/igny8/v1/upload-data"
	RouteConfirmLink   = "/igny8/v1/confirm-link"
	RouteSyncClusters  = "/igny8/v1/sync-clusters"
)

// updatesPage is how many changed posts one pull-updates call asks for.
const updatesPage = 200

type bridgePost struct {
	Post
	ModifiedGMT string    `json:"modified_gmt"`
	SEO         SEOResult `json:"seo"`
}

func (t *BridgeTransport) signed(method, route string, body any) wpclient.Call {
	return wpclient.Call{Method: method, Route: route, Body: body, Auth: "signed"}
}

func (t *BridgeTransport) importContent(ctx context.Context, body map[string]any) (bridgePost, error) {
	var p bridgePost
	_, err := t.c.Do(ctx, t.signed(http.MethodPost, RouteImportContent, body), &p)
	p.Modified, _ = time.Parse(wpTimeLayout, p.ModifiedGMT)
	return p, err
}

func (t *BridgeTransport) Draft(ctx context.Context, d Draft) (Post, error) {
	body := map[string]any{"content_id": d.ContentID, "title": Text(d.Title), "content": d.HTML}
	if d.Excerpt != "" {
		body["excerpt"] = Text(d.Excerpt)
	}
	p, err := t.importContent(ctx, body)
	return p.Post, err
}

func (t *BridgeTransport) Content(ctx context.Context, _ int, contentID, html string) error {
	_, err := t.importContent(ctx, map[string]any{"content_id": contentID, "content": html})
	return err
}

// Upload sends the image's hash first: a known image id answers its
// attachment and no bytes travel again (a republish). Otherwise the bytes
// follow as the raw body of upload-data (never base64 in JSON, so the plugin
// holds one copy of them); the hash is part of that request's signature.
func (t *BridgeTransport) Upload(ctx context.Context, u Upload) (Media, error) {
	sum := sha256.Sum256(u.Data)
	var m struct {
		Media
		NeedData bool `json:"need_data"`
	}
	_, err := t.c.Do(ctx, t.signed(http.MethodPost, RouteUploadImage, map[string]any{
		"image_id": u.ImageID, "content_id": u.ContentID, "post_id": u.PostID, "filename": u.Filename, "title": Text(u.Title),
		"alt": Text(u.Alt), "sha256": hex.EncodeToString(sum[:]), "size": len(u.Data),
	}), &m)
	var ae *wpclient.APIError
	if errors.As(err, &ae) && ae.Status == http.StatusBadRequest && strings.Contains(ae.Message, "base64") {
		return t.uploadBase64(ctx, u) // a plugin older than 1.1
	}
	if err != nil || !m.NeedData {
		return m.Media, err
	}
	var out Media
	c := t.signed(http.MethodPost, RouteUploadData, u.Data)
	c.Query = map[string]string{"image_id": u.ImageID}
	c.Headers = map[string]string{"Content-Type": "application/octet-stream"}
	_, err = t.c.Do(ctx, c, &out)
	return out, err
}

// uploadBase64 is the upload of plugin 1.0 (bytes in JSON).
func (t *BridgeTransport) uploadBase64(ctx context.Context, u Upload) (Media, error) {
	var m Media
	_, err := t.c.Do(ctx, t.signed(http.MethodPost, RouteUploadImage, map[string]any{
		"image_id": u.ImageID, "content_id": u.ContentID, "post_id": u.PostID, "filename": u.Filename, "title": Text(u.Title),
		"mime": u.MIME, "alt": Text(u.Alt), "data": base64.StdEncoding.EncodeToString(u.Data),
	}), &m)
	return m, err
}

// ConfirmLink sends the confirmation code the owner typed into igny8 to the
// plugin, signed with the site's secret (the link waiting for it).
func (t *BridgeTransport) ConfirmLink(ctx context.Context, code string) error {
	_, err := t.c.Do(ctx, t.signed(http.MethodPost, RouteConfirmLink, map[string]any{"code": code}), nil)
	return err
}

// Featured, Terms and SEO stage their fields; Status sends them in the same
// import-content call as the status (see stager).
func (t *BridgeTransport) Featured(_ context.Context, postID int, _ string, mediaID int) error {
	t.stage(postID, func(p *staged) { p.fields["featured_media"] = mediaID })
	return nil
}

func (t *BridgeTransport) Terms(_ context.Context, postID int, _ string, categories, tags []string) error {
	t.stage(postID, func(p *staged) {
		p.fields["tags"] = nonNil(texts(tags))
		if len(categories) > 0 {
			p.fields["categories"] = texts(categories)
		}
	})
	return nil
}

// SEO stages the meta; the plugin reports where it went (which SEO plugin's
// keys, read back) in the status call's answer.
func (t *BridgeTransport) SEO(_ context.Context, postID int, _ string, seo SEO) (SEOResult, error) {
	t.stage(postID, func(p *staged) {
		p.fields["seo"] = seo
		if seo.Description != "" {
			p.fields["excerpt"] = Text(seo.Description)
		}
	})
	return SEOResult{Plugin: "pending"}, nil
}

func (t *BridgeTransport) Status(ctx context.Context, f Final) (Post, error) {
	body := t.take(f.PostID).fields
	body["content_id"] = f.ContentID
	body["status"] = f.Status
	if f.SetSlug {
		body["slug"] = f.Slug
	}
	if !f.Date.IsZero() {
		body["date_gmt"] = f.Date.UTC().Format(time.RFC3339)
	}
	if f.Meta != nil {
		body["igny8_meta"] = map[string]any{"cluster_id": f.Meta.ClusterID, "cluster_name": Text(f.Meta.ClusterName),
			"keyword_ids": nonNil(f.Meta.KeywordIDs), "task_id": f.Meta.TaskID}
	}
	p, err := t.importContent(ctx, body)
	if p.SEO.Plugin != "" {
		p.Post.SEO = &p.SEO
	}
	return p.Post, err
}

// Adopt asks the plugin to give post postID the content's marker meta (only
// the plugin's signed routes write it).
func (t *BridgeTransport) Adopt(ctx context.Context, contentID string, postID int) (Post, error) {
	var p bridgePost
	_, err := t.c.Do(ctx, t.signed(http.MethodPost, RouteAdopt, map[string]any{"content_id": contentID, "post_id": postID}), &p)
	p.Modified, _ = time.Parse(wpTimeLayout, p.ModifiedGMT)
	return p.Post, err
}

// Updates reads every changed post, one page after another (oldest change
// first). When a page fails it returns the posts read so far with the error,
// so the caller can keep them and move its watermark only past them.
func (t *BridgeTransport) Updates(ctx context.Context, since time.Time) ([]Post, error) {
	var posts []Post
	body := map[string]any{"since": since.UTC().Format(time.RFC3339), "limit": updatesPage}
	for {
		var out struct {
			Posts []bridgePost `json:"posts"`
			More  bool         `json:"more"`
			Next  *struct {
				Since   string `json:"since"`
				AfterID int    `json:"after_id"`
			} `json:"next"`
		}
		if _, err := t.c.Do(ctx, t.signed(http.MethodPost, RoutePullUpdates, body), &out); err != nil {
			return posts, err
		}
		for _, p := range out.Posts {
			p.Modified, _ = time.Parse(wpTimeLayout, p.ModifiedGMT)
			posts = append(posts, p.Post)
		}
		if !out.More || out.Next == nil || len(out.Posts) == 0 {
			return posts, nil
		}
		body = map[string]any{"since": out.Next.Since, "after_id": out.Next.AfterID, "limit": updatesPage}
	}
}

func (t *BridgeTransport) Settings(ctx context.Context, defaults map[string]any) (map[string]any, error) {
	return t.SyncSettings(ctx, "", defaults, nil)
}

// SyncSettings pushes the defaults and, with fields (igny8's side of
// SettingsFieldMap: key -> {value, at}), asks the plugin to merge them with
// the site's side for igny8 site siteID; the answer's "fields" holds the
// merge (key -> {value, at, by, previous}).
func (t *BridgeTransport) SyncSettings(ctx context.Context, siteID string, defaults, fields map[string]any) (map[string]any, error) {
	var out map[string]any
	if defaults == nil {
		defaults = map[string]any{}
	}
	body := map[string]any{"defaults": defaults}
	if fields != nil {
		body["site_id"], body["fields"] = siteID, fields
	}
	_, err := t.c.Do(ctx, t.signed(http.MethodPost, RouteSyncSettings, body), &out)
	if out != nil {
		out["defaults_pushed"] = err == nil
	}
	return out, err
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// ClusterTerm is one igny8 cluster as the plugin's private taxonomy keeps it.
type ClusterTerm struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Keywords int    `json:"keywords"`
}

// ClusterCoverage is one row of the plugin's cluster map.
type ClusterCoverage struct {
	ClusterTerm
	Posts []int `json:"posts"`
}

// ClusterMap is the plugin's answer to sync-clusters.
type ClusterMap struct {
	Clusters int               `json:"clusters"`
	Removed  int               `json:"removed"`
	Covered  int               `json:"covered"`
	Map      []ClusterCoverage `json:"map"`
}

// Clusters sends the site's whole cluster list: the plugin keeps one term of
// its private taxonomy per cluster (uncovered ones included, for the map in
// wp-admin) and deletes the terms of clusters no longer listed.
func (t *BridgeTransport) Clusters(ctx context.Context, siteID string, list []ClusterTerm) (ClusterMap, error) {
	var out ClusterMap
	if list == nil {
		list = []ClusterTerm{}
	}
	for i := range list {
		list[i].Name = Text(list[i].Name)
	}
	_, err := t.c.Do(ctx, t.signed(http.MethodPost, RouteSyncClusters, map[string]any{"clusters": list, "site_id": siteID}), &out)
	return out, err
}
