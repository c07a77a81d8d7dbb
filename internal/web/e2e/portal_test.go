package e2e

import (
	"context"
	"testing"

	"github.com/chorushq/chorus/internal/auth"
	"github.com/chorushq/chorus/internal/campaigns"
	"github.com/chorushq/chorus/internal/creators"
	"github.com/chorushq/chorus/internal/store"
)

// TestCreatorPortal signs in as a creator: the portal lists their
// collaborations, and the brand's pages do not exist for them.
func TestCreatorPortal(t *testing.T) {
	t.Parallel()
	a := startApp(t)
	ctx := context.Background()
	ws := a.f.Workspace.ID
	mia := &creators.Creator{Name: "Mia Vegan", Accounts: []creators.Account{{Platform: "instagram", Handle: "mia.vegan"}}}
	cp := &campaigns.Campaign{Name: "Glow serum launch", Goal: "sales", Currency: "EUR", BudgetMinor: 500000}
	err := a.f.DB.Tx(ctx, func(tx *store.Tx) error {
		if err := tx.CreateCreator(ctx, ws, mia); err != nil {
			return err
		}
		if err := tx.CreateCampaign(ctx, ws, cp); err != nil {
			return err
		}
		return tx.CreateCollaboration(ctx, ws, &campaigns.Collaboration{CampaignID: cp.ID, CreatorID: mia.ID, Status: campaigns.Contacted})
	})
	if err != nil {
		t.Fatal(err)
	}
	a.f.AddUser(t, ws, "mia@creator.test", auth.Creator, &mia.ID)

	b := newBrowser(t, a.url)
	signIn(b, a.f, "mia@creator.test")
	b.phone("portal")
	if got := listText(b, "nav[aria-label=Main] a"); !equal(got, []string{"My collaborations"}) {
		t.Errorf("a creator's navigation: %v", got)
	}
	if got := listText(b, "main li"); !equal(got, []string{"Glow serum launch Contacted"}) {
		t.Errorf("portal lists %v", got)
	}
	b.expectStatus("/campaigns", 404)
	b.visit("brand pages hidden", "/campaigns")
}
