package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chorushq/chorus/internal/analytics"
	"github.com/chorushq/chorus/internal/campaigns"
	"github.com/chorushq/chorus/internal/store"
	"github.com/chorushq/chorus/internal/store/storetest"
)

// TestRightsExpiryAndWinners: with the clock at 2026-03-01, rights on a post
// for paid social until 2026-03-10 show on the dashboard (within 14 days)
// and make the post a winner; e-mail-only rights on another post do not.
func TestRightsExpiryAndWinners(t *testing.T) {
	f := storetest.New(t)
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	f.DB.SetClock(func() time.Time { return now })
	a := newApp(t, f)
	ctx := context.Background()
	ws := f.Workspace.ID
	k := opsCollab(t, a, campaigns.Live)
	k2 := opsCollab(t, a, campaigns.Live)
	posts := []*store.Post{
		{CollaborationID: &k.ID, Platform: "instagram", URL: "https://instagram.test/p/win", PublishedAt: now.Add(-48 * time.Hour)},
		{CollaborationID: &k2.ID, Platform: "instagram", URL: "https://instagram.test/p/mail", PublishedAt: now.Add(-48 * time.Hour)},
	}
	storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error {
		for _, p := range posts {
			if err := tx.CreatePost(ctx, ws, p); err != nil {
				return err
			}
		}
		return tx.AddSnapshots(ctx, ws, []analytics.Snapshot{
			{PostID: posts[0].ID, At: now.Add(-time.Hour), Likes: ptrOf(40), Comments: ptrOf(2)},
			{PostID: posts[1].ID, At: now.Add(-time.Hour), Likes: ptrOf(900)},
		})
	}))
	for _, c := range []struct {
		collab, post int64
		channels     string
	}{{k.ID, posts[0].ID, "channels=paid_social&channels=whitelisting"}, {k2.ID, posts[1].ID, "channels=email"}} {
		body := fmt.Sprintf("asset=post:%d&%s&territory=US&starts_at=2026-02-01&ends_at=2026-03-10&fee=75.00", c.post, c.channels)
		if w := a.do("member", "POST", fmt.Sprintf("/collaborations/%d/rights", c.collab), "application/x-www-form-urlencoded", body); w.Code != http.StatusSeeOther {
			t.Fatalf("rights: %d %s", w.Code, trim(w.Body.String()))
		}
	}
	// A post of another collaboration is refused, the form kept.
	w := a.do("member", "POST", fmt.Sprintf("/collaborations/%d/rights", k.ID), "application/x-www-form-urlencoded",
		fmt.Sprintf("asset=post:%d&channels=email&territory=Mars&starts_at=2026-02-01&ends_at=2026-01-01", posts[1].ID))
	if w.Code != http.StatusUnprocessableEntity || !strings.Contains(w.Body.String(), "must be after starts_at") || !strings.Contains(w.Body.String(), `value="Mars"`) {
		t.Errorf("bad rights: %d %s", w.Code, trim(w.Body.String()))
	}
	dash := a.do("viewer", "GET", "/", "", "").Body.String()
	if !strings.Contains(dash, "Usage rights ending soon") || !strings.Contains(dash, "post: https://instagram.test/p/win") {
		t.Errorf("dashboard lacks the expiry warning")
	}
	csv := a.do("viewer", "GET", "/rights/winners.csv", "", "").Body.String()
	want := "asset,creator,handle,platform,post_url,clicks,orders,engagements,rights_end\n" +
		fmt.Sprintf("post %d,Portal Pat,pat,instagram,https://instagram.test/p/win,0,0,42,2026-03-10\n", posts[0].ID)
	if csv != want {
		t.Errorf("winners CSV:\n%s\nwant:\n%s", csv, want)
	}
	// Ten days on, the rights have ended: no warning, no winner.
	now = now.Add(10 * 24 * time.Hour)
	a.signInAll() // the sessions expired with the clock
	if dash := a.do("viewer", "GET", "/", "", "").Body.String(); strings.Contains(dash, "Usage rights ending soon") {
		t.Error("ended rights still warned")
	}
	if csv := a.do("viewer", "GET", "/rights/winners.csv", "", "").Body.String(); strings.Count(csv, "\n") != 1 {
		t.Errorf("ended rights still offered:\n%s", csv)
	}
	if w := a.do("viewer", "GET", "/rights", "", ""); w.Code != 200 {
		t.Errorf("rights page: %d", w.Code)
	}
}

func ptrOf(v int64) *int64 { return &v }
