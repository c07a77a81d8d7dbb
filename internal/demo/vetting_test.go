package demo

import (
	"encoding/json"
	"testing"

	"github.com/chorushq/chorus/internal/discovery"
	"github.com/chorushq/chorus/internal/store"
	"github.com/chorushq/chorus/internal/store/storetest"
)

// TestVetTheWorld loads follower samples and histories, vets the workspace,
// and checks the results against the world's hidden truth: the vetting
// never sees it, so agreement means the pipeline works end to end.
func TestVetTheWorld(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		ctx := storetest.Ctx(t)
		w := smallWorld(t)
		l, err := Load(ctx, f.DB, w, f.Workspace, nil)
		storetest.Must(t, err)
		// Load stores the samples once the followers step is in its list.
		inLoad := false
		for _, s := range steps() {
			inLoad = inLoad || s.name == "followers"
		}
		if !inLoad {
			storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error { return loadFollowers(ctx, tx, l) }))
		}
		res, err := Vet(ctx, l)
		storetest.Must(t, err)
		if res.Accounts != int64(len(l.Accounts)) || res.Scored == 0 {
			t.Fatalf("run %+v for %d accounts", res, len(l.Accounts))
		}
		var bought, boughtFlagged, clean, cleanFlagged int
		var dirtyReal, cleanReal []float64
		for c := range w.Creators() {
			ids := []int64{l.Creators[c.Index]}
			vets, err := f.DB.AccountVettingsOf(ctx, f.Workspace.ID, ids)
			storetest.Must(t, err)
			if len(vets) != len(c.Accounts) {
				t.Fatalf("creator %d: %d results for %d accounts", c.Index, len(vets), len(c.Accounts))
			}
			byID := map[int64]store.AccountVetting{}
			for _, v := range vets {
				byID[v.AccountID] = v
			}
			for _, a := range c.Accounts {
				v := byID[l.Accounts[a.ID]]
				var as discovery.Assessment
				storetest.Must(t, json.Unmarshal([]byte(v.Detail), &as))
				if as.Audience == nil || as.Audience.N == 0 || as.Audience.N > samplesPerAccount || v.RealShare == nil {
					t.Fatalf("%s: audience %+v", a.Username, as.Audience)
				}
				flagged := as.Anomalies.Followers != nil && len(as.Anomalies.Followers.Jumps) > 0
				if a.Truth.BoughtFollowers > 0 {
					bought++
					if flagged {
						boughtFlagged++
					}
				} else {
					clean++
					if flagged {
						cleanFlagged++
					}
				}
				switch notReal := a.Truth.FakeShare + a.Truth.BotShare; {
				case notReal >= 0.25:
					dirtyReal = append(dirtyReal, *v.RealShare)
				case notReal <= 0.08:
					cleanReal = append(cleanReal, *v.RealShare)
				}
			}
		}
		// Bought followers arrive in one jump no post explains: most such
		// accounts are flagged, few clean ones.
		if bought == 0 || float64(boughtFlagged)/float64(bought) < 0.5 || float64(cleanFlagged)/float64(clean) > 0.1 {
			t.Errorf("follower jumps flagged: %d of %d bought, %d of %d clean", boughtFlagged, bought, cleanFlagged, clean)
		}
		if len(dirtyReal) == 0 || len(cleanReal) == 0 || mean(dirtyReal) >= mean(cleanReal) {
			t.Errorf("real share: %.2f over %d audiences at least 25%% fake, %.2f over %d at most 8%%",
				mean(dirtyReal), len(dirtyReal), mean(cleanReal), len(cleanReal))
		}
		t.Logf("flagged %d/%d bought, %d/%d clean; real share %.2f (dirty, n=%d) vs %.2f (clean, n=%d)",
			boughtFlagged, bought, cleanFlagged, clean, mean(dirtyReal), len(dirtyReal), mean(cleanReal), len(cleanReal))
	})
}

func mean(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s / float64(max(len(xs), 1))
}
