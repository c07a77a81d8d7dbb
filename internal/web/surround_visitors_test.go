package web

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chorushq/chorus/internal/conversions"
	"github.com/chorushq/chorus/internal/store"
	"github.com/chorushq/chorus/internal/store/storetest"
)

func TestSurroundVisitors(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		a := newApp(t, f)
		w := buildAnalyticsWorld(t, f)
		ctx := context.Background()
		ws := f.Workspace.ID
		f.DB.SetClock(func() time.Time { return time.Date(2026, 11, 10, 0, 0, 0, 0, time.UTC) })
		a.json("member", "PATCH", fmt.Sprintf("/api/v1/campaigns/%d", w.campaign), `{"starts_at": "2026-11-01T00:00:00Z"}`, http.StatusOK, nil)
		ana, err := f.DB.LinkBySlug(ctx, fmt.Sprintf("rep%d-0", ws))
		storetest.Must(t, err)
		ben, err := f.DB.LinkBySlug(ctx, fmt.Sprintf("rep%d-1", ws))
		storetest.Must(t, err)
		nov := func(day, hour int) int64 { return time.Date(2026, 11, day, hour, 0, 0, 0, time.UTC).Unix() }
		click := func(link int64, id, ip string, at int64) store.Click {
			return store.Click{WorkspaceID: ws, LinkID: link, ClickID: fmt.Sprintf("%s-%d", id, ws), At: at, IPHash: ip, Device: "mobile", OS: "iOS"}
		}
		clicks := []store.Click{
			click(ana.ID, "x-ana", "ipX", nov(3, 9)), click(ben.ID, "x-ben", "ipX", nov(3, 10)), // one visitor, two creators, no order
			click(ana.ID, "y-ana", "ipY", nov(3, 9)),                                            // one creator, buys
			click(ben.ID, "z-ben", "ipZ", nov(3, 9)), click(ana.ID, "z-ana", "ipZ2", nov(4, 9)), // one buyer on two days, two creators
		}
		storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error {
			if err := tx.InsertClicks(ctx, clicks); err != nil {
				return err
			}
			for _, o := range []conversions.Order{
				{ExternalID: "vy", Time: time.Unix(nov(3, 12), 0), ClickID: clicks[2].ClickID, Customer: conversions.Customer{ID: "cust-y"}},
				{ExternalID: "vz1", Time: time.Unix(nov(3, 12), 0), ClickID: clicks[3].ClickID, Customer: conversions.Customer{ID: "cust-z"}},
				{ExternalID: "vz2", Time: time.Unix(nov(4, 12), 0), ClickID: clicks[4].ClickID, Customer: conversions.Customer{ID: "cust-z"}},
			} {
				o.Provider, o.Currency, o.Total = conversions.ProviderShopify, "USD", 2000
				if _, err := tx.RecordEvent(ctx, f.Workspace, conversions.Event{Kind: conversions.KindOrderCreated, Provider: o.Provider, Order: &o}); err != nil {
					return err
				}
			}
			return nil
		}))
		var v surroundView
		a.json("viewer", "GET", fmt.Sprintf("/api/v1/campaigns/%d/surround", w.campaign), "", http.StatusOK, &v)
		// Week of 2 November. One creator: the world's 6 clicks without an IP
		// hash (6 visitors) and ipY, who bought: 7 visitors, 1 converter. Two or
		// more: ipX (no order) and ipZ+ipZ2 joined by the buyer: 2, 1.
		// Rates 1/7 (Wilson [0.025680, 0.513128]) and 1/2 ([0.094531, 0.905469]);
		// ratio (1/2)/(1/7) = 3.5, Katz se sqrt(1 - 1/2 + 1 - 1/7) = 1.164965
		// → [0.356819, 34.331109].
		vr := v.Visitors
		if len(vr.Weeks) != 1 || vr.One.Visitors != 7 || vr.One.Converters != 1 || vr.TwoPlus.Visitors != 2 || vr.TwoPlus.Converters != 1 {
			t.Fatalf("visitors = %+v", vr)
		}
		for _, c := range []struct {
			what      string
			got, want float64
		}{{"one low", vr.One.Rate.Low, 0.025680}, {"one high", vr.One.Rate.High, 0.513128}, {"two low", vr.TwoPlus.Rate.Low, 0.094531},
			{"ratio", vr.Ratio.Value, 3.5}, {"ratio low", vr.Ratio.Low, 0.356819}, {"ratio high", vr.Ratio.High, 34.331109}} {
			if math.Abs(c.got-c.want) > 1e-5*math.Max(1, c.want) {
				t.Errorf("%s = %g, want %g", c.what, c.got, c.want)
			}
		}
		page := a.do("viewer", "GET", fmt.Sprintf("/campaigns/%d/surround", w.campaign), "", "")
		if body := page.Body.String(); page.Code != http.StatusOK || !strings.Contains(body, "14.3% (2.6% – 51.3%)") || !strings.Contains(body, "3.50×") {
			t.Errorf("surround page: %d", page.Code)
		}
	})
}
