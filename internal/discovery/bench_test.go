package discovery_test

import (
	"encoding/json"
	"testing"

	"github.com/chorushq/chorus/internal/discovery"
	"github.com/chorushq/chorus/internal/engagement"
	"github.com/chorushq/chorus/internal/sim"
	"github.com/chorushq/chorus/internal/store"
)

// simData turns the first n main accounts of a simulated world into what a
// vetting run reads from the store, with samples and comments when full.
func simData(tb testing.TB, n int, full bool) []discovery.AccountData {
	tb.Helper()
	cfg := sim.DefaultConfig()
	cfg.Creators = n
	w, err := sim.New(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	var out []discovery.AccountData
	var id int64
	next := func() int64 { id++; return id }
	for c := range w.Creators() {
		a := c.Accounts[0]
		followers, following, media := a.FollowerCount, a.FollowingCount, a.MediaCount
		d := discovery.AccountData{Account: store.VetAccount{ID: next(), CreatorID: int64(c.Index + 1), Name: c.Name,
			Platform: string(a.Platform), Handle: a.Username, Followers: &followers, Following: &following, MediaCount: &media,
			Biography: a.Biography, HasProfilePic: &a.HasProfilePic, IsPrivate: &a.IsPrivate}}
		if full {
			for p := range w.Posts(a) {
				if len(p.Snapshots) == 0 {
					continue
				}
				s := p.Snapshots[len(p.Snapshots)-1]
				pm := store.PostMetrics{ID: next(), AccountID: d.Account.ID, Caption: p.Caption, Sponsored: p.Sponsored,
					PublishedAt: p.PublishedAt.Unix(), Likes: engagement.Count(s.Likes), Comments: engagement.Count(s.Comments),
					Saves: engagement.Count(s.Saves), Shares: engagement.Count(s.Shares)}
				if s.Views > 0 {
					pm.Views = engagement.Count(s.Views)
				}
				d.Posts = append([]store.PostMetrics{pm}, d.Posts...)
				if len(d.Posts) <= engagement.DefaultRecent {
					for cm := range w.Comments(p) {
						d.Comments = append(d.Comments, store.StoredComment{ID: next(), PostID: pm.ID, Author: cm.Author,
							Text: cm.Text, CreatedAt: cm.CreatedAt.Unix()})
					}
				}
			}
			for f := range w.Followers(a) {
				b, _ := json.Marshal(f.Profile)
				d.Samples = append(d.Samples, store.FollowerSample{ID: next(), AccountID: d.Account.ID, Profile: string(b)})
			}
			for _, h := range w.FollowerHistory(a) {
				d.History = append(d.History, store.FollowerCount{At: h.At, Followers: h.Followers})
			}
		}
		out = append(out, d)
	}
	return out
}

// BenchmarkAssess is one fully loaded account: posts, follower samples,
// comments and follower history.
func BenchmarkAssess(b *testing.B) {
	m, err := discovery.LoadModels()
	if err != nil {
		b.Fatal(err)
	}
	data := simData(b, 50, true)
	th := engagement.DefaultThresholds()
	i := 0
	for b.Loop() {
		discovery.Assess(m, th, data[i%len(data)])
		i++
	}
}

// BenchmarkAssessProfile is the million-creator path: a profile without
// posts, samples or comments.
func BenchmarkAssessProfile(b *testing.B) {
	m, err := discovery.LoadModels()
	if err != nil {
		b.Fatal(err)
	}
	data := simData(b, 1000, false)
	th := engagement.DefaultThresholds()
	i := 0
	for b.Loop() {
		discovery.Assess(m, th, data[i%len(data)])
		i++
	}
}

// TestAssessSim runs the assessment over simulated accounts: every one posts
// and has a follower sample, so every one gets an ER and an audience, and
// every sample and comment gets a verdict.
func TestAssessSim(t *testing.T) {
	m, err := discovery.LoadModels()
	if err != nil {
		t.Fatal(err)
	}
	data := simData(t, 40, true)
	th := engagement.DefaultThresholds()
	withER, withAudience := 0, 0
	for _, d := range data {
		as, fvs, cvs := discovery.Assess(m, th, d)
		if as.ER != nil {
			withER++
		}
		if as.Audience != nil {
			withAudience++
			if as.Audience.N != len(d.Samples) || len(fvs) != len(d.Samples) {
				t.Errorf("%s: %d samples scored of %d", d.Account.Handle, as.Audience.N, len(d.Samples))
			}
		}
		if len(cvs) != len(d.Comments) {
			t.Errorf("%s: %d comment verdicts for %d comments", d.Account.Handle, len(cvs), len(d.Comments))
		}
		if d.Account.Followers != nil && as.Tier != th.Tier(*d.Account.Followers) {
			t.Errorf("%s: tier %s", d.Account.Handle, as.Tier)
		}
	}
	// Every simulated account posts and has followers.
	if withER != len(data) || withAudience != len(data) {
		t.Errorf("ER for %d and audience for %d of %d accounts", withER, withAudience, len(data))
	}
}
