package vetting

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
)

// Labels the account model gives.
const (
	LabelFake = "fake"
	LabelReal = "real"
)

// MaxReasons is how many reasons a score explains itself with.
const MaxReasons = 3

// minReason is the smallest contribution to the log-odds worth naming; below
// it a feature barely moved the score.
const minReason = 0.1

// AccountParams is the JSON form of a fitted account model.
type AccountParams struct {
	Meta
	Features []Weight   `json:"features"`
	CV       Evaluation `json:"cv"`
}

// AccountModel scores profiles. It is safe for concurrent use.
type AccountModel struct {
	params AccountParams
	mean   [numAccountFeatures]float64
	inv    [numAccountFeatures]float64 // 1/scale
	weight [numAccountFeatures]float64
}

// AccountResult is the verdict on one profile.
type AccountResult struct {
	PFake float64 // probability-like score in 0..1
	Fake  bool    // PFake >= the model's threshold
	Label string  // LabelFake or LabelReal
	// Reasons are the features that pushed hardest towards Label, strongest
	// first; unused slots have an empty Feature.
	Reasons [MaxReasons]Reason
	// Following is the profile's following count when known, for
	// AudienceQuality's mass-follower share.
	Following *int64
}

// Reason is one feature's part in a verdict.
type Reason struct {
	Feature      string  // name as in the params file
	Contribution float64 // added to the log-odds of fake
	fact         float64 // the raw value the sentence quotes
	fact2        float64 // a second one (followers, for the follow ratio)
}

// LoadAccountModel returns the model fitted on the public data sets that
// ships with Chorus (see docs/models.md for data and licences).
func LoadAccountModel() (*AccountModel, error) {
	f, err := shipped.Open("params/accounts.json")
	if err != nil {
		return nil, fmt.Errorf("load account model: %w", err)
	}
	defer f.Close()
	return ReadAccountModel(f)
}

// ReadAccountModel reads parameters written by WriteJSON or `chorus vet train`.
func ReadAccountModel(r io.Reader) (*AccountModel, error) {
	var p AccountParams
	if err := json.NewDecoder(r).Decode(&p); err != nil {
		return nil, fmt.Errorf("read account params: %w", err)
	}
	return newAccountModel(p)
}

func newAccountModel(p AccountParams) (*AccountModel, error) {
	if p.Kind != "accounts" {
		return nil, fmt.Errorf("account params: kind is %q, want \"accounts\"", p.Kind)
	}
	if err := p.Meta.check(); err != nil {
		return nil, fmt.Errorf("account params: %w", err)
	}
	m := &AccountModel{params: p}
	if err := loadWeights("account params: feature", p.Features, accountFeatureNames[:], m.mean[:], m.inv[:], m.weight[:]); err != nil {
		return nil, err
	}
	return m, nil
}

// Params returns the model's parameters, for writing or display.
func (m *AccountModel) Params() AccountParams { return m.params }

// WriteJSON writes the parameters in the form ReadAccountModel reads.
func (m *AccountModel) WriteJSON(w io.Writer) error {
	return writeParams(w, m.params)
}

// Score rates one profile. Unknown fields contribute nothing. It does not
// allocate.
func (m *AccountModel) Score(p Profile) AccountResult {
	f := facts(&p)
	z := m.params.Intercept
	var contrib [numAccountFeatures]float64
	for i := range contrib {
		if f.known[i] {
			contrib[i] = m.weight[i] * (f.x[i] - m.mean[i]) * m.inv[i]
			z += contrib[i]
		}
	}
	r := AccountResult{PFake: sigmoid(z), Following: p.FollowingCount}
	r.Fake = r.PFake >= m.params.Threshold
	r.Label = LabelReal
	sign := -1.0
	if r.Fake {
		r.Label, sign = LabelFake, 1
	}
	// Keep the MaxReasons largest contributions towards the label by
	// insertion into a fixed array.
	for i, c := range contrib {
		if c*sign < minReason {
			continue
		}
		k := MaxReasons
		for k > 0 && (r.Reasons[k-1].Feature == "" || r.Reasons[k-1].Contribution*sign < c*sign) {
			k--
		}
		if k == MaxReasons {
			continue
		}
		copy(r.Reasons[k+1:], r.Reasons[k:MaxReasons-1])
		r.Reasons[k] = Reason{Feature: accountFeatureNames[i], Contribution: c, fact: f.rawFact(i), fact2: f.followers}
	}
	return r
}

// rawFact is the untransformed value of feature i that a reason quotes.
func (f *accountFacts) rawFact(i int) float64 {
	switch i {
	case featFollowers:
		return f.followers
	case featFollowRatio:
		return f.following
	case featPosts:
		return f.posts
	case featBioLength:
		return f.bioLength
	}
	return f.x[i]
}

// String says the reason in plain words, e.g. "follows 7,450 accounts but has
// 12 followers".
func (r Reason) String() string {
	fake := r.Contribution > 0
	v := r.fact
	switch r.Feature {
	case "log_followers":
		return fmt.Sprintf("has %s followers", count(v))
	case "log_follow_ratio":
		if fake {
			return fmt.Sprintf("follows %s accounts but has %s followers", count(v), count(r.fact2))
		}
		return fmt.Sprintf("has %s followers and follows %s accounts", count(r.fact2), count(v))
	case "log_posts":
		if v == 0 {
			return "has no posts"
		}
		return fmt.Sprintf("has %s posts", count(v))
	case "has_profile_pic":
		return pick(v == 1, "has a profile picture", "has no profile picture")
	case "is_private":
		return pick(v == 1, "is private", "is public")
	case "log_bio_length":
		if v == 0 {
			return "has no biography"
		}
		return fmt.Sprintf("has a %s-character biography", count(v))
	case "username_digit_share":
		if v == 0 {
			return "has no digits in the username"
		}
		return fmt.Sprintf("username is %.0f%% digits", 100*v)
	case "username_length":
		return fmt.Sprintf("username is %s characters long", count(v))
	case "has_external_url":
		return pick(v == 1, "links to a website", "has no link in the profile")
	case "full_name_words":
		if v == 0 {
			return "gives no full name"
		}
		return fmt.Sprintf("full name has %s words", count(v))
	case "name_equals_username":
		return pick(v == 1, "full name is just the username", "full name differs from the username")
	case "full_name_digit_share":
		if v == 0 {
			return "has no digits in the full name"
		}
		return fmt.Sprintf("full name is %.0f%% digits", 100*v)
	}
	return r.Feature
}

func pick(c bool, yes, no string) string {
	if c {
		return yes
	}
	return no
}

// count writes a whole number with thousands separators: 7450 -> "7,450".
func count(v float64) string {
	n := int64(math.Round(v))
	s := fmt.Sprint(n)
	if n < 0 {
		return s
	}
	out := make([]byte, 0, len(s)+len(s)/3)
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	return string(out)
}

// writeParams writes indented JSON so a diff of two fits reads well.
func writeParams(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("write params: %w", err)
	}
	return nil
}
