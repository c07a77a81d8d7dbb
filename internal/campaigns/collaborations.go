package campaigns

import (
	"fmt"
	"strings"
	"time"
)

// Status is a collaboration's place in the pipeline.
type Status string

// The pipeline, in order.
const (
	Prospect         Status = "prospect"
	Contacted        Status = "contacted"
	Negotiating      Status = "negotiating"
	Contracted       Status = "contracted"
	ContentSubmitted Status = "content_submitted"
	Approved         Status = "approved"
	Live             Status = "live"
	Paid             Status = "paid"
	Declined         Status = "declined"
)

// Pipeline lists the statuses in board order.
var Pipeline = []Status{Prospect, Contacted, Negotiating, Contracted, ContentSubmitted, Approved, Live, Paid, Declined}

// next lists the moves allowed from each status. Moving back one step is
// allowed too (a draft sent back, a deal reopened); declining is allowed until
// the content is live, and a declined collaboration may be reopened as a
// prospect.
var next = map[Status][]Status{
	Prospect:         {Contacted, Declined},
	Contacted:        {Negotiating, Prospect, Declined},
	Negotiating:      {Contracted, Contacted, Declined},
	Contracted:       {ContentSubmitted, Negotiating, Declined},
	ContentSubmitted: {Approved, Contracted, Declined},
	Approved:         {Live, ContentSubmitted, Declined},
	Live:             {Paid, Approved},
	Paid:             {Live},
	Declined:         {Prospect},
}

// ParseStatus validates a status name.
func ParseStatus(s string) (Status, error) {
	for _, p := range Pipeline {
		if string(p) == s {
			return p, nil
		}
	}
	names := make([]string, len(Pipeline))
	for i, p := range Pipeline {
		names[i] = string(p)
	}
	return "", fmt.Errorf("status %q is not one of %s", s, strings.Join(names, ", "))
}

// CanMove reports whether a collaboration may move from one status to another.
func CanMove(from, to Status) bool {
	for _, s := range next[from] {
		if s == to {
			return true
		}
	}
	return false
}

// Moves lists where a collaboration in status s may go.
func Moves(s Status) []Status { return next[s] }

// Collaboration is a creator working on a campaign.
type Collaboration struct {
	ID                 int64     `json:"id"`
	CampaignID         int64     `json:"campaign_id"`
	CreatorID          int64     `json:"creator_id"`
	VariantID          *int64    `json:"variant_id,omitempty"`
	OwnerID            *int64    `json:"owner_id,omitempty"`
	Status             Status    `json:"status"`
	FeeMinor           int64     `json:"fee_minor"`
	SeedingMinor       int64     `json:"seeding_minor"`
	AmplificationMinor int64     `json:"amplification_minor"`
	CommissionBps      int64     `json:"commission_bps"`
	CreatedAt          time.Time `json:"created_at"`
	UpdatedAt          time.Time `json:"updated_at"`
	// Filled by listings for display.
	CreatorName  string `json:"creator_name,omitempty"`
	CampaignName string `json:"campaign_name,omitempty"`
}

// Validate checks a collaboration's terms.
func (c *Collaboration) Validate() []FieldError {
	var errs []FieldError
	if c.Status == "" {
		c.Status = Prospect
	}
	if _, err := ParseStatus(string(c.Status)); err != nil {
		errs = append(errs, FieldError{"status", err.Error()})
	}
	for _, f := range []struct {
		name string
		v    int64
	}{{"fee_minor", c.FeeMinor}, {"seeding_minor", c.SeedingMinor}, {"amplification_minor", c.AmplificationMinor}} {
		if f.v < 0 {
			errs = append(errs, FieldError{f.name, "must not be negative"})
		}
	}
	if c.CommissionBps < 0 || c.CommissionBps > 10000 {
		errs = append(errs, FieldError{"commission_bps", "must be between 0 and 10000 (0% to 100%)"})
	}
	if c.CampaignID <= 0 {
		errs = append(errs, FieldError{"campaign_id", "is required"})
	}
	if c.CreatorID <= 0 {
		errs = append(errs, FieldError{"creator_id", "is required"})
	}
	return errs
}

// Event is one move of a collaboration through the pipeline.
type Event struct {
	ID     int64     `json:"id"`
	UserID *int64    `json:"user_id,omitempty"`
	From   Status    `json:"from"`
	To     Status    `json:"to"`
	Note   string    `json:"note,omitempty"`
	At     time.Time `json:"at"`
}
