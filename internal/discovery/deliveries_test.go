package discovery

import (
	"testing"
	"time"

	"github.com/chorushq/chorus/internal/campaigns"
	"github.com/chorushq/chorus/internal/creators"
	"github.com/chorushq/chorus/internal/engagement"
	"github.com/chorushq/chorus/internal/ops"
	"github.com/chorushq/chorus/internal/store"
	"github.com/chorushq/chorus/internal/store/storetest"
)

// TestVetterReadsDeliveries checks that a vetting run's reliability sees
// the creators' deliverables: one delivered on time and one missed for
// Maya, none for Jon.
func TestVetterReadsDeliveries(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		ctx := storetest.Ctx(t)
		ws := f.Workspace.ID
		maya := creators.Creator{Name: "Maya", Accounts: []creators.Account{{Platform: "instagram", Handle: "maya"}}}
		jon := creators.Creator{Name: "Jon", Accounts: []creators.Account{{Platform: "instagram", Handle: "jon"}}}
		cp := campaigns.Campaign{Name: "Spring", Slug: "spring", Currency: "USD", Goal: "sales", Status: "active"}
		due := time.Date(2026, 10, 1, 12, 0, 0, 0, time.UTC)
		storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error {
			for _, c := range []*creators.Creator{&maya, &jon} {
				if err := tx.CreateCreator(ctx, ws, c); err != nil {
					return err
				}
			}
			if err := tx.CreateCampaign(ctx, ws, &cp); err != nil {
				return err
			}
			k := campaigns.Collaboration{CampaignID: cp.ID, CreatorID: maya.ID, Status: campaigns.Live}
			if err := tx.CreateCollaboration(ctx, ws, &k); err != nil {
				return err
			}
			onTime := ops.Deliverable{CollaborationID: k.ID, Kind: "post", Platform: "instagram", Due: due, Status: ops.DeliverableStatus("planned")}
			onTime.SetStatus(ops.DeliverableStatus("live"), due.Add(-time.Hour))
			missed := ops.Deliverable{CollaborationID: k.ID, Kind: "story", Platform: "instagram", Due: due, Status: ops.DeliverableStatus("planned")}
			missed.SetStatus(ops.DeliverableStatus("missed"), due.Add(48*time.Hour))
			for _, d := range []*ops.Deliverable{&onTime, &missed} {
				if err := tx.CreateDeliverable(ctx, ws, d); err != nil {
					return err
				}
			}
			return nil
		}))
		v, err := NewVetter(f.DB)
		storetest.Must(t, err)
		if v.Deliveries == nil {
			t.Fatal("NewVetter reads no delivery records")
		}
		ds, err := v.Deliveries.Deliveries(ctx, ws, maya.ID)
		storetest.Must(t, err)
		// One of two on time: an on-time share of 0.5.
		if rel := engagement.NewReliability(nil, 0, 0, ds); rel.Deliverables != 2 || rel.OnTime != 1 || rel.OnTimeShare != 0.5 {
			t.Fatalf("Maya's record = %+v from %+v, want 1 of 2 on time", rel, ds)
		}
		ds, err = v.Deliveries.Deliveries(ctx, ws, jon.ID)
		storetest.Must(t, err)
		if len(ds) != 0 {
			t.Errorf("Jon's deliveries = %+v, want none", ds)
		}
	})
}
