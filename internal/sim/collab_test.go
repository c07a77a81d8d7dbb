package sim

import (
	"regexp"
	"testing"
)

func TestCollaborations(t *testing.T) {
	w := mustWorld(t, DefaultConfig())
	statuses := map[Status]int{}
	slugs, codes := map[string]bool{}, map[string]bool{}
	var demo *Collaboration
	codeRE := regexp.MustCompile(`^[A-Z]+(10|15|20)(-[0-9]+)?$`)
	for i, co := range w.Collaborations() {
		statuses[co.Status]++
		cp := w.Campaigns()[co.Campaign]
		if co.CampaignID != cp.ID || co.Currency != cp.Currency {
			t.Fatalf("%s: campaign %s/%s, currency %s", co.ID, co.CampaignID, cp.ID, co.Currency)
		}
		contracted := co.Status.contracted()
		if contracted != (len(co.Links) > 0) {
			t.Errorf("%s (%s): %d links", co.ID, co.Status, len(co.Links))
		}
		if (co.Status == Live || co.Status == Paid) != (len(co.Posts) == co.Deliverables) {
			t.Errorf("%s (%s): %d posts for %d deliverables", co.ID, co.Status, len(co.Posts), co.Deliverables)
		}
		if (co.Fee > 0) != (co.Status != Prospect && co.Status != Contacted) {
			t.Errorf("%s (%s): fee %d", co.ID, co.Status, co.Fee)
		}
		if co.DiscountCode != "" {
			if !contracted || !codeRE.MatchString(co.DiscountCode) || codes[co.DiscountCode] {
				t.Errorf("%s (%s): code %q bad or repeated", co.ID, co.Status, co.DiscountCode)
			}
			codes[co.DiscountCode] = true
		}
		for _, l := range co.Links {
			if slugs[l.Slug] {
				t.Errorf("slug %q repeated", l.Slug)
			}
			slugs[l.Slug] = true
			if l.TrueCTR <= 0 || l.TrueCTR > 0.1 || l.TrueCVR <= 0 || l.TrueCVR > 0.3 || l.Variant >= len(cp.Variants) {
				t.Errorf("%s: link %+v", co.ID, l)
			}
			if l.Slug == "demo" {
				demo = &w.Collaborations()[i]
			}
		}
		for _, p := range co.Posts {
			if p.PublishedAt.Before(cp.Start) || !p.PublishedAt.Before(w.End()) {
				t.Errorf("%s: post at %v outside campaign start %v .. world end %v", co.ID, p.PublishedAt, cp.Start, w.End())
			}
		}
	}
	for _, s := range Statuses {
		if statuses[s] == 0 {
			t.Errorf("no collaboration is %s", s)
		}
	}
	if demo == nil {
		t.Fatal(`no link with slug "demo"`)
	}
	if demo.Campaign != 0 || demo.Status != Live || len(demo.Posts) == 0 {
		t.Errorf(`"demo" link on %s (campaign %d, %s, %d posts); want a live collaboration of campaign 0 with posts`,
			demo.ID, demo.Campaign, demo.Status, len(demo.Posts))
	}
	for _, cp := range w.Campaigns() {
		if cp.Budget <= 0 || cp.Slug == "" || len(cp.Variants) < 2 || !cp.End.After(cp.Start) || len(cp.Hashtags) == 0 {
			t.Errorf("campaign %+v", cp)
		}
	}
}

func TestStratify(t *testing.T) {
	// 34 x shares = 4.76 4.08 2.72 2.04 1.70 1.70 7.48 6.12 3.40: floors
	// 4 4 2 2 1 1 7 6 3 = 30, remainders largest first give the other 4 to
	// prospect (.76), negotiating (.72), content_submitted and approved (.70).
	r := newRand(1, streamCollab, 0, 0)
	got := map[Status]int{}
	for _, s := range stratify(r, 34) {
		got[s]++
	}
	want := map[Status]int{Prospect: 5, Contacted: 4, Negotiating: 3, Contracted: 2, ContentSubmitted: 2, Approved: 2, Live: 7, Paid: 6, Declined: 3}
	for _, s := range Statuses {
		if got[s] != want[s] {
			t.Errorf("%s: %d, want %d", s, got[s], want[s])
		}
	}
}

func TestSlugifyAndConvert(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Glow Serum Launch", "glow-serum-launch"},
		{"Carry-on Cube Set  Always-on", "carry-on-cube-set-always-on"},
		{"  --Hi!! ", "hi"},
	}
	for _, tt := range tests {
		if got := slugify(tt.in); got != tt.want {
			t.Errorf("slugify(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	// 100 EUR = 10000 cents / 0.92 = 10869 US cents = 8586 pence at 0.79.
	if got := convert(10000, "EUR", "GBP"); got != 8586 {
		t.Errorf("convert 100 EUR to GBP = %d, want 8586", got)
	}
	if got := convert(1234, "USD", "USD"); got != 1234 {
		t.Errorf("convert USD to USD = %d", got)
	}
}
