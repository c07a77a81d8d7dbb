package engagement

import (
	"slices"
	"strings"
)

// PodParams tune Pods; a zero field takes its default.
type PodParams struct {
	// FirstK is how many of each post's first commenters are looked at.
	// Default 5.
	FirstK int `json:"first_k"`
	// MinShare is the share of posts an account must comment early on to
	// be a regular. Default 0.6.
	MinShare float64 `json:"min_share"`
	// MinMembers is how many regulars make a pod; one or two (a partner,
	// a best friend) do not. Default 3.
	MinMembers int `json:"min_members"`
	// MaxMembers caps the reported set: a pod is a small set. Default 10.
	MaxMembers int `json:"max_members"`
	// MinPosts is how many posts are needed to judge. Default 5.
	MinPosts int `json:"min_posts"`
}

func (p PodParams) withDefaults() PodParams {
	if p.FirstK == 0 {
		p.FirstK = 5
	}
	if p.MinShare == 0 {
		p.MinShare = 0.6
	}
	if p.MinMembers == 0 {
		p.MinMembers = 3
	}
	if p.MaxMembers == 0 {
		p.MaxMembers = 10
	}
	if p.MinPosts == 0 {
		p.MinPosts = 5
	}
	return p
}

// PodMember is an account that comments early on many posts.
type PodMember struct {
	Account string  `json:"account"`
	Posts   int     `json:"posts"`
	Share   float64 `json:"share"`
}

// PodReport is the result of Pods.
type PodReport struct {
	Posts   int         `json:"posts"`
	Members []PodMember `json:"members"`
	Flagged bool        `json:"flagged"`
}

// Pods looks for an engagement pod: the same small set of accounts among
// the first commenters of most posts. firstCommenters holds, per post, the
// accounts of its comments in order of arrival. An account is a regular
// when it is among the first FirstK commenters on at least MinShare of the
// posts; the creator is flagged when at least MinMembers accounts are
// regulars over at least MinPosts posts. Members lists the regulars, most
// frequent first, at most MaxMembers of them.
func Pods(firstCommenters [][]string, p PodParams) PodReport {
	p = p.withDefaults()
	counts := make(map[string]int)
	for _, post := range firstCommenters {
		seen := make(map[string]bool, p.FirstK)
		for _, a := range post {
			if len(seen) == p.FirstK {
				break
			}
			a = strings.ToLower(strings.TrimPrefix(strings.TrimSpace(a), "@"))
			if a == "" || seen[a] {
				continue
			}
			seen[a] = true
			counts[a]++
		}
	}
	r := PodReport{Posts: len(firstCommenters)}
	if r.Posts == 0 {
		return r
	}
	for a, n := range counts {
		share := float64(n) / float64(r.Posts)
		if share >= p.MinShare {
			r.Members = append(r.Members, PodMember{a, n, share})
		}
	}
	slices.SortFunc(r.Members, func(a, b PodMember) int {
		if a.Posts != b.Posts {
			return b.Posts - a.Posts
		}
		return strings.Compare(a.Account, b.Account)
	})
	r.Flagged = r.Posts >= p.MinPosts && len(r.Members) >= p.MinMembers
	if len(r.Members) > p.MaxMembers {
		r.Members = r.Members[:p.MaxMembers]
	}
	return r
}
