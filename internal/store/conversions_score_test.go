package store_test

import (
	"testing"

	"github.com/chorushq/chorus/internal/analytics"
	"github.com/chorushq/chorus/internal/store"
	"github.com/chorushq/chorus/internal/store/storetest"
)

func TestCollaborationOutcomes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		ctx := storetest.Ctx(t)
		w := buildReportWorld(t, f)
		got, err := f.DB.CollaborationOutcomes(ctx, f.Workspace.ID)
		storetest.Must(t, err)
		// buildReportWorld: Ana 5 human clicks (the bot is not counted) and
		// two orders with her code, 5,000 + 7,000 cents; Ben 1 human click.
		want := []store.CollaborationOutcome{
			{ID: w.ana, Currency: "USD", Clicks: 5, Orders: 2, Revenue: 12000,
				Terms: analytics.Terms{FeeMinor: 20000, SeedingMinor: 2000, CommissionBps: 1000}},
			{ID: w.ben, Currency: "USD", Clicks: 1, Terms: analytics.Terms{FeeMinor: 5000}},
		}
		if len(got) != len(want) {
			t.Fatalf("outcomes %+v, want %+v", got, want)
		}
		// The world keeps collaboration ids, not creator ids: two distinct
		// creators is what can be checked.
		if got[0].CreatorID == 0 || got[1].CreatorID == 0 || got[0].CreatorID == got[1].CreatorID {
			t.Errorf("creator ids %d and %d", got[0].CreatorID, got[1].CreatorID)
		}
		for i := range want {
			got[i].CreatorID = 0
			if got[i] != want[i] {
				t.Errorf("outcome %d = %+v, want %+v", i, got[i], want[i])
			}
		}
		other, err := f.DB.CollaborationOutcomes(ctx, f.Workspace.ID+1)
		storetest.Must(t, err)
		if len(other) != 0 {
			t.Errorf("another workspace sees %+v", other)
		}
	})
}
