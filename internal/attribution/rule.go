package attribution

import (
	"fmt"
	"time"
)

// DefaultLookback is how long before an order a click may be and still count.
const DefaultLookback = 30 * 24 * time.Hour

// Rule names the signal that decided an order's attribution.
type Rule string

// The rules of the default model, strongest first.
const (
	RuleCode         Rule = "code"   // the creator's discount code was on the order
	RuleClick        Rule = "click"  // last human click within the lookback window
	RuleSurvey       Rule = "survey" // post-purchase survey answer
	RuleUnattributed Rule = "none"
)

// CodeSignal is a discount code on the order. Collaboration is the
// collaboration the code belongs to, 0 for a code of no creator (a sitewide
// sale), which does not attribute.
type CodeSignal struct {
	Code          string
	Collaboration int64
}

// ClickSignal is a tracked-link click by the same visitor. Bot is true when
// the click was judged automated; such clicks never attribute.
type ClickSignal struct {
	At            time.Time
	Collaboration int64
	Bot           bool
}

// SurveySignal is a post-purchase survey answer matched to a collaboration
// or, failing that, only to a platform ("Instagram").
type SurveySignal struct {
	Answer        string
	Collaboration int64
	Platform      string
}

// Signals is all the evidence about one order. An order is one conversion
// however many signals it has; Decide picks one.
type Signals struct {
	OrderAt  time.Time
	Codes    []CodeSignal  // in the order they were applied
	Clicks   []ClickSignal // any order
	Survey   *SurveySignal // nil when not answered
	Lookback time.Duration // 0 = DefaultLookback
}

// Decision is the outcome of the default rule for one order.
type Decision struct {
	Collaboration int64  // 0 when unattributed or when the survey named only a platform
	Platform      string // set when a survey answer named a platform but no collaboration
	Rule          Rule
	Reason        string // for people: which signal and why it won
}

// Decide applies the default rule to one order: the creator's discount code
// wins; else the last human click within the lookback window before the
// order; else the survey answer; else the order is unattributed.
//
// Ties are broken so the decision does not depend on the order of the
// signals where it need not: of several creator codes the first applied
// wins; of clicks at the same instant, the lowest collaboration id.
func Decide(s Signals) Decision {
	for _, c := range s.Codes {
		if c.Collaboration != 0 {
			reason := fmt.Sprintf("discount code %q belongs to collaboration %d", c.Code, c.Collaboration)
			if n := creatorCodes(s.Codes); n > 1 {
				reason += fmt.Sprintf(" (first applied of %d creator codes)", n)
			}
			return Decision{Collaboration: c.Collaboration, Rule: RuleCode, Reason: reason}
		}
	}

	lookback := s.Lookback
	if lookback <= 0 {
		lookback = DefaultLookback
	}
	from := s.OrderAt.Add(-lookback)
	var best *ClickSignal
	for i := range s.Clicks {
		c := &s.Clicks[i]
		if c.Bot || c.Collaboration == 0 || c.At.Before(from) || c.At.After(s.OrderAt) {
			continue
		}
		if best == nil || c.At.After(best.At) || c.At.Equal(best.At) && c.Collaboration < best.Collaboration {
			best = c
		}
	}
	if best != nil {
		return Decision{
			Collaboration: best.Collaboration,
			Rule:          RuleClick,
			Reason: fmt.Sprintf("last human click, %s before the order (lookback %s), was on collaboration %d",
				s.OrderAt.Sub(best.At).Round(time.Second), lookback, best.Collaboration),
		}
	}

	if sv := s.Survey; sv != nil {
		switch {
		case sv.Collaboration != 0:
			return Decision{Collaboration: sv.Collaboration, Rule: RuleSurvey,
				Reason: fmt.Sprintf("survey answer %q names collaboration %d", sv.Answer, sv.Collaboration)}
		case sv.Platform != "":
			return Decision{Platform: sv.Platform, Rule: RuleSurvey,
				Reason: fmt.Sprintf("survey answer %q names platform %s but no creator", sv.Answer, sv.Platform)}
		}
	}
	return Decision{Rule: RuleUnattributed, Reason: "no creator code, no human click within " + lookback.String() + ", no matching survey answer"}
}

func creatorCodes(codes []CodeSignal) int {
	n := 0
	for _, c := range codes {
		if c.Collaboration != 0 {
			n++
		}
	}
	return n
}
