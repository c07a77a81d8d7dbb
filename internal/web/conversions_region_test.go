package web

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chorushq/chorus/internal/store/storetest"
)

func TestConversionsAPIRegion(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		s := newShop(t, f)
		s.json("member", "POST", "/api/v1/conversions", `{"order_id": "R-1", "value": 5, "currency": "USD", "region": "us-ca", "time": "2026-11-21T12:00:00Z"}`, http.StatusCreated, nil)
		s.json("member", "POST", "/api/v1/conversions", `{"order_id": "R-2", "value": 5, "currency": "USD", "region": "GB", "time": "2026-11-21T12:00:00Z"}`, http.StatusCreated, nil)
		w := s.do("member", "POST", "/api/v1/conversions", "application/json", `{"order_id": "R-3", "value": 5, "currency": "USD", "region": "California"}`)
		if w.Code != http.StatusUnprocessableEntity || !strings.Contains(w.Body.String(), `"region"`) {
			t.Errorf("bad region: %d %s", w.Code, w.Body)
		}
		day := time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC)
		got, err := f.DB.RegionOrders(storetest.Ctx(t), f.Workspace.ID, "USD", day.AddDate(0, 0, -1), day, day.AddDate(0, 0, 1))
		storetest.Must(t, err)
		if len(got) != 2 || got[0].Region != "GB" || got[0].During != 1 || got[1].Region != "US-CA" || got[1].During != 1 {
			t.Errorf("stored regions = %+v", got)
		}
	})
}
