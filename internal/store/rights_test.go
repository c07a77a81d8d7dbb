package store_test

import (
	"errors"
	"testing"
	"time"

	"github.com/chorushq/chorus/internal/campaigns"
	"github.com/chorushq/chorus/internal/compliance"
	"github.com/chorushq/chorus/internal/store"
	"github.com/chorushq/chorus/internal/store/storetest"
)

// approvedDraft submits and approves one draft of the world's collaboration.
func approvedDraft(t *testing.T, f *storetest.Fixture, ws int64, w opsWorld) int64 {
	t.Helper()
	ctx := storetest.Ctx(t)
	v := store.DraftVersion{Caption: "#ad love it", Report: compliance.Report{}}
	storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error {
		if err := tx.SubmitDraft(ctx, ws, w.collab.ID, 0, "Post", &v); err != nil {
			return err
		}
		return tx.ReviewDraft(ctx, ws, w.collab.ID, v.ID, nil, store.DecisionApprove, "")
	}))
	return v.DraftID
}

func TestRightsExpiryWithInjectedClock(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		ctx := storetest.Ctx(t)
		ws := f.Workspace.ID
		now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
		f.DB.SetClock(func() time.Time { return now })
		w := newOpsWorld(t, f, ws, "ana", campaigns.Contracted)
		draft := approvedDraft(t, f, ws, w)
		day := 24 * time.Hour
		// Rights ending in 10 days (warned with a 14-day window), in 30 days
		// (not yet), and 1 day ago (ended: never warned, never offered).
		ends := []time.Duration{10 * day, 30 * day, -day}
		for _, d := range ends {
			u := store.UsageRight{CollaborationID: w.collab.ID, DraftID: &draft, Channels: []string{store.ChannelPaidSocial},
				StartsAt: now.Add(-60 * day), EndsAt: now.Add(d), FeeMinor: 10000}
			if errs := u.Validate(); len(errs) > 0 {
				t.Fatal(errs)
			}
			storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error { return tx.CreateRight(ctx, ws, &u) }))
		}
		exp, err := f.DB.RightsExpiring(ctx, ws, 14*day)
		storetest.Must(t, err)
		if len(exp) != 1 || !exp[0].EndsAt.Equal(now.Add(10*day)) || exp[0].Asset != "draft: Post" || exp[0].Currency != "USD" {
			t.Fatalf("expiring = %+v", exp)
		}
		// Sixteen days later the 30-day right is within 14 days.
		now = now.Add(16 * day)
		exp, err = f.DB.RightsExpiring(ctx, ws, 14*day)
		storetest.Must(t, err)
		if len(exp) != 1 || !exp[0].EndsAt.Equal(time.Date(2026, 3, 31, 12, 0, 0, 0, time.UTC)) {
			t.Errorf("expiring later = %+v", exp)
		}
		all, err := f.DB.Rights(ctx, ws, w.collab.ID)
		storetest.Must(t, err)
		if len(all) != 3 {
			t.Errorf("rights = %d, want 3", len(all))
		}
		if other, err := f.DB.Rights(ctx, ws+1000, 0); err != nil || len(other) != 0 {
			t.Errorf("another workspace sees %d rights (%v)", len(other), err)
		}
	})
}

func TestRightsRefuseForeignOrUnapprovedAssets(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		ctx := storetest.Ctx(t)
		ws := f.Workspace.ID
		a := newOpsWorld(t, f, ws, "ann", campaigns.Contracted)
		b := newOpsWorld(t, f, ws, "bob", campaigns.Contracted)
		draftA := approvedDraft(t, f, ws, a)
		v := store.DraftVersion{Caption: "pending"}
		storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error { return tx.SubmitDraft(ctx, ws, b.collab.ID, 0, "Pending", &v) }))
		now := f.DB.Now()
		for name, u := range map[string]store.UsageRight{
			"draft of another collaboration": {CollaborationID: b.collab.ID, DraftID: &draftA},
			"draft not approved":             {CollaborationID: b.collab.ID, DraftID: &v.DraftID},
		} {
			u.Channels, u.StartsAt, u.EndsAt = []string{store.ChannelEmail}, now, now.Add(time.Hour)
			err := f.DB.Tx(ctx, func(tx *store.Tx) error { return tx.CreateRight(ctx, ws, &u) })
			if !errors.Is(err, store.ErrNotFound) {
				t.Errorf("%s: %v, want not found", name, err)
			}
		}
		bad := store.UsageRight{Channels: []string{"billboards"}, StartsAt: now, EndsAt: now}
		if errs := bad.Validate(); len(errs) != 3 { // asset, channel, ends_at
			t.Errorf("validate = %v, want 3 errors", errs)
		}
	})
}

// TestWinners: two posts of collaborations with paid rights, one with
// clicks; a third post's rights are e-mail only, a fourth's have ended.
//
//	post A: 7 human clicks on its collaboration's link, 10 engagements
//	post B: 0 clicks, 2 attributed orders, latest snapshot 5+2+1+1 = 9
//	        engagements (an older one had 100)
//	order: A (clicks first), then B
func TestWinners(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		ctx := storetest.Ctx(t)
		ws := f.Workspace.ID
		now := f.DB.Now()
		type post struct {
			w        opsWorld
			channels []string
			end      time.Time
			id       int64
		}
		posts := []*post{
			{w: newOpsWorld(t, f, ws, "wa", campaigns.Live), channels: []string{store.ChannelWhitelisting}, end: now.Add(90 * 24 * time.Hour)},
			{w: newOpsWorld(t, f, ws, "wb", campaigns.Live), channels: []string{store.ChannelPaidSocial, store.ChannelEmail}, end: now.Add(48 * time.Hour)},
			{w: newOpsWorld(t, f, ws, "wc", campaigns.Live), channels: []string{store.ChannelEmail}, end: now.Add(48 * time.Hour)},
			{w: newOpsWorld(t, f, ws, "wd", campaigns.Live), channels: []string{store.ChannelPaidSocial}, end: now.Add(-time.Hour)},
		}
		for i, p := range posts {
			storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error {
				cr, err := f.DB.Creator(ctx, ws, p.w.creator.ID)
				if err != nil {
					return err
				}
				if err := tx.ExecForTest(ctx, `INSERT INTO posts (workspace_id, account_id, collaboration_id, platform, url, published_at) VALUES (?, ?, ?, 'instagram', ?, ?)`,
					ws, cr.Accounts[0].ID, p.w.collab.ID, "https://instagram.test/p/"+p.w.creator.Accounts[0].Handle, now.Unix()); err != nil {
					return err
				}
				return nil
			}))
			p.id = postID(t, f, p.w.collab.ID)
			u := store.UsageRight{CollaborationID: p.w.collab.ID, PostID: &p.id, Channels: p.channels, StartsAt: now.Add(-time.Hour), EndsAt: p.end}
			storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error { return tx.CreateRight(ctx, ws, &u) }))
			eng := []int{10, 9, 50, 60}[i]
			storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error {
				if i == 1 {
					if err := tx.ExecForTest(ctx, `INSERT INTO post_snapshots (workspace_id, post_id, at, likes) VALUES (?, ?, ?, 100)`, ws, p.id, now.Unix()-100); err != nil {
						return err
					}
					return tx.ExecForTest(ctx, `INSERT INTO post_snapshots (workspace_id, post_id, at, likes, comments, saves, shares) VALUES (?, ?, ?, 5, 2, 1, 1)`, ws, p.id, now.Unix())
				}
				return tx.ExecForTest(ctx, `INSERT INTO post_snapshots (workspace_id, post_id, at, likes) VALUES (?, ?, ?, ?)`, ws, p.id, now.Unix(), eng)
			}))
		}
		storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error {
			t := now.Unix()
			if err := tx.ExecForTest(ctx, `INSERT INTO links (workspace_id, collaboration_id, slug, destination, created_at, updated_at) VALUES (?, ?, 'wa-link', 'https://shop.test', ?, ?)`, ws, posts[0].w.collab.ID, t, t); err != nil {
				return err
			}
			if err := tx.ExecForTest(ctx, `INSERT INTO credit_days (workspace_id, collaboration_id, day, model, currency, conversions, revenue_minor) VALUES (?, ?, 0, 'default', 'USD', 2, 5000)`, ws, posts[1].w.collab.ID); err != nil {
				return err
			}
			return tx.ExecForTest(ctx, `INSERT INTO click_days (workspace_id, link_id, day, humans, bots) SELECT workspace_id, id, ?, 7, 3 FROM links WHERE slug = 'wa-link'`, t-t%86400)
		}))
		got, err := f.DB.Winners(ctx, ws, 10)
		storetest.Must(t, err)
		if len(got) != 2 {
			t.Fatalf("winners = %+v, want 2", got)
		}
		if got[0].PostID != posts[0].id || got[0].Clicks != 7 || got[0].Engagements != 10 || got[0].Handle != "wa" {
			t.Errorf("first = %+v", got[0])
		}
		if got[1].PostID != posts[1].id || got[1].Clicks != 0 || got[1].Orders != 2 || got[1].Engagements != 9 || !got[1].RightsEndsAt.Equal(posts[1].end.Truncate(time.Second)) {
			t.Errorf("second = %+v", got[1])
		}
		humans, bots, err := f.DB.CollaborationClicks(ctx, ws, posts[0].w.collab.ID)
		if err != nil || humans != 7 || bots != 3 {
			t.Errorf("clicks = %d humans, %d bots (%v), want 7 and 3", humans, bots, err)
		}
	})
}

func postID(t *testing.T, f *storetest.Fixture, collabID int64) int64 {
	t.Helper()
	var id int64
	ctx := storetest.Ctx(t)
	ws, err := f.DB.Winners(ctx, f.Workspace.ID, 0) // exercise LIMIT 0
	storetest.Must(t, err)
	if len(ws) != 0 {
		t.Fatalf("LIMIT 0 gave %d rows", len(ws))
	}
	storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error {
		var err error
		id, err = tx.PostIDForTest(ctx, collabID)
		return err
	}))
	return id
}
