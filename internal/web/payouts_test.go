package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/chorushq/chorus/internal/campaigns"
	"github.com/chorushq/chorus/internal/compliance"
	"github.com/chorushq/chorus/internal/store"
	"github.com/chorushq/chorus/internal/store/storetest"
)

// fixedRevenue stands in for attribution, which provides RevenueSource.
type fixedRevenue map[int64]int64

func (f fixedRevenue) AttributedRevenue(_ context.Context, _, collabID int64, _ string) (int64, error) {
	return f[collabID], nil
}

// TestPayoutRunByHand: fee 500.00, 150.00 per approved deliverable (1),
// 10% commission on 1,234.56 of revenue, 50.00 past 1,000.00 of revenue.
//
//	50000 + 15000 + 12346 (123456 × 0.10 = 12345.6, half-even) + 5000 = 82346
func TestPayoutRunByHand(t *testing.T) {
	f := storetest.New(t)
	rev := fixedRevenue{}
	a, _ := opsApp(t, f, 0, rev)
	ctx := context.Background()
	ws := f.Workspace.ID
	k := opsCollab(t, a, campaigns.Contracted)
	rev[k.ID] = 123456
	path := fmt.Sprintf("/collaborations/%d", k.ID)
	if w := a.do("member", "POST", path+"/payout-terms", "application/x-www-form-urlencoded", "per_deliverable=150.00&bonuses=1000.00+50.00%0Axx"); w.Code != http.StatusUnprocessableEntity ||
		!strings.Contains(w.Body.String(), "line 2") || !strings.Contains(w.Body.String(), "1000.00 50.00") {
		t.Errorf("bad bonuses: %d %s", w.Code, trim(w.Body.String()))
	}
	if w := a.do("member", "POST", path+"/payout-terms", "application/x-www-form-urlencoded", "per_deliverable=150.00&bonuses=1000.00+50.00"); w.Code != http.StatusSeeOther {
		t.Fatalf("terms: %d %s", w.Code, w.Body)
	}
	v := store.DraftVersion{Caption: "#ad", Report: compliance.Report{}}
	storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error {
		if err := tx.SubmitDraft(ctx, ws, k.ID, 0, "Reel", &v); err != nil {
			return err
		}
		if err := tx.ReviewDraft(ctx, ws, k.ID, v.ID, nil, store.DecisionApprove, ""); err != nil {
			return err
		}
		return tx.MoveCollaboration(ctx, ws, k.ID, campaigns.Live, nil, "")
	}))
	page := a.do("viewer", "GET", "/payouts", "", "").Body.String()
	if !strings.Contains(page, "823.46 USD") {
		t.Errorf("payouts page does not show 823.46 owed: %s", trim(page[strings.Index(page, "<main"):]))
	}
	if w := a.do("member", "POST", "/payouts/run", "application/x-www-form-urlencoded", "key=march"); w.Code != http.StatusForbidden {
		t.Errorf("member running payouts: %d", w.Code)
	}
	if w := a.do("admin", "POST", "/payouts/run", "application/x-www-form-urlencoded", "key=march"); w.Code != http.StatusSeeOther {
		t.Fatalf("run: %d %s", w.Code, w.Body)
	}
	got, _ := f.DB.Collaboration(ctx, ws, k.ID)
	if got.Status != campaigns.Paid {
		t.Errorf("status %s, want paid", got.Status)
	}
	want := `date,run,collaboration_id,creator,campaign,kind,amount,currency,amount_minor,note
2026-11-22,march,1,Portal Pat,Glow,flat,500.00,USD,50000,flat fee
2026-11-22,march,1,Portal Pat,Glow,deliverable,150.00,USD,15000,1 approved × 15000
2026-11-22,march,1,Portal Pat,Glow,commission,123.46,USD,12346,1000 bps of 123456
2026-11-22,march,1,Portal Pat,Glow,bonus,50.00,USD,5000,1 of 1 thresholds reached
2026-11-22,march,1,Portal Pat,Glow,payment,-823.46,USD,-82346,
`
	csv := a.do("viewer", "GET", "/payouts.csv", "", "").Body.String()
	today := f.DB.Now().Format("2006-01-02")
	if csv != strings.ReplaceAll(want, "2026-11-22", today) {
		t.Errorf("CSV:\n%s\nwant:\n%s", csv, want)
	}
	// Running the same key again, even with more revenue, changes nothing.
	rev[k.ID] = 999999
	var out struct {
		Existed bool
		Run     store.PayoutRun
	}
	w := a.do("admin", "POST", "/api/v1/payouts/runs", "application/json", `{"key":"march"}`)
	if w.Code != http.StatusOK || json.Unmarshal(w.Body.Bytes(), &out) != nil || !out.Existed || out.Run.Entries != 5 {
		t.Errorf("rerun: %d %s", w.Code, w.Body)
	}
	if again := a.do("viewer", "GET", "/payouts.csv", "", "").Body.String(); again != csv {
		t.Errorf("the ledger changed on a rerun:\n%s", again)
	}
}
