package web

import (
	"context"
	"slices"
	"strconv"
)

// variantArm is one variant's figures for the comparisons. CTR counts only
// collaborations whose links all carry one variant: impressions belong to
// posts, not links, and cannot be split between a creator's links.
type variantArm struct {
	id                  int64
	name                string
	ctrShown, ctrClicks int64
	clicks, orders      int64
	values              []int64
	// ctrCollabs counts the collaborations behind ctrShown and ctrClicks.
	ctrCollabs int
}

// variantArms groups the campaign's clicks and orders by variant: a
// tracked link's own variant when it has one, else its collaboration's. A
// collaboration whose links all resolve to its own variant keeps the
// report's figures under the report's attribution model; one whose links
// carry other variants is split link by link, its orders by the link of the
// click that won them under the default model (an order won by a code or a
// survey answer stays with the collaboration's variant). It reports how many
// collaborations were split.
func (s *Server) variantArms(ctx context.Context, c *Caller, cr *campaignReport) ([]*variantArm, int, error) {
	clicks, err := s.db.LinkVariantClicks(ctx, c.WS(), cr.Campaign.ID)
	if err != nil {
		return nil, 0, err
	}
	orders, err := s.db.LinkVariantOrders(ctx, c.WS(), cr.Campaign.ID)
	if err != nil {
		return nil, 0, err
	}
	values, err := s.db.OrderValues(ctx, c.WS(), cr.Campaign.ID)
	if err != nil {
		return nil, 0, err
	}
	names := map[int64]string{}
	for _, v := range cr.Campaign.Variants {
		names[v.ID] = v.Name
	}
	byID := map[int64]*variantArm{}
	var arms []*variantArm
	arm := func(id int64) *variantArm {
		a, ok := byID[id]
		if !ok {
			a = &variantArm{id: id, name: names[id]}
			if a.name == "" {
				a.name = "variant " + strconv.FormatInt(id, 10)
			}
			byID[id] = a
			arms = append(arms, a)
		}
		return a
	}
	shownOf := map[int64]int64{}
	for _, r := range cr.Report.Collaborations {
		if id, err := strconv.ParseInt(r.Key, 10, 64); err == nil {
			shownOf[id] = shown(r.Totals)
		}
	}
	linkClicks := map[int64]map[int64]int64{}
	linkOrders := map[int64]map[int64][]int64{}
	split := map[int64]bool{}
	variantOf := map[int64]int64{}
	for _, k := range cr.Collabs {
		variantOf[k.ID] = k.VariantID
	}
	effective := func(collab, link int64) int64 {
		if link != 0 {
			return link
		}
		return variantOf[collab]
	}
	for _, r := range clicks {
		v := effective(r.CollaborationID, r.VariantID)
		if linkClicks[r.CollaborationID] == nil {
			linkClicks[r.CollaborationID] = map[int64]int64{}
		}
		linkClicks[r.CollaborationID][v] += r.Clicks
		split[r.CollaborationID] = split[r.CollaborationID] || v != variantOf[r.CollaborationID]
	}
	for _, o := range orders {
		v := effective(o.CollaborationID, o.VariantID)
		if linkOrders[o.CollaborationID] == nil {
			linkOrders[o.CollaborationID] = map[int64][]int64{}
		}
		linkOrders[o.CollaborationID][v] = append(linkOrders[o.CollaborationID][v], max(o.Value, 0))
		split[o.CollaborationID] = split[o.CollaborationID] || v != variantOf[o.CollaborationID]
	}
	nSplit := 0
	for _, k := range cr.Collabs {
		if !split[k.ID] {
			if k.VariantID == 0 {
				continue
			}
			a := arm(k.VariantID)
			a.ctrCollabs++
			a.ctrShown += shownOf[k.ID]
			a.ctrClicks += k.Clicks
			a.clicks += k.Clicks
			a.orders += k.Orders
			for _, x := range values[k.ID] {
				a.values = append(a.values, max(x, 0))
			}
			continue
		}
		nSplit++
		for _, v := range sortedKeys(linkClicks[k.ID], linkOrders[k.ID]) {
			if v == 0 {
				continue
			}
			a := arm(v)
			a.clicks += linkClicks[k.ID][v]
			a.orders += int64(len(linkOrders[k.ID][v]))
			a.values = append(a.values, linkOrders[k.ID][v]...)
		}
	}
	return arms, nSplit, nil
}

// sortedKeys are the variant ids present in either map, ascending.
func sortedKeys(a map[int64]int64, b map[int64][]int64) []int64 {
	var ks []int64
	for k := range a {
		ks = append(ks, k)
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			ks = append(ks, k)
		}
	}
	slices.Sort(ks)
	return ks
}
