// Package discovery finds and vets creators stored in a workspace: the
// vetting run that turns stored profiles, posts, comments and follower
// samples into per-account results, the creator score per campaign with its
// explanation, and the search behind one small interface that the store
// implements on SQLite FTS5 and PostgreSQL full-text search alike.
package discovery

import (
	"strconv"
	"strings"
	"time"

	"github.com/chorushq/chorus/internal/engagement"
	"github.com/chorushq/chorus/internal/fit"
	"github.com/chorushq/chorus/internal/score"
	"github.com/chorushq/chorus/internal/store"
	"github.com/chorushq/chorus/internal/vetting"
)

// AccountData is what a vetting run reads of one account.
type AccountData struct {
	Account  store.VetAccount
	Posts    []store.PostMetrics // newest first
	Samples  []store.FollowerSample
	Comments []store.StoredComment // on the recent posts, in order of arrival per post
	History  []store.FollowerCount
	// Deliveries are the creator's past deliverables, when known.
	Deliveries []engagement.Delivery
}

// Assessment is the vetting result of one account, stored as JSON with the
// account's row and read back to score the creator for a campaign.
type Assessment struct {
	Platform  string          `json:"platform"`
	Followers *int64          `json:"followers,omitempty"`
	Tier      engagement.Tier `json:"tier,omitempty"`
	// ER is by followers; ERViews by views, for video.
	ER      *engagement.Summary `json:"er,omitempty"`
	ERViews *engagement.Summary `json:"er_views,omitempty"`
	// Engagement is ER placed among peers; filled by the run's second pass.
	Engagement  *score.EngagementInput        `json:"engagement,omitempty"`
	Account     *AccountVerdict               `json:"account,omitempty"`
	Audience    *vetting.Quality              `json:"audience,omitempty"`
	BadSamples  int                           `json:"bad_samples,omitempty"`
	Comments    *CommentMix                   `json:"comments,omitempty"`
	Sponsorship *engagement.SponsorshipReport `json:"sponsorship,omitempty"`
	Anomalies   score.Anomalies               `json:"anomalies"`
	Reliability *engagement.Reliability       `json:"reliability,omitempty"`
	Clarity     *fit.Clarity                  `json:"clarity,omitempty"`
}

// AccountVerdict is the account model's verdict on the creator's own account.
type AccountVerdict struct {
	PFake   float64  `json:"p_fake"`
	Fake    bool     `json:"fake"`
	Reasons []string `json:"reasons,omitempty"`
}

// CommentMix sums up the classified comments on recent posts.
type CommentMix struct {
	Sampled int `json:"sampled"`
	Spam    int `json:"spam"`
	// Genuine counts real reactions: not spam, not emoji-only, not generic.
	Genuine int `json:"genuine"`
	// Quality is vetting.CommentQuality: the share that is genuine and high
	// intent (questions, purchase intent).
	Quality float64        `json:"quality"`
	Intents map[string]int `json:"intents"`
}

// Models are the classifiers a run uses.
type Models struct {
	Accounts *vetting.AccountModel
	Comments *vetting.CommentModel
}

// LoadModels loads the models that ship with Chorus.
func LoadModels() (Models, error) {
	a, err := vetting.LoadAccountModel()
	if err != nil {
		return Models{}, err
	}
	c, err := vetting.LoadCommentModel()
	if err != nil {
		return Models{}, err
	}
	return Models{Accounts: a, Comments: c}, nil
}

// videoPlatforms are where ER by views is the fairer measure.
var videoPlatforms = map[string]bool{"youtube": true, "tiktok": true}

// Assess vets one account. It also returns the verdicts on its follower
// samples and comments, for storing.
func Assess(m Models, th engagement.Thresholds, d AccountData) (Assessment, []store.FollowerVerdict, []store.CommentVerdict) {
	a := d.Account
	out := Assessment{Platform: a.Platform, Followers: a.Followers}
	if a.Followers != nil {
		out.Tier = th.Tier(*a.Followers)
	}
	posts := enginePosts(d.Posts)
	if a.Followers != nil {
		if s, ok := engagement.CreatorRate(posts, *a.Followers, engagement.DefaultRecent); ok {
			out.ER = &s
		}
	}
	if videoPlatforms[a.Platform] {
		if s, ok := engagement.CreatorViewRate(posts, engagement.DefaultRecent); ok {
			out.ERViews = &s
		}
	}
	name, handle := a.Name, a.Handle
	p := vetting.Profile{Platform: a.Platform, Username: &handle, FullName: &name, Biography: &a.Biography,
		HasProfilePic: a.HasProfilePic, IsPrivate: a.IsPrivate, MediaCount: a.MediaCount, FollowerCount: a.Followers, FollowingCount: a.Following}
	r := m.Accounts.Score(p)
	v := &AccountVerdict{PFake: r.PFake, Fake: r.Fake}
	for _, rs := range r.Reasons {
		if rs.Feature != "" {
			v.Reasons = append(v.Reasons, rs.String())
		}
	}
	out.Account = v

	var fvs []store.FollowerVerdict
	if len(d.Samples) > 0 {
		results := make([]vetting.AccountResult, 0, len(d.Samples))
		for _, s := range d.Samples {
			fp, err := vetting.ParseProfile([]byte(s.Profile))
			if err != nil {
				out.BadSamples++
				continue
			}
			fr := m.Accounts.Score(fp)
			results = append(results, fr)
			fvs = append(fvs, store.FollowerVerdict{ID: s.ID, PFake: fr.PFake, Fake: fr.Fake})
		}
		if len(results) > 0 {
			q := vetting.AudienceQuality(results)
			out.Audience = &q
		}
	}

	var cvs []store.CommentVerdict
	if len(d.Comments) > 0 {
		mix := &CommentMix{Intents: map[string]int{}}
		results := make([]vetting.CommentResult, len(d.Comments))
		for i, c := range d.Comments {
			cr := m.Comments.Classify(c.Text)
			results[i] = cr
			cvs = append(cvs, store.CommentVerdict{CommentID: c.ID, PSpam: cr.PSpam, Label: cr.Label, Intent: string(cr.Intent)})
			mix.Sampled++
			if cr.Spam {
				mix.Spam++
				continue
			}
			mix.Intents[string(cr.Intent)]++
			if cr.Intent != vetting.IntentEmojiOnly && cr.Intent != vetting.IntentGeneric {
				mix.Genuine++
			}
		}
		mix.Quality = vetting.CommentQuality(results)
		out.Comments = mix
	}

	recent := engagement.Recent(posts, engagement.DefaultRecent)
	if len(recent) > 0 {
		sp := engagement.Sponsorship(posts, engagement.DefaultRecent, engagement.SponsorshipRules{})
		out.Sponsorship = &sp
		captions := make([]string, len(recent))
		times := make([]time.Time, len(recent))
		for i, p := range recent {
			captions[i], times[i] = p.Caption, p.PostedAt
		}
		if c, ok := fit.ContentClarity(captions); ok {
			out.Clarity = &c
		}
		rel := engagement.NewReliability(times, 0, 0, d.Deliveries)
		if rel.Gaps > 0 || rel.Deliverables > 0 {
			out.Reliability = &rel
		}
		if band, ok := engagement.DefaultLikeCommentBands()[out.Tier]; ok {
			if rc, ok := engagement.LikeCommentRatio(recent, band); ok {
				out.Anomalies.Ratio = &rc
			}
		}
	}
	if len(d.History) >= 2 {
		h := make([]engagement.FollowerCount, len(d.History))
		for i, c := range d.History {
			h[i] = engagement.FollowerCount{At: c.At, Followers: c.Followers}
		}
		if fr, err := engagement.FollowerJumps(h, posts, engagement.JumpParams{}); err == nil {
			out.Anomalies.Followers = &fr
		}
	}
	if len(d.Comments) > 0 {
		var first [][]string
		cur := int64(-1)
		for _, c := range d.Comments {
			if c.PostID != cur {
				first = append(first, nil)
				cur = c.PostID
			}
			first[len(first)-1] = append(first[len(first)-1], c.Author)
		}
		pr := engagement.Pods(first, engagement.PodParams{})
		out.Anomalies.Pods = &pr
	}
	return out, fvs, cvs
}

// enginePosts turns stored posts into engagement's, newest first.
func enginePosts(ps []store.PostMetrics) []engagement.Post {
	out := make([]engagement.Post, len(ps))
	for i, p := range ps {
		out[i] = engagement.Post{ID: strconv.FormatInt(p.ID, 10), PostedAt: time.Unix(p.PublishedAt, 0).UTC(),
			Likes: p.Likes, Comments: p.Comments, Saves: p.Saves, Shares: p.Shares, Views: p.Views,
			Caption: p.Caption, Mentions: mentions(p.Caption), PaidPartnership: p.Sponsored}
	}
	return out
}

// mentions are the @handles in a caption, without "@".
func mentions(caption string) []string {
	var out []string
	for _, f := range strings.Fields(caption) {
		if !strings.HasPrefix(f, "@") || len(f) < 2 {
			continue
		}
		h := strings.TrimRight(strings.ToLower(f[1:]), ".,!?:;)")
		if h != "" {
			out = append(out, h)
		}
	}
	return out
}

// Inputs are the parts of a score that do not depend on a campaign's brief.
func (a *Assessment) Inputs() score.Inputs {
	var in score.Inputs
	in.Engagement = a.Engagement
	if a.Audience != nil && a.Audience.N > 0 {
		in.Authenticity = &score.AuthenticityInput{Sampled: a.Audience.N, Fake: a.Audience.N - a.Audience.Real}
	}
	if a.Comments != nil && a.Comments.Sampled > 0 {
		in.CommentQuality = &score.CommentQualityInput{Sampled: a.Comments.Sampled, Genuine: a.Comments.Genuine}
	}
	in.Clarity = a.Clarity
	in.Reliability = a.Reliability
	in.Sponsorship = a.Sponsorship
	an := a.Anomalies
	if an.Followers != nil || an.Ratio != nil || an.Pods != nil {
		in.Anomalies = &an
	}
	return in
}
