package discovery_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/chorushq/chorus/internal/campaigns"
	"github.com/chorushq/chorus/internal/creators"
	"github.com/chorushq/chorus/internal/discovery"
	"github.com/chorushq/chorus/internal/engagement"
	"github.com/chorushq/chorus/internal/store"
	"github.com/chorushq/chorus/internal/store/storetest"
)

// TestBareDetail: a run keeps no detail for a bare account, and what the
// pages and the API show for it (Explain, ScoreCreator, Shortlist) is what
// they showed from the detail runs stored until then: the JSON of the
// profile's assessment.
func TestBareDetail(t *testing.T) {
	models, err := discovery.LoadModels()
	if err != nil {
		t.Fatal(err)
	}
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		ctx := storetest.Ctx(t)
		ws := f.Workspace.ID
		ana, bo := world(t, f)
		// Cy is bare too, with an audience: a campaign scores Cy on
		// audience and niche fit, with the profile's result beside them.
		cy := creators.Creator{Name: "Cy Rivera", NicheTags: creators.ParseTags("baking"), Accounts: []creators.Account{{
			Platform: "instagram", Handle: "cy.bread", Followers: i64(48_000), Following: i64(900), MediaCount: i64(120),
			Biography: "Bread every day", Audience: creators.Audience{Country: map[string]float64{"US": 0.6, "CA": 0.2}}}}}
		camp := campaigns.Campaign{Slug: "bread", Name: "Bread", Currency: "USD", Brief: campaigns.Brief{
			Keywords: []string{"bread", "baking"}, TargetCountry: map[string]float64{"US": 1}}}
		storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error {
			if err := tx.CreateCreator(ctx, ws, &cy); err != nil {
				return err
			}
			return tx.CreateCampaign(ctx, ws, &camp)
		}))
		v, err := discovery.NewVetter(f.DB)
		storetest.Must(t, err)
		_, err = v.Run(ctx, ws)
		storetest.Must(t, err)

		ids := []int64{ana, bo, cy.ID}
		vets, err := f.DB.AccountVettingsOf(ctx, ws, ids)
		storetest.Must(t, err)
		bare := map[int64]bool{bo: true, cy.ID: true}
		for _, r := range vets {
			if kept := r.Detail != ""; kept == bare[r.CreatorID] {
				t.Errorf("creator %d: detail kept %v, bare %v", r.CreatorID, kept, bare[r.CreatorID])
			}
		}
		type shown struct {
			Free, ForCampaign []discovery.CreatorScore
			One               *discovery.CreatorScore
			List              []discovery.CreatorScore
		}
		show := func() shown {
			var s shown
			var err error
			s.Free, err = discovery.Explain(ctx, f.DB, ws, 0, ids)
			storetest.Must(t, err)
			s.ForCampaign, err = discovery.Explain(ctx, f.DB, ws, camp.ID, ids)
			storetest.Must(t, err)
			s.One, err = discovery.ScoreCreator(ctx, f.DB, ws, camp.ID, cy.ID)
			storetest.Must(t, err)
			s.List, err = discovery.Shortlist(ctx, f.DB, ws, camp.ID, 10)
			storetest.Must(t, err)
			return s
		}
		got := show()
		// Bo has nothing a campaign-free score weighs; Cy has audience and
		// niche fit for the campaign.
		if got.Free[1].Error == "" || got.One.Error != "" || got.One.Result.Score <= 0 || got.One.Account != "instagram/cy.bread" {
			t.Errorf("Bo free %+v, Cy for the campaign %+v", got.Free[1], got.One)
		}

		// Store the detail as runs did before: the bare accounts' results
		// of their profiles, as JSON.
		th := engagement.Thresholds{Micro: f.Workspace.TierMicro, Mid: f.Workspace.TierMid, Macro: f.Workspace.TierMacro, Mega: f.Workspace.TierMega}
		var old []store.AccountVetting
		for _, id := range []int64{bo, cy.ID} {
			_, accts, err := f.DB.VetCreators(ctx, ws, id, id)
			storetest.Must(t, err)
			for _, r := range vets {
				if r.CreatorID != id {
					continue
				}
				as, _, _ := discovery.Assess(models, th, discovery.AccountData{Account: accts[0]})
				b, err := json.Marshal(as)
				storetest.Must(t, err)
				r.Detail = string(b)
				old = append(old, r)
			}
		}
		if len(old) != 2 {
			t.Fatalf("%d bare results", len(old))
		}
		storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error { return tx.SaveAccountVettings(ctx, ws, old) }))
		if want := show(); !reflect.DeepEqual(got, want) {
			t.Errorf("shown without the detail:\n%+v\nfrom the detail:\n%+v", got, want)
		}
	})
}
