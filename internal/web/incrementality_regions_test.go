package web

import (
	"fmt"
	"math"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chorushq/chorus/internal/store/storetest"
)

func TestRegionHoldoutReport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		a := newApp(t, f)
		w := buildAnalyticsWorld(t, f)
		start := time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)
		f.DB.SetClock(func() time.Time { return start.Add(72 * time.Hour) })
		a.json("member", "PATCH", fmt.Sprintf("/api/v1/campaigns/%d", w.campaign), `{"starts_at": "2026-11-02T00:00:00Z"}`, http.StatusOK, nil)
		n := 0
		post := func(region string, at time.Time, count int) {
			for range count {
				n++
				a.json("member", "POST", "/api/v1/conversions", fmt.Sprintf(`{"order_id": "reg-%d", "value": 10, "currency": "USD", "region": %q, "time": %q}`,
					n, region, at.Format(time.RFC3339)), http.StatusCreated, nil)
			}
		}
		pre, during := start.AddDate(0, 0, -10), start.Add(24*time.Hour)
		post("GB", pre, 10)
		post("GB", during, 6)
		post("US-CA", pre, 4)
		post("US-NY", pre, 6)
		post("US-CA", during, 8)
		post("NZ", pre, 10)
		post("NZ", during, 4)
		post("NZ", start.AddDate(0, 0, -60), 5) // before the 56-day baseline: left out
		a.json("member", "PUT", fmt.Sprintf("/api/v1/campaigns/%d/holdouts", w.campaign), `{"regions": ["NZ"]}`, http.StatusOK, nil)

		var v incrementalityView
		a.json("viewer", "GET", fmt.Sprintf("/api/v1/campaigns/%d/incrementality", w.campaign), "", http.StatusOK, &v)
		// Held out NZ: 10 → 4. Exposed by country: GB 10 → 6, US 4+6 → 8, together 20 → 14.
		// Lift (14/20)/(4/10) - 1 = 0.75; incremental 14·0.75/1.75 = 6; CPA 28,200/6 = 4,700 cents.
		// Three units leave 1 df: χ² = 0.0893 + 0.0794 < 1, so φ = 1.
		r := v.RegionHoldout
		if r == nil {
			t.Fatalf("no region holdout; notes %v", v.Notes)
		}
		if r.ExposedPre != 20 || r.ExposedDuring != 14 || r.HeldOutPre != 10 || r.HeldOutDuring != 4 || math.Abs(r.Lift-0.75) > 1e-9 ||
			math.Abs(r.Incremental-6) > 1e-9 || r.CPA == nil || math.Abs(*r.CPA-4700) > 1e-6 || r.Dispersion != 1 || r.Significant {
			t.Errorf("region holdout = %+v", r)
		}
		if len(r.Units) != 3 || r.Units[0] != (regionUnitView{"NZ", true, 10, 4}) || r.Units[1] != (regionUnitView{"GB", false, 10, 6}) ||
			r.Units[2] != (regionUnitView{"US", false, 10, 8}) {
			t.Errorf("units = %+v", r.Units)
		}
		// The analytics world's two orders came without a region.
		if len(v.Notes) != 1 || !strings.Contains(v.Notes[0], "2 orders carry no region") {
			t.Errorf("notes = %v", v.Notes)
		}
		// Attributed figures stay beside it: 2 orders, CPA 14,100.
		if v.AttributedOrders != 2 || v.AttributedCPA == nil || *v.AttributedCPA != 14100 {
			t.Errorf("attributed = %d %v", v.AttributedOrders, v.AttributedCPA)
		}
		page := a.do("viewer", "GET", fmt.Sprintf("/campaigns/%d/report", w.campaign), "", "")
		if body := page.Body.String(); page.Code != http.StatusOK || !strings.Contains(body, "Regional holdout") || !strings.Contains(body, "75.0%") || !strings.Contains(body, "<td>NZ</td><td>held out</td>") {
			t.Errorf("report page: %d", page.Code)
		}
	})
}
