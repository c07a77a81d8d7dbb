package sim

import (
	"cmp"
	"fmt"
	"math"
	"slices"
)

// Arm is one place a campaign's budget can go: a creator running one
// variant. Its true rates are known here and nowhere else, so a recommender
// can be scored against the oracle that knows them.
type Arm struct {
	Index           int
	CollaborationID string
	Slug            string
	Handle          string
	Variant         string
	// CPM is the cost of a thousand impressions, in minor units.
	CPM int64
	// Capacity is the most a round can usefully spend: the creator's
	// audience is saturated beyond it.
	Capacity int64
	TrueCTR  float64
	TrueCVR  float64
	AOV      int64
}

// ConversionsPerUnit is the expected conversions per minor unit spent,
// below capacity: the quantity an optimiser should rank arms by.
func (a Arm) ConversionsPerUnit() float64 {
	return 1000 / float64(a.CPM) * a.TrueCTR * a.TrueCVR
}

// Expected returns the expected conversions from spending spend in a round.
func (a Arm) Expected(spend int64) float64 {
	return float64(min(spend, a.Capacity)) * a.ConversionsPerUnit()
}

// Outcome is what one round of spend on one arm produced.
type Outcome struct {
	Arm         int
	Spend       int64
	Impressions int64
	Clicks      int64
	Conversions int64
	Revenue     int64
}

// Playground is a learn-and-scale test bed: each round a strategy splits a
// budget over the arms, observes outcomes, and splits the next round's.
type Playground struct {
	Arms     []Arm
	Currency string
	seed     uint64
}

// Playground builds the arms of campaign c: one per tracked link of its
// contracted collaborations. A round is a week: spend buys impressions at
// the creator's CPM (fee over expected impressions of one post), up to one
// post's audience.
func (w *World) Playground(c int) (*Playground, error) {
	if c < 0 || c >= len(w.campaigns) {
		return nil, fmt.Errorf("sim: playground: no campaign %d (have %d)", c, len(w.campaigns))
	}
	cp := &w.campaigns[c]
	p := &Playground{Currency: cp.Currency, seed: key(w.seed, streamArms, uint64(c), 0)}
	for _, co := range w.collabs {
		if co.Campaign != c || len(co.Links) == 0 {
			continue
		}
		a := w.Creator(co.CreatorIndex).Accounts[0]
		// Expected impressions of one post: real followers x median reach
		// (0.3) x 1.35 impressions per reached account.
		impressions := float64(a.FollowerCount) * max(0.05, 1-a.Truth.FakeShare-a.Truth.BotShare) * 0.3 * 1.35
		perPost := max(1, co.Fee/int64(max(1, co.Deliverables)))
		cpm := max(1, int64(float64(perPost)*1000/max(1, impressions)))
		for _, l := range co.Links {
			p.Arms = append(p.Arms, Arm{
				Index:           len(p.Arms),
				CollaborationID: co.ID,
				Slug:            l.Slug,
				Handle:          co.Handle,
				Variant:         cp.Variants[l.Variant].Name,
				CPM:             cpm,
				Capacity:        int64(impressions) * cpm / 1000,
				TrueCTR:         l.TrueCTR,
				TrueCVR:         l.TrueCVR,
				AOV:             cp.AOV,
			})
		}
	}
	if len(p.Arms) == 0 {
		return nil, fmt.Errorf("sim: playground: campaign %d has no contracted collaborations", c)
	}
	return p, nil
}

// Round draws the outcomes of spending alloc[i] on arm i in round number
// round. Outcomes depend only on (seed, round, arm, spend), so two
// strategies that spend the same on an arm in a round see the same result:
// comparisons between strategies carry less noise.
func (p *Playground) Round(round int, alloc []int64) ([]Outcome, error) {
	if len(alloc) != len(p.Arms) {
		return nil, fmt.Errorf("sim: round %d: %d allocations for %d arms", round, len(alloc), len(p.Arms))
	}
	out := make([]Outcome, len(p.Arms))
	for i, a := range p.Arms {
		if alloc[i] < 0 {
			return nil, fmt.Errorf("sim: round %d: negative spend %d on arm %d", round, alloc[i], i)
		}
		o := Outcome{Arm: i, Spend: alloc[i]}
		if alloc[i] > 0 {
			r := newRand(p.seed, streamArms, uint64(round), uint64(i))
			o.Impressions = min(alloc[i], a.Capacity) * 1000 / a.CPM
			o.Clicks = binomial(r, o.Impressions, a.TrueCTR)
			o.Conversions = binomial(r, o.Clicks, a.TrueCVR)
			if o.Conversions > 0 {
				// A sum of lognormal order values, approximated.
				o.Revenue = int64(float64(o.Conversions*a.AOV) * lognormal(r, 1, 0.45/math.Sqrt(float64(o.Conversions))))
			}
		}
		out[i] = o
	}
	return out, nil
}

// Expected returns the expected conversions of one round under alloc.
func (p *Playground) Expected(alloc []int64) float64 {
	var sum float64
	for i, a := range p.Arms {
		if i < len(alloc) {
			sum += a.Expected(alloc[i])
		}
	}
	return sum
}

// Oracle is the best split of budget knowing the true rates: fill the arms
// with the most conversions per unit up to their capacity, best first.
func (p *Playground) Oracle(budget int64) []int64 {
	order := make([]int, len(p.Arms))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(x, y int) int {
		return cmp.Compare(p.Arms[y].ConversionsPerUnit(), p.Arms[x].ConversionsPerUnit())
	})
	alloc := make([]int64, len(p.Arms))
	for _, i := range order {
		s := min(budget, p.Arms[i].Capacity)
		alloc[i], budget = s, budget-s
		if budget == 0 {
			break
		}
	}
	return alloc
}

// Even splits budget equally over the arms (the remainder to the first).
func (p *Playground) Even(budget int64) []int64 {
	n := int64(len(p.Arms))
	alloc := make([]int64, n)
	for i := range alloc {
		alloc[i] = budget / n
	}
	for i := range budget % n {
		alloc[i]++
	}
	return alloc
}
