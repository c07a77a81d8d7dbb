package engagement

import (
	"slices"
	"strings"
	"unicode"
)

// DefaultDisclosureTags are hashtags creators use to disclose paid posts
// (FTC, ASA and German "Werbung/Anzeige" practice).
func DefaultDisclosureTags() []string {
	return []string{"ad", "ads", "sponsored", "paid", "paidpartnership", "partner", "partnership",
		"advert", "advertisement", "promo", "collab", "gifted", "werbung", "anzeige", "publicidad", "pub"}
}

// SponsorshipRules say what marks a post as sponsored.
type SponsorshipRules struct {
	// DisclosureTags without "#"; nil means DefaultDisclosureTags.
	DisclosureTags []string `json:"disclosure_tags"`
	// Brands are handles known to be brands: mentioning one marks a post
	// as sponsored even without a disclosure tag.
	Brands []string `json:"brands"`
	// Competitors are handles of the campaign's competitors; they count as
	// brands too and are reported on their own.
	Competitors []string `json:"competitors"`
}

// BrandCount is a brand and how many recent sponsored posts name it.
type BrandCount struct {
	Handle string `json:"handle"`
	Posts  int    `json:"posts"`
}

// SponsorshipReport is the result of Sponsorship.
type SponsorshipReport struct {
	Posts       int          `json:"posts"`
	Sponsored   int          `json:"sponsored"`
	Share       float64      `json:"share"`
	Brands      []BrandCount `json:"brands"`
	Competitors []BrandCount `json:"competitors"`
}

// Sponsorship measures how much of the n most recent posts (n <= 0 means
// DefaultRecent) is sponsored and for whom. A post is sponsored when it
// carries the platform's paid-partnership label, a disclosure hashtag, or
// mentions a known brand or competitor. The brands of a sponsored post are
// all accounts it mentions (tagged or "@" in the caption): on a disclosed
// post the tagged accounts are the sponsors far more often than not.
func Sponsorship(posts []Post, n int, rules SponsorshipRules) SponsorshipReport {
	if n <= 0 {
		n = DefaultRecent
	}
	tags := rules.DisclosureTags
	if tags == nil {
		tags = DefaultDisclosureTags()
	}
	disclosure := set(tags)
	brands := set(rules.Brands)
	competitors := set(rules.Competitors)

	recent := Recent(posts, n)
	r := SponsorshipReport{Posts: len(recent)}
	brandPosts := make(map[string]int)
	for _, p := range recent {
		hashtags, mentions := tokens(p.Caption, '#'), tokens(p.Caption, '@')
		for _, m := range p.Mentions {
			mentions = append(mentions, normHandle(m))
		}
		slices.Sort(mentions)
		mentions = slices.Compact(mentions)
		sponsored := p.PaidPartnership
		for _, h := range hashtags {
			sponsored = sponsored || disclosure[h]
		}
		for _, m := range mentions {
			sponsored = sponsored || brands[m] || competitors[m]
		}
		if !sponsored {
			continue
		}
		r.Sponsored++
		for _, m := range mentions {
			brandPosts[m]++
		}
	}
	if r.Posts > 0 {
		r.Share = float64(r.Sponsored) / float64(r.Posts)
	}
	for h, c := range brandPosts {
		r.Brands = append(r.Brands, BrandCount{h, c})
		if competitors[h] {
			r.Competitors = append(r.Competitors, BrandCount{h, c})
		}
	}
	sortCounts(r.Brands)
	sortCounts(r.Competitors)
	return r
}

func sortCounts(c []BrandCount) {
	slices.SortFunc(c, func(a, b BrandCount) int {
		if a.Posts != b.Posts {
			return b.Posts - a.Posts
		}
		return strings.Compare(a.Handle, b.Handle)
	})
}

func set(handles []string) map[string]bool {
	m := make(map[string]bool, len(handles))
	for _, h := range handles {
		m[normHandle(h)] = true
	}
	return m
}

func normHandle(h string) string {
	return strings.ToLower(strings.TrimLeft(strings.TrimSpace(h), "@#"))
}

// tokens returns the lowercased words that follow mark in text: hashtags
// for '#', mentions for '@'. Handles may hold letters, digits, '_' and '.',
// but not a trailing '.' (the end of a sentence).
func tokens(text string, mark rune) []string {
	var out []string
	rs := []rune(text)
	for i := 0; i < len(rs); i++ {
		if rs[i] != mark || (i > 0 && isHandleRune(rs[i-1])) {
			continue
		}
		j := i + 1
		for j < len(rs) && isHandleRune(rs[j]) {
			j++
		}
		w := strings.TrimRight(string(rs[i+1:j]), ".")
		if w != "" {
			out = append(out, strings.ToLower(w))
		}
		i = j - 1
	}
	return out
}

func isHandleRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' || r == '.'
}
