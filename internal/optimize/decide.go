package optimize

import (
	"fmt"
	"math"

	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/chorushq/chorus/internal/conversions"
)

// decide writes the reasons and applies the rules after pause, which
// Recommend has applied:
//
//   - pause when the arm has spent at least one target CPA and the whole
//     credible interval of its CPA lies above the target (when the target is
//     the campaign's own average CPA, only if its Thompson share is also
//     below MinShare);
//   - scale when P(CPA below target) >= ScaleProb and its Thompson share is
//     at least an even share;
//   - keep otherwise.
//
// Paused arms get no budget. The others' Share is their Thompson allocation
// over the budget when there is one, else their Thompson probability of being
// best, renormalised.
func (p *Plan) decide(opt Options) {
	var active float64
	n := 0
	for _, r := range p.Recs {
		if r.Action != Pause {
			active += r.ProbBest
			n++
		}
	}
	var budget float64
	for _, r := range p.Recs {
		budget += float64(r.Allocation)
	}
	for i := range p.Recs {
		r := &p.Recs[i]
		if r.Action == Pause {
			r.Reason = p.pauseReason(r, opt)
			continue
		}
		switch {
		case budget > 0:
			r.Share = float64(r.Allocation) / budget
		case active > 0:
			r.Share = r.ProbBest / active
		default:
			r.Share = 1 / float64(n)
		}
		if p.TargetCPA > 0 && r.ProbBelowTarget >= opt.ScaleProb && r.Share >= 1/float64(n) {
			r.Action = Scale
			r.Reason = fmt.Sprintf("scale: CPA %s (%s) is below the target %s with %s probability; proposed share %.0f%%",
				p.money(r.CPA), p.interval(r, opt), p.money(float64(p.TargetCPA)), prob(r.ProbBelowTarget), 100*r.Share)
			continue
		}
		r.Action = Keep
		switch {
		case r.Spend == 0:
			r.Reason = fmt.Sprintf("keep: no spend yet; proposed share %.0f%% to learn", 100*r.Share)
		case p.TargetCPA == 0:
			r.Reason = fmt.Sprintf("keep: no conversions in the campaign yet and no target CPA; proposed share %.0f%%", 100*r.Share)
		default:
			r.Reason = fmt.Sprintf("keep: CPA %s (%s) may be on either side of the target %s; proposed share %.0f%%",
				p.money(r.CPA), p.interval(r, opt), p.money(float64(p.TargetCPA)), 100*r.Share)
		}
	}
}

func (p *Plan) pauseReason(r *Recommendation, opt Options) string {
	en := message.NewPrinter(language.English)
	what := "the campaign target " + p.money(float64(p.TargetCPA))
	if p.TargetFromCampaign {
		what = fmt.Sprintf("the campaign's average CPA %s, and Thompson sampling gives it under %.0f%% of the budget",
			p.money(float64(p.TargetCPA)), 100*MinShare)
	}
	if r.Conversions == 0 {
		return en.Sprintf("pause: 0 conversions from %d clicks after spending %s; %.0f%% interval of CPA (above %s) is above %s",
			r.Clicks, p.money(float64(r.Spend)), 100*opt.Level, p.money(r.CPALow), what)
	}
	return en.Sprintf("pause: %d conversions from %d clicks after spending %s; %s is above %s",
		r.Conversions, r.Clicks, p.money(float64(r.Spend)), p.interval(r, opt), what)
}

func (p *Plan) interval(r *Recommendation, opt Options) string {
	hi := "unbounded"
	if !math.IsInf(r.CPAHigh, 0) && r.CPAHigh < 1e15 {
		hi = p.money(r.CPAHigh)
	}
	return fmt.Sprintf("%.0f%% interval %s to %s", 100*opt.Level, p.money(r.CPALow), hi)
}

// money formats minor units as an amount with the currency code: "20.00 EUR".
func (p *Plan) money(minor float64) string {
	s, err := conversions.FormatAmount(int64(math.Round(minor)), p.Currency)
	if err != nil {
		return fmt.Sprintf("%.0f (minor units)", minor)
	}
	return s + " " + p.Currency
}

// prob shows a probability rounded down, so 0.8996 never reads "90%".
func prob(x float64) string {
	if x > 0.999 {
		return "over 99.9%"
	}
	return fmt.Sprintf("%d%%", int(math.Floor(100*x)))
}
