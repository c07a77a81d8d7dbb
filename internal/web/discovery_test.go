package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chorushq/chorus/internal/campaigns"
	"github.com/chorushq/chorus/internal/creators"
	"github.com/chorushq/chorus/internal/store"
	"github.com/chorushq/chorus/internal/store/storetest"
)

func ptr(v int64) *int64 { return &v }

// discoveryWorld adds two vettable creators and a campaign about bread.
// Mia: 20,000 followers, posts with 1,000+50 and 600+40 interactions, so ER
// 1050/20000 = 0.0525 and 640/20000 = 0.032, median 0.04225. Leo: 5,000
// followers, one post with 100+10: ER 0.022.
func discoveryWorld(t *testing.T, a *testApp) (mia, leo, camp int64) {
	ctx := context.Background()
	ws := a.f.Workspace.ID
	at := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	add := func(tx *store.Tx, name, handle string, followers int64, us float64, posts []store.IngestPost) (int64, error) {
		c := creators.Creator{Name: name, Accounts: []creators.Account{{Platform: "instagram", Handle: handle, Followers: ptr(followers),
			Audience: creators.Audience{Country: map[string]float64{"US": us}}}}}
		if err := tx.CreateCreator(ctx, ws, &c); err != nil {
			return 0, err
		}
		_, err := tx.AddPosts(ctx, ws, c.Accounts[0].ID, posts)
		return c.ID, err
	}
	post := func(url, caption string, likes, comments int64, days int) store.IngestPost {
		return store.IngestPost{URL: url, Caption: caption, PublishedAt: at.AddDate(0, 0, -days),
			Snapshots: []store.Snapshot{{At: at, Likes: ptr(likes), Comments: ptr(comments)}}}
	}
	storetest.Must(t, a.f.DB.Tx(ctx, func(tx *store.Tx) error {
		var err error
		if mia, err = add(tx, "Mia Crumb", "miacrumb", 20_000, 0.6, []store.IngestPost{
			post("https://i.test/m1", "Sourdough crumb shot #bread", 1000, 50, 1), post("https://i.test/m2", "Rye loaf", 600, 40, 4)}); err != nil {
			return err
		}
		if leo, err = add(tx, "Leo Lift", "leolift", 5_000, 0.1, []store.IngestPost{post("https://i.test/l1", "Deadlift day", 100, 10, 2)}); err != nil {
			return err
		}
		cp := campaigns.Campaign{Name: "Bread", Slug: "bread", Currency: "USD", Goal: "sales", Status: "draft",
			Brief: campaigns.Brief{Keywords: []string{"sourdough", "bread"}, TargetCountry: map[string]float64{"US": 1}}}
		if err := tx.CreateCampaign(ctx, ws, &cp); err != nil {
			return err
		}
		camp = cp.ID
		return nil
	}))
	return mia, leo, camp
}

// vetAndWait starts a run through the API and polls until it ends.
func vetAndWait(t *testing.T, a *testApp) {
	var st vettingStatus
	a.json("member", "POST", "/api/v1/vetting/run", "{}", http.StatusAccepted, &st)
	if st.Status != "running" {
		t.Fatalf("started run: %+v", st)
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		var got struct {
			Status  string `json:"status"`
			Done    int64  `json:"done"`
			Total   int64  `json:"total"`
			Percent int    `json:"percent"`
			Error   string `json:"error"`
		}
		a.json("viewer", "GET", "/api/v1/vetting/run", "", http.StatusOK, &got)
		if got.Status == "done" {
			// Three accounts (Mia, Leo and newApp's portal creator),
			// two passes each.
			if got.Done != 6 || got.Total != 6 || got.Percent != 100 {
				t.Errorf("finished run %+v", got)
			}
			return
		}
		if got.Status != "running" || time.Now().After(deadline) {
			t.Fatalf("run %+v", got)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestDiscoveryFlow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		a := newApp(t, f)
		mia, leo, camp := discoveryWorld(t, a)
		var none vettingStatus
		a.json("viewer", "GET", "/api/v1/vetting/run", "", http.StatusOK, &none)
		if none.Status != "none" {
			t.Errorf("before any run: %+v", none)
		}
		vetAndWait(t, a)

		// Search by words and figures: ER of at least 3% leaves Mia
		// (4.225%), not Leo (2.2%).
		var res struct {
			Creators []struct {
				CreatorID int64    `json:"creator_id"`
				ER        *float64 `json:"er"`
				Tier      string   `json:"tier"`
				Explained *struct {
					Result struct {
						Score float64 `json:"score"`
					} `json:"result"`
				} `json:"explained"`
			} `json:"creators"`
			More bool `json:"more"`
		}
		a.json("viewer", "GET", "/api/v1/discover?min_er=3", "", http.StatusOK, &res)
		if len(res.Creators) != 1 || res.Creators[0].CreatorID != mia || res.Creators[0].Tier != "micro" || res.Creators[0].Explained == nil {
			t.Fatalf("min_er=3: %+v", res)
		}
		if er := *res.Creators[0].ER; er < 0.04224 || er > 0.04226 {
			t.Errorf("Mia's ER %v, want 0.04225", er)
		}
		a.json("viewer", "GET", "/api/v1/discover?q=deadlift&campaign="+fmt.Sprint(camp), "", http.StatusOK, &res)
		if len(res.Creators) != 1 || res.Creators[0].CreatorID != leo {
			t.Errorf("q=deadlift: %+v", res)
		}
		// Audience: US >= 50% is Mia (60%) alone.
		a.json("viewer", "GET", "/api/v1/discover?country=US&min_country_share=50", "", http.StatusOK, &res)
		if len(res.Creators) != 1 || res.Creators[0].CreatorID != mia {
			t.Errorf("country: %+v", res)
		}
		w := a.do("viewer", "GET", "/api/v1/discover?tier=huge&min_er=x", "", "")
		if w.Code != http.StatusUnprocessableEntity || !strings.Contains(w.Body.String(), `"tier"`) || !strings.Contains(w.Body.String(), `"min_er"`) {
			t.Errorf("bad filters: %d %s", w.Code, w.Body)
		}

		// The explained score for the campaign.
		var cs struct {
			CreatorID int64 `json:"creator_id"`
			Result    struct {
				Score float64 `json:"score"`
				Parts []struct {
					Component string   `json:"component"`
					Present   bool     `json:"present"`
					Value     float64  `json:"value"`
					Evidence  []string `json:"evidence"`
				} `json:"parts"`
			} `json:"result"`
		}
		a.json("viewer", "GET", fmt.Sprintf("/api/v1/campaigns/%d/creators/%d/score", camp, mia), "", http.StatusOK, &cs)
		present := map[string]float64{}
		for _, p := range cs.Result.Parts {
			if p.Present {
				present[p.Component] = p.Value
			}
		}
		// Audience fit: min(0.6, 1) = 0.6 of the audience is in the target.
		if v, ok := present["audience_fit"]; !ok || v < 0.5999 || v > 0.6001 {
			t.Errorf("audience part %v in %+v", v, cs.Result.Parts)
		}
		if _, ok := present["niche_fit"]; !ok || cs.Result.Score <= 0 {
			t.Errorf("score %+v", cs.Result)
		}
		if w := a.do("other", "GET", fmt.Sprintf("/api/v1/campaigns/%d/creators/%d/score", camp, mia), "", ""); w.Code != http.StatusNotFound {
			t.Errorf("other workspace: %d", w.Code)
		}
		if w := a.do("viewer", "GET", fmt.Sprintf("/api/v1/campaigns/%d/creators/x/score", camp), "", ""); w.Code != http.StatusBadRequest {
			t.Errorf("bad creator id: %d", w.Code)
		}

		// All weight on audience: Mia 60, Leo 10; the shortlist ranks
		// Mia first and a limit of 1 keeps her alone.
		a.json("member", "PUT", fmt.Sprintf("/api/v1/campaigns/%d/scoring", camp), `{"weights": {"audience_fit": 1}}`, http.StatusOK, nil)
		var sl struct {
			Creators []struct {
				CreatorID int64 `json:"creator_id"`
				Result    struct {
					Score float64 `json:"score"`
				} `json:"result"`
			} `json:"creators"`
		}
		a.json("viewer", "GET", fmt.Sprintf("/api/v1/campaigns/%d/shortlist?limit=5", camp), "", http.StatusOK, &sl)
		if len(sl.Creators) != 2 || sl.Creators[0].CreatorID != mia || sl.Creators[1].CreatorID != leo ||
			sl.Creators[0].Result.Score < 59.999 || sl.Creators[0].Result.Score > 60.001 || sl.Creators[1].Result.Score < 9.999 || sl.Creators[1].Result.Score > 10.001 {
			t.Errorf("shortlist %+v", sl)
		}
		a.json("member", "PUT", fmt.Sprintf("/api/v1/campaigns/%d/scoring", camp), `{"weights": {"charm": 1}}`, http.StatusUnprocessableEntity, nil)
		a.json("viewer", "PUT", fmt.Sprintf("/api/v1/campaigns/%d/scoring", camp), `{"weights": {"niche_fit": 1}}`, http.StatusForbidden, nil)

		// The page, and the shortlist form.
		w = a.do("viewer", "GET", "/discover?q=sourdough&campaign="+fmt.Sprint(camp), "", "")
		if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "Mia Crumb") || strings.Contains(w.Body.String(), "Leo Lift") ||
			!strings.Contains(w.Body.String(), "Audience fit") {
			t.Errorf("discover page: %d", w.Code)
		}
		form := url.Values{"campaign": {fmt.Sprint(camp)}, "creator": {fmt.Sprint(mia), fmt.Sprint(leo)}}
		w = a.do("member", "POST", "/discover/shortlist", "application/x-www-form-urlencoded", form.Encode())
		if w.Code != http.StatusSeeOther {
			t.Fatalf("shortlist form: %d %s", w.Code, w.Body)
		}
		w = a.do("member", "POST", "/discover/shortlist", "application/x-www-form-urlencoded", form.Encode())
		if !strings.Contains(w.Header().Get("Location"), "0+creators+added") {
			t.Errorf("second shortlist: %s", w.Header().Get("Location"))
		}
		ks, err := f.DB.Collaborations(context.Background(), f.Workspace.ID, store.CollabFilter{CampaignID: camp})
		if err != nil || len(ks) != 2 || ks[0].Status != campaigns.Prospect {
			t.Errorf("collaborations %+v, %v", ks, err)
		}
		// Weights from the form; a bad one is reported by field.
		w = a.do("member", "POST", fmt.Sprintf("/campaigns/%d/scoring", camp), "application/x-www-form-urlencoded", "weight_niche_fit=2&weight_engagement=abc")
		if w.Code != http.StatusUnprocessableEntity || !strings.Contains(w.Body.String(), "weight_engagement") {
			t.Errorf("weights form: %d", w.Code)
		}
		// Syncing without credentials says what the server lacks.
		w = a.do("member", "POST", "/sync", "application/x-www-form-urlencoded", "platform=youtube&handle=x")
		if w.Code != http.StatusUnprocessableEntity || !strings.Contains(w.Body.String(), "--youtube-key") {
			t.Errorf("sync form: %d", w.Code)
		}
	})
}
