package score

import (
	"fmt"
	"math"
	"strings"

	"github.com/chorushq/chorus/internal/engagement"
)

// Sponsorship saturation: up to saturationFree of recent posts sponsored
// costs nothing (an active creator is a working one); the value falls in a
// straight line to 0 at saturationFull, where the audience has learnt to
// scroll past ads. A competitor among the sponsors halves what is left.
const (
	saturationFree   = 0.2
	saturationFull   = 0.6
	competitorFactor = 0.5
)

// Reliability parts and their weights: delivery on time is what a campaign
// needs most; consistent posting and answering comments show a creator who
// tends an audience. A reply rate of replyFull or more counts as full
// marks: nobody answers every comment.
const (
	onTimeWeight      = 0.5
	consistencyWeight = 0.25
	replyWeight       = 0.25
	replyFull         = 0.5
)

// evaluation is one component's value and evidence, or why it is missing.
type evaluation struct {
	value    float64
	evidence []string
	missing  string
}

func missing(why string) evaluation { return evaluation{missing: why} }

func (in Inputs) evaluate(c Component) evaluation {
	switch c {
	case NicheFit:
		return in.niche()
	case AudienceFit:
		if in.Audience == nil {
			return missing("no audience demographics")
		}
		return evaluation{value: in.Audience.Score, evidence: in.Audience.Evidence()}
	case Engagement:
		return in.engagement()
	case Authenticity:
		a := in.Authenticity
		if a == nil || a.Sampled <= 0 {
			return missing("no audience sample checked for fake accounts")
		}
		fake := float64(min(a.Fake, a.Sampled)) / float64(a.Sampled)
		return evaluation{value: 1 - fake, evidence: []string{
			fmt.Sprintf("%d of %d sampled followers look fake (%.1f%%)", a.Fake, a.Sampled, 100*fake)}}
	case CommentQuality:
		q := in.CommentQuality
		if q == nil || q.Sampled <= 0 {
			return missing("no comments classified")
		}
		v := float64(min(q.Genuine, q.Sampled)) / float64(q.Sampled)
		return evaluation{value: v, evidence: []string{
			fmt.Sprintf("%d of %d sampled comments are genuine (%.0f%%)", q.Genuine, q.Sampled, 100*v)}}
	case ContentClarity:
		if in.Clarity == nil || in.Clarity.Captions == 0 {
			return missing("no captions")
		}
		ev := in.Clarity.Evidence()
		if len(ev) == 0 {
			ev = []string{fmt.Sprintf("no clarity signal in %d captions", in.Clarity.Captions)}
		}
		return evaluation{value: in.Clarity.Score, evidence: ev}
	case Reliability:
		return in.reliability()
	case Sponsorship:
		return in.sponsorship()
	case Conversions:
		return in.conversions()
	}
	return missing("unknown component")
}

func (in Inputs) niche() evaluation {
	m := in.Niche
	if m == nil || m.Best == 0 {
		return missing("no creator text or no brief keywords")
	}
	ev := []string{fmt.Sprintf("text scores %.0f%% of the best BM25 score possible for the brief", 100*m.Score)}
	var terms []string
	for _, t := range m.Terms {
		terms = append(terms, fmt.Sprintf("%s x%d (+%.2f)", t.Term, t.TF, t.Points))
	}
	if len(terms) > 0 {
		ev = append(ev, "matches "+strings.Join(terms, ", "))
	}
	if len(m.Absent) > 0 {
		ev = append(ev, "never mentions "+strings.Join(m.Absent, ", "))
	}
	return evaluation{value: m.Score, evidence: ev}
}

func (in Inputs) engagement() evaluation {
	e := in.Engagement
	if e == nil || e.Against == "" {
		return missing("no ER, or nothing to compare it with")
	}
	p := math.Max(0, math.Min(100, e.Percentile))
	return evaluation{value: p / 100, evidence: []string{
		fmt.Sprintf("ER %.1f%% (median of %d posts) is in the %s percentile of %s", 100*e.ER, e.Posts, ordinal(int(math.Round(p))), e.Against)}}
}

func (in Inputs) reliability() evaluation {
	r := in.Reliability
	if r == nil {
		return missing("no posting history, replies or past deliveries")
	}
	var sum, weights float64
	var ev []string
	if r.Deliverables > 0 {
		sum += onTimeWeight * r.OnTimeShare
		weights += onTimeWeight
		ev = append(ev, fmt.Sprintf("delivered %d of %d deliverables on time", r.OnTime, r.Deliverables))
	}
	if r.Gaps > 0 {
		sum += consistencyWeight / (1 + r.GapCV)
		weights += consistencyWeight
		ev = append(ev, fmt.Sprintf("posting gaps vary by %.0f%% of their mean (CV over %d gaps)", 100*r.GapCV, r.Gaps))
	}
	if r.Comments > 0 {
		sum += replyWeight * math.Min(1, r.ReplyRate/replyFull)
		weights += replyWeight
		line := fmt.Sprintf("replies to %.0f%% of comments on recent posts (%d of %d)", 100*r.ReplyRate, r.Replied, r.Comments)
		if r.ReplyHours > 0 {
			line += fmt.Sprintf(", typically within %s", hours(r.ReplyHours))
		}
		ev = append(ev, line)
	}
	if weights == 0 {
		return missing("no posting history, replies or past deliveries")
	}
	return evaluation{value: sum / weights, evidence: ev}
}

func (in Inputs) sponsorship() evaluation {
	s := in.Sponsorship
	if s == nil || s.Posts == 0 {
		return missing("no recent posts")
	}
	v := math.Max(0, math.Min(1, (saturationFull-s.Share)/(saturationFull-saturationFree)))
	line := fmt.Sprintf("%d of %d recent posts sponsored (%.0f%%)", s.Sponsored, s.Posts, 100*s.Share)
	if len(s.Brands) > 0 {
		line += ": " + brandList(s.Brands)
	}
	ev := []string{line}
	if len(s.Competitors) > 0 {
		v *= competitorFactor
		ev = append(ev, "sponsored by competitors: "+brandList(s.Competitors))
	}
	return evaluation{value: v, evidence: ev}
}

func brandList(bs []engagement.BrandCount) string {
	parts := make([]string, len(bs))
	for i, b := range bs {
		parts[i] = fmt.Sprintf("@%s (%d)", b.Handle, b.Posts)
	}
	return strings.Join(parts, ", ")
}

// hours writes a delay as minutes, hours or days, whichever reads best.
func hours(h float64) string {
	switch {
	case h < 1:
		return fmt.Sprintf("%.0f min", 60*h)
	case h < 48:
		return fmt.Sprintf("%.1f h", h)
	}
	return fmt.Sprintf("%.1f days", h/24)
}

// ordinal writes 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st.
func ordinal(n int) string {
	suffix := "th"
	if n%100 < 11 || n%100 > 13 {
		switch n % 10 {
		case 1:
			suffix = "st"
		case 2:
			suffix = "nd"
		case 3:
			suffix = "rd"
		}
	}
	return fmt.Sprintf("%d%s", n, suffix)
}
