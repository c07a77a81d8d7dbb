package score

import (
	"github.com/chorushq/chorus/internal/engagement"
	"github.com/chorushq/chorus/internal/fit"
)

// Inputs is what is known of one creator for one campaign. A nil field is
// a component without data.
type Inputs struct {
	Niche          *fit.Match                    `json:"niche,omitempty"`
	Audience       *fit.AudienceMatch            `json:"audience,omitempty"`
	Engagement     *EngagementInput              `json:"engagement,omitempty"`
	Authenticity   *AuthenticityInput            `json:"authenticity,omitempty"`
	CommentQuality *CommentQualityInput          `json:"comment_quality,omitempty"`
	Clarity        *fit.Clarity                  `json:"clarity,omitempty"`
	Reliability    *engagement.Reliability       `json:"reliability,omitempty"`
	Sponsorship    *engagement.SponsorshipReport `json:"sponsorship,omitempty"`
	Conversions    *ConversionInput              `json:"conversions,omitempty"`
	Anomalies      *Anomalies                    `json:"anomalies,omitempty"`
}

// EngagementInput is a creator's ER placed in its tier; NewEngagement
// fills it.
type EngagementInput struct {
	ER         float64         `json:"er"`
	Posts      int             `json:"posts"`
	Tier       engagement.Tier `json:"tier"`
	Percentile float64         `json:"percentile"` // 0..100
	// Against says what the percentile is against: the workspace's own
	// creators of the tier, or a published benchmark.
	Against string `json:"against"`
}

// AuthenticityInput is a sample of the creator's audience checked for fake
// accounts.
type AuthenticityInput struct {
	Sampled int `json:"sampled"`
	Fake    int `json:"fake"`
}

// CommentQualityInput is a sample of comments on the creator's posts, of
// which Genuine are real reactions (on topic, not generic praise, spam or
// emoji-only).
type CommentQualityInput struct {
	Sampled int `json:"sampled"`
	Genuine int `json:"genuine"`
}

// Anomalies are the findings that suggest bought reach. They are listed
// as warnings, not scored: authenticity already prices fake followers,
// and a heuristic flag should send a human to look rather than silently
// move a number.
type Anomalies struct {
	Followers *engagement.FollowerReport `json:"followers,omitempty"`
	Ratio     *engagement.RatioCheck     `json:"ratio,omitempty"`
	Pods      *engagement.PodReport      `json:"pods,omitempty"`
}
