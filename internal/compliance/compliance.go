// Package compliance checks a creator's draft caption against the campaign
// brief before it goes live: ad disclosure, banned claims, required hashtags
// and keywords, and the tracked link or discount code.
//
// The checks are aids for a human reviewer, not legal advice: they find words,
// they do not understand them.
package compliance

import (
	"fmt"
	"unicode/utf8"
)

// Status is the outcome of a check; larger is worse.
type Status int

const (
	Pass Status = iota
	Warn
	Fail
)

func (s Status) String() string {
	switch s {
	case Pass:
		return "pass"
	case Warn:
		return "warn"
	case Fail:
		return "fail"
	}
	return fmt.Sprintf("Status(%d)", int(s))
}

// MarshalText makes a Status read "pass", "warn" or "fail" in JSON.
func (s Status) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Span is a half-open range of bytes [Start, End) in the caption.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Runes returns the span as character (rune) offsets into caption, for
// interfaces that count characters rather than bytes.
func (sp Span) Runes(caption string) (start, end int) {
	start = utf8.RuneCountInString(caption[:sp.Start])
	return start, start + utf8.RuneCountInString(caption[sp.Start:sp.End])
}

// Names of the checks, as they appear in Result.Check.
const (
	CheckDisclosure = "disclosure"
	CheckClaims     = "claims"
	CheckRequired   = "required"
	CheckTracking   = "tracking"
)

// Result is one finding. A check may yield several (one per banned claim).
type Result struct {
	Check  string `json:"check"`
	Status Status `json:"status"`
	Reason string `json:"reason"`
	// Spans are the offending words for a warning or failure, the matching
	// words for a pass; the UI highlights them.
	Spans []Span `json:"spans,omitempty"`
	// Missing lists what the brief requires and the caption lacks.
	Missing []string `json:"missing,omitempty"`
}

// Report is the outcome of all checks on one draft.
type Report struct {
	Status  Status   `json:"status"` // the worst of the results
	Results []Result `json:"results"`
}

// Brief is what the campaign asks of a caption.
type Brief struct {
	RequiredHashtags []string // with or without '#'
	RequiredKeywords []string // words or phrases
	// The collaboration's tracking: any one of them in the caption passes.
	LinkURL      string // "https://chorus.link/maya-fit"
	LinkSlug     string // "maya-fit"
	DiscountCode string // "MAYA10"
}

// Draft is the content a creator submitted.
type Draft struct {
	Caption string
}

// Rules are the settings of the checks. The zero value checks disclosure with
// the defaults below and bans no claims; see DefaultRules.
type Rules struct {
	// Claims are the banned claims: the default lists and the workspace's own.
	Claims []Rule
	// Fold is how many characters a reader sees before "more"; a disclosure
	// after it is hidden. 0 means 125, Instagram's fold.
	Fold int
	// BuriedAfter is how many other hashtags may precede a disclosure in the
	// same run of hashtags before it counts as buried. 0 means 3.
	BuriedAfter int
}

const (
	defaultFold        = 125
	defaultBuriedAfter = 3
)

// Check runs every check on draft. The report fails if any check fails.
func Check(brief Brief, draft Draft, rules Rules) Report {
	toks := tokenize(draft.Caption)
	var rs []Result
	rs = append(rs, checkDisclosure(draft.Caption, toks, rules))
	rs = append(rs, checkClaims(draft.Caption, toks, rules.Claims)...)
	rs = append(rs, checkRequired(draft.Caption, toks, brief))
	rs = append(rs, checkTracking(draft.Caption, toks, brief))
	rep := Report{Results: rs}
	for _, r := range rs {
		rep.Status = max(rep.Status, r.Status)
	}
	return rep
}
