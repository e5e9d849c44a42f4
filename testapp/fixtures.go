package testapp

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"

	"github.com/igny8/igny8/collections"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/filesystem"
)

// The two fixture workspaces.
const (
	A = "a"
	B = "b"
)

// Password is every fixture user's password.
const Password = "password-123"

// SuperuserEmail signs in the fixture platform operator.
const SuperuserEmail = "root@example.com"

// OutsiderEmail is a signed-in user with no workspace.
const OutsiderEmail = "outsider@example.com"

// Workspaces lists the fixture workspaces.
var Workspaces = []string{A, B}

// Pipeline lists the tenant-and-site scoped collections that carry one fixture
// record per workspace, in creation order.
var Pipeline = []string{
	collections.Clusters, collections.Keywords, collections.Ideas, collections.Tasks,
	collections.Contents, collections.Images,
}

// fid pads a readable prefix to PocketBase's 15-character id.
func fid(prefix string) string {
	return (prefix + strings.Repeat("0", 15))[:15]
}

// TenantId is the fixture workspace's tenant id.
func TenantId(ws string) string { return fid("tenant" + ws) }

// SiteId is the fixture workspace's site id.
func SiteId(ws string) string { return fid("site" + ws) }

// UserId is the id of the fixture user holding role in ws.
func UserId(ws, role string) string { return fid(role + ws) }

// MembershipId is the id of that user's membership.
func MembershipId(ws, role string) string { return fid("mem" + role + ws) }

// InviteeEmail is the address of the fixture pending invitation of ws; no user has it.
func InviteeEmail(ws string) string { return "invitee-" + ws + "@example.com" }

// Email is the fixture user's email.
func Email(ws, role string) string { return role + "-" + ws + "@example.com" }

// RecordId is the id of the fixture record of collection in ws.
func RecordId(collection, ws string) string {
	return fid(strings.ReplaceAll(collection, "_", "") + ws)
}

// ImageFile is the fixture image's file name as stored on its record.
func ImageFile(app core.App, ws string) string {
	r, err := app.FindRecordById(collections.Images, RecordId(collections.Images, ws))
	if err != nil {
		return ""
	}
	return r.GetString("file")
}

func seedFixtures(app core.App) error {
	su, err := app.FindCollectionByNameOrId(core.CollectionNameSuperusers)
	if err != nil {
		return err
	}
	root := core.NewRecord(su)
	root.SetEmail(SuperuserEmail)
	root.SetPassword(Password)
	if err := app.Save(root); err != nil {
		return fmt.Errorf("superuser: %w", err)
	}
	if _, err := newUser(app, fid("outsider"), OutsiderEmail); err != nil {
		return err
	}
	for _, ws := range Workspaces {
		if err := seedWorkspace(app, ws); err != nil {
			return fmt.Errorf("workspace %s: %w", ws, err)
		}
	}
	return nil
}

func seedWorkspace(app core.App, ws string) error {
	plan, err := app.FindFirstRecordByData(collections.Plans, "code", "agency")
	if err != nil {
		return err
	}
	if _, err := save(app, collections.Tenants, TenantId(ws), map[string]any{
		"name": "Workspace " + strings.ToUpper(ws), "slug": "workspace-" + ws, "plan": plan.Id,
		"status": collections.TenantActive, "plan_credits": 2000,
	}); err != nil {
		return err
	}
	for _, role := range collections.Roles {
		u, err := newUser(app, UserId(ws, role), Email(ws, role))
		if err != nil {
			return err
		}
		if _, err := save(app, collections.Memberships, MembershipId(ws, role), map[string]any{"user": u.Id, "tenant": TenantId(ws), "role": role}); err != nil {
			return err
		}
	}
	base := map[string]any{"tenant": TenantId(ws), "site": SiteId(ws)}
	records := []struct {
		collection string
		data       map[string]any
	}{
		{collections.Sites, map[string]any{"tenant": TenantId(ws), "name": "Site " + ws, "url": "http://127.0.0.1:9/" + ws,
			"wp_username": "admin", "app_password": "secret-app-password-" + ws, "bridge_secret": "bridge-secret-" + ws, "status": "connected"}},
		{collections.Clusters, with(base, map[string]any{"name": "Cluster " + ws, "status": "active"})},
		{collections.Keywords, with(base, map[string]any{"keyword": "keyword " + ws, "normalized": "keyword " + ws, "volume": 10, "status": "clustered", "cluster": RecordId(collections.Clusters, ws)})},
		{collections.Ideas, with(base, map[string]any{"title": "Idea " + ws, "cluster": RecordId(collections.Clusters, ws), "status": "new"})},
		{collections.Tasks, with(base, map[string]any{"title": "Task " + ws, "idea": RecordId(collections.Ideas, ws), "status": "queued"})},
		{collections.Contents, with(base, map[string]any{"title": "Content " + ws, "task": RecordId(collections.Tasks, ws), "html": "<h2>Hi</h2>", "status": "draft", "publish_status": collections.PublishNone})},
		{collections.Images, with(base, map[string]any{"content": RecordId(collections.Contents, ws), "kind": "featured", "status": "ready", "file": pngFile(ws)})},
		{collections.Prompts, map[string]any{"tenant": TenantId(ws), "type": "content", "name": "Override " + ws, "template": "Write {{.Title}}", "active": true}},
		{collections.AuditLog, map[string]any{"tenant": TenantId(ws), "action": "fixture", "actor_type": "system"}},
		{collections.Invitations, map[string]any{"tenant": TenantId(ws), "email": InviteeEmail(ws), "role": collections.RoleViewer,
			"status": collections.InvitePending, "expires": "2099-01-01 00:00:00.000Z"}},
		{collections.Jobs, map[string]any{"tenant": TenantId(ws), "site": SiteId(ws), "type": "fixture", "status": "canceled", "idempotency_key": "fixture-" + ws}},
		{collections.Personas, map[string]any{"tenant": TenantId(ws), "name": "Persona " + ws}},
		{collections.Strategies, map[string]any{"tenant": TenantId(ws), "name": "Strategy " + ws}},
		{collections.BillingEvents, map[string]any{"tenant": TenantId(ws), "event_id": "evt_fixture_" + ws, "type": "fixture",
			"object_id": "sub_fixture_" + ws, "status": collections.BillingEventProcessed}},
		{collections.AISpend, map[string]any{"tenant": TenantId(ws), "day": "2026-01-01", "cost_usd": 0.5, "instance_usd": 0.5, "calls": 1}},
		{collections.KeywordMetrics, with(base, map[string]any{"keyword": RecordId(collections.Keywords, ws), "source": "google_search_console",
			"period": "2026-01-01..2026-01-31", "period_start": "2026-01-01 00:00:00.000Z", "period_end": "2026-01-31 00:00:00.000Z",
			"clicks": 3, "impressions": 40, "ctr": 7.5, "position": 4.2})},
		{collections.PageMetrics, with(base, map[string]any{"url": "http://127.0.0.1:9/" + ws + "/page", "source": "google_search_console",
			"period": "2026-01-01..2026-01-31", "period_start": "2026-01-01 00:00:00.000Z", "period_end": "2026-01-31 00:00:00.000Z",
			"clicks": 3, "impressions": 40, "ctr": 7.5, "position": 4.2})},
		{collections.ImportBatches, map[string]any{"tenant": TenantId(ws), "site": SiteId(ws), "actor": "cli:fixture", "source": "mysql://db/" + ws, "status": collections.ImportSucceeded}},
		{collections.ImportRecords, map[string]any{"tenant": TenantId(ws), "site": SiteId(ws), "batch": RecordId(collections.ImportBatches, ws),
			"kind": "keywords", "legacy_id": "fixture#1", "collection": collections.Keywords, "record": RecordId(collections.Keywords, ws), "action": collections.ImportCreated}},
		{collections.SitePages, with(base, map[string]any{"wp_id": 7, "kind": collections.PageKindPost, "url": "http://127.0.0.1:9/" + ws + "/post",
			"slug": "post", "title": "Indexed post " + ws, "headings": []string{"A heading"}, "source": collections.PageSourceREST})},
		{collections.InternalLinks, with(base, map[string]any{"source_content": RecordId(collections.Contents, ws), "source_key": "content:" + RecordId(collections.Contents, ws),
			"target_url": "http://127.0.0.1:9/" + ws + "/target/", "target_key": "url:http://127.0.0.1:9/" + ws + "/target/", "anchor": "keyword " + ws,
			"link_type": collections.LinkHorizontal, "priority": collections.PriorityLow, "status": collections.LinkSuggested, "origin": collections.LinkOriginOutbound})},
		{collections.Overlaps, with(base, map[string]any{"idea": RecordId(collections.Ideas, ws), "page": RecordId(collections.SitePages, ws),
			"url": "http://127.0.0.1:9/" + ws + "/post", "title": "Indexed post " + ws, "score": 0.8, "lexical": 0.8, "reasons": []string{"fixture"},
			"status": collections.OverlapOpen})},
		{collections.Exports, map[string]any{"tenant": TenantId(ws), "user": UserId(ws, collections.RoleOwner), "status": collections.ExportReady,
			"expires": "2099-01-01 00:00:00.000Z"}},
		{collections.Notifications, map[string]any{"tenant": TenantId(ws), "user": UserId(ws, collections.RoleOwner), "kind": collections.NotifyCreditsLow,
			"text": "Fixture notification " + ws, "link": "/t/workspace-" + ws + "/billing", "key": "fixture-" + ws}},
		{collections.Refreshes, with(base, map[string]any{"content": RecordId(collections.Contents, ws), "url": "http://127.0.0.1:9/" + ws + "/post",
			"title": "Content " + ws, "reasons": []map[string]string{{"code": "age", "text": "fixture"}}, "score": 1, "status": collections.RefreshSuggested})},
		{collections.Variations, with(base, map[string]any{"content": RecordId(collections.Contents, ws), "wp_post_id": 7,
			"inputs": map[string]string{"city": "Berlin " + ws}, "inputs_hash": strings.Repeat("a", collections.VariationHashLen), "html": "<p>Hallo " + ws + "</p>"})},
	}
	if ws == A {
		// only A's site has a policy record: the isolation matrix's superuser creates one for B's
		records = append(records, struct {
			collection string
			data       map[string]any
		}{collections.Autopilots, with(base, map[string]any{"tasks_per_window": 2, "monthly_budget": 500})})
	}
	for _, r := range records {
		id := RecordId(r.collection, ws)
		if r.collection == collections.Sites {
			id = SiteId(ws)
		}
		if _, err := save(app, r.collection, id, r.data); err != nil {
			return err
		}
	}
	return nil
}

func with(base, extra map[string]any) map[string]any {
	out := make(map[string]any, len(base)+len(extra))
	for k, v := range base {
		out[k] = v
	}
	for k, v := range extra {
		out[k] = v
	}
	return out
}

func pngFile(ws string) *filesystem.File {
	img := image.NewRGBA(image.Rect(0, 0, 8, 8))
	for i := range img.Pix {
		img.Pix[i] = 200
	}
	img.Set(0, 0, color.Black)
	var buf bytes.Buffer
	_ = png.Encode(&buf, img)
	f, _ := filesystem.NewFileFromBytes(buf.Bytes(), "fixture-"+ws+".png")
	return f
}

func newUser(app core.App, id, email string) (*core.Record, error) {
	col, err := app.FindCollectionByNameOrId(collections.Users)
	if err != nil {
		return nil, err
	}
	u := core.NewRecord(col)
	u.Id = id
	u.SetEmail(email)
	u.SetPassword(Password)
	u.SetVerified(true)
	u.Set("name", email)
	if err := app.Save(u); err != nil {
		return nil, fmt.Errorf("user %s: %w", email, err)
	}
	return u, nil
}

func save(app core.App, collection, id string, data map[string]any) (*core.Record, error) {
	col, err := app.FindCollectionByNameOrId(collection)
	if err != nil {
		return nil, err
	}
	r := core.NewRecord(col)
	r.Id = id
	r.Load(data)
	if err := app.Save(r); err != nil {
		return nil, fmt.Errorf("%s %s: %w", collection, id, err)
	}
	return r, nil
}

// Token returns an auth token for the fixture user holding role in ws.
func Token(t testing.TB, app core.App, ws, role string) string {
	return tokenFor(t, app, collections.Users, Email(ws, role))
}

// OutsiderToken is the token of a signed-in user without any workspace.
func OutsiderToken(t testing.TB, app core.App) string {
	return tokenFor(t, app, collections.Users, OutsiderEmail)
}

// SuperuserToken is the platform operator's token.
func SuperuserToken(t testing.TB, app core.App) string {
	return tokenFor(t, app, core.CollectionNameSuperusers, SuperuserEmail)
}

func tokenFor(t testing.TB, app core.App, collection, email string) string {
	t.Helper()
	r, err := app.FindAuthRecordByEmail(collection, email)
	if err != nil {
		t.Fatalf("fixture %s: %v", email, err)
	}
	tok, err := r.NewAuthToken()
	if err != nil {
		t.Fatalf("token %s: %v", email, err)
	}
	return tok
}

// Who names the fixture identities tests sign requests as, besides a
// workspace member (given by workspace and role).
const (
	Anonymous = ""
	Outsider  = "outsider"
	Superuser = "superuser"
)

// Authorization returns the Authorization header value for who: "" for an
// anonymous request, the outsider's or the superuser's token, or else the token
// of the fixture user holding role in workspace who.
func Authorization(t testing.TB, app core.App, who, role string) string {
	t.Helper()
	switch who {
	case Anonymous:
		return ""
	case Outsider:
		return OutsiderToken(t, app)
	case Superuser:
		return SuperuserToken(t, app)
	}
	return Token(t, app, who, role)
}
