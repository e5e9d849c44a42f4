package workspaces

import (
	"fmt"
	"net/http"
	"strings"
	"unicode"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/hooks"
	"github.com/igny8/igny8/tenancy"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// HookAIKeyPatch is the id of the hook that points PATCHes of the key at the route.
const (
	HookAIKeyPatch    = "igny8.workspaces.aiKeyPatch"
	maxAIKeyLen       = 500
	auditActionAIKey  = "workspace.ai_key"
	aiKeyRouteExample = "PUT /api/igny8/workspaces/{tenant}/ai-key"
)

// setAIKey stores (or, with an empty key, removes) the workspace's own AI key:
// owners only, encrypted at rest by the secrets hook, audited without the key,
// and never returned — the answer says only whether a key is set. PocketBase
// drops hidden fields from non-superuser bodies, so the collections API cannot
// set it.
func setAIKey(e *core.RequestEvent) error {
	tenantId := e.Request.PathValue("tenant")
	if _, err := tenancy.RequireWrite(e, tenantId, collections.RoleOwner); err != nil {
		return err
	}
	var body struct {
		Key *string `json:"key"`
	}
	if err := e.BindBody(&body); err != nil || body.Key == nil {
		return apis.NewBadRequestError(`Send {"key": "..."} (an empty key removes it).`, fieldErrors(map[string]string{"key": "Required (empty removes the key)."}))
	}
	key := strings.TrimSpace(*body.Key)
	if len(key) > maxAIKeyLen || strings.IndexFunc(key, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0 {
		return apis.NewBadRequestError("The AI key is not valid.", fieldErrors(map[string]string{"key": "At most 500 characters, no spaces or control characters."}))
	}
	tenant, err := e.App.FindRecordById(collections.Tenants, tenantId)
	if err != nil {
		return tenancy.APIError(tenancy.ErrNotFound)
	}
	tenant.Set(collections.TenantAIKey, key)
	if err := e.App.Save(tenant); err != nil {
		return apis.NewBadRequestError("Could not save the AI key.", err)
	}
	hooks.Audit(e.App, e.Auth, tenantId, auditActionAIKey, tenant, map[string]any{"ai_key_set": key != ""})
	return e.JSON(http.StatusOK, map[string]any{"tenant": tenantId, "ai_key_set": key != ""})
}

// aiKeyState answers whether the workspace has its own AI key and, masked,
// which one (its first three and last four characters), so Settings can say
// "sk-…wxyz is set" without the key ever leaving the server (admins).
func aiKeyState(e *core.RequestEvent) error {
	tenantId := e.Request.PathValue("tenant")
	if _, err := tenancy.RequireAPI(e, tenantId, collections.RoleAdmin); err != nil {
		return err
	}
	tenant, err := e.App.FindRecordById(collections.Tenants, tenantId)
	if err != nil {
		return tenancy.APIError(tenancy.ErrNotFound)
	}
	key, err := tenancy.Secret(e.App, tenant, collections.TenantAIKey)
	if err != nil {
		return fmt.Errorf("read the workspace AI key: %w", err)
	}
	return e.JSON(http.StatusOK, map[string]any{"tenant": tenantId, "ai_key_set": key != "", "masked": maskKey(key)})
}

// maskKey keeps a key recognisable and useless: short keys show nothing.
func maskKey(key string) string {
	if key == "" {
		return ""
	}
	if len(key) < 12 {
		return "…"
	}
	return key[:3] + "…" + key[len(key)-4:]
}

// bindAIKeyPatch refuses a collections-API update that names the AI key: it
// used to answer 200 and store nothing, which looked like success.
func bindAIKeyPatch(app core.App) {
	app.OnRecordUpdateRequest(collections.Tenants).Bind(&hook.Handler[*core.RecordRequestEvent]{
		Id: HookAIKeyPatch,
		Func: func(e *core.RecordRequestEvent) error {
			if e.HasSuperuserAuth() {
				return e.Next()
			}
			// the raw body: PocketBase has already dropped hidden fields from
			// the request info (the body is re-readable)
			var raw map[string]any
			_ = e.BindBody(&raw)
			if _, ok := raw[collections.TenantAIKey]; ok {
				return apis.NewBadRequestError("Set the workspace AI key with "+aiKeyRouteExample+".",
					fieldErrors(map[string]string{collections.TenantAIKey: "Use " + aiKeyRouteExample + "."}))
			}
			return e.Next()
		},
	})
}
