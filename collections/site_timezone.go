package collections

import (
	"encoding/json"
	"time"
	// The zone database is compiled in: the release image is static and has
	// no /usr/share/zoneinfo, and a site's schedule must not depend on the
	// host's files.
	_ "time/tzdata"

	"github.com/pocketbase/pocketbase/core"
)

// SiteTimezoneMax bounds sites.timezone (IANA names are at most ~32 bytes).
const SiteTimezoneMax = 64

// SiteTimezone is the IANA name of the time zone a site's dates are read in:
// the site's own sites.timezone, else the time zone WordPress reported at
// the last sync (wp_settings.timezone, WordPress's "timezone_string"), else
// "UTC". A name Go cannot load never wins, so a bad value in an old record
// or from a site falls through to the next source. The web app shows and
// takes schedule times in this zone, and the publish route reads a
// zone-less scheduled_local with it.
func SiteTimezone(site *core.Record) string {
	if site == nil {
		return "UTC"
	}
	if tz := site.GetString("timezone"); loadable(tz) {
		return tz
	}
	var wp struct {
		Timezone string `json:"timezone"`
	}
	if raw, err := json.Marshal(site.Get("wp_settings")); err == nil {
		var text string
		if json.Unmarshal(raw, &text) == nil { // a JSONRaw value marshals as a string
			raw = []byte(text)
		}
		_ = json.Unmarshal(raw, &wp)
	}
	if loadable(wp.Timezone) {
		return wp.Timezone
	}
	return "UTC"
}

// SiteLocation is SiteTimezone as a *time.Location.
func SiteLocation(site *core.Record) *time.Location {
	loc, err := time.LoadLocation(SiteTimezone(site))
	if err != nil {
		return time.UTC
	}
	return loc
}

// ValidTimezone reports whether name is an IANA zone Go can load ("Local"
// and "" are not: a site's zone must not depend on the server's).
func ValidTimezone(name string) bool { return loadable(name) }

func loadable(name string) bool {
	if name == "" || name == "Local" || len(name) > SiteTimezoneMax {
		return false
	}
	_, err := time.LoadLocation(name)
	return err == nil
}
