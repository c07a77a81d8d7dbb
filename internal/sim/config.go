package sim

import (
	"errors"
	"fmt"
	"time"
)

// Config sizes and seeds a world. The zero value is not useful; start from
// DefaultConfig.
type Config struct {
	Seed int64
	// Creators is the number of creators in the pool campaigns recruit from.
	Creators int
	// Campaigns and CollaborationsPerCampaign size the brand's programme.
	Campaigns                 int
	CollaborationsPerCampaign int
	// Start and Days bound the activity window [Start, Start+Days).
	// Post histories and follower histories reach back before Start.
	Start time.Time
	Days  int
	// Currency is the brand's: budgets, fees, order values.
	Currency string
	// PostsPerAccount is the number of recent organic posts per account.
	PostsPerAccount int
	// MaxCommentsPerPost caps the comments generated for one post (the
	// metric snapshots still count them all).
	MaxCommentsPerPost int
	// TrafficScale multiplies the impressions behind tracked links, hence
	// clicks and orders, without adding collaborations. 1 is realistic;
	// 380 turns the default world into about 10 million clicks and 470,000
	// orders (some 5 s and 2 s to stream).
	TrafficScale float64
	// OrganicOrdersPerDay is the rate of orders no creator drove.
	OrganicOrdersPerDay float64
}

// DefaultConfig is a demo-sized world: 3,000 creators, 6 campaigns of 34
// collaborations, 60 days, some tens of thousands of clicks and about a
// thousand orders.
func DefaultConfig() Config {
	return Config{
		Seed:                      1,
		Creators:                  3000,
		Campaigns:                 6,
		CollaborationsPerCampaign: 34,
		Start:                     time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC),
		Days:                      60,
		Currency:                  "USD",
		PostsPerAccount:           12,
		MaxCommentsPerPost:        20,
		TrafficScale:              1,
		OrganicOrdersPerDay:       4,
	}
}

// Validate reports every bad field at once.
func (c Config) Validate() error {
	var errs []error
	bad := func(field string, format string, args ...any) {
		errs = append(errs, fmt.Errorf("sim config: %s: %s", field, fmt.Sprintf(format, args...)))
	}
	if c.Creators < 1 {
		bad("Creators", "must be at least 1, got %d", c.Creators)
	}
	if c.Campaigns < 0 {
		bad("Campaigns", "must not be negative, got %d", c.Campaigns)
	}
	if c.CollaborationsPerCampaign < 0 || c.CollaborationsPerCampaign > c.Creators {
		bad("CollaborationsPerCampaign", "must be between 0 and Creators (%d), got %d", c.Creators, c.CollaborationsPerCampaign)
	}
	if c.Start.IsZero() {
		bad("Start", "must be set")
	}
	if c.Days < 7 {
		bad("Days", "must be at least 7, got %d", c.Days)
	}
	if len(c.Currency) != 3 {
		bad("Currency", "must be an ISO 4217 code, got %q", c.Currency)
	}
	if c.PostsPerAccount < 0 {
		bad("PostsPerAccount", "must not be negative, got %d", c.PostsPerAccount)
	}
	if c.MaxCommentsPerPost < 0 {
		bad("MaxCommentsPerPost", "must not be negative, got %d", c.MaxCommentsPerPost)
	}
	if c.TrafficScale <= 0 {
		bad("TrafficScale", "must be positive, got %g", c.TrafficScale)
	}
	if c.OrganicOrdersPerDay < 0 {
		bad("OrganicOrdersPerDay", "must not be negative, got %g", c.OrganicOrdersPerDay)
	}
	return errors.Join(errs...)
}
