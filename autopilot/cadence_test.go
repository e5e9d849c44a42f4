package autopilot_test

import (
	"testing"
	"time"

	"github.com/igny8/igny8/autopilot"
)

// TestCadenceNext: slots are the cadence's weekdays and times in the site's
// zone, after now, skipping taken slots, full days (per_day) and paused
// date ranges.
func TestCadenceNext(t *testing.T) {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	now := time.Date(2026, 12, 2, 10, 0, 0, 0, berlin) // Wednesday, after 09:00
	c := autopilot.Cadence{Days: []string{"mon", "wed", "fri"}, Times: []string{"09:00"}}
	at := func(d int, h int) time.Time { return time.Date(2026, 12, d, h, 0, 0, 0, berlin).UTC() }
	same := func(got, want []time.Time) {
		t.Helper()
		if len(got) != len(want) {
			t.Fatalf("slots %v, want %v", got, want)
		}
		for i := range got {
			if !got[i].Equal(want[i]) {
				t.Fatalf("slots %v, want %v", got, want)
			}
		}
	}
	same(c.Next(berlin, now, nil, 3), []time.Time{at(4, 9), at(7, 9), at(9, 9)})
	// a taken slot is skipped
	same(c.Next(berlin, now, []time.Time{at(4, 9)}, 2), []time.Time{at(7, 9), at(9, 9)})
	// two times a day, at most one post a day
	two := autopilot.Cadence{Days: []string{"fri"}, Times: []string{"15:00", "09:00"}, PerDay: 1}
	same(two.Next(berlin, now, nil, 2), []time.Time{at(4, 9), at(11, 9)})
	// a post already that day (at another time) fills it
	same(two.Next(berlin, now, []time.Time{at(4, 15)}, 1), []time.Time{at(11, 9)})
	// both times when per_day allows
	two.PerDay = 0
	same(two.Next(berlin, now, nil, 2), []time.Time{at(4, 9), at(4, 15)})
	// paused ranges (site dates, both ends included)
	c.Paused = []autopilot.DateRange{{From: "2026-12-04", To: "2026-12-07"}}
	same(c.Next(berlin, now, nil, 2), []time.Time{at(9, 9), at(11, 9)})
	// no days or times: no cadence
	if (autopilot.Cadence{Times: []string{"09:00"}}).Active() || len((autopilot.Cadence{}).Next(berlin, now, nil, 3)) != 0 {
		t.Fatal("an empty cadence gave slots")
	}
	// daylight saving: 09:00 Berlin is 08:00Z in winter and 07:00Z in summer
	summer := autopilot.Cadence{Days: []string{"mon"}, Times: []string{"09:00"}}.Next(berlin, time.Date(2027, 6, 1, 0, 0, 0, 0, time.UTC), nil, 1)
	if len(summer) != 1 || summer[0].Hour() != 7 {
		t.Fatalf("summer slot %v", summer)
	}
}

func TestCadenceValidate(t *testing.T) {
	for _, bad := range []autopilot.Cadence{
		{Days: []string{"monday"}}, {Times: []string{"9:00"}}, {Times: []string{"25:00"}}, {PerDay: -1},
		{Paused: []autopilot.DateRange{{From: "2026-12-05", To: "2026-12-01"}}}, {Paused: []autopilot.DateRange{{From: "tomorrow", To: "2026-12-01"}}},
	} {
		if bad.Validate() == nil {
			t.Errorf("%+v validated", bad)
		}
	}
	if err := (autopilot.Cadence{Days: []string{"Mon", "fri"}, Times: []string{"09:00", "17:30"}, PerDay: 2}).Validate(); err != nil {
		t.Fatal(err)
	}
}
