package demo

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/chorushq/chorus/internal/campaigns"
	"github.com/chorushq/chorus/internal/compliance"
	"github.com/chorushq/chorus/internal/ops"
	"github.com/chorushq/chorus/internal/payout"
	"github.com/chorushq/chorus/internal/sim"
	"github.com/chorushq/chorus/internal/store"
)

// OpsCounts is what the campaign-operations steps stored: the work between
// signing creators and paying them, so that the brief, deliverables, review,
// rights and payouts pages of the demo are full.
type OpsCounts struct {
	Briefs, Shares, Templates int
	// Deliverables by how they stand: Overdue are planned and past due;
	// OnTime and Late were handed in before or after their due time.
	Deliverables, Overdue, OnTime, Late int
	Messages, MessagesFailed            int
	// Drafts each have one version; Passing and Failing are by their
	// compliance report, Approved by review.
	Drafts, Passing, Failing, Approved int
	// Rights are on approved drafts; ExpiringSoon end within two weeks.
	Rights, RightsExpiringSoon int
	PayoutTerms                int
	// PayoutRun is the key of the one run; Paid and Entries are its counts.
	PayoutRun                 string
	PayoutPaid, PayoutEntries int
}

// delivering are the statuses in which a collaboration owes content.
var delivering = []campaigns.Status{campaigns.Contracted, campaigns.ContentSubmitted, campaigns.Approved, campaigns.Live, campaigns.Paid}

// reviewed are the statuses whose drafts have been approved.
var reviewed = []campaigns.Status{campaigns.Approved, campaigns.Live, campaigns.Paid}

// opsCollab is a loaded collaboration with what the ops steps need of it.
type opsCollab struct {
	sim.Collaboration
	id       int64
	campaign *sim.Campaign
}

func (l *Loader) opsCollabs() []opsCollab {
	cps := l.W.Campaigns()
	var out []opsCollab
	for _, k := range l.W.Collaborations() {
		out = append(out, opsCollab{Collaboration: k, id: l.Collaborations[k.ID], campaign: &cps[k.Campaign]})
	}
	return out
}

func (k opsCollab) status() campaigns.Status { return campaigns.Status(k.Status) }

// loadOps fills briefs, a share link, message templates and threads,
// deliverables, drafts with their compliance reports and reviews, usage
// rights and payout terms. It changes no collaboration's status: the demo's
// pipeline is the simulated world's.
func loadOps(ctx context.Context, tx *store.Tx, l *Loader) error {
	end := l.W.End()
	if err := loadBriefs(ctx, tx, l); err != nil {
		return err
	}
	for _, t := range []ops.Template{
		{Name: "First contact", Subject: "{{campaign}}: a paid collaboration?",
			Body: "Hi {{creator_name}},\n\nWe love what you post as {{handle}} and would like to work with you on {{campaign}}: {{offer}}.\nInterested? Just reply.\n"},
		{Name: "Tracking details", Subject: "Your link and code for {{campaign}}",
			Body: "Hi {{creator_name}},\n\nYour link: {{link}}\nYour code for followers: {{code}}\n\nThanks!\n"},
	} {
		if err := tx.CreateTemplate(ctx, l.WS.ID, &t); err != nil {
			return err
		}
		l.Ops.Templates++
	}
	ks := l.opsCollabs()
	if err := loadMessages(ctx, tx, l, ks); err != nil {
		return err
	}
	for i, k := range ks {
		if slices.Contains(delivering, k.status()) {
			if err := l.storeDeliverables(ctx, tx, k, i, end); err != nil {
				return fmt.Errorf("deliverables of %s: %w", k.ID, err)
			}
		}
	}
	return loadDrafts(ctx, tx, l, ks, end)
}

// loadBriefs completes every campaign's brief and shares the first one.
func loadBriefs(ctx context.Context, tx *store.Tx, l *Loader) error {
	for _, sc := range l.W.Campaigns() {
		id := l.Campaigns[sc.Index]
		cp, err := l.DB.Campaign(ctx, l.WS.ID, id)
		if err != nil {
			return err
		}
		b := cp.Brief
		b.KeyMessages = []string{sc.Product + " fits a busy morning: two minutes, no mess", "Made to last: one pack is a month of use"}
		b.Dos = []string{"Show it in your own routine, in your own words", "Say what you did not like too", "Put #ad before anything else"}
		b.Donts = []string{"Promise health results or cures", "Compare with other brands by name", "Edit out the disclosure in stories"}
		b.ClaimCategories = []string{"health", "beauty"}
		b.BannedClaims = []string{"works overnight ; warn"}
		if err := tx.UpdateBrief(ctx, l.WS.ID, id, b); err != nil {
			return err
		}
		l.Ops.Briefs++
	}
	if len(l.W.Campaigns()) > 0 {
		if _, _, err := tx.CreateBriefShare(ctx, l.WS.ID, l.Campaigns[0], nil); err != nil {
			return err
		}
		l.Ops.Shares++
	}
	return nil
}

// loadMessages writes a short thread on the first few collaborations past
// the first contact; the last message of the first thread bounced.
func loadMessages(ctx context.Context, tx *store.Tx, l *Loader, ks []opsCollab) error {
	threads := 0
	for _, k := range ks {
		if threads == 4 {
			break
		}
		if k.status() == campaigns.Prospect || k.status() == campaigns.Declined {
			continue
		}
		to := l.W.Creator(k.CreatorIndex).Email
		for j, subject := range []string{k.campaign.Name + ": a paid collaboration?", "Re: " + k.campaign.Name + ": terms and dates"} {
			m := &store.Message{CollaborationID: k.id, Kind: "outreach", To: to, Subject: subject,
				Text: fmt.Sprintf("Hi %s,\n\nThanks for your reply about %s. Here is what we have in mind.\n", k.CreatorName, k.campaign.Product)}
			if err := tx.CreateMessage(ctx, l.WS.ID, m); err != nil {
				return err
			}
			var sendErr error
			if threads == 0 && j == 1 {
				sendErr = errors.New("550 5.1.1 mailbox unavailable")
				l.Ops.MessagesFailed++
			}
			if err := tx.FinishMessage(ctx, l.WS.ID, m.ID, fmt.Sprintf("<demo-%d-%d@chorus.invalid>", m.CollaborationID, j), sendErr); err != nil {
				return err
			}
			l.Ops.Messages++
		}
		threads++
	}
	return nil
}

// storeDeliverables gives collaboration k (the i-th) its deliverables,
// weekly from its due date. Content that went live was handed in two days
// early, except on every fourth collaboration, three days late; half the
// contracted collaborations are two days past due with nothing in.
func (l *Loader) storeDeliverables(ctx context.Context, tx *store.Tx, k opsCollab, i int, end time.Time) error {
	kind, platform := "post", string(k.Platform)
	switch k.Platform {
	case sim.Instagram:
		kind = "reel"
	case sim.TikTok, sim.YouTube:
		kind = "video"
	}
	if !slices.Contains(ops.Platforms, platform) {
		platform = "other"
	}
	due := k.DueAt.UTC().Truncate(time.Hour)
	if k.status() == campaigns.Contracted {
		due = end.Add(10 * 24 * time.Hour)
		if i%2 == 0 {
			due = end.Add(-2 * 24 * time.Hour)
		}
	}
	for j := range max(k.Deliverables, 1) {
		d := &ops.Deliverable{CollaborationID: k.id, Kind: kind, Platform: platform, Due: due.AddDate(0, 0, 7*j), Status: ops.Planned}
		handed := d.Due.Add(-2 * 24 * time.Hour)
		if i%4 == 3 {
			handed = d.Due.Add(3 * 24 * time.Hour)
		}
		at := func(days int) *time.Time { t := handed.Add(time.Duration(days) * 24 * time.Hour); return &t }
		switch k.status() {
		case campaigns.ContentSubmitted:
			d.Status, d.SubmittedAt = ops.Submitted, at(0)
		case campaigns.Approved:
			d.Status, d.SubmittedAt, d.ApprovedAt = ops.Approved, at(0), at(1)
		case campaigns.Live, campaigns.Paid:
			d.Status, d.SubmittedAt, d.ApprovedAt, d.LiveAt = ops.Live, at(0), at(1), at(2)
		}
		if errs := d.Validate(); len(errs) > 0 {
			return fmt.Errorf("%v", errs)
		}
		if err := tx.CreateDeliverable(ctx, l.WS.ID, d); err != nil {
			return err
		}
		l.Ops.Deliverables++
		switch {
		case d.SubmittedAt == nil && d.Overdue(end):
			l.Ops.Overdue++
		case d.SubmittedAt != nil && !d.SubmittedAt.After(d.Due):
			l.Ops.OnTime++
		case d.SubmittedAt != nil:
			l.Ops.Late++
		}
	}
	return nil
}

// caption writes a draft caption for k: one that passes the checks, one
// without the #ad disclosure, or one with a banned health claim.
func caption(k opsCollab, kind string) string {
	tracking := "chorus.link/" + k.ID
	if k.DiscountCode != "" {
		tracking = "code " + k.DiscountCode
	} else if len(k.Links) > 0 {
		tracking = "chorus.link/" + k.Links[0].Slug
	}
	tags := strings.Join(k.campaign.Hashtags, " ")
	words := strings.Join(k.campaign.Keywords, ", ")
	switch kind {
	case "no-ad":
		return fmt.Sprintf("My honest take on %s (%s). %s %s", k.campaign.Product, words, tags, tracking)
	case "claim":
		return fmt.Sprintf("#ad %s cured my acne in a week! %s %s %s", k.campaign.Product, words, tags, tracking)
	}
	return fmt.Sprintf("#ad My honest take on %s after a month: %s. %s %s", k.campaign.Product, words, tags, tracking)
}

// loadDrafts submits a draft for every collaboration past its contract.
// Those reviewed are approved, and every third approved one has usage
// rights (the first ending within two weeks). Two drafts fail the checks,
// one without #ad and one claiming a cure; they wait for review when their
// collaboration does, else changes were requested.
func loadDrafts(ctx context.Context, tx *store.Tx, l *Loader, ks []opsCollab, end time.Time) error {
	var review []opsCollab
	for _, k := range ks {
		if k.status() == campaigns.ContentSubmitted {
			review = append(review, k)
		}
	}
	for _, k := range ks {
		if slices.Contains(reviewed, k.status()) {
			review = append(review, k)
		}
	}
	rules := compliance.DefaultRules("health", "beauty")
	approved := 0
	for i, k := range review {
		kind := "pass"
		switch i {
		case 0:
			kind = "no-ad"
		case 1:
			kind = "claim"
		}
		brief := compliance.Brief{RequiredHashtags: append([]string{"#ad"}, k.campaign.Hashtags...), RequiredKeywords: k.campaign.Keywords,
			DiscountCode: k.DiscountCode}
		if len(k.Links) > 0 {
			brief.LinkSlug = k.Links[0].Slug
		}
		v := &store.DraftVersion{Caption: caption(k, kind)}
		v.Report = compliance.Check(brief, compliance.Draft{Caption: v.Caption}, rules)
		if err := tx.SubmitDraft(ctx, l.WS.ID, k.id, 0, "Main "+string(k.Platform)+" post", v); err != nil {
			return fmt.Errorf("draft of %s: %w", k.ID, err)
		}
		l.Ops.Drafts++
		if v.Report.Status == compliance.Fail {
			l.Ops.Failing++
		} else {
			l.Ops.Passing++
		}
		if k.status() == campaigns.ContentSubmitted {
			continue // waits for review
		}
		if kind != "pass" {
			if err := tx.ReviewDraft(ctx, l.WS.ID, k.id, v.ID, nil, store.DecisionRequestChanges, "Please fix what the checks found."); err != nil {
				return err
			}
			continue
		}
		if err := tx.ReviewDraft(ctx, l.WS.ID, k.id, v.ID, nil, store.DecisionApprove, "Lovely, approved."); err != nil {
			return err
		}
		l.Ops.Approved++
		if approved++; approved%3 != 1 {
			continue
		}
		r := &store.UsageRight{CollaborationID: k.id, DraftID: &v.DraftID, Channels: []string{store.ChannelPaidSocial, store.ChannelWhitelisting},
			Territory: "worldwide", StartsAt: end.AddDate(0, 0, -20), EndsAt: end.AddDate(0, 0, 90), FeeMinor: 15000}
		if l.Ops.Rights == 0 {
			r.EndsAt = end.AddDate(0, 0, 10)
			l.Ops.RightsExpiringSoon++
		}
		if errs := r.Validate(); len(errs) > 0 {
			return fmt.Errorf("rights of %s: %v", k.ID, errs)
		}
		if err := tx.CreateRight(ctx, l.WS.ID, r); err != nil {
			return err
		}
		l.Ops.Rights++
	}
	return nil
}

// loadPayouts sets payout terms on every live or paid collaboration (a rate
// per deliverable; every other one a revenue bonus) and runs one payout for
// the paid ones. Live ones are left out of the run, which would move them
// to paid: the demo's pipeline is the simulated world's.
func loadPayouts(ctx context.Context, tx *store.Tx, l *Loader) error {
	for i, k := range l.opsCollabs() {
		if k.status() != campaigns.Live && k.status() != campaigns.Paid {
			continue
		}
		var bonuses []payout.Bonus
		if i%2 == 0 {
			bonuses = []payout.Bonus{{RevenueMinor: 100000, AmountMinor: 10000}}
		}
		if err := tx.SetPayoutTerms(ctx, l.WS.ID, k.id, 5000, bonuses); err != nil {
			return err
		}
		l.Ops.PayoutTerms++
	}
	return nil
}

// loadPayoutRun pays the paid collaborations' balances in one run. It is a
// step of its own because it reads the terms through the database's reader,
// which sees only what loadPayouts committed.
func loadPayoutRun(ctx context.Context, tx *store.Tx, l *Loader) error {
	ps, err := l.DB.PayableCollaborations(ctx, l.WS.ID)
	if err != nil {
		return err
	}
	status := map[int64]campaigns.Status{}
	for _, k := range l.opsCollabs() {
		status[k.id] = k.status()
	}
	var run []store.Payable
	for _, p := range ps {
		if status[p.CollaborationID] != campaigns.Paid {
			continue
		}
		if p.Performance.RevenueMinor, err = l.DB.AttributedRevenue(ctx, l.WS.ID, p.CollaborationID, p.Terms.Currency); err != nil {
			return err
		}
		run = append(run, p)
	}
	key := "demo-" + l.W.End().Format("2006-01")
	r, _, err := tx.RunPayouts(ctx, l.WS.ID, key, nil, run)
	if err != nil {
		return err
	}
	l.Ops.PayoutRun, l.Ops.PayoutPaid, l.Ops.PayoutEntries = key, r.Paid, r.Entries
	l.Log.Info("demo operations", "counts", fmt.Sprintf("%+v", l.Ops))
	return nil
}
