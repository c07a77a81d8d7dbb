package analytics

import (
	"cmp"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Mention is one post Chorus knows, for surround sound and share of voice:
// the creator's own posts about the brand as much as the campaign's.
type Mention struct {
	PostID          int64     `json:"post_id"`
	AccountID       int64     `json:"account_id"`
	CreatorID       int64     `json:"creator_id"`
	CollaborationID int64     `json:"collaboration_id"` // 0: not a collaboration's post
	CampaignID      int64     `json:"campaign_id"`
	PublishedAt     time.Time `json:"published_at"`
	Caption         string    `json:"-"`
	// Reach of the latest snapshot; Followers of the account when the
	// platform reports no reach.
	Reach       int64 `json:"reach"`
	Followers   int64 `json:"followers"`
	Engagements int64 `json:"engagements"`
}

// reached is the audience a post stands for: its reach, else followers.
func (m Mention) reached() int64 {
	if m.Reach > 0 {
		return m.Reach
	}
	return m.Followers
}

func isWord(r rune) bool { return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) }

// Mentions reports whether caption names term, case-insensitively, as a
// whole word or phrase: "glow" matches "Glow!" and "#glow" but not
// "glowing" or "#glowup"; a hashtag term matches only the hashtag.
func Mentions(caption, term string) bool {
	term = strings.ToLower(strings.TrimSpace(term))
	if term == "" {
		return false
	}
	c := strings.ToLower(caption)
	for i := 0; ; {
		j := strings.Index(c[i:], term)
		if j < 0 {
			return false
		}
		at := i + j
		end := at + len(term)
		before, _ := utf8.DecodeLastRuneInString(c[:at])
		after, _ := utf8.DecodeRuneInString(c[end:])
		okBefore := at == 0 || !isWord(before)
		okAfter := end == len(c) || !isWord(after)
		if okBefore && okAfter {
			return true
		}
		i = at + 1
	}
}

// MentionsAny reports whether caption names any of terms.
func MentionsAny(caption string, terms []string) bool {
	for _, t := range terms {
		if Mentions(caption, t) {
			return true
		}
	}
	return false
}

// Overlap estimates how many followers two accounts share from uniform
// samples of their followers: the shared handles in the samples, scaled by
// both sampling fractions, |A∩B|·Fa·Fb/(|A|·|B|), and never more than the
// smaller audience. ok is false without two samples and follower counts.
func Overlap(a, b []string, followersA, followersB int64) (float64, bool) {
	if len(a) == 0 || len(b) == 0 || followersA <= 0 || followersB <= 0 {
		return 0, false
	}
	in := make(map[string]bool, len(a))
	for _, h := range a {
		in[strings.ToLower(h)] = true
	}
	shared := 0
	seen := map[string]bool{}
	for _, h := range b {
		h = strings.ToLower(h)
		if in[h] && !seen[h] {
			shared++
			seen[h] = true
		}
	}
	est := float64(shared) * float64(followersA) * float64(followersB) / (float64(len(in)) * float64(len(b)))
	return min(est, float64(min(followersA, followersB))), true
}

// Samples are sampled follower handles and follower counts per account.
type Samples struct {
	Handles   map[int64][]string
	Followers map[int64]int64
}

// Week is one week of surround sound: the creators who posted about the
// brand, their combined reach and the reach with shared followers removed.
type Week struct {
	Start    time.Time `json:"start"` // Monday 00:00 UTC
	Creators int       `json:"creators"`
	Posts    int       `json:"posts"`
	// CombinedReach sums each creator's largest reach of the week.
	CombinedReach int64 `json:"combined_reach"`
	// UniqueReach subtracts the estimated overlap of every pair of
	// creators with follower samples; OverlapPairs says how many pairs
	// that was (0: UniqueReach equals CombinedReach, nothing known).
	UniqueReach  int64 `json:"unique_reach"`
	OverlapPairs int   `json:"overlap_pairs"`
}

// WeekStart is the Monday 00:00 UTC of t's week.
func WeekStart(t time.Time) time.Time {
	t = t.UTC().Truncate(24 * time.Hour)
	return t.AddDate(0, 0, -((int(t.Weekday()) + 6) % 7))
}

// SurroundWeeks groups the mentions by week, oldest first. Overlap is
// estimated between the accounts behind each creator's largest post.
func SurroundWeeks(ms []Mention, s Samples) []Week {
	type best struct {
		account int64
		reach   int64
	}
	byWeek := map[time.Time]map[int64]best{}
	posts := map[time.Time]int{}
	for _, m := range ms {
		w := WeekStart(m.PublishedAt)
		if byWeek[w] == nil {
			byWeek[w] = map[int64]best{}
		}
		posts[w]++
		if b, ok := byWeek[w][m.CreatorID]; !ok || m.reached() > b.reach {
			byWeek[w][m.CreatorID] = best{m.AccountID, m.reached()}
		}
	}
	out := make([]Week, 0, len(byWeek))
	for w, creators := range byWeek {
		wk := Week{Start: w, Creators: len(creators), Posts: posts[w]}
		var accts []best
		var largest int64
		for _, b := range creators {
			wk.CombinedReach += b.reach
			largest = max(largest, b.reach)
			accts = append(accts, b)
		}
		slices.SortFunc(accts, func(a, b best) int { return cmp.Compare(a.account, b.account) })
		var shared float64
		for i := range accts {
			for j := i + 1; j < len(accts); j++ {
				a, b := accts[i].account, accts[j].account
				if o, ok := Overlap(s.Handles[a], s.Handles[b], s.Followers[a], s.Followers[b]); ok {
					shared += o
					wk.OverlapPairs++
				}
			}
		}
		wk.UniqueReach = max(wk.CombinedReach-int64(shared+0.5), largest)
		out = append(out, wk)
	}
	slices.SortFunc(out, func(a, b Week) int { return a.Start.Compare(b.Start) })
	return out
}

// Coverage is how many posts and creators named one brief term.
type Coverage struct {
	Term     string `json:"term"`
	Posts    int    `json:"posts"`
	Creators int    `json:"creators"`
}

// KeywordCoverage counts, for each term, the posts and distinct creators
// among ms that name it, in the order of terms.
func KeywordCoverage(ms []Mention, terms []string) []Coverage {
	out := make([]Coverage, 0, len(terms))
	for _, t := range terms {
		c := Coverage{Term: t}
		creators := map[int64]bool{}
		for _, m := range ms {
			if Mentions(m.Caption, t) {
				c.Posts++
				creators[m.CreatorID] = true
			}
		}
		c.Creators = len(creators)
		out = append(out, c)
	}
	return out
}

// Voice is one brand's part of the conversation.
type Voice struct {
	Name            string `json:"name"`
	Posts           int    `json:"posts"`
	Engagements     int64  `json:"engagements"`
	PostShare       Ratio  `json:"post_share"`
	EngagementShare Ratio  `json:"engagement_share"`
}

// ShareOfVoice splits the posts naming the brand (any of brand) or a
// competitor (each its own voice) by posts and by engagements. A post
// naming two voices counts for both.
func ShareOfVoice(ms []Mention, brandName string, brand []string, competitors []string) []Voice {
	voices := []Voice{{Name: brandName}}
	terms := [][]string{brand}
	for _, c := range competitors {
		voices = append(voices, Voice{Name: c})
		terms = append(terms, []string{c})
	}
	var posts int
	var eng int64
	for _, m := range ms {
		for i, ts := range terms {
			if MentionsAny(m.Caption, ts) {
				voices[i].Posts++
				voices[i].Engagements += m.Engagements
				posts++
				eng += m.Engagements
			}
		}
	}
	for i := range voices {
		voices[i].PostShare = Of(float64(voices[i].Posts), float64(posts))
		voices[i].EngagementShare = Of(float64(voices[i].Engagements), float64(eng))
	}
	return voices
}
