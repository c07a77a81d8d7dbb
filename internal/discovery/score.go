package discovery

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/chorushq/chorus/internal/campaigns"
	"github.com/chorushq/chorus/internal/creators"
	"github.com/chorushq/chorus/internal/engagement"
	"github.com/chorushq/chorus/internal/fit"
	"github.com/chorushq/chorus/internal/score"
	"github.com/chorushq/chorus/internal/store"
)

// CampaignConfig returns a campaign's score settings: the stored ones, or
// the defaults when none were saved.
func CampaignConfig(ctx context.Context, db *store.DB, ws, campaignID int64) (score.Config, error) {
	if _, err := db.Campaign(ctx, ws, campaignID); err != nil {
		return score.Config{}, err
	}
	raw, err := db.CampaignScoring(ctx, ws, campaignID)
	if errors.Is(err, store.ErrNotFound) {
		return score.Config{Weights: score.DefaultWeights()}, nil
	}
	if err != nil {
		return score.Config{}, err
	}
	var cfg score.Config
	if err := json.Unmarshal([]byte(raw), &cfg); err != nil {
		return score.Config{}, fmt.Errorf("score settings of campaign %d: %w", campaignID, err)
	}
	if cfg.Weights == nil {
		cfg.Weights = score.DefaultWeights()
	}
	return cfg, nil
}

// SetCampaignConfig checks and stores a campaign's score settings.
func SetCampaignConfig(ctx context.Context, db *store.DB, ws, campaignID int64, cfg score.Config) error {
	if cfg.Weights != nil {
		if err := cfg.Weights.Validate(); err != nil {
			return &InvalidError{Field: "weights", Err: err}
		}
	}
	b, err := json.Marshal(cfg)
	if err != nil {
		return err
	}
	return db.Tx(ctx, func(tx *store.Tx) error { return tx.SetCampaignScoring(ctx, ws, campaignID, string(b)) })
}

// InvalidError is bad input on one field.
type InvalidError struct {
	Field string
	Err   error
}

func (e *InvalidError) Error() string { return e.Field + ": " + e.Err.Error() }
func (e *InvalidError) Unwrap() error { return e.Err }

// CreatorScore is a creator's explained score for a campaign.
type CreatorScore struct {
	CreatorID  int64        `json:"creator_id"`
	Name       string       `json:"name"`
	CampaignID int64        `json:"campaign_id"`
	Account    string       `json:"account,omitempty"` // platform/handle the figures are from
	VettedAt   int64        `json:"vetted_at,omitempty"`
	Result     score.Result `json:"result"`
	// Error says why there is no score (never vetted, no data).
	Error string `json:"error,omitempty"`
}

// poolSize is how many creators the shortlist considers and the niche-fit
// index is built over: the best by campaign-free score plus the best text
// matches of the brief's keywords.
const poolSize = 300

// ScoreCreator scores one creator for a campaign with its explanation.
func ScoreCreator(ctx context.Context, db *store.DB, ws, campaignID, creatorID int64) (*CreatorScore, error) {
	if _, err := db.Creator(ctx, ws, creatorID); err != nil {
		return nil, err
	}
	c, cfg, pool, err := prepare(ctx, db, ws, campaignID)
	if err != nil {
		return nil, err
	}
	out, err := scoreAll(ctx, db, ws, c, cfg, []int64{creatorID}, append(pool, creatorID))
	if err != nil {
		return nil, err
	}
	return &out[0], nil
}

// Shortlist ranks the workspace's best candidates for a campaign, best
// first, at most limit of them; creators without a score are left out.
func Shortlist(ctx context.Context, db *store.DB, ws, campaignID int64, limit int) ([]CreatorScore, error) {
	c, cfg, pool, err := prepare(ctx, db, ws, campaignID)
	if err != nil {
		return nil, err
	}
	all, err := scoreAll(ctx, db, ws, c, cfg, pool, pool)
	if err != nil {
		return nil, err
	}
	out := all[:0]
	for _, s := range all {
		if s.Error == "" {
			out = append(out, s)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Result.Score != out[j].Result.Score {
			return out[i].Result.Score > out[j].Result.Score
		}
		return out[i].CreatorID < out[j].CreatorID
	})
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// Explain scores creators with their explanations: for a campaign when
// campaignID is not 0, else campaign-free (the default weights, without niche
// and audience fit, which need a brief), as search stores it.
func Explain(ctx context.Context, db *store.DB, ws, campaignID int64, ids []int64) ([]CreatorScore, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	if campaignID == 0 {
		return scoreAll(ctx, db, ws, nil, score.Config{}, ids, nil)
	}
	c, cfg, pool, err := prepare(ctx, db, ws, campaignID)
	if err != nil {
		return nil, err
	}
	return scoreAll(ctx, db, ws, c, cfg, ids, append(pool, ids...))
}

// prepare loads what scoring for a campaign needs: the campaign, its
// settings and the candidate pool.
func prepare(ctx context.Context, db *store.DB, ws, campaignID int64) (*campaigns.Campaign, score.Config, []int64, error) {
	c, err := db.Campaign(ctx, ws, campaignID)
	if err != nil {
		return nil, score.Config{}, nil, err
	}
	cfg, err := CampaignConfig(ctx, db, ws, campaignID)
	if err != nil {
		return nil, score.Config{}, nil, err
	}
	pool, err := candidates(ctx, db, ws, &c.Brief)
	return c, cfg, pool, err
}

// briefQuery is what niche fit looks for: the brief's keywords and hashtags,
// and its prose.
func briefQuery(b *campaigns.Brief) fit.Query {
	q := fit.Query{Keywords: append(append([]string{}, b.Keywords...), b.Hashtags...)}
	q.Description = strings.Join(append([]string{b.Product, b.Description}, b.KeyMessages...), " ")
	return q
}

// candidates are the creators a shortlist considers.
func candidates(ctx context.Context, db *store.DB, ws int64, b *campaigns.Brief) ([]int64, error) {
	seen := map[int64]bool{}
	var out []int64
	add := func(f store.SearchFilter) error {
		hits, _, err := db.SearchCreators(ctx, ws, f)
		if err != nil {
			return err
		}
		for _, h := range hits {
			if !seen[h.CreatorID] {
				seen[h.CreatorID] = true
				out = append(out, h.CreatorID)
			}
		}
		return nil
	}
	if err := add(store.SearchFilter{Limit: poolSize}); err != nil {
		return nil, err
	}
	q := briefQuery(b)
	for _, k := range q.Keywords {
		if err := add(store.SearchFilter{Text: k, Limit: poolSize / 4}); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// scoreAll scores ids for campaign c (nil: campaign-free), ranking niche fit
// over the words of corpus (which must include ids).
func scoreAll(ctx context.Context, db *store.DB, ws int64, c *campaigns.Campaign, cfg score.Config, ids, corpus []int64) ([]CreatorScore, error) {
	vets, err := db.AccountVettingsOf(ctx, ws, ids)
	if err != nil {
		return nil, err
	}
	main := map[int64]store.AccountVetting{}
	for _, v := range vets {
		if _, ok := main[v.CreatorID]; !ok { // largest account first
			main[v.CreatorID] = v
		}
	}
	accts := make([]int64, 0, len(main))
	for _, v := range main {
		accts = append(accts, v.AccountID)
	}
	replies, err := loadReplies(ctx, db, ws, accts)
	if err != nil {
		return nil, err
	}
	convs, err := loadConversions(ctx, db, ws)
	if err != nil {
		return nil, err
	}
	brief := &campaigns.Brief{}
	var campaignID int64
	if c != nil {
		brief, campaignID = &c.Brief, c.ID
	}
	q := briefQuery(brief)
	var ix *fit.Index
	if c != nil && (len(q.Keywords) > 0 || strings.TrimSpace(q.Description) != "") {
		docs, err := db.SearchDocs(ctx, ws, corpus)
		if err != nil {
			return nil, err
		}
		var ds []fit.Doc
		for id, body := range docs {
			ds = append(ds, fit.Doc{ID: strconv.FormatInt(id, 10), Bio: body})
		}
		sort.Slice(ds, func(i, j int) bool { return ds[i].ID < ds[j].ID })
		ix = fit.NewIndex(ds)
	}
	var sponsorPosts map[int64][]store.PostMetrics
	if len(brief.Competitors) > 0 {
		var accts []int64
		for _, v := range main {
			accts = append(accts, v.AccountID)
		}
		ps, err := db.LatestPostMetrics(ctx, ws, accts)
		if err != nil {
			return nil, err
		}
		sponsorPosts = map[int64][]store.PostMetrics{}
		for _, p := range ps {
			sponsorPosts[p.AccountID] = append(sponsorPosts[p.AccountID], p)
		}
	}
	target := fit.Audience{Countries: brief.TargetCountry, Ages: brief.TargetAge, Genders: brief.TargetGender}
	det := &details{db: db, ws: ws}
	out := make([]CreatorScore, len(ids))
	for i, id := range ids {
		cs := CreatorScore{CreatorID: id, CampaignID: campaignID}
		cr, err := db.Creator(ctx, ws, id)
		if err != nil {
			return nil, err
		}
		cs.Name = cr.Name
		v, ok := main[id]
		if !ok {
			cs.Error = "not vetted yet: run vetting for the workspace"
			out[i] = cs
			continue
		}
		cs.VettedAt = v.VettedAt
		as, err := det.assessment(ctx, v, cr)
		if err != nil {
			return nil, err
		}
		in := as.Inputs()
		applyHistory(&in, replies[v.AccountID], convs[id])
		if ix != nil {
			if m, ok := ix.Match(strconv.FormatInt(id, 10), q); ok {
				in.Niche = &m
			}
		}
		if a := accountOf(cr, v.AccountID); a != nil {
			cs.Account = a.Platform + "/" + a.Handle
			if c != nil {
				if am, ok, err := fit.AudienceFit(audienceOf(a.Audience), target, fit.DefaultAudienceWeights()); err == nil && ok {
					in.Audience = &am
				}
			}
		}
		if sponsorPosts != nil {
			sp := engagement.Sponsorship(enginePosts(sponsorPosts[v.AccountID]), engagement.DefaultRecent,
				engagement.SponsorshipRules{Competitors: brief.Competitors})
			if sp.Posts > 0 {
				in.Sponsorship = &sp
			}
		}
		r, err := score.Compute(in, cfg)
		if err != nil {
			cs.Error = err.Error()
		}
		cs.Result = r
		out[i] = cs
	}
	return out, nil
}

func audienceOf(a creators.Audience) fit.Audience {
	return fit.Audience{Countries: a.Country, Ages: a.Age, Genders: a.Gender}
}

// Replies and conversions change as comments sync and orders arrive, so
// they are read when scoring rather than stored with the vetting result.

// loadReplies tallies the reply status of the comments on the accounts'
// recent posts.
func loadReplies(ctx context.Context, db *store.DB, ws int64, accountIDs []int64) (map[int64]store.ReplyTally, error) {
	return db.ReplyTallies(ctx, ws, accountIDs, engagement.DefaultRecent)
}

// loadConversions reads the workspace's collaborations with clicks and
// turns them into each creator's conversion record, all sharing the
// workspace's baseline.
func loadConversions(ctx context.Context, db *store.DB, ws int64) (map[int64]*score.ConversionInput, error) {
	w, err := db.Workspace(ctx, ws)
	if err != nil {
		return nil, err
	}
	outs, err := db.CollaborationOutcomes(ctx, ws)
	if err != nil {
		return nil, err
	}
	return conversionInputs(outs, w.Currency), nil
}

// conversionInputs sums collaborations per creator. Only collaborations
// with human clicks count: orders per click means nothing without them.
// Cost and CPA are over the collaborations in the workspace's currency,
// since amounts in different currencies do not add up.
func conversionInputs(outs []store.CollaborationOutcome, currency string) map[int64]*score.ConversionInput {
	per := map[int64]*score.ConversionInput{}
	var cost int64
	var costOrders float64
	for _, o := range outs {
		if o.Clicks <= 0 {
			continue
		}
		c := per[o.CreatorID]
		if c == nil {
			c = &score.ConversionInput{}
			per[o.CreatorID] = c
		}
		c.Collaborations++
		c.Clicks += o.Clicks
		c.Orders += o.Orders
		if o.Currency == currency {
			k := o.Terms.Cost(o.Revenue)
			c.Cost += k
			c.Revenue += o.Revenue
			c.CostClicks += o.Clicks
			cost += k
			costOrders += o.Orders
		}
	}
	ids := make([]int64, 0, len(per))
	for id := range per {
		ids = append(ids, id)
	}
	slices.Sort(ids) // the same sums in the same order, to the last bit
	records := make([]score.ConversionRecord, len(ids))
	for i, id := range ids {
		records[i] = score.ConversionRecord{Clicks: per[id].Clicks, Orders: per[id].Orders}
	}
	b := score.NewConversionBaseline(records)
	b.Currency = currency
	if cost > 0 && costOrders > 0 {
		b.CPA = int64(math.Round(float64(cost) / costOrders))
	}
	for _, c := range per {
		c.Baseline = b
	}
	return per
}

// applyHistory adds a creator's replies and conversions to its inputs; a
// zero tally or a nil record leaves the part as it was.
func applyHistory(in *score.Inputs, replies store.ReplyTally, conv *score.ConversionInput) {
	if replies.Comments > 0 {
		var rel engagement.Reliability
		if in.Reliability != nil {
			rel = *in.Reliability
		}
		rel.SetReplies(replies.Comments, replies.Replied, replies.MedianDelay)
		in.Reliability = &rel
	}
	if conv != nil {
		in.Conversions = conv
	}
}
