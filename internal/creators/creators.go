// Package creators holds creators, their platform accounts, and the reading
// of creator files for import.
package creators

import (
	"fmt"
	"net/mail"
	"regexp"
	"sort"
	"strings"
	"time"
)

// Platforms Chorus knows.
var Platforms = []string{"instagram", "tiktok", "youtube", "x", "twitch", "facebook", "pinterest", "linkedin", "snapchat", "blog"}

// Creator is a person a workspace works or may work with.
type Creator struct {
	ID          int64     `json:"id" db:"id"`
	WorkspaceID int64     `json:"-" db:"workspace_id"`
	Name        string    `json:"name" db:"name"`
	Email       string    `json:"email,omitempty" db:"email"`
	Country     string    `json:"country,omitempty" db:"country"`
	NicheTags   Tags      `json:"niche_tags" db:"niche_tags"`
	Notes       string    `json:"notes,omitempty" db:"notes"`
	CreatedAt   time.Time `json:"created_at" db:"-"`
	UpdatedAt   time.Time `json:"updated_at" db:"-"`
	Accounts    []Account `json:"accounts,omitempty" db:"-"`
}

// Account is a creator's presence on one platform. Nil counts are unknown.
type Account struct {
	ID            int64    `json:"id" db:"id"`
	CreatorID     int64    `json:"creator_id" db:"creator_id"`
	Platform      string   `json:"platform" db:"platform"`
	Handle        string   `json:"handle" db:"handle"`
	URL           string   `json:"url,omitempty" db:"url"`
	Followers     *int64   `json:"followers" db:"followers"`
	Following     *int64   `json:"following" db:"following"`
	MediaCount    *int64   `json:"media_count" db:"media_count"`
	Biography     string   `json:"biography,omitempty" db:"biography"`
	HasProfilePic *bool    `json:"has_profile_pic" db:"has_profile_pic"`
	IsPrivate     *bool    `json:"is_private" db:"is_private"`
	Audience      Audience `json:"audience" db:"audience"`
	RateMinor     *int64   `json:"rate_minor" db:"rate_minor"`
	RateCurrency  string   `json:"rate_currency,omitempty" db:"rate_currency"`
}

// Audience holds an account's audience as shares (0..1) by dimension.
type Audience struct {
	Country map[string]float64 `json:"country,omitempty"`
	Age     map[string]float64 `json:"age,omitempty"`
	Gender  map[string]float64 `json:"gender,omitempty"`
}

// AgeBands are the audience age bands platforms report.
var AgeBands = []string{"13-17", "18-24", "25-34", "35-44", "45-54", "55+"}

// Tags is a set of lower-case niche tags, stored space-separated.
type Tags []string

// ParseTags reads tags separated by commas, semicolons, spaces or '#'.
func ParseTags(s string) Tags {
	f := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return r == ',' || r == ';' || r == ' ' || r == '#' || r == '|'
	})
	seen := map[string]bool{}
	var out Tags
	for _, t := range f {
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	sort.Strings(out)
	return out
}

func (t Tags) String() string { return strings.Join(t, " ") }

var handleRE = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

// NormalizeHandle strips a leading @ and lower-cases: platforms treat handles
// case-insensitively, so @Maya and maya are the same account.
func NormalizeHandle(h string) string {
	return strings.ToLower(strings.TrimPrefix(strings.TrimSpace(h), "@"))
}

// FieldError is a validation error on one field.
type FieldError struct {
	Field string
	Msg   string
}

func (e FieldError) Error() string { return e.Field + ": " + e.Msg }

// Validate checks a creator and its accounts, returning every problem.
func (c *Creator) Validate() []FieldError {
	var errs []FieldError
	c.Name = strings.TrimSpace(c.Name)
	if c.Name == "" {
		errs = append(errs, FieldError{"name", "is required"})
	} else if len(c.Name) > 200 {
		errs = append(errs, FieldError{"name", "is longer than 200 characters"})
	}
	if c.Email != "" {
		if _, err := mail.ParseAddress(c.Email); err != nil {
			errs = append(errs, FieldError{"email", fmt.Sprintf("%q is not an e-mail address", c.Email)})
		}
	}
	if c.Country != "" {
		c.Country = strings.ToUpper(c.Country)
		if !isCountry(c.Country) {
			errs = append(errs, FieldError{"country", fmt.Sprintf("%q is not a two-letter country code", c.Country)})
		}
	}
	for i := range c.Accounts {
		for _, e := range c.Accounts[i].Validate() {
			if len(c.Accounts) > 1 {
				e.Field = fmt.Sprintf("accounts[%d].%s", i, e.Field)
			}
			errs = append(errs, e)
		}
	}
	return errs
}

// Validate checks an account, normalising its handle and platform.
func (a *Account) Validate() []FieldError {
	var errs []FieldError
	a.Platform = strings.ToLower(strings.TrimSpace(a.Platform))
	if a.Platform == "" {
		errs = append(errs, FieldError{"platform", "is required"})
	} else if !isPlatform(a.Platform) {
		errs = append(errs, FieldError{"platform", fmt.Sprintf("%q is not one of %s", a.Platform, strings.Join(Platforms, ", "))})
	}
	a.Handle = NormalizeHandle(a.Handle)
	if a.Handle == "" {
		errs = append(errs, FieldError{"handle", "is required"})
	} else if !handleRE.MatchString(a.Handle) {
		errs = append(errs, FieldError{"handle", fmt.Sprintf("%q may hold only letters, digits, '.', '_' and '-' (at most 64)", a.Handle)})
	}
	for _, n := range []struct {
		name string
		v    *int64
	}{{"followers", a.Followers}, {"following", a.Following}, {"media_count", a.MediaCount}, {"rate_minor", a.RateMinor}} {
		if n.v != nil && *n.v < 0 {
			errs = append(errs, FieldError{n.name, "must not be negative"})
		}
	}
	if a.RateMinor != nil && a.RateCurrency == "" {
		errs = append(errs, FieldError{"rate_currency", "is required with a rate"})
	}
	for dim, m := range map[string]map[string]float64{"audience.country": a.Audience.Country, "audience.age": a.Audience.Age, "audience.gender": a.Audience.Gender} {
		sum := 0.0
		for k, v := range m {
			if v < 0 || v > 1 {
				errs = append(errs, FieldError{dim, fmt.Sprintf("share of %q is %v, not between 0 and 1", k, v)})
			}
			sum += v
		}
		if sum > 1.0001 {
			errs = append(errs, FieldError{dim, fmt.Sprintf("shares add up to %.4g, more than 1", sum)})
		}
	}
	return errs
}

func isPlatform(p string) bool {
	for _, q := range Platforms {
		if p == q {
			return true
		}
	}
	return false
}

func isCountry(c string) bool {
	return len(c) == 2 && c[0] >= 'A' && c[0] <= 'Z' && c[1] >= 'A' && c[1] <= 'Z'
}
