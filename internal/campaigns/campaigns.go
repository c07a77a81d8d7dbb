// Package campaigns holds campaigns, their briefs and variants, and the
// collaborations between a campaign and its creators.
package campaigns

import (
	"fmt"
	"regexp"
	"strings"
	"time"
)

// Campaign is a brand's push with a goal, a budget and a brief.
type Campaign struct {
	ID          int64      `json:"id"`
	Slug        string     `json:"slug"`
	Name        string     `json:"name"`
	Goal        string     `json:"goal"`
	Status      string     `json:"status"`
	BudgetMinor int64      `json:"budget_minor"`
	Currency    string     `json:"currency"`
	StartsAt    *time.Time `json:"starts_at,omitempty"`
	EndsAt      *time.Time `json:"ends_at,omitempty"`
	Brief       Brief      `json:"brief"`
	Variants    []Variant  `json:"variants,omitempty"`
	CreatedAt   time.Time  `json:"created_at"`
	UpdatedAt   time.Time  `json:"updated_at"`
}

// Goals a campaign may have.
var Goals = []string{"sales", "signups", "awareness", "app_installs", "retention"}

// Statuses a campaign may be in.
var Statuses = []string{"draft", "active", "paused", "completed"}

// Brief is what creators are asked to do.
type Brief struct {
	Product      string   `json:"product,omitempty"`
	Description  string   `json:"description,omitempty"`
	KeyMessages  []string `json:"key_messages,omitempty"`
	Dos          []string `json:"dos,omitempty"`
	Donts        []string `json:"donts,omitempty"`
	Hashtags     []string `json:"hashtags,omitempty"`
	Keywords     []string `json:"keywords,omitempty"`
	Disclosure   string   `json:"disclosure,omitempty"`
	BannedClaims []string `json:"banned_claims,omitempty"`
	// ClaimCategories names the shipped claim lists that apply (health, finance, beauty).
	ClaimCategories []string   `json:"claim_categories,omitempty"`
	Formats         []string   `json:"formats,omitempty"`
	Competitors     []string   `json:"competitors,omitempty"`
	Deadline        *time.Time `json:"deadline,omitempty"`
	// Target audience shares, for audience fit.
	TargetCountry map[string]float64 `json:"target_country,omitempty"`
	TargetAge     map[string]float64 `json:"target_age,omitempty"`
	TargetGender  map[string]float64 `json:"target_gender,omitempty"`
}

// Variant is one arm of a test: a hook, offer, format or call to action.
type Variant struct {
	ID          int64  `json:"id"`
	CampaignID  int64  `json:"campaign_id"`
	Name        string `json:"name"`
	Kind        string `json:"kind"`
	Description string `json:"description,omitempty"`
}

// VariantKinds are what a variant may vary.
var VariantKinds = []string{"hook", "offer", "format", "cta"}

// FieldError is a validation error on one field.
type FieldError struct {
	Field string `json:"field"`
	Msg   string `json:"message"`
}

func (e FieldError) Error() string { return e.Field + ": " + e.Msg }

var slugRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,62}$`)

// Slugify makes a slug from a name.
func Slugify(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
	}
	s := strings.TrimSuffix(b.String(), "-")
	if len(s) > 63 {
		s = strings.TrimSuffix(s[:63], "-")
	}
	return s
}

var currencyRE = regexp.MustCompile(`^[A-Z]{3}$`)

// Validate checks a campaign, filling defaults, and returns every problem.
func (c *Campaign) Validate() []FieldError {
	var errs []FieldError
	c.Name = strings.TrimSpace(c.Name)
	if c.Name == "" {
		errs = append(errs, FieldError{"name", "is required"})
	}
	if c.Slug == "" {
		c.Slug = Slugify(c.Name)
	}
	if !slugRE.MatchString(c.Slug) {
		errs = append(errs, FieldError{"slug", fmt.Sprintf("%q must be lower-case letters, digits and dashes (at most 63)", c.Slug)})
	}
	if c.Goal == "" {
		c.Goal = "sales"
	}
	if !oneOf(c.Goal, Goals) {
		errs = append(errs, FieldError{"goal", fmt.Sprintf("%q is not one of %s", c.Goal, strings.Join(Goals, ", "))})
	}
	if c.Status == "" {
		c.Status = "draft"
	}
	if !oneOf(c.Status, Statuses) {
		errs = append(errs, FieldError{"status", fmt.Sprintf("%q is not one of %s", c.Status, strings.Join(Statuses, ", "))})
	}
	if c.BudgetMinor < 0 {
		errs = append(errs, FieldError{"budget_minor", "must not be negative"})
	}
	c.Currency = strings.ToUpper(c.Currency)
	if !currencyRE.MatchString(c.Currency) {
		errs = append(errs, FieldError{"currency", fmt.Sprintf("%q is not a three-letter ISO 4217 code", c.Currency)})
	}
	if c.StartsAt != nil && c.EndsAt != nil && c.EndsAt.Before(*c.StartsAt) {
		errs = append(errs, FieldError{"ends_at", "is before starts_at"})
	}
	for i := range c.Variants {
		for _, e := range c.Variants[i].Validate() {
			e.Field = fmt.Sprintf("variants[%d].%s", i, e.Field)
			errs = append(errs, e)
		}
	}
	return errs
}

// Validate checks a variant.
func (v *Variant) Validate() []FieldError {
	var errs []FieldError
	v.Name = strings.TrimSpace(v.Name)
	if v.Name == "" {
		errs = append(errs, FieldError{"name", "is required"})
	}
	if !oneOf(v.Kind, VariantKinds) {
		errs = append(errs, FieldError{"kind", fmt.Sprintf("%q is not one of %s", v.Kind, strings.Join(VariantKinds, ", "))})
	}
	return errs
}

func oneOf(s string, set []string) bool {
	for _, x := range set {
		if s == x {
			return true
		}
	}
	return false
}
