package store_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/chorushq/chorus/internal/conversions"
	"github.com/chorushq/chorus/internal/store"
	"github.com/chorushq/chorus/internal/store/storetest"
)

func TestRegionOrders(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		ctx := storetest.Ctx(t)
		from := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
		// Orders: before the pre period (ignored), in it, during, after (ignored),
		// a test order and a EUR order (both ignored), one without a region.
		orders := []struct {
			at       time.Time
			region   string
			currency string
			test     bool
		}{
			{from.AddDate(0, 0, -30), "US-CA", "USD", false}, // before preFrom
			{from.AddDate(0, 0, -10), "US-CA", "USD", false}, // pre
			{from.AddDate(0, 0, -1), "US-CA", "USD", false},  // pre
			{from.Add(-time.Second), "GB", "USD", false},     // pre, last second
			{from, "US-CA", "USD", false},                    // during, first second
			{from.AddDate(0, 0, 5), "GB", "USD", false},      // during
			{from.AddDate(0, 0, 5), "", "USD", false},        // during, no region
			{from.AddDate(0, 0, 5), "GB", "USD", true},       // test
			{from.AddDate(0, 0, 5), "GB", "EUR", false},      // other currency
			{from.AddDate(0, 0, 14), "GB", "USD", false},     // at to: excluded
		}
		storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error {
			for i, o := range orders {
				co := conversions.Order{Provider: conversions.ProviderAPI, ExternalID: fmt.Sprint("r", i), Time: o.at,
					Currency: o.currency, Total: 1000, Region: o.region, Test: o.test}
				if _, err := tx.RecordEvent(ctx, f.Workspace, conversions.Event{Kind: conversions.KindOrderCreated, Provider: co.Provider, Order: &co}); err != nil {
					return err
				}
			}
			return nil
		}))
		got, err := f.DB.RegionOrders(ctx, f.Workspace.ID, "USD", from.AddDate(0, 0, -28), from, from.AddDate(0, 0, 14))
		storetest.Must(t, err)
		want := []store.RegionCount{{Region: "", Pre: 0, During: 1}, {Region: "GB", Pre: 1, During: 1}, {Region: "US-CA", Pre: 2, During: 1}}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("region orders = %+v, want %+v", got, want)
		}
		other, _ := f.AddWorkspace(t, "globex", "owner@globex.test")
		if got, _ := f.DB.RegionOrders(ctx, other.ID, "USD", from.AddDate(0, 0, -28), from, from.AddDate(0, 0, 14)); len(got) != 0 {
			t.Errorf("another workspace sees %+v", got)
		}
	})
}
