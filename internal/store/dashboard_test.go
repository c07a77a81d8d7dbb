package store_test

import (
	"context"
	"slices"
	"testing"

	"github.com/chorushq/chorus/internal/campaigns"
	"github.com/chorushq/chorus/internal/creators"
	"github.com/chorushq/chorus/internal/store"
	"github.com/chorushq/chorus/internal/store/storetest"
)

func TestCollabTallies(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		ctx := context.Background()
		other, _ := f.AddWorkspace(t, "other", "other@example.com")
		var ids [2]int64
		storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error {
			for i, name := range []string{"Autumn", "Winter"} {
				cp := campaigns.Campaign{Name: name, Slug: name, Currency: "EUR", Goal: "sales", Status: "active"}
				if err := tx.CreateCampaign(ctx, f.Workspace.ID, &cp); err != nil {
					return err
				}
				ids[i] = cp.ID
			}
			// Autumn: two live (100 + 10 + 5, and 200), one prospect (50);
			// Winter: one declined (70).
			for _, k := range []struct {
				campaign                    int
				status                      campaigns.Status
				fee, seeding, amplification int64
			}{{0, campaigns.Live, 100, 10, 5}, {0, campaigns.Live, 200, 0, 0}, {0, campaigns.Prospect, 50, 0, 0}, {1, campaigns.Declined, 70, 0, 0}} {
				cr := creators.Creator{Name: "c"}
				if err := tx.CreateCreator(ctx, f.Workspace.ID, &cr); err != nil {
					return err
				}
				c := campaigns.Collaboration{CampaignID: ids[k.campaign], CreatorID: cr.ID, Status: k.status, FeeMinor: k.fee,
					SeedingMinor: k.seeding, AmplificationMinor: k.amplification}
				if err := tx.CreateCollaboration(ctx, f.Workspace.ID, &c); err != nil {
					return err
				}
			}
			return nil
		}))
		got, err := f.DB.CollabTallies(ctx, f.Workspace.ID)
		storetest.Must(t, err)
		// Sorted by campaign, then status: "live" before "prospect".
		want := []store.CollabTally{{ids[0], campaigns.Live, 2, 315}, {ids[0], campaigns.Prospect, 1, 50}, {ids[1], campaigns.Declined, 1, 70}}
		if !slices.Equal(got, want) {
			t.Errorf("tallies %+v, want %+v", got, want)
		}
		if got, err := f.DB.CollabTallies(ctx, other.ID); err != nil || len(got) != 0 {
			t.Errorf("another workspace sees %+v, %v", got, err)
		}
	})
}
