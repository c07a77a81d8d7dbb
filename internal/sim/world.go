package sim

import (
	"fmt"
	"iter"
	"slices"
	"time"
)

// World is a generated world. Campaigns and collaborations (a few hundred)
// are built by New and kept; creators, posts, comments, clicks and orders
// are regenerated on demand from the seed and streamed.
type World struct {
	cfg       Config
	seed      uint64
	end       time.Time
	campaigns []Campaign
	collabs   []Collaboration
	links     []linkPlan
}

// New builds the world for cfg.
func New(cfg Config) (*World, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	cfg.Start = cfg.Start.UTC()
	w := &World{
		cfg:  cfg,
		seed: uint64(cfg.Seed),
		end:  cfg.Start.AddDate(0, 0, cfg.Days),
	}
	slugs, codes, linkSlugs := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for c := range cfg.Campaigns {
		w.campaigns = append(w.campaigns, w.campaign(c, slugs))
	}
	for c := range w.campaigns {
		w.collabs = append(w.collabs, w.collaborations(&w.campaigns[c], linkSlugs, codes)...)
	}
	w.planLinks()
	return w, nil
}

// Config returns the configuration the world was built from.
func (w *World) Config() Config { return w.cfg }

// End is the end of the activity window, the world's "now".
func (w *World) End() time.Time { return w.end }

// Campaigns returns the campaigns; the caller may not modify them.
func (w *World) Campaigns() []Campaign { return w.campaigns }

// Collaborations returns every collaboration, campaign by campaign.
func (w *World) Collaborations() []Collaboration { return w.collabs }

// Collaboration returns the collaboration with the given ID.
func (w *World) Collaboration(id string) (Collaboration, error) {
	for _, co := range w.collabs {
		if co.ID == id {
			return co, nil
		}
	}
	return Collaboration{}, fmt.Errorf("sim: no collaboration %q", id)
}

// SponsoredPosts streams the posts of all collaborations, in publishing
// order.
func (w *World) SponsoredPosts() iter.Seq[Post] {
	return func(yield func(Post) bool) {
		var all []Post
		for _, co := range w.collabs {
			all = append(all, co.Posts...)
		}
		slices.SortStableFunc(all, func(a, b Post) int { return a.PublishedAt.Compare(b.PublishedAt) })
		for _, p := range all {
			if !yield(p) {
				return
			}
		}
	}
}
