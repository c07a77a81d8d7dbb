package web

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chorushq/chorus/internal/campaigns"
	"github.com/chorushq/chorus/internal/ops"
	"github.com/chorushq/chorus/internal/store/storetest"
)

func TestDeliverablesAndReliability(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		a := newApp(t, f)
		now := time.Date(2026, 11, 10, 12, 0, 0, 0, time.UTC)
		a.f.DB.SetClock(func() time.Time { return now })
		w := newOpsWorld(t, a, "rel", opsSpec{"Rae Reliable", "rae@x.test", 5000, campaigns.Contracted})
		k := w.collabs[0]
		add := func(due string) ops.Deliverable {
			var d ops.Deliverable
			a.opsJSON("member", "POST", fmt.Sprintf("/api/v1/collaborations/%d/deliverables", k.ID),
				fmt.Sprintf(`{"kind":"reel","platform":"instagram","due":%q}`, due), http.StatusCreated, &d)
			return d
		}
		set := func(d ops.Deliverable, status string) {
			a.opsJSON("member", "POST", fmt.Sprintf("/collaborations/%d/deliverables/status", k.ID),
				fmt.Sprintf(`{"deliverable":%d,"status":%q}`, d.ID, status), http.StatusOK, nil)
		}
		d1 := add("2026-11-10")           // due at the end of the 10th: submitted at noon, on time
		d2 := add("2026-11-09T12:00:00Z") // submitted a day late
		d3 := add("2026-11-05")           // missed
		d4 := add("2026-11-08")           // still planned, overdue: late
		add("2026-11-20")                 // not yet due: not counted
		if want := time.Date(2026, 11, 10, 23, 59, 59, 0, time.UTC); !d1.Due.Equal(want) {
			t.Errorf("date-only due %v, want %v", d1.Due, want)
		}
		set(d1, "submitted")
		set(d2, "live") // going live counts as delivered now
		set(d3, "missed")
		_ = d4
		// By hand: on time 1 (d1), late 2 (d2 a day after due, d4 open past due), missed 1 (d3).
		var rel reliabilityView
		a.json("viewer", "GET", fmt.Sprintf("/api/v1/creators/%d/reliability", w.creators[0].ID), "", http.StatusOK, &rel)
		if rel.OnTime != 1 || rel.Late != 2 || rel.Missed != 1 || rel.Total != 4 || rel.OnTimeShare != 0.25 {
			t.Errorf("reliability %+v", rel)
		}
		page := a.do("viewer", "GET", fmt.Sprintf("/creators/%d", w.creators[0].ID), "", "").Body.String()
		if want := "1 on time, 2 late, 1 missed of 4 (25.0% on time)"; !strings.Contains(page, want) {
			t.Errorf("creator page lacks %q", want)
		}
		// Bad input is named; another workspace's collaboration is a 404 first.
		var e struct{ Fields []FieldError }
		a.opsJSON("member", "POST", fmt.Sprintf("/api/v1/collaborations/%d/deliverables", k.ID), `{"kind":"tweet","platform":"instagram","due":"soon"}`, http.StatusUnprocessableEntity, &e)
		if len(e.Fields) != 2 || e.Fields[0].Field != "due" || e.Fields[1].Field != "kind" {
			t.Errorf("fields %+v", e.Fields)
		}
		a.opsJSON("other", "POST", fmt.Sprintf("/api/v1/collaborations/%d/deliverables", k.ID), `{"kind":"tweet"}`, http.StatusNotFound, nil)
		a.opsJSON("other", "POST", fmt.Sprintf("/collaborations/%d/deliverables/status", k.ID), fmt.Sprintf(`{"deliverable":%d,"status":"live"}`, d4.ID), http.StatusNotFound, nil)
	})
}
