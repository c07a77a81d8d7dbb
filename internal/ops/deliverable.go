package ops

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/chorushq/chorus/internal/campaigns"
)

// DeliverableStatus is where a deliverable stands.
type DeliverableStatus string

// The statuses of a deliverable.
const (
	Planned   DeliverableStatus = "planned"
	Submitted DeliverableStatus = "submitted"
	Approved  DeliverableStatus = "approved"
	Live      DeliverableStatus = "live"
	Missed    DeliverableStatus = "missed"
)

// DeliverableStatuses lists the statuses in their usual order.
var DeliverableStatuses = []DeliverableStatus{Planned, Submitted, Approved, Live, Missed}

// DeliverableKinds are the pieces of content a collaboration may owe.
var DeliverableKinds = []string{"post", "reel", "story", "video", "short", "blog"}

// Platforms a deliverable may be published on.
var Platforms = []string{"instagram", "tiktok", "youtube", "blog", "other"}

// Deliverable is one piece of content a collaboration owes, with its due
// date and when it moved through review.
type Deliverable struct {
	ID              int64             `json:"id"`
	CollaborationID int64             `json:"collaboration_id"`
	Kind            string            `json:"kind"`
	Platform        string            `json:"platform"`
	Due             time.Time         `json:"due"`
	Status          DeliverableStatus `json:"status"`
	SubmittedAt     *time.Time        `json:"submitted_at,omitempty"`
	ApprovedAt      *time.Time        `json:"approved_at,omitempty"`
	LiveAt          *time.Time        `json:"live_at,omitempty"`
	MissedAt        *time.Time        `json:"missed_at,omitempty"`
	// RemindedAt is when the overdue reminder went out; it goes out once.
	RemindedAt *time.Time `json:"reminded_at,omitempty"`
	CreatedAt  time.Time  `json:"created_at"`
	UpdatedAt  time.Time  `json:"updated_at"`
}

// ParseDeliverableStatus validates a status name.
func ParseDeliverableStatus(s string) (DeliverableStatus, error) {
	for _, st := range DeliverableStatuses {
		if string(st) == s {
			return st, nil
		}
	}
	names := make([]string, len(DeliverableStatuses))
	for i, st := range DeliverableStatuses {
		names[i] = string(st)
	}
	return "", fmt.Errorf("status %q is not one of %s", s, strings.Join(names, ", "))
}

// Validate checks a deliverable, filling the default status.
func (d *Deliverable) Validate() []campaigns.FieldError {
	var errs []campaigns.FieldError
	if !slices.Contains(DeliverableKinds, d.Kind) {
		errs = append(errs, campaigns.FieldError{Field: "kind", Msg: fmt.Sprintf("%q is not one of %s", d.Kind, strings.Join(DeliverableKinds, ", "))})
	}
	if !slices.Contains(Platforms, d.Platform) {
		errs = append(errs, campaigns.FieldError{Field: "platform", Msg: fmt.Sprintf("%q is not one of %s", d.Platform, strings.Join(Platforms, ", "))})
	}
	if d.Due.IsZero() {
		errs = append(errs, campaigns.FieldError{Field: "due", Msg: "is required"})
	}
	if d.Status == "" {
		d.Status = Planned
	}
	if _, err := ParseDeliverableStatus(string(d.Status)); err != nil {
		errs = append(errs, campaigns.FieldError{Field: "status", Msg: err.Error()})
	}
	if d.CollaborationID <= 0 {
		errs = append(errs, campaigns.FieldError{Field: "collaboration_id", Msg: "is required"})
	}
	return errs
}

// SetStatus moves the deliverable to s at now, stamping the time of the
// first arrival in each status. Later steps imply the earlier ones: a piece
// that goes straight live was delivered then, so it is stamped submitted
// too. Any status may follow any other (a live post taken down is planned
// again); the stamps of earlier arrivals are kept, because the first
// delivery is what counts for punctuality.
func (d *Deliverable) SetStatus(s DeliverableStatus, now time.Time) {
	stamp := func(p **time.Time) {
		if *p == nil {
			t := now.UTC().Truncate(time.Second)
			*p = &t
		}
	}
	switch s {
	case Live:
		stamp(&d.LiveAt)
		fallthrough
	case Approved:
		stamp(&d.ApprovedAt)
		fallthrough
	case Submitted:
		stamp(&d.SubmittedAt)
	case Missed:
		stamp(&d.MissedAt)
	}
	d.Status = s
}

// Delivered is when the deliverable was first handed in, or nil.
func (d Deliverable) Delivered() *time.Time { return d.SubmittedAt }

// Overdue reports whether the deliverable is still planned after its due
// time.
func (d Deliverable) Overdue(now time.Time) bool {
	return d.Status == Planned && now.After(d.Due)
}
