package store_test

import (
	"errors"
	"testing"

	"github.com/chorushq/chorus/internal/campaigns"
	"github.com/chorushq/chorus/internal/compliance"
	"github.com/chorushq/chorus/internal/creators"
	"github.com/chorushq/chorus/internal/store"
	"github.com/chorushq/chorus/internal/store/storetest"
)

// opsWorld is a creator with an account on a campaign in a workspace.
type opsWorld struct {
	creator  creators.Creator
	campaign campaigns.Campaign
	collab   campaigns.Collaboration
}

func newOpsWorld(t *testing.T, f *storetest.Fixture, ws int64, handle string, status campaigns.Status) opsWorld {
	t.Helper()
	ctx := storetest.Ctx(t)
	w := opsWorld{
		creator:  creators.Creator{Name: "Creator " + handle, Accounts: []creators.Account{{Platform: "instagram", Handle: handle}}},
		campaign: campaigns.Campaign{Name: "Launch " + handle, Slug: "launch-" + handle, Goal: "sales", Status: "active", Currency: "USD"},
	}
	storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error {
		if err := tx.CreateCreator(ctx, ws, &w.creator); err != nil {
			return err
		}
		if err := tx.CreateCampaign(ctx, ws, &w.campaign); err != nil {
			return err
		}
		w.collab = campaigns.Collaboration{CampaignID: w.campaign.ID, CreatorID: w.creator.ID, Status: status, FeeMinor: 50000, CommissionBps: 1000}
		return tx.CreateCollaboration(ctx, ws, &w.collab)
	}))
	return w
}

func TestDraftVersionsAndReview(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		ctx := storetest.Ctx(t)
		ws := f.Workspace.ID
		w := newOpsWorld(t, f, ws, "maya", campaigns.Contracted)
		rep := compliance.Report{Status: compliance.Fail, Results: []compliance.Result{
			{Check: compliance.CheckClaims, Status: compliance.Fail, Reason: "banned claim", Spans: []compliance.Span{{Start: 4, End: 9}}},
			{Check: compliance.CheckDisclosure, Status: compliance.Pass, Reason: "ok"},
		}}
		v1 := store.DraftVersion{Caption: "It cures <b>", PostURLs: []string{"https://example.test/p/1"}, Report: rep, SubmittedBy: &f.Owner.ID,
			Media: []store.DraftMedia{{StoredName: "abc.jpg", OriginalName: "../../etc/passwd", ContentType: "image/jpeg", Size: 10}}}
		storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error { return tx.SubmitDraft(ctx, ws, w.collab.ID, 0, "Reel 1", &v1) }))
		if v1.Version != 1 || v1.DraftID == 0 {
			t.Fatalf("first version = %d of draft %d", v1.Version, v1.DraftID)
		}
		k, err := f.DB.Collaboration(ctx, ws, w.collab.ID)
		storetest.Must(t, err)
		if k.Status != campaigns.ContentSubmitted {
			t.Errorf("after submitting: %s, want content_submitted", k.Status)
		}
		// Changes requested, then a second version: the first is kept and can
		// no longer be approved.
		storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error {
			return tx.ReviewDraft(ctx, ws, w.collab.ID, v1.ID, &f.Owner.ID, store.DecisionRequestChanges, "no cure claims")
		}))
		v2 := store.DraftVersion{Caption: "Loving it #ad", Report: compliance.Report{}}
		storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error { return tx.SubmitDraft(ctx, ws, w.collab.ID, v1.DraftID, "", &v2) }))
		if v2.Version != 2 {
			t.Errorf("second version = %d", v2.Version)
		}
		err = f.DB.Tx(ctx, func(tx *store.Tx) error {
			return tx.ReviewDraft(ctx, ws, w.collab.ID, v1.ID, &f.Owner.ID, store.DecisionApprove, "")
		})
		if !errors.Is(err, store.ErrConflict) {
			t.Errorf("approving an old version: %v, want a conflict", err)
		}
		// Another workspace cannot review it.
		other, _ := f.AddWorkspace(t, "globex", "owner@globex.test")
		err = f.DB.Tx(ctx, func(tx *store.Tx) error {
			return tx.ReviewDraft(ctx, other.ID, w.collab.ID, v2.ID, nil, store.DecisionApprove, "")
		})
		if !errors.Is(err, store.ErrNotFound) {
			t.Errorf("review from another workspace: %v, want not found", err)
		}
		storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error {
			return tx.ReviewDraft(ctx, ws, w.collab.ID, v2.ID, &f.Owner.ID, store.DecisionApprove, "great")
		}))
		ds, err := f.DB.Drafts(ctx, ws, w.collab.ID)
		storetest.Must(t, err)
		if len(ds) != 1 || len(ds[0].Versions) != 2 || ds[0].Status != store.DraftApproved {
			t.Fatalf("drafts = %+v", ds)
		}
		got := ds[0].Versions[0]
		if got.Caption != "It cures <b>" || got.Report.Status != compliance.Fail || got.Report.Results[0].Spans[0] != (compliance.Span{Start: 4, End: 9}) {
			t.Errorf("version 1 = %+v", got)
		}
		if len(got.Media) != 1 || got.Media[0].StoredName != "abc.jpg" || len(got.Reviews) != 1 || got.Reviews[0].Comment != "no cure claims" {
			t.Errorf("version 1 media/reviews = %+v / %+v", got.Media, got.Reviews)
		}
		if got.Reviews[0].UserEmail != f.Owner.Email || len(got.PostURLs) != 1 {
			t.Errorf("review by %q, urls %v", got.Reviews[0].UserEmail, got.PostURLs)
		}
		if _, err := f.DB.DraftMediaFile(ctx, ws, w.collab.ID, got.Media[0].ID); err != nil {
			t.Error(err)
		}
		if _, err := f.DB.DraftMediaFile(ctx, other.ID, w.collab.ID, got.Media[0].ID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("media from another workspace: %v", err)
		}
		k, err = f.DB.Collaboration(ctx, ws, w.collab.ID)
		storetest.Must(t, err)
		if k.Status != campaigns.Approved {
			t.Errorf("after approval: %s, want approved", k.Status)
		}
	})
}

func TestClaimListAndTracking(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		ctx := storetest.Ctx(t)
		ws := f.Workspace.ID
		body, err := f.DB.ClaimList(ctx, ws)
		if err != nil || body != "" {
			t.Fatalf("empty list = %q, %v", body, err)
		}
		for _, want := range []string{"cure~", "miracle ; warn"} {
			storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error { return tx.SetClaimList(ctx, ws, want) }))
			if body, _ := f.DB.ClaimList(ctx, ws); body != want {
				t.Errorf("list = %q, want %q", body, want)
			}
		}
		w := newOpsWorld(t, f, ws, "sam", campaigns.Live)
		storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error {
			now := f.DB.Now().Unix()
			if err := tx.ExecForTest(ctx, `INSERT INTO links (workspace_id, collaboration_id, slug, destination, created_at, updated_at) VALUES (?, ?, 'sam-fit', 'https://shop.test', ?, ?)`, ws, w.collab.ID, now, now); err != nil {
				return err
			}
			if !f.DB.HasTableForTest(ctx, "discount_codes") {
				// Until the orders migration is in, stand in for its table.
				if err := tx.ExecForTest(ctx, `CREATE TABLE discount_codes (id INTEGER, workspace_id BIGINT, collaboration_id BIGINT, code TEXT, normalized TEXT, created_at BIGINT)`); err != nil {
					return err
				}
			}
			return tx.ExecForTest(ctx, `INSERT INTO discount_codes (workspace_id, collaboration_id, code, normalized, created_at) VALUES (?, ?, 'Sam10', 'SAM10', ?)`, ws, w.collab.ID, now)
		}))
		tr, err := f.DB.CollaborationTracking(ctx, ws, w.collab.ID)
		storetest.Must(t, err)
		if len(tr.LinkSlugs) != 1 || tr.LinkSlugs[0] != "sam-fit" || len(tr.Codes) != 1 || tr.Codes[0] != "Sam10" {
			t.Errorf("tracking = %+v", tr)
		}
	})
}
