package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/chorushq/chorus/internal/campaigns"
	"github.com/chorushq/chorus/internal/creators"
	"github.com/chorushq/chorus/internal/engagement"
	"github.com/chorushq/chorus/internal/ops"
	"github.com/chorushq/chorus/internal/store"
	"github.com/chorushq/chorus/internal/store/storetest"
)

// opsFixture adds a creator on two campaigns of ws and returns the two
// collaborations.
func opsFixture(t *testing.T, db *store.DB, ws int64, slug string) (cr creators.Creator, k1, k2 campaigns.Collaboration) {
	t.Helper()
	ctx := context.Background()
	cr = creators.Creator{Name: "Ana " + slug, Email: "ana@" + slug + ".test",
		Accounts: []creators.Account{{Platform: "instagram", Handle: "ana_" + slug, Followers: new(int64(5000))},
			{Platform: "tiktok", Handle: "ana.tt." + slug, Followers: new(int64(42000))}}}
	storetest.Must(t, db.Tx(ctx, func(tx *store.Tx) error {
		if err := tx.CreateCreator(ctx, ws, &cr); err != nil {
			return err
		}
		for i, k := range []*campaigns.Collaboration{&k1, &k2} {
			cp := campaigns.Campaign{Name: "Camp", Slug: slug + "-" + string(rune('a'+i)), Currency: "USD", Goal: "sales", Status: "active"}
			if err := tx.CreateCampaign(ctx, ws, &cp); err != nil {
				return err
			}
			*k = campaigns.Collaboration{CampaignID: cp.ID, CreatorID: cr.ID, Status: campaigns.Contracted}
			if err := tx.CreateCollaboration(ctx, ws, k); err != nil {
				return err
			}
		}
		return nil
	}))
	return cr, k1, k2
}

func TestDeliverablesAndRecord(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		ctx := storetest.Ctx(t)
		day := func(d int) time.Time { return time.Date(2026, 11, d, 12, 0, 0, 0, time.UTC) }
		clock := day(1)
		f.DB.SetClock(func() time.Time { return clock })
		ws := f.Workspace.ID
		cr, k1, k2 := opsFixture(t, f.DB, ws, "rec")
		add := func(k campaigns.Collaboration, due int) int64 {
			d := ops.Deliverable{CollaborationID: k.ID, Kind: "reel", Platform: "instagram", Due: day(due)}
			storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error { return tx.CreateDeliverable(ctx, ws, &d) }))
			return d.ID
		}
		set := func(k campaigns.Collaboration, id int64, at int, s ops.DeliverableStatus) {
			clock = day(at)
			storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error {
				_, err := tx.SetDeliverableStatus(ctx, ws, k.ID, id, s)
				return err
			}))
		}
		a := add(k1, 10) // submitted day 9: on time
		b := add(k1, 10) // submitted day 12: late
		c := add(k2, 10) // marked missed day 15
		d := add(k2, 14) // still planned at day 20, due 14: late (overdue)
		e := add(k2, 25) // planned, not yet due: open
		_ = e
		set(k1, a, 9, ops.Submitted)
		set(k1, a, 11, ops.Live)
		set(k1, b, 12, ops.Submitted)
		set(k2, c, 15, ops.Missed)
		clock = day(20)
		// By hand: on time 1 (a), late 2 (b, d), missed 1 (c).
		rec, err := f.DB.CreatorRecord(ctx, ws, cr.ID)
		storetest.Must(t, err)
		if want := (ops.Record{OnTime: 1, Late: 2, Missed: 1}); rec != want {
			t.Errorf("record %+v, want %+v", rec, want)
		}
		// For the vetting score: four known outcomes; engagement counts
		// a as on time and the others (late b, missed c, open d) as not.
		dl, err := f.DB.CreatorDeliveries(ctx, ws, cr.ID)
		storetest.Must(t, err)
		if r := engagement.NewReliability(nil, 0, 0, dl); r.Deliverables != 4 || r.OnTime != 1 || r.OnTimeShare != 0.25 {
			t.Errorf("engagement reliability %+v", r)
		}
		ds, err := f.DB.Deliverables(ctx, ws, k1.ID)
		storetest.Must(t, err)
		if len(ds) != 2 || ds[0].Status != ops.Live || !ds[0].SubmittedAt.Equal(day(9)) || !ds[0].LiveAt.Equal(day(11)) {
			t.Errorf("deliverables of k1: %+v", ds)
		}
		// The overdue scan at day 20 finds d only; after it is marked, none.
		od, err := f.DB.OverdueDeliverables(ctx, ws, day(20))
		storetest.Must(t, err)
		if len(od) != 1 || od[0].ID != d || od[0].CreatorEmail != "ana@rec.test" || od[0].Campaign != "Camp" {
			t.Fatalf("overdue %+v, want deliverable %d", od, d)
		}
		var first, second bool
		storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error {
			var err error
			if first, err = tx.MarkReminded(ctx, ws, d, day(20)); err != nil {
				return err
			}
			second, err = tx.MarkReminded(ctx, ws, d, day(21))
			return err
		}))
		if !first || second {
			t.Errorf("MarkReminded: first %v second %v, want true false", first, second)
		}
		od, _ = f.DB.OverdueDeliverables(ctx, ws, day(30))
		if len(od) != 1 || od[0].ID != e {
			t.Errorf("overdue at day 30: %+v, want only %d", od, e)
		}
		// Another workspace sees nothing and cannot change anything.
		other, _ := f.AddWorkspace(t, "other", "o@other.test")
		rec, _ = f.DB.CreatorRecord(ctx, other.ID, cr.ID)
		if rec.Total() != 0 {
			t.Errorf("other workspace record %+v", rec)
		}
		err = f.DB.Tx(ctx, func(tx *store.Tx) error {
			_, err := tx.SetDeliverableStatus(ctx, other.ID, k1.ID, a, ops.Missed)
			return err
		})
		if !errors.Is(err, store.ErrNotFound) {
			t.Errorf("status from another workspace: %v", err)
		}
		err = f.DB.Tx(ctx, func(tx *store.Tx) error {
			return tx.CreateDeliverable(ctx, other.ID, &ops.Deliverable{CollaborationID: k1.ID, Kind: "post", Platform: "tiktok", Due: day(3)})
		})
		if !errors.Is(err, store.ErrNotFound) {
			t.Errorf("deliverable in another workspace's collaboration: %v", err)
		}
	})
}
