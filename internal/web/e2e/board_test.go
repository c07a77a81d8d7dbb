package e2e

import (
	"context"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/chorushq/chorus/internal/campaigns"
	"github.com/chorushq/chorus/internal/creators"
	"github.com/chorushq/chorus/internal/store"
)

// TestDiscoverAndBoard finds a creator on the discover page by words in her
// bio and shortlists her into a campaign, then drags another creator's card
// to the next column of the pipeline board (the script posts the move and
// updates the card in place).
func TestDiscoverAndBoard(t *testing.T) {
	t.Parallel()
	a := startApp(t)
	cp, ks := seedCampaign(t, a)
	ctx := context.Background()
	ws := a.f.Workspace.ID
	omar := &creators.Creator{Name: "Omar Lifts", Accounts: []creators.Account{{Platform: "youtube", Handle: "omarlifts",
		Biography: "Strength training for beginners", Followers: new(int64(120500))}}}
	if err := a.f.DB.Tx(ctx, func(tx *store.Tx) error { return tx.CreateCreator(ctx, ws, omar) }); err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t, a.url)
	signIn(b, a.f, "owner@acme.test")

	// Discover Omar and shortlist him.
	b.visit("discover", "/discover")
	b.fill("discover search", map[string]string{"#q": "strength"})
	b.submit("search", "form.discover-filters button[type=submit]")
	if got := rows(b); len(got) != 1 {
		t.Fatalf("discover for \"strength\" lists %d rows, want Omar alone", len(got))
	}
	b.do("pick Omar", chromedp.Click(chromedp.CSS("input[name=creator][value='"+itoa(omar.ID)+"']")))
	b.fill("campaign", map[string]string{"#shortlist-campaign": itoa(cp.ID)})
	b.submit("shortlist", "form.shortlist button[type=submit]")
	got := collabStatus(t, a, cp.ID)
	if got["Omar Lifts"] != campaigns.Prospect {
		t.Errorf("after shortlisting, Omar is %q on the campaign, want prospect", got["Omar Lifts"])
	}

	// Drag Lena from Prospect to Contacted on the board.
	b.visit("pipeline", "/pipeline")
	lena := ks["Lena Glow"].ID
	b.do("drag Lena", chromedp.DragAndDrop(chromedp.CSS("article[data-collab='"+itoa(lena)+"']"), chromedp.CSS("section[data-status=contacted]")))
	deadline := time.Now().Add(5 * time.Second)
	for b.text(".board-status") == "" && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if got := b.text(".board-status"); got != "Lena Glow moved to Contacted." {
		t.Errorf("board says %q after the drop", got)
	}
	if got := eval[string](b, `document.querySelector("article[data-collab='`+itoa(lena)+`']").closest("[data-status]").dataset.status`); got != "contacted" {
		t.Errorf("Lena's card is in column %q after the drop", got)
	}
	b.flush("drag Lena")
	b.screenshot("after drop")
	if got := collabStatus(t, a, cp.ID)["Lena Glow"]; got != campaigns.Contacted {
		t.Errorf("after the drop Lena is %q in the database, want contacted", got)
	}
}

// collabStatus maps creator names to their status on a campaign.
func collabStatus(t *testing.T, a *app, campaignID int64) map[string]campaigns.Status {
	t.Helper()
	ks, err := a.f.DB.Collaborations(context.Background(), a.f.Workspace.ID, store.CollabFilter{CampaignID: campaignID})
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]campaigns.Status{}
	for _, k := range ks {
		m[k.CreatorName] = k.Status
	}
	return m
}
