package autopilot

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/igny8/igny8/collections"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// SlotHorizonDays is how far ahead the publishing step looks for free slots.
const SlotHorizonDays = 90

// Cadence is a site's posting rhythm in site time: the weekdays and times of
// day that are slots ("mon", "wed", "fri" at "09:00" is three posts a week),
// at most PerDay posts a day (0: one per time), no slot inside a paused date
// range. Without days or times there is no cadence and approved articles are
// published when the publishing window comes.
type Cadence struct {
	Days   []string    `json:"days"`
	Times  []string    `json:"times"`
	PerDay int         `json:"per_day"`
	Paused []DateRange `json:"paused"`
}

// DateRange is a paused stretch of site-time dates, both ends included
// ("2026-12-24" to "2026-12-26").
type DateRange struct {
	From string `json:"from"`
	To   string `json:"to"`
}

var weekdays = map[string]time.Weekday{"sun": time.Sunday, "mon": time.Monday, "tue": time.Tuesday, "wed": time.Wednesday,
	"thu": time.Thursday, "fri": time.Friday, "sat": time.Saturday}

// Active says whether c gives slots.
func (c Cadence) Active() bool { return len(c.Days) > 0 && len(c.Times) > 0 }

// Validate checks the cadence's days, times, cap and ranges.
func (c Cadence) Validate() error {
	for _, d := range c.Days {
		if _, ok := weekdays[strings.ToLower(d)]; !ok {
			return fmt.Errorf("day %q is not one of mon, tue, wed, thu, fri, sat, sun", d)
		}
	}
	if len(c.Times) > 24 {
		return fmt.Errorf("at most 24 times a day")
	}
	for _, t := range c.Times {
		if _, _, ok := clock(t); !ok {
			return fmt.Errorf("time %q is not HH:MM (24 hours)", t)
		}
	}
	if c.PerDay < 0 || c.PerDay > 24 {
		return fmt.Errorf("per_day must be between 0 and 24")
	}
	if len(c.Paused) > 100 {
		return fmt.Errorf("at most 100 paused ranges")
	}
	for _, r := range c.Paused {
		from, err1 := time.Parse(time.DateOnly, r.From)
		to, err2 := time.Parse(time.DateOnly, r.To)
		if err1 != nil || err2 != nil || to.Before(from) {
			return fmt.Errorf("paused range %q to %q: use YYYY-MM-DD dates, from not after to", r.From, r.To)
		}
	}
	return nil
}

func clock(s string) (int, int, bool) {
	t, err := time.Parse("15:04", s)
	if err != nil || len(s) != 5 {
		return 0, 0, false
	}
	return t.Hour(), t.Minute(), true
}

// PausedOn says whether the site-time date day falls in a paused range.
func (c Cadence) PausedOn(day string) bool {
	for _, r := range c.Paused {
		if day >= r.From && day <= r.To {
			return true
		}
	}
	return false
}

// Next lists up to n free slots after now, earliest first: the cadence's
// days and times in loc, skipping paused dates, slots taken and days that
// already hold PerDay posts (taken counts as posts of their day).
func (c Cadence) Next(loc *time.Location, now time.Time, taken []time.Time, n int) []time.Time {
	if !c.Active() || n <= 0 {
		return nil
	}
	days := map[time.Weekday]bool{}
	for _, d := range c.Days {
		days[weekdays[strings.ToLower(d)]] = true
	}
	type hm struct{ h, m int }
	var times []hm
	for _, t := range c.Times {
		if h, m, ok := clock(t); ok {
			times = append(times, hm{h, m})
		}
	}
	sort.Slice(times, func(a, b int) bool { return times[a].h*60+times[a].m < times[b].h*60+times[b].m })
	perDay := c.PerDay
	if perDay <= 0 {
		perDay = len(times)
	}
	used := map[string]int{}
	busy := map[int64]bool{}
	for _, t := range taken {
		used[t.In(loc).Format(time.DateOnly)]++
		busy[t.Unix()] = true
	}
	var out []time.Time
	local := now.In(loc)
	for i := 0; i <= SlotHorizonDays && len(out) < n; i++ {
		d := time.Date(local.Year(), local.Month(), local.Day()+i, 12, 0, 0, 0, loc)
		key := d.Format(time.DateOnly)
		if !days[d.Weekday()] || c.PausedOn(key) {
			continue
		}
		for _, t := range times {
			if used[key] >= perDay || len(out) >= n {
				break
			}
			slot := time.Date(d.Year(), d.Month(), d.Day(), t.h, t.m, 0, 0, loc)
			if !slot.After(now) || busy[slot.Unix()] {
				continue
			}
			out = append(out, slot.UTC())
			used[key]++
		}
	}
	return out
}

// takenSlots are the scheduled times of site's contents from today on that
// hold a slot: approved (waiting for or on their way to WordPress) or
// published.
func takenSlots(app core.App, siteId string, now time.Time) ([]time.Time, error) {
	recs, err := app.FindRecordsByFilter(collections.Contents,
		"site = {:s} && scheduled_at >= {:from} && (status = 'approved' || status = 'published')", "scheduled_at", 0, 0,
		dbx.Params{"s": siteId, "from": now.Add(-48 * time.Hour).UTC().Format("2006-01-02 15:04:05.000Z")})
	if err != nil {
		return nil, fmt.Errorf("taken slots: %w", err)
	}
	out := make([]time.Time, 0, len(recs))
	for _, r := range recs {
		out = append(out, r.GetDateTime("scheduled_at").Time())
	}
	return out, nil
}
