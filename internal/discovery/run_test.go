package discovery_test

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"testing"
	"time"

	"github.com/chorushq/chorus/internal/campaigns"
	"github.com/chorushq/chorus/internal/creators"
	"github.com/chorushq/chorus/internal/discovery"
	"github.com/chorushq/chorus/internal/engagement"
	"github.com/chorushq/chorus/internal/score"
	"github.com/chorushq/chorus/internal/store"
	"github.com/chorushq/chorus/internal/store/storetest"
	"github.com/chorushq/chorus/internal/vetting"
)

func i64(v int64) *int64 { return &v }

var t0 = time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)

var followerProfiles = []string{
	`{"platform":"instagram","username":"lena.bakes","full_name":"Lena Bauer","biography":"Baker in Berlin","has_profile_pic":true,"is_private":false,"media_count":240,"follower_count":610,"following_count":480}`,
	`{"platform":"instagram","username":"user83920174","full_name":"","biography":"","has_profile_pic":false,"is_private":false,"media_count":0,"follower_count":3,"following_count":7450}`,
	`{"platform":"instagram","username":"tom_runs","full_name":"Tom Reed","biography":"runner","has_profile_pic":true,"is_private":true,"media_count":55,"follower_count":230,"following_count":300}`,
	`not json`,
}

var commentTexts = []string{"Where can I buy this pan?", "😍😍😍", "check my profile for free followers!!! click link", "Made it last night, the crust was perfect"}

// world stores two creators: Ana (Instagram, 10,000 followers, three posts
// with counts, follower samples, comments, a follower history) and Bo
// (YouTube, 200,000 followers, nothing else).
func world(t *testing.T, f *storetest.Fixture) (ana, bo int64) {
	ctx := storetest.Ctx(t)
	ws := f.Workspace.ID
	storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error {
		a := creators.Creator{Name: "Ana Lima", NicheTags: creators.ParseTags("food baking"), Accounts: []creators.Account{{
			Platform: "instagram", Handle: "ana.bakes", Followers: i64(10_000), Following: i64(400), MediaCount: i64(300),
			Biography: "Sourdough and cast iron baking", Audience: creators.Audience{Country: map[string]float64{"US": 0.5, "BR": 0.3}},
		}}}
		if err := tx.CreateCreator(ctx, ws, &a); err != nil {
			return err
		}
		b := creators.Creator{Name: "Bo Tech", NicheTags: creators.ParseTags("tech"), Accounts: []creators.Account{{
			Platform: "youtube", Handle: "botech", Followers: i64(200_000), Biography: "Keyboards"}}}
		if err := tx.CreateCreator(ctx, ws, &b); err != nil {
			return err
		}
		ana, bo = a.ID, b.ID
		acc := a.Accounts[0].ID
		var comments []store.IngestComment
		for i, c := range commentTexts {
			comments = append(comments, store.IngestComment{Author: "fan" + string(rune('a'+i)), Text: c, CreatedAt: t0.Add(time.Duration(i) * time.Minute)})
		}
		posts := []store.IngestPost{
			{URL: "https://instagram.com/p/1", Caption: "Cast iron sourdough loaf #baking", PublishedAt: t0,
				Snapshots: []store.Snapshot{{At: t0.Add(time.Hour), Likes: i64(100), Comments: i64(1)}, {At: t0.Add(48 * time.Hour), Likes: i64(500), Comments: i64(20)}},
				Comments:  comments},
			{URL: "https://instagram.com/p/2", Caption: "Focaccia with rosemary", PublishedAt: t0.Add(-72 * time.Hour),
				Snapshots: []store.Snapshot{{At: t0, Likes: i64(300), Comments: i64(10)}}},
			{URL: "https://instagram.com/p/3", Caption: "Baking bread at home, step by step", PublishedAt: t0.Add(-144 * time.Hour),
				Snapshots: []store.Snapshot{{At: t0, Likes: i64(400), Comments: i64(30)}}},
		}
		if _, err := tx.AddPosts(ctx, ws, acc, posts); err != nil {
			return err
		}
		// Ana answered the first of her four comments: a reply rate of 1/4,
		// half of what scores full, pulls her reliability below 1.
		replies := []store.CommentReply{{PostURL: "https://instagram.com/p/1", Author: "fana", CreatedAt: t0, Replied: true, Delay: time.Hour}}
		for i := 1; i < len(commentTexts); i++ {
			replies = append(replies, store.CommentReply{PostURL: "https://instagram.com/p/1", Author: "fan" + string(rune('a'+i)), CreatedAt: t0.Add(time.Duration(i) * time.Minute)})
		}
		if _, err := tx.SetCommentReplies(ctx, ws, acc, replies); err != nil {
			return err
		}
		var raw []json.RawMessage
		for _, p := range followerProfiles[:3] {
			raw = append(raw, json.RawMessage(p))
		}
		if err := tx.AddFollowerSamples(ctx, ws, acc, raw); err != nil {
			return err
		}
		var hist []store.FollowerCount
		for d := range 10 {
			hist = append(hist, store.FollowerCount{At: t0.Add(time.Duration(d-10) * 24 * time.Hour), Followers: 9_900 + int64(d)*10})
		}
		return tx.AddFollowerCounts(ctx, ws, acc, hist)
	}))
	return ana, bo
}

func TestRun(t *testing.T) {
	models, err := discovery.LoadModels()
	if err != nil {
		t.Fatal(err)
	}
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		ctx := storetest.Ctx(t)
		ws := f.Workspace.ID
		ana, bo := world(t, f)
		v, err := discovery.NewVetter(f.DB)
		if err != nil {
			t.Fatal(err)
		}
		var steps []int64
		v.Progress = func(_ context.Context, done, total int64) { steps = append(steps, done, total) }
		v.Batch = 1 // a page per account, to cross page boundaries
		res, err := v.Run(ctx, ws)
		if err != nil {
			t.Fatal(err)
		}
		// Two accounts, two passes: 1/4, 2/4, 3/4, 4/4.
		want := []int64{1, 4, 2, 4, 3, 4, 4, 4}
		if len(steps) != len(want) {
			t.Fatalf("progress %v, want %v", steps, want)
		}
		for i := range want {
			if steps[i] != want[i] {
				t.Fatalf("progress %v, want %v", steps, want)
			}
		}
		if res.Accounts != 2 || res.WithER != 1 || res.Samples != 3 || res.Comments != 4 || res.Scored != 1 {
			t.Errorf("result %+v", res)
		}
		vets, err := f.DB.AccountVettingsOf(ctx, ws, []int64{ana, bo})
		if err != nil || len(vets) != 2 {
			t.Fatalf("vettings %v, %v", vets, err)
		}
		a, b := vets[0], vets[1]
		// Ana's ERs from the latest snapshots: (500+20)/10000 = 0.052,
		// (300+10)/10000 = 0.031, (400+30)/10000 = 0.043; median 0.043.
		if a.ER == nil || math.Abs(*a.ER-0.043) > 1e-12 || a.ERPosts != 3 || a.Tier != "micro" {
			t.Errorf("Ana: er %v posts %d tier %q", a.ER, a.ERPosts, a.Tier)
		}
		// One micro creator is below MinPeers (20): the percentile is
		// against the built-in Instagram benchmark.
		wantPct, _, ok := engagement.DefaultBenchmarks().Percentile("instagram", engagement.Micro, 0.043)
		if !ok || a.Percentile == nil || math.Abs(*a.Percentile-wantPct) > 1e-9 {
			t.Errorf("Ana percentile %v, want %v", a.Percentile, wantPct)
		}
		// Three samples scored by the model directly; the fourth profile
		// was never stored.
		real := 0
		for _, p := range followerProfiles[:3] {
			prof, err := vetting.ParseProfile([]byte(p))
			if err != nil {
				t.Fatal(err)
			}
			if !models.Accounts.Score(prof).Fake {
				real++
			}
		}
		if a.RealShare == nil || *a.RealShare != float64(real)/3 {
			t.Errorf("Ana real share %v, want %d/3", a.RealShare, real)
		}
		var as discovery.Assessment
		if err := json.Unmarshal([]byte(a.Detail), &as); err != nil {
			t.Fatal(err)
		}
		if as.Comments == nil || as.Comments.Sampled != 4 || as.Engagement == nil || as.Engagement.Against == "" {
			t.Errorf("Ana detail %+v", as)
		}
		// The stored comment verdicts are the model's.
		posts, _ := f.DB.LatestPostMetrics(ctx, ws, []int64{a.AccountID})
		verdicts, err := f.DB.CommentVerdicts(ctx, ws, []int64{posts[0].ID})
		if err != nil || len(verdicts) != 4 {
			t.Fatalf("verdicts %v, %v", verdicts, err)
		}
		for i, vd := range verdicts {
			cr := models.Comments.Classify(commentTexts[i])
			if vd.Label != cr.Label || vd.Intent != string(cr.Intent) || math.Abs(vd.PSpam-cr.PSpam) > 1e-12 {
				t.Errorf("comment %d: stored %+v, model %+v", i, vd, cr)
			}
		}
		// Bo: no posts, no ER; 200,000 followers is mid.
		if b.ER != nil || b.Tier != "mid" || b.Percentile != nil {
			t.Errorf("Bo: %+v", b)
		}
		// Search sees the figures and the words.
		hits, _, err := f.DB.SearchCreators(ctx, ws, store.SearchFilter{Text: "focaccia"})
		if err != nil || len(hits) != 1 || hits[0].CreatorID != ana || hits[0].Score == nil || hits[0].ER == nil {
			t.Errorf("search: %+v, %v", hits, err)
		}

		// The campaign-free explanation is the score search stored.
		ex, err := discovery.Explain(ctx, f.DB, ws, 0, []int64{ana, bo})
		if err != nil || len(ex) != 2 || hits[0].Score == nil || math.Abs(ex[0].Result.Score-*hits[0].Score) > 1e-9 || ex[1].Error == "" {
			t.Errorf("explain: %+v, %v", ex, err)
		}

		// A campaign score with its explanation.
		camp := campaigns.Campaign{Slug: "bread", Name: "Bread", Currency: "USD", Brief: campaigns.Brief{
			Keywords: []string{"sourdough", "baking"}, Description: "cast iron bread pans", TargetCountry: map[string]float64{"US": 1}}}
		storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error { return tx.CreateCampaign(ctx, ws, &camp) }))
		cs, err := discovery.ScoreCreator(ctx, f.DB, ws, camp.ID, ana)
		if err != nil || cs.Error != "" {
			t.Fatalf("score: %+v, %v", cs, err)
		}
		parts := map[score.Component]score.Part{}
		sum := 0.0
		for _, p := range cs.Result.Parts {
			parts[p.Component] = p
			sum += p.Points
		}
		if math.Abs(sum-cs.Result.Score) > 1e-9 || cs.Result.Score <= 0 || cs.Result.Score > 100 {
			t.Errorf("score %v, points sum %v", cs.Result.Score, sum)
		}
		// Audience fit: half the audience is in the US, the target is all
		// US: min(0.5, 1) = 0.5 on the only dimension both describe.
		if p := parts[score.AudienceFit]; !p.Present || math.Abs(p.Value-0.5) > 1e-9 {
			t.Errorf("audience part %+v", p)
		}
		for _, c := range []score.Component{score.NicheFit, score.Engagement, score.Authenticity, score.CommentQuality} {
			if p := parts[c]; !p.Present || len(p.Evidence) == 0 {
				t.Errorf("%s part %+v", c, p)
			}
		}
		if p := parts[score.Conversions]; p.Present {
			t.Errorf("conversions present without data: %+v", p)
		}
		// New weights change the score: all weight on audience gives 50.
		storetest.Must(t, discovery.SetCampaignConfig(ctx, f.DB, ws, camp.ID, score.Config{Weights: score.Weights{score.AudienceFit: 1}}))
		cs, err = discovery.ScoreCreator(ctx, f.DB, ws, camp.ID, ana)
		if err != nil || math.Abs(cs.Result.Score-50) > 1e-9 {
			t.Errorf("audience-only score %+v, %v", cs, err)
		}
		var inv *discovery.InvalidError
		if err := discovery.SetCampaignConfig(ctx, f.DB, ws, camp.ID, score.Config{Weights: score.Weights{"charisma": 1}}); !errors.As(err, &inv) {
			t.Errorf("unknown component: %v", err)
		}
		// With all weight on audience fit, Bo (no audience data) has no
		// score and is left out of the shortlist.
		list, err := discovery.Shortlist(ctx, f.DB, ws, camp.ID, 10)
		if err != nil || len(list) != 1 || list[0].CreatorID != ana {
			t.Errorf("shortlist %+v, %v", list, err)
		}
		// Another workspace cannot score Ana.
		other, _ := f.AddWorkspace(t, "other", "o@other.test")
		if _, err := discovery.ScoreCreator(ctx, f.DB, other.ID, camp.ID, ana); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("other workspace: %v", err)
		}
		// Running again replaces, not adds.
		if _, err := v.Run(ctx, ws); err != nil {
			t.Fatal(err)
		}
		if again, _ := f.DB.AccountVettingsOf(ctx, ws, []int64{ana, bo}); len(again) != 2 {
			t.Errorf("second run: %d rows", len(again))
		}
	})
}
