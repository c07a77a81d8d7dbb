package sim

import (
	"net/url"
	"strconv"
	"strings"
	"testing"
)

func TestClicks(t *testing.T) {
	w := mustWorld(t, DefaultConfig())
	slugs := map[string]Platform{}
	for _, co := range w.Collaborations() {
		for _, l := range co.Links {
			slugs[l.Slug] = co.Platform
		}
	}
	var n, bots, inApp, igClicks, demo int
	ids := map[string]bool{}
	visitors := map[string]map[string]bool{} // visitor -> slugs
	var prev Click
	for c := range w.Clicks() {
		n++
		if c.At.Before(prev.At) || c.At.Before(w.Config().Start) || !c.At.Before(w.End()) {
			t.Fatalf("click %+v after %+v, or outside the window", c, prev)
		}
		prev = c
		pl, ok := slugs[c.Slug]
		if !ok {
			t.Fatalf("click on unknown slug %q", c.Slug)
		}
		if ids[c.ID] {
			t.Fatalf("click ID %s repeated", c.ID)
		}
		ids[c.ID] = true
		if c.Slug == "demo" {
			demo++
		}
		if c.Bot {
			bots++
			continue
		}
		if pl == Instagram {
			igClicks++
			if strings.Contains(c.UserAgent, "Instagram") {
				inApp++
			}
		}
		if visitors[c.VisitorID] == nil {
			visitors[c.VisitorID] = map[string]bool{}
		}
		visitors[c.VisitorID][c.Slug] = true
	}
	if demo == 0 {
		t.Error(`no clicks on "demo"`)
	}
	// Bots: 2-6 preview fetches a post plus 0.1 crawls a link a day, a few
	// percent of all clicks.
	if s := float64(bots) / float64(n); s < 0.01 || s > 0.10 {
		t.Errorf("bot share %.3f, want 0.01-0.10", s)
	}
	// 62% of Instagram traffic has Instagram's in-app browser.
	if s := float64(inApp) / float64(igClicks); s < 0.55 || s > 0.69 {
		t.Errorf("in-app share of Instagram clicks %.3f, want about 0.62", s)
	}
	multi := 0
	for _, s := range visitors {
		if len(s) > 1 {
			multi++
		}
	}
	if multi < 50 {
		t.Errorf("%d visitors clicked more than one link, want journeys with several touches", multi)
	}
}

func TestOrdersAndSurveys(t *testing.T) {
	w := mustWorld(t, DefaultConfig())
	clicks := map[string]Click{}
	for c := range w.Clicks() {
		clicks[c.ID] = c
	}
	codes := map[string]string{} // code -> collaboration
	for _, co := range w.Collaborations() {
		if co.DiscountCode != "" {
			codes[co.DiscountCode] = co.ID
		}
	}
	var n, withClick, withCode, organic, refunded int
	var prev Order
	byID := map[string]Order{}
	for o := range w.Orders() {
		n++
		if want := "#" + strconv.Itoa(1000+n); o.ID != want {
			t.Fatalf("order %d has ID %s, want %s", n, o.ID, want)
		}
		if o.At.Before(prev.At) || !o.At.Before(w.End()) {
			t.Fatalf("order %+v after %+v, or after the end", o, prev)
		}
		prev = o
		byID[o.ID] = o
		if o.Total != o.Subtotal-o.Discount || o.Total <= 0 || o.Currency != "USD" {
			t.Fatalf("order %+v: bad amounts", o)
		}
		u, err := url.Parse(o.LandingSite)
		if err != nil {
			t.Fatalf("order %s: landing site %q: %v", o.ID, o.LandingSite, err)
		}
		if cid := u.Query().Get("chorus_cid"); cid != "" {
			withClick++
			c, ok := clicks[cid]
			if !ok || c.Bot || c.Slug != o.Truth.Slug || c.VisitorID != o.Truth.VisitorID || o.At.Before(c.At) {
				t.Fatalf("order %s: chorus_cid %s is click %+v, truth %+v", o.ID, cid, c, o.Truth)
			}
			if u.Query().Get("utm_content") != c.Slug || u.Query().Get("utm_medium") != "influencer" {
				t.Fatalf("order %s: utm %v for slug %s", o.ID, u.Query(), c.Slug)
			}
		}
		for _, code := range o.Codes {
			withCode++
			if codes[code] != o.Truth.CollaborationID {
				t.Fatalf("order %s: code %s belongs to %q, truth %q", o.ID, code, codes[code], o.Truth.CollaborationID)
			}
			if o.Discount == 0 {
				t.Fatalf("order %s: code %s but no discount", o.ID, code)
			}
		}
		if o.Truth.CollaborationID == "" {
			organic++
		}
		if o.Refund > 0 {
			refunded++
			if o.Refund > o.Total || !o.RefundedAt.After(o.At) {
				t.Fatalf("order %s: refund %d of %d at %v", o.ID, o.Refund, o.Total, o.RefundedAt)
			}
		}
	}
	// 4 organic orders a day for 60 days: 240, Poisson sd 15.5.
	if organic < 190 || organic > 290 {
		t.Errorf("%d organic orders, want about 240", organic)
	}
	if withClick == 0 || withCode == 0 {
		t.Errorf("%d orders with a click ID, %d with a code; want both", withClick, withCode)
	}
	if s := float64(refunded) / float64(n); s < 0.025 || s > 0.08 {
		t.Errorf("refund share %.3f, want about 0.05", s)
	}

	var answers, naming, creatorDriven int
	for s := range w.Surveys() {
		answers++
		o, ok := byID[s.OrderID]
		if !ok || s.TrueCollaborationID != o.Truth.CollaborationID || s.At.Before(o.At) {
			t.Fatalf("survey %+v for order %+v", s, o)
		}
		if s.TrueCollaborationID == "" {
			continue
		}
		creatorDriven++
		co, err := w.Collaboration(s.TrueCollaborationID)
		if err != nil {
			t.Fatal(err)
		}
		first := strings.ToLower(strings.Fields(co.CreatorName)[0])
		if strings.Contains(strings.ToLower(s.Answer), first[:3]) || strings.Contains(s.Answer, co.Handle[:3]) {
			naming++
		}
	}
	// 30% of buyers answer.
	if s := float64(answers) / float64(n); s < 0.25 || s > 0.35 {
		t.Errorf("survey answer share %.3f, want about 0.30", s)
	}
	// 60% of creator-driven answers name the creator (some misspelt past
	// the first three letters).
	if s := float64(naming) / float64(creatorDriven); s < 0.5 || s > 0.75 {
		t.Errorf("%.3f of creator-driven answers name the creator, want about 0.6", s)
	}
}

// A world with 30x the traffic streams about 800,000 clicks and 30,000
// orders; see TestStreamingMemory for the memory bound.
func TestScaledTrafficStreams(t *testing.T) {
	cfg := DefaultConfig()
	cfg.TrafficScale = 30
	w := mustWorld(t, cfg)
	clicks := 0
	for range w.Clicks() {
		clicks++
	}
	orders := 0
	for range w.Orders() {
		orders++
	}
	// Clicks scale about linearly: 30 x the default's ~27k, less the bots,
	// which do not scale.
	if clicks < 500_000 || clicks > 1_200_000 {
		t.Errorf("%d clicks at 30x, want 0.5M-1.2M", clicks)
	}
	if orders < 20_000 || orders > 60_000 {
		t.Errorf("%d orders at 30x, want 20k-60k", orders)
	}
}
