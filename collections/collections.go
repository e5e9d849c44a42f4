// Package collections is igny8's schema as code: one file per collection with its
// name constant, fields, indexes and API rules — today's picture of the schema.
// Released migrations (pb_migrations) are frozen snapshots and changes that never
// call into this package; a test checks that running them all yields exactly what
// [Apply] describes, so every change here needs a migration of its own.
package collections

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

// builder returns the desired state of one collection. It receives the existing
// collection (or a new one) so fields keep their ids across re-applies.
type builder struct {
	name  string
	id    string
	build func(c *core.Collection)
}

// ordered lists the builders so that every relation target exists before the
// collection that points at it.
var ordered = []builder{
	{Plans, PlansId, buildPlans},
	{Tenants, TenantsId, buildTenants},
	{Users, UsersId, buildUsers},
	{core.CollectionNameSuperusers, "", buildSuperusers},
	{Memberships, MembershipsId, buildMemberships},
	{Invitations, InvitationsId, buildInvitations},
	{Sites, SitesId, buildSites},
	{Clusters, ClustersId, buildClusters},
	{Keywords, KeywordsId, buildKeywords},
	{Ideas, IdeasId, buildIdeas},
	{Tasks, TasksId, buildTasks},
	{Contents, ContentsId, buildContents},
	{Images, ImagesId, buildImages},
	{Prompts, PromptsId, buildPrompts},
	{AuditLog, AuditLogId, buildAuditLog},
	{MailLog, MailLogId, buildMailLog},
	{Jobs, JobsId, BuildJobs},
	{CreditLedger, CreditLedgerId, BuildCreditLedger},
	{Schedules, SchedulesId, BuildSchedules},
	{AIModels, AIModelsId, BuildAIModels},
	{ContentVersions, ContentVersionsId, BuildContentVersions},
	{Personas, PersonasId, BuildPersonas},
	{Strategies, StrategiesId, BuildStrategies},
	{BillingEvents, BillingEventsId, BuildBillingEvents},
	{AISpend, AISpendId, BuildAISpend},
	{KeywordMetrics, KeywordMetricsId, buildKeywordMetrics},
	{PageMetrics, PageMetricsId, buildPageMetrics},
	{ImportBatches, ImportBatchesId, buildImportBatches},
	{ImportRecords, ImportRecordsId, buildImportRecords},
	{SitePages, SitePagesId, buildSitePages},
	{InternalLinks, InternalLinksId, buildInternalLinks},
	{Autopilots, AutopilotsId, buildAutopilots},
	{Overlaps, OverlapsId, buildOverlaps},
	{Exports, ExportsId, buildExports},
	{Notifications, NotificationsId, buildNotifications},
	{Refreshes, RefreshesId, buildRefreshes},
	{Variations, VariationsId, buildVariations},
}

// Apply creates or updates every igny8 collection to today's picture. It is
// idempotent. Migrations must not call it (see the package doc); the schema
// test applies it to a migrated data dir and expects no change.
func Apply(app core.App) error {
	// Rules reference back-relations (memberships_via_tenant) of collections
	// created later, so the first pass saves the fields and the second the rules.
	for _, withRules := range []bool{false, true} {
		for _, b := range ordered {
			if err := ensure(app, b, withRules); err != nil {
				return err
			}
		}
	}
	return nil
}

func ensure(app core.App, b builder, withRules bool) error {
	c, err := app.FindCollectionByNameOrId(b.name)
	if err != nil {
		if b.name == Users || b.name == core.CollectionNameSuperusers {
			return fmt.Errorf("%s collection missing: %w", b.name, err)
		}
		c = core.NewBaseCollection(b.name, b.id)
	}
	b.build(c)
	if !withRules {
		SetRules(c, nil, nil, nil, nil, nil)
	}
	if err := app.Save(c); err != nil {
		return fmt.Errorf("save collection %s: %w", b.name, err)
	}
	return nil
}

// Timestamps adds the autodate created/updated pair every igny8 collection carries.
func Timestamps(c *core.Collection) {
	c.Fields.Add(
		&core.AutodateField{Name: "created", OnCreate: true},
		&core.AutodateField{Name: "updated", OnCreate: true, OnUpdate: true},
	)
}

// TenantScoped adds the required tenant relation (and optionally site) that every
// pipeline record carries, with the indexes the isolation rules join through.
func TenantScoped(c *core.Collection, withSite bool) {
	c.Fields.Add(&core.RelationField{Name: "tenant", CollectionId: TenantsId, Required: true, MaxSelect: 1, CascadeDelete: true})
	c.AddIndex("idx_"+c.Name+"_tenant", false, "tenant", "")
	if withSite {
		c.Fields.Add(&core.RelationField{Name: "site", CollectionId: SitesId, Required: true, MaxSelect: 1, CascadeDelete: true})
		c.AddIndex("idx_"+c.Name+"_site", false, "site", "")
	}
}

// SetRules assigns the five API rules; nil keeps an action superuser-only.
func SetRules(c *core.Collection, list, view, create, update, del *string) {
	c.ListRule, c.ViewRule, c.CreateRule, c.UpdateRule, c.DeleteRule = list, view, create, update, del
}

// Ptr is a short alias used by the rule tables.
func Ptr(s string) *string { return types.Pointer(s) }

func num(v float64) *float64 { return &v }

// Names lists every igny8 collection (PocketBase's users included), in the
// order Apply saves them.
func Names() []string {
	names := make([]string, len(ordered))
	for i, b := range ordered {
		names[i] = b.name
	}
	return names
}
