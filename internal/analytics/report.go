package analytics

import (
	"cmp"
	"slices"
	"strconv"

	"github.com/chorushq/chorus/internal/engagement"
)

// Input is everything a report is built from: rolled-up facts, never raw
// clicks or orders.
type Input struct {
	Currency   string
	MarginBps  int64
	Thresholds engagement.Thresholds
	// Collaborations in the report; Posts whose CollaborationID is not
	// among them are ignored.
	Collaborations []Collaboration
	Posts          []Post
}

// Row is one line of a report table.
type Row struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	Tier  string `json:"tier,omitempty"`
	Totals
	Metrics Metrics `json:"metrics"`
}

// Report is a campaign's (or a creator's) results at every grain.
type Report struct {
	Currency       string `json:"currency"`
	MarginBps      int64  `json:"gross_margin_bps"`
	Total          Row    `json:"total"`
	Posts          []Row  `json:"posts"`
	Collaborations []Row  `json:"collaborations"`
	Creators       []Row  `json:"creators"`
	Variants       []Row  `json:"variants"`
	Tiers          []Row  `json:"tiers"`
	// TierComparison is the tier table with intervals for small samples.
	TierComparison []TierEstimate `json:"tier_comparison"`
}

// group accumulates the rows of one grain, in first-seen order.
type group struct {
	order    []string
	rows     map[string]*Row
	creators map[string]map[int64]bool
}

func newGroup() *group {
	return &group{rows: map[string]*Row{}, creators: map[string]map[int64]bool{}}
}

func (g *group) row(key, label string) *Row {
	r := g.rows[key]
	if r == nil {
		r = &Row{Key: key, Label: label}
		g.rows[key] = r
		g.creators[key] = map[int64]bool{}
		g.order = append(g.order, key)
	}
	return r
}

func (g *group) done(marginBps int64) []Row {
	out := make([]Row, 0, len(g.order))
	for _, k := range g.order {
		r := g.rows[k]
		r.Creators = len(g.creators[k])
		r.Metrics = r.Totals.Metrics(marginBps)
		out = append(out, *r)
	}
	return out
}

// Build assembles the report. Collaboration rows come in the order given;
// tier rows in tier order (nano to mega), including only tiers with creators.
func Build(in Input) Report {
	th := in.Thresholds
	if th == (engagement.Thresholds{}) {
		th = engagement.DefaultThresholds()
	}
	total := newGroup()
	collabs, creators, variants, tiers, posts := newGroup(), newGroup(), newGroup(), newGroup(), newGroup()
	byID := make(map[int64]Collaboration, len(in.Collaborations))
	keys := func(k Collaboration) (ck, cr, va, ti string) {
		va = "none"
		if k.VariantID != 0 {
			va = strconv.FormatInt(k.VariantID, 10)
		}
		return strconv.FormatInt(k.ID, 10), strconv.FormatInt(k.CreatorID, 10), va, string(th.Tier(k.Followers))
	}
	// each calls fn with the row of every grain k belongs to.
	each := func(k Collaboration, fn func(g *group, r *Row)) {
		ck, cr, va, ti := keys(k)
		vl := k.Variant
		if k.VariantID == 0 {
			vl = "(no variant)"
		}
		fn(total, total.row("total", "Total"))
		fn(collabs, collabs.row(ck, k.Creator))
		fn(creators, creators.row(cr, k.Creator))
		fn(variants, variants.row(va, vl))
		fn(tiers, tiers.row(ti, ti))
	}
	for _, k := range in.Collaborations {
		byID[k.ID] = k
		ti := string(th.Tier(k.Followers))
		each(k, func(g *group, r *Row) {
			r.addCollab(k)
			g.creators[r.Key][k.CreatorID] = true
			if g == collabs || g == creators || g == tiers {
				r.Tier = ti
			}
		})
	}
	for _, p := range in.Posts {
		k, ok := byID[p.CollaborationID]
		if !ok {
			continue
		}
		each(k, func(_ *group, r *Row) { r.addPost(p) })
		pr := posts.row(strconv.FormatInt(p.ID, 10), k.Creator+" "+p.Platform+" "+p.PublishedAt.UTC().Format("2006-01-02"))
		pr.addPost(p)
		pr.Clicks = p.LinkClicks
		pr.NoCost = true
		posts.creators[pr.Key][k.CreatorID] = true
	}
	rep := Report{Currency: in.Currency, MarginBps: in.MarginBps,
		Posts: posts.done(in.MarginBps), Collaborations: collabs.done(in.MarginBps),
		Creators: creators.done(in.MarginBps), Variants: variants.done(in.MarginBps)}
	if t := total.done(in.MarginBps); len(t) == 1 {
		rep.Total = t[0]
	} else {
		rep.Total = Row{Key: "total", Label: "Total", Metrics: Totals{}.Metrics(in.MarginBps)}
	}
	rank := map[string]int{}
	for i, t := range engagement.AllTiers() {
		rank[string(t)] = i
	}
	rep.Tiers = tiers.done(in.MarginBps)
	slices.SortStableFunc(rep.Tiers, func(a, b Row) int { return cmp.Compare(rank[a.Key], rank[b.Key]) })
	for i := range rep.Tiers {
		rep.TierComparison = append(rep.TierComparison, CompareTier(rep.Tiers[i], Level))
	}
	return rep
}
