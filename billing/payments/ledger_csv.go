package payments

import (
	"encoding/csv"
	"net/http"
	"strconv"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/tenancy"
	"github.com/igny8/igny8/tools/spreadsheet"
	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
)

// ledgerPage is how many ledger rows the CSV reads per query (constant memory).
const ledgerPage = 2000

var ledgerHeader = []string{"Date", "Kind", "Credits", "Plan credits", "Top-up credits", "Balance after", "Job", "Note"}

// ledgerFilter is the CSV's (and the Billing page's) ledger filter:
// kind (one of the ledger kinds) and from/to (YYYY-MM-DD, UTC, to inclusive).
func ledgerFilter(e *core.RequestEvent, tenantId string) (dbx.Expression, error) {
	q := e.Request.URL.Query()
	exps := []dbx.Expression{dbx.HashExp{"tenant": tenantId}}
	if k := q.Get("kind"); k != "" {
		switch k {
		case collections.LedgerGrant, collections.LedgerReserve, collections.LedgerCommit, collections.LedgerRefund, collections.LedgerTopup, collections.LedgerAdjust:
			exps = append(exps, dbx.HashExp{"kind": k})
		default:
			return nil, validation.Errors{"kind": validation.NewError("igny8_invalid_kind", "No such ledger kind.")}
		}
	}
	for _, p := range []struct{ name, op string }{{"from", ">="}, {"to", "<"}} {
		v := q.Get(p.name)
		if v == "" {
			continue
		}
		d, err := time.Parse("2006-01-02", v)
		if err != nil {
			return nil, validation.Errors{p.name: validation.NewError("igny8_invalid_date", "A date YYYY-MM-DD is required.")}
		}
		if p.name == "to" {
			d = d.AddDate(0, 0, 1)
		}
		exps = append(exps, dbx.NewExp("created "+p.op+" {:"+p.name+"}", dbx.Params{p.name: d.UTC().Format("2006-01-02 15:04:05.000Z")}))
	}
	return dbx.And(exps...), nil
}

// ledgerCSVRoute (every member, like the ledger itself) streams the
// workspace's credit ledger, newest first, as spreadsheet-safe CSV (UTF-8
// with BOM), filtered as the Billing page filters it.
func ledgerCSVRoute(e *core.RequestEvent) error {
	tenantId := e.Request.PathValue("tenant")
	if _, err := tenancy.Require(e.App, e.Auth, tenantId, collections.RoleViewer); err != nil {
		return err
	}
	where, err := ledgerFilter(e, tenantId)
	if err != nil {
		return err
	}
	h := e.Response.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="credit-ledger-`+tenantId+`.csv"`)
	h.Set("X-Content-Type-Options", "nosniff")
	e.Response.WriteHeader(http.StatusOK)
	e.Response.Write([]byte("\ufeff"))
	w := csv.NewWriter(e.Response)
	w.Write(ledgerHeader)
	type row struct {
		Id      string `db:"id"`
		Created string `db:"created"`
		Kind    string `db:"kind"`
		Delta   int    `db:"delta"`
		Plan    int    `db:"plan_delta"`
		Topup   int    `db:"topup_delta"`
		After   int    `db:"balance_after"`
		Job     string `db:"job"`
		Note    string `db:"note"`
	}
	// keyset paging on (created, id), newest first
	lastCreated, lastId := "", ""
	for {
		q := e.App.DB().Select("id", "created", "kind", "delta", "plan_delta", "topup_delta", "balance_after", "job", "note").
			From(collections.CreditLedger).Where(where)
		if lastId != "" {
			q = q.AndWhere(dbx.NewExp("(created < {:c} OR (created = {:c} AND id < {:i}))", dbx.Params{"c": lastCreated, "i": lastId}))
		}
		var page []row
		if err := q.OrderBy("created DESC", "id DESC").Limit(ledgerPage).All(&page); err != nil {
			e.App.Logger().Error("payments: ledger CSV", "tenant", tenantId, "error", err)
			return nil // the header is sent; end the body short
		}
		for _, r := range page {
			w.Write([]string{r.Created, r.Kind, strconv.Itoa(r.Delta), strconv.Itoa(r.Plan), strconv.Itoa(r.Topup),
				strconv.Itoa(r.After), spreadsheet.Safe(r.Job), spreadsheet.Safe(r.Note)})
		}
		w.Flush()
		if err := w.Error(); err != nil || len(page) < ledgerPage {
			return nil
		}
		lastCreated, lastId = page[len(page)-1].Created, page[len(page)-1].Id
	}
}
