package engagement

import (
	"math"
	"slices"
	"time"
)

// Delivery is one deliverable of a past collaboration.
type Delivery struct {
	Due       time.Time `json:"due"`
	Delivered time.Time `json:"delivered"` // zero: never delivered
}

// Reliability gathers how dependable a creator is. Each part has its
// counts so a reader can tell 1 of 1 from 40 of 40; a part with a zero
// count is unknown.
type Reliability struct {
	// GapCV is the coefficient of variation (standard deviation / mean) of
	// the gaps between consecutive posts: 0 is clockwork, above 1 erratic.
	GapCV float64 `json:"gap_cv"`
	Gaps  int     `json:"gaps"`
	// ReplyRate is Replied / Comments: how often the creator answers, over
	// the comments on recent posts whose reply status is known.
	ReplyRate float64 `json:"reply_rate"`
	Comments  int     `json:"comments"`
	Replied   int     `json:"replied"`
	// ReplyHours is the median time to the creator's first reply, in
	// hours; 0 when unknown. Shown, not scored: how fast matters less
	// than whether, and platforms report replies late or not at all.
	ReplyHours float64 `json:"reply_hours,omitempty"`
	// OnTimeShare is OnTime / Deliverables over past collaborations.
	OnTimeShare  float64 `json:"on_time_share"`
	OnTime       int     `json:"on_time"`
	Deliverables int     `json:"deliverables"`
}

// PostingGapCV returns the coefficient of variation of the gaps between
// consecutive post times (population standard deviation over mean) and the
// number of gaps. It needs at least two gaps (three posts) and a positive
// mean gap; ok is false otherwise.
func PostingGapCV(times []time.Time) (cv float64, gaps int, ok bool) {
	t := slices.Clone(times)
	slices.SortFunc(t, func(a, b time.Time) int { return a.Compare(b) })
	if len(t) < 3 {
		return 0, max(len(t)-1, 0), false
	}
	g := make([]float64, len(t)-1)
	var sum float64
	for i := 1; i < len(t); i++ {
		g[i-1] = t[i].Sub(t[i-1]).Hours()
		sum += g[i-1]
	}
	mean := sum / float64(len(g))
	if mean <= 0 {
		return 0, len(g), false
	}
	var ss float64
	for _, x := range g {
		ss += (x - mean) * (x - mean)
	}
	return math.Sqrt(ss/float64(len(g))) / mean, len(g), true
}

// NewReliability fills a Reliability from post times, comment reply counts
// and past deliveries. A delivery is on time when delivered no later than
// its due time; an undelivered one is late.
func NewReliability(postTimes []time.Time, comments, replied int, deliveries []Delivery) Reliability {
	var r Reliability
	if cv, gaps, ok := PostingGapCV(postTimes); ok {
		r.GapCV, r.Gaps = cv, gaps
	}
	r.SetReplies(comments, replied, 0)
	for _, d := range deliveries {
		r.Deliverables++
		if !d.Delivered.IsZero() && !d.Delivered.After(d.Due) {
			r.OnTime++
		}
	}
	if r.Deliverables > 0 {
		r.OnTimeShare = float64(r.OnTime) / float64(r.Deliverables)
	}
	return r
}

// SetReplies sets the reply part: of comments with a known reply status,
// replied were answered, after a median delay (0: unknown). Without
// comments the part stays unknown.
func (r *Reliability) SetReplies(comments, replied int, delay time.Duration) {
	if comments <= 0 {
		return
	}
	r.Comments, r.Replied = comments, min(max(replied, 0), comments)
	r.ReplyRate = float64(r.Replied) / float64(r.Comments)
	if r.Replied > 0 && delay > 0 {
		r.ReplyHours = delay.Hours()
	}
}
