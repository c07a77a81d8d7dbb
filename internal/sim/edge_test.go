package sim

import "testing"

// Short and long windows, tiny and one-campaign worlds stay consistent:
// posts, clicks and orders inside the window, the demo link present.
func TestWindowEdges(t *testing.T) {
	tests := []struct {
		name                         string
		days, creators, campaigns, n int
	}{
		{"one week", 7, 300, 2, 20},
		{"a year", 365, 300, 3, 20},
		{"one collaboration", 30, 5, 1, 1},
		{"no campaigns", 30, 50, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := smallConfig(3)
			cfg.Days, cfg.Creators, cfg.Campaigns, cfg.CollaborationsPerCampaign = tt.days, tt.creators, tt.campaigns, tt.n
			w := mustWorld(t, cfg)
			demo := false
			for _, co := range w.Collaborations() {
				for _, l := range co.Links {
					demo = demo || l.Slug == "demo"
				}
				for _, p := range co.Posts {
					if p.PublishedAt.Before(cfg.Start) || !p.PublishedAt.Before(w.End()) {
						t.Errorf("%s: post at %v outside [%v, %v)", co.ID, p.PublishedAt, cfg.Start, w.End())
					}
				}
			}
			if demo != (tt.campaigns > 0) {
				t.Errorf("demo link present = %v with %d campaigns", demo, tt.campaigns)
			}
			for c := range w.Clicks() {
				if c.At.Before(cfg.Start) || !c.At.Before(w.End()) {
					t.Fatalf("click at %v outside the window", c.At)
				}
			}
			for o := range w.Orders() {
				if o.At.Before(cfg.Start) || !o.At.Before(w.End()) {
					t.Fatalf("order at %v outside the window", o.At)
				}
			}
		})
	}
}
