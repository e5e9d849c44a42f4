package keywordfile

import (
	"fmt"
	"strings"
	"time"
)

// Period is the stretch of days search figures cover, as YYYY-MM-DD dates.
// From says where it came from: "request" (the client sent it), "file" (the
// Search Console zip's Dates.csv) or "import date" (nothing said it: the
// figures are filed under the day of the import).
type Period struct {
	Start string `json:"start"`
	End   string `json:"end"`
	From  string `json:"from"`
}

// Key is the period's identity in keyword_metrics and page_metrics.
func (p Period) Key() string { return p.Start + ".." + p.End }

// ParsePeriod checks a client's start and end dates (YYYY-MM-DD, start not
// after end); both empty is the zero Period.
func ParsePeriod(start, end string) (Period, error) {
	start, end = strings.TrimSpace(start), strings.TrimSpace(end)
	if start == "" && end == "" {
		return Period{}, nil
	}
	if end == "" {
		end = start
	}
	if start == "" {
		start = end
	}
	s, err := time.Parse(time.DateOnly, start)
	if err != nil {
		return Period{}, fmt.Errorf("period start %q is not a YYYY-MM-DD date", truncate(start, 40))
	}
	e, err := time.Parse(time.DateOnly, end)
	if err != nil {
		return Period{}, fmt.Errorf("period end %q is not a YYYY-MM-DD date", truncate(end, 40))
	}
	if e.Before(s) {
		return Period{}, fmt.Errorf("the period ends (%s) before it starts (%s)", end, start)
	}
	return Period{Start: start, End: end, From: "request"}, nil
}

// maxDatesRows bounds the days read from a Dates table (ten years).
const maxDatesRows = 4000

// datesFrom reads the first and last day of a Dates table (a header with a
// Date column, one YYYY-MM-DD day per row); at most maxDatesRows rows.
func datesFrom(rows sheetRows) (Period, bool) {
	header, err := rows.next()
	if err != nil {
		return Period{}, false
	}
	col := -1
	for i, h := range header {
		if normaliseHeader(h) == "date" {
			col = i
		}
	}
	if col < 0 {
		return Period{}, false
	}
	var first, last time.Time
	for i := 0; i < maxDatesRows; i++ {
		rec, err := rows.next()
		if err != nil {
			break
		}
		if col >= len(rec) {
			continue
		}
		d, err := time.Parse(time.DateOnly, strings.TrimSpace(rec[col]))
		if err != nil {
			continue
		}
		if first.IsZero() || d.Before(first) {
			first = d
		}
		if d.After(last) {
			last = d
		}
	}
	if first.IsZero() {
		return Period{}, false
	}
	return Period{Start: first.Format(time.DateOnly), End: last.Format(time.DateOnly), From: "file"}, true
}
