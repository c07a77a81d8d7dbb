package campaigns

import (
	"strings"
	"testing"
	"time"
)

func TestSlugify(t *testing.T) {
	tests := map[string]string{
		"Spring Launch 2026":    "spring-launch-2026",
		"  Glow -- Serum!! ":    "glow-serum",
		"Café & Crème":          "caf-cr-me",
		strings.Repeat("a", 80): strings.Repeat("a", 63),
		"":                      "",
	}
	for in, want := range tests {
		if got := Slugify(in); got != want {
			t.Errorf("Slugify(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCampaignValidate(t *testing.T) {
	start := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	end := start.AddDate(0, 0, -1)
	c := Campaign{Name: " ", Slug: "Bad Slug", Goal: "fame", Status: "running", BudgetMinor: -1, Currency: "us",
		StartsAt: &start, EndsAt: &end, Variants: []Variant{{Name: "A", Kind: "color"}}}
	got := map[string]bool{}
	for _, e := range c.Validate() {
		got[e.Field] = true
	}
	for _, f := range []string{"name", "slug", "goal", "status", "budget_minor", "currency", "ends_at", "variants[0].kind"} {
		if !got[f] {
			t.Errorf("no error on %s; got %v", f, got)
		}
	}
	ok := Campaign{Name: "Spring Launch", Currency: "eur"}
	if errs := ok.Validate(); len(errs) > 0 {
		t.Fatalf("valid campaign: %v", errs)
	}
	if ok.Slug != "spring-launch" || ok.Goal != "sales" || ok.Status != "draft" || ok.Currency != "EUR" {
		t.Errorf("defaults: %+v", ok)
	}
}

func TestPipelineMoves(t *testing.T) {
	tests := []struct {
		from, to Status
		want     bool
	}{
		{Prospect, Contacted, true}, {Prospect, Paid, false}, {Contacted, Prospect, true},
		{Approved, Live, true}, {Live, Paid, true}, {Live, Declined, false}, {Declined, Prospect, true},
		{Paid, Declined, false}, {ContentSubmitted, Approved, true},
	}
	for _, tt := range tests {
		if got := CanMove(tt.from, tt.to); got != tt.want {
			t.Errorf("CanMove(%s, %s) = %v, want %v", tt.from, tt.to, got, tt.want)
		}
	}
	// Every status is reachable from a prospect, and every status can move.
	seen := map[Status]bool{Prospect: true}
	queue := []Status{Prospect}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		if len(Moves(s)) == 0 {
			t.Errorf("%s is a dead end", s)
		}
		for _, n := range Moves(s) {
			if !seen[n] {
				seen[n] = true
				queue = append(queue, n)
			}
		}
	}
	if len(seen) != len(Pipeline) {
		t.Errorf("reachable from prospect: %v, want all %d", seen, len(Pipeline))
	}
	if _, err := ParseStatus("won"); err == nil || !strings.Contains(err.Error(), "prospect") {
		t.Errorf("ParseStatus(won) = %v", err)
	}
}

func TestCollaborationValidate(t *testing.T) {
	k := Collaboration{FeeMinor: -5, CommissionBps: 10001}
	got := map[string]bool{}
	for _, e := range k.Validate() {
		got[e.Field] = true
	}
	for _, f := range []string{"fee_minor", "commission_bps", "campaign_id", "creator_id"} {
		if !got[f] {
			t.Errorf("no error on %s", f)
		}
	}
	if k.Status != Prospect {
		t.Errorf("default status %q", k.Status)
	}
}
