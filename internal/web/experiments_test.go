package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chorushq/chorus/internal/conversions"
	"github.com/chorushq/chorus/internal/store"
	"github.com/chorushq/chorus/internal/store/storetest"
)

// TestExperimentByLinkVariant gives Ana (collaboration variant Hook A) a
// second link of her own variant Hook B, with 4 clicks and an order won by
// one of them.
func TestExperimentByLinkVariant(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		a := newApp(t, f)
		w := buildAnalyticsWorld(t, f)
		ctx := context.Background()
		ws := f.Workspace.ID
		day := time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)
		cp, err := f.DB.Campaign(ctx, ws, w.campaign)
		storetest.Must(t, err)
		hookB := cp.Variants[1].ID
		storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error {
			l := store.Link{CollaborationID: w.ana, VariantID: &hookB, Slug: fmt.Sprintf("anab%d", ws), Destination: "https://shop.test/"}
			if err := tx.CreateLink(ctx, ws, &l); err != nil {
				return err
			}
			var clicks []store.Click
			for j := range 4 {
				clicks = append(clicks, store.Click{WorkspaceID: ws, LinkID: l.ID, ClickID: fmt.Sprintf("anabclick%d-%d", ws, j), At: day.Unix() + 7200})
			}
			if err := tx.InsertClicks(ctx, clicks); err != nil {
				return err
			}
			o := conversions.Order{Provider: conversions.ProviderShopify, ExternalID: "by-link-b", Time: day.Add(40 * time.Hour),
				Currency: "USD", Total: 3000, ClickID: clicks[0].ClickID}
			_, err := tx.RecordEvent(ctx, f.Workspace, conversions.Event{Kind: conversions.KindOrderCreated, Provider: o.Provider, Order: &o})
			return err
		}))

		var ex experimentView
		a.json("viewer", "GET", fmt.Sprintf("/api/v1/campaigns/%d/experiment", w.campaign), "", http.StatusOK, &ex)
		// Hook A: Ana's first link, 5 clicks, her 2 code orders (50.00 + 70.00).
		// Hook B: Ana's second link 4 clicks + Ben's 1 = 5 clicks, the 1 click order (30.00).
		// By collaboration it would have been 9 clicks and 3 orders for Hook A.
		// CTR: only Ben's impressions can be given to a variant, so no comparison.
		if len(ex.Comparisons) != 2 {
			t.Fatalf("comparisons = %+v (notes %v)", ex.Comparisons, ex.Notes)
		}
		cvr, rev := ex.Comparisons[0], ex.Comparisons[1]
		if cvr.Metric != "orders per click" || len(cvr.Arms) != 2 ||
			cvr.Arms[0].Name != "Hook A" || cvr.Arms[0].Trials != 5 || cvr.Arms[0].Successes != 2 ||
			cvr.Arms[1].Name != "Hook B" || cvr.Arms[1].Trials != 5 || cvr.Arms[1].Successes != 1 {
			t.Errorf("orders per click = %+v", cvr.Arms)
		}
		// Posterior means with the uniform prior: (1+2)/(2+5) = 3/7, (1+1)/(2+5) = 2/7.
		if d := cvr.Arms[0].Mean - 3.0/7; d*d > 1e-18 {
			t.Errorf("Hook A mean %g, want 3/7", cvr.Arms[0].Mean)
		}
		if rev.Metric != "revenue per click" || rev.Arms[0].Successes != 2 || rev.Arms[1].Successes != 1 {
			t.Errorf("revenue per click = %+v", rev.Arms)
		}
		if len(ex.Notes) != 1 || !strings.Contains(ex.Notes[0], "links of different variants: 1") {
			t.Errorf("notes = %v", ex.Notes)
		}
	})
}
