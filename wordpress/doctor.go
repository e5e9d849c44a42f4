package wordpress

import (
	"context"
	"fmt"
	"regexp"
	"time"

	"github.com/igny8/igny8/tools/wpclient"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

// Check ids of the connection doctor, in the order they run.
const (
	CheckReachable     = "reachable"
	CheckHTTPS         = "https"
	CheckREST          = "rest_api"
	CheckAuthorization = "authorization_header"
	CheckCredentials   = "credentials"
	CheckUsername      = "username"
	CheckCapabilities  = "capabilities"
	CheckPlugin        = "bridge_plugin"
	CheckSEO           = "seo_plugin"
	CheckUpload        = "max_upload"
)

// Check outcomes.
const (
	Pass = "pass"
	Warn = "warn"
	Fail = "fail"
	Skip = "skip"
)

// CheckResult is one line of the connection doctor's report.
type CheckResult struct {
	Id     string `json:"id"`
	Status string `json:"status"`
	Detail string `json:"detail"`
	Fix    string `json:"fix,omitempty"`
}

// Report is the connection doctor's answer.
type Report struct {
	OK        bool          `json:"ok"`
	Checks    []CheckResult `json:"checks"`
	RestRoute bool          `json:"rest_route"`
	Plugin    string        `json:"plugin_version,omitempty"`
	SEOPlugin string        `json:"seo_plugin,omitempty"`
	CheckedAt time.Time     `json:"checked_at"`
}

func (r *Report) add(id, status, detail, fix string) {
	r.Checks = append(r.Checks, CheckResult{Id: id, Status: status, Detail: detail, Fix: fix})
	if status == Fail {
		r.OK = false
	}
}

// Get returns the result of check id.
func (r *Report) Get(id string) CheckResult {
	for _, c := range r.Checks {
		if c.Id == id {
			return c
		}
	}
	return CheckResult{Id: id, Status: Skip}
}

// RequiredCaps are the capabilities publishing needs; unfiltered_html only warns
// (without it WordPress strips some markup).
var RequiredCaps = []string{"publish_posts", "upload_files", "manage_categories", "unfiltered_html"}

var appPasswordShape = regexp.MustCompile(`^[A-Za-z0-9]{24}$`)

// Diagnose runs every check against a site connection and names the exact
// problem with a fix in plain words. wantBridge says the site is set up for
// the plugin transport (a missing plugin is then a failure, not a note).
// The checks run in order; a site that does not answer as WordPress stops
// the list there.
func Diagnose(ctx context.Context, conn wpclient.Conn, wantBridge bool) *Report {
	conn.NoRetry = true
	d := &diagnosis{r: &Report{OK: true, CheckedAt: time.Now().UTC()}, c: wpclient.NewClient(conn), conn: conn, wantBridge: wantBridge}
	d.c.Gate().Reset() // an explicit check always talks to the site
	if !d.reachable(ctx) {
		return d.r
	}
	d.credentials(ctx)
	d.capabilities()
	d.plugin(ctx)
	d.seo(ctx)
	d.upload()
	return d.r
}

// diagnosis is one run of Diagnose: what the earlier checks learned is what
// the later ones read.
type diagnosis struct {
	r          *Report
	c          *wpclient.Client
	conn       wpclient.Conn
	wantBridge bool
	// hasPlugin: the REST index lists the igny8/v1 namespace.
	hasPlugin bool
	// pluginOnly: no application password, a linked plugin instead.
	pluginOnly bool
	me         struct {
		Username     string          `json:"username"`
		Capabilities map[string]bool `json:"capabilities"`
	}
	st struct {
		PluginVersion    string `json:"plugin_version"`
		SEOPlugin        string `json:"seo_plugin"`
		MaxUploadBytes   int64  `json:"max_upload_bytes"`
		MemoryLimitBytes int64  `json:"memory_limit_bytes"`
		User             struct {
			Login        string          `json:"login"`
			Capabilities map[string]bool `json:"capabilities"`
		} `json:"user"`
	}
}

// CheckSite runs the doctor for a site record and stores the report, the
// check time and the resulting status on the site.
func CheckSite(ctx context.Context, app core.App, site *core.Record) (*Report, error) {
	conn, err := ConnOf(app, site)
	if err != nil {
		return nil, err
	}
	rep := Diagnose(ctx, conn, site.GetString("transport") == "bridge")
	if rep.Get(CheckPlugin).Status == Pass && site.GetString("transport") != "bridge" {
		// A linked plugin is the better way in: signed requests survive hosts
		// that strip Authorization, and SEO plugin fields get written.
		site.Set("transport", "bridge")
	}
	site.Set("last_check", types.NowDateTime())
	site.Set("last_check_result", rep)
	if rep.OK {
		site.Set("status", SiteConnected)
	} else {
		site.Set("status", SiteError)
	}
	if err := app.Save(site); err != nil {
		return rep, fmt.Errorf("save check result: %w", err)
	}
	return rep, nil
}
