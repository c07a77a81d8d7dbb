package demo

import (
	"testing"
	"time"

	"github.com/chorushq/chorus/internal/campaigns"
	"github.com/chorushq/chorus/internal/compliance"
	"github.com/chorushq/chorus/internal/ops"
	"github.com/chorushq/chorus/internal/payout"
	"github.com/chorushq/chorus/internal/store"
	"github.com/chorushq/chorus/internal/store/storetest"
)

// TestLoadOps reads back what the operations steps stored, through the
// same store functions the pages use, and checks it against the counts the
// loader kept and against the world.
func TestLoadOps(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		ctx := storetest.Ctx(t)
		w := smallWorld(t)
		l, err := Load(ctx, f.DB, w, f.Workspace, nil)
		storetest.Must(t, err)
		ws, end := f.Workspace.ID, w.End()
		want := l.Ops
		t.Logf("loaded: %+v", want)

		// Deliverables: one per piece each collaboration past its contract
		// owes (at least one), counted from the world.
		wantDeliverables := 0
		for _, k := range w.Collaborations() {
			switch campaigns.Status(k.Status) {
			case campaigns.Contracted, campaigns.ContentSubmitted, campaigns.Approved, campaigns.Live, campaigns.Paid:
				wantDeliverables += max(k.Deliverables, 1)
			}
		}
		var got OpsCounts
		failedDisclosure, failedClaim := 0, 0
		var paid []int64
		for _, k := range w.Collaborations() {
			id := l.Collaborations[k.ID]
			if campaigns.Status(k.Status) == campaigns.Paid {
				paid = append(paid, id)
			}
			ds, err := f.DB.Deliverables(ctx, ws, id)
			storetest.Must(t, err)
			for _, d := range ds {
				got.Deliverables++
				switch {
				case d.Status == ops.Planned && end.After(d.Due):
					got.Overdue++
				case d.SubmittedAt != nil && !d.SubmittedAt.After(d.Due):
					got.OnTime++
				case d.SubmittedAt != nil:
					got.Late++
				}
			}
			ms, err := f.DB.Messages(ctx, ws, id)
			storetest.Must(t, err)
			for _, m := range ms {
				got.Messages++
				if m.Status == store.MessageFailed {
					got.MessagesFailed++
				}
			}
			drafts, err := f.DB.Drafts(ctx, ws, id)
			storetest.Must(t, err)
			for _, d := range drafts {
				got.Drafts++
				if d.Status == store.DraftApproved {
					got.Approved++
				}
				v := d.Latest()
				if v.Report.Status != compliance.Fail {
					got.Passing++
					continue
				}
				got.Failing++
				for _, r := range v.Report.Results {
					if r.Status == compliance.Fail && r.Check == compliance.CheckDisclosure {
						failedDisclosure++
					}
					if r.Status == compliance.Fail && r.Check == compliance.CheckClaims {
						failedClaim++
					}
				}
			}
		}
		if got.Deliverables != wantDeliverables || got.Deliverables != want.Deliverables || got.Overdue != want.Overdue ||
			got.OnTime != want.OnTime || got.Late != want.Late {
			t.Errorf("deliverables %d (world %d), overdue %d, on time %d, late %d; loader: %+v", got.Deliverables, wantDeliverables,
				got.Overdue, got.OnTime, got.Late, want)
		}
		if got.Overdue == 0 || got.OnTime == 0 || got.Late == 0 {
			t.Errorf("want some deliverables overdue (%d), on time (%d) and late (%d)", got.Overdue, got.OnTime, got.Late)
		}
		overdue, err := f.DB.OverdueDeliverables(ctx, ws, end)
		storetest.Must(t, err)
		if len(overdue) != got.Overdue {
			t.Errorf("the reminder job sees %d overdue, want %d", len(overdue), got.Overdue)
		}
		// Four threads of two messages; one bounced.
		if got.Messages != 8 || got.MessagesFailed != 1 || want.Messages != 8 {
			t.Errorf("messages %d (%d failed), loader %d; want 8 with 1 failed", got.Messages, got.MessagesFailed, want.Messages)
		}
		if got.Drafts != want.Drafts || got.Passing != want.Passing || got.Failing != 2 || want.Failing != 2 || got.Approved != want.Approved {
			t.Errorf("drafts %d, passing %d, failing %d, approved %d; loader %+v; want 2 failing", got.Drafts, got.Passing, got.Failing, got.Approved, want)
		}
		if failedDisclosure != 1 || failedClaim != 1 {
			t.Errorf("failing drafts: %d on disclosure, %d on a claim; want one each", failedDisclosure, failedClaim)
		}

		// Briefs, the share link and the templates.
		for _, sc := range w.Campaigns() {
			cp, err := f.DB.Campaign(ctx, ws, l.Campaigns[sc.Index])
			storetest.Must(t, err)
			b := cp.Brief
			if len(b.KeyMessages) == 0 || len(b.Dos) == 0 || len(b.Donts) == 0 || len(b.ClaimCategories) != 2 || b.Product != sc.Product {
				t.Errorf("campaign %s: brief %+v", sc.Slug, b)
			}
		}
		shares, err := f.DB.BriefShares(ctx, ws, l.Campaigns[0])
		storetest.Must(t, err)
		tpls, err := f.DB.Templates(ctx, ws)
		storetest.Must(t, err)
		if len(shares) != 1 || want.Shares != 1 || len(tpls) != 2 || want.Briefs != len(w.Campaigns()) {
			t.Errorf("%d share links, %d templates, %d briefs; want 1, 2, %d", len(shares), len(tpls), want.Briefs, len(w.Campaigns()))
		}

		// Rights: every third approved draft, the first ending in 10 days.
		rights, err := f.DB.Rights(ctx, ws, 0)
		storetest.Must(t, err)
		if wantRights := (want.Approved + 2) / 3; len(rights) != wantRights || want.Rights != wantRights || wantRights == 0 {
			t.Errorf("%d rights, loader %d; want %d from %d approved drafts", len(rights), want.Rights, wantRights, want.Approved)
		}
		f.DB.SetClock(func() time.Time { return end })
		soon, err := f.DB.RightsExpiring(ctx, ws, 14*24*time.Hour)
		storetest.Must(t, err)
		if len(soon) != 1 || !soon[0].EndsAt.Equal(end.AddDate(0, 0, 10)) {
			t.Errorf("rights ending within 14 days: %+v, want one ending %v", soon, end.AddDate(0, 0, 10))
		}

		// Payouts: terms on every live or paid collaboration, one run
		// paying the paid ones' balances.
		nTerms := 0
		for _, k := range w.Collaborations() {
			if s := campaigns.Status(k.Status); s == campaigns.Live || s == campaigns.Paid {
				nTerms++
				terms, err := f.DB.PayoutTerms(ctx, ws, l.Collaborations[k.ID])
				storetest.Must(t, err)
				if terms.PerDeliverableMinor != 5000 {
					t.Errorf("collaboration %s: per deliverable %d, want 5000", k.ID, terms.PerDeliverableMinor)
				}
			}
		}
		if want.PayoutTerms != nTerms || len(paid) == 0 {
			t.Errorf("payout terms on %d, want %d; %d paid collaborations", want.PayoutTerms, nTerms, len(paid))
		}
		entries, payments := 0, 0
		for _, id := range paid {
			ledger, err := f.DB.Ledger(ctx, ws, id)
			storetest.Must(t, err)
			for _, e := range ledger {
				entries++
				if e.Kind == payout.KindPayment {
					payments++
				}
			}
		}
		if want.PayoutRun == "" || entries != want.PayoutEntries || payments != want.PayoutPaid || payments == 0 {
			t.Errorf("run %q: %d ledger lines with %d payments; loader %d and %d", want.PayoutRun, entries, payments, want.PayoutEntries, want.PayoutPaid)
		}
	})
}
