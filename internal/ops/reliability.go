package ops

import (
	"time"

	"github.com/chorushq/chorus/internal/engagement"
)

// Record is a creator's delivery record across collaborations: deliverables
// handed in by their due time, handed in after it, and missed. Deliverables
// still planned and not yet due count in none of them.
type Record struct {
	OnTime int `json:"on_time"`
	Late   int `json:"late"`
	Missed int `json:"missed"`
}

// Total is the number of deliverables whose outcome is known.
func (r Record) Total() int { return r.OnTime + r.Late + r.Missed }

// OnTimeShare is OnTime / Total, or 0 when nothing is known yet.
func (r Record) OnTimeShare() float64 {
	if r.Total() == 0 {
		return 0
	}
	return float64(r.OnTime) / float64(r.Total())
}

// Outcome classifies one deliverable at now: "on_time", "late", "missed",
// or "" while it is still open. A planned deliverable past its due time is
// late until someone marks it missed or it arrives.
func Outcome(d Deliverable, now time.Time) string {
	switch {
	case d.Status == Missed:
		return "missed"
	case d.SubmittedAt != nil && !d.SubmittedAt.After(d.Due):
		return "on_time"
	case d.SubmittedAt != nil, now.After(d.Due):
		return "late"
	}
	return ""
}

// RecordOf counts outcomes of deliverables at now.
func RecordOf(ds []Deliverable, now time.Time) Record {
	var r Record
	for _, d := range ds {
		switch Outcome(d, now) {
		case "on_time":
			r.OnTime++
		case "late":
			r.Late++
		case "missed":
			r.Missed++
		}
	}
	return r
}

// Deliveries turns deliverables with a known outcome into what
// engagement.NewReliability reads for the vetting score: a missed one has a
// zero delivery time, as does one overdue and still open.
func Deliveries(ds []Deliverable, now time.Time) []engagement.Delivery {
	var out []engagement.Delivery
	for _, d := range ds {
		o := Outcome(d, now)
		if o == "" {
			continue
		}
		var del time.Time
		if o != "missed" && d.SubmittedAt != nil {
			del = *d.SubmittedAt
		}
		out = append(out, engagement.Delivery{Due: d.Due, Delivered: del})
	}
	return out
}
