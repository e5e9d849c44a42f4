package planner

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"strconv"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/tools/spreadsheet"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// exportHeader is the export's header row. The metric columns carry names the
// import recognises and a volume range is written as the range, so an exported
// file imports back onto the same keywords with the same metrics.
var exportHeader = []string{"Keyword", "Volume", "Keyword Difficulty", "CPC", "Intent", "Country", "Language", "Status", "Cluster"}

// exportPage is how many keywords the export reads per query, so a 100k-keyword
// site streams in constant memory.
const exportPage = 2000

// HookExportRoute is the id of the serve hook that mounts the CSV export route.
const HookExportRoute = "igny8.planner.exportRoute"

func bindExport(app core.App) {
	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{Id: HookExportRoute, Func: func(se *core.ServeEvent) error {
		se.Router.GET("/api/igny8/planner/export", exportRoute).Bind(apis.RequireAuth())
		return se.Next()
	}})
}

// exportRoute streams a site's keywords as CSV (UTF-8 with BOM, which Excel
// needs to read UTF-8) to any member of its workspace, viewers included.
func exportRoute(e *core.RequestEvent) error {
	site, err := siteFor(e, e.Request.URL.Query().Get("site"), collections.RoleViewer)
	if err != nil {
		return err
	}
	clusters := map[string]string{}
	var cs []struct {
		Id   string `db:"id"`
		Name string `db:"name"`
	}
	if err := e.App.DB().Select("id", "name").From(collections.Clusters).Where(dbx.HashExp{"site": site.Id}).All(&cs); err != nil {
		return fmt.Errorf("export clusters: %w", err)
	}
	for _, c := range cs {
		clusters[c.Id] = c.Name
	}
	h := e.Response.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="keywords-`+site.Id+`.csv"`)
	h.Set("X-Content-Type-Options", "nosniff")
	e.Response.WriteHeader(http.StatusOK)
	e.Response.Write([]byte("\ufeff"))
	w := csv.NewWriter(e.Response)
	w.Write(exportHeader)
	num := func(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
	type kw struct {
		Id         string  `db:"id"`
		Keyword    string  `db:"keyword"`
		Volume     float64 `db:"volume"`
		VolumeRaw  string  `db:"volume_raw"`
		Difficulty float64 `db:"difficulty"`
		CPC        float64 `db:"cpc"`
		Intent     string  `db:"intent"`
		Country    string  `db:"country"`
		Language   string  `db:"language"`
		Status     string  `db:"status"`
		Cluster    string  `db:"cluster"`
	}
	after := ""
	for {
		var page []kw
		err := e.App.DB().Select("id", "keyword", "volume", "volume_raw", "difficulty", "cpc", "intent", "country", "language", "status", "cluster").
			From(collections.Keywords).Where(dbx.HashExp{"site": site.Id}).AndWhere(dbx.NewExp("id > {:after}", dbx.Params{"after": after})).
			OrderBy("id").Limit(exportPage).All(&page)
		if err != nil {
			// the header is sent; end the body short rather than pretend success
			e.App.Logger().Error("planner: keyword export", "site", site.Id, "error", err)
			return nil
		}
		for _, k := range page {
			vol := num(k.Volume)
			if k.VolumeRaw != "" && k.Volume == 0 {
				vol = spreadsheet.Safe(k.VolumeRaw)
			}
			w.Write([]string{spreadsheet.Safe(k.Keyword), vol, num(k.Difficulty), num(k.CPC),
				spreadsheet.Safe(k.Intent), spreadsheet.Safe(k.Country), spreadsheet.Safe(k.Language), k.Status, spreadsheet.Safe(clusters[k.Cluster])})
		}
		w.Flush()
		if err := w.Error(); err != nil || len(page) < exportPage {
			return nil // a client that went away ends the export
		}
		after = page[len(page)-1].Id
	}
}
