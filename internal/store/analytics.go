package store

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"time"

	"github.com/chorushq/chorus/internal/analytics"
)

// DefaultCreditModel names the default attribution model's rows in
// credit_days (code, else last click, else survey).
const DefaultCreditModel = "default"

// FactsFilter selects the collaborations a report covers; zero fields do not
// filter, so the zero value is the whole workspace.
type FactsFilter struct {
	CampaignID int64
	CreatorID  int64
	// Campaigns and Collaborations, when given, restrict to these.
	Campaigns      []int64
	Collaborations []int64
	// Model is the attribution model whose credit counts; "" is the default.
	Model string
	// NoPosts leaves the posts out, for callers that read only clicks,
	// orders, revenue and cost (the dashboard).
	NoPosts bool
}

func (f FactsFilter) where(args *[]any) string {
	q := ""
	if f.CampaignID > 0 {
		q += ` AND k.campaign_id = ?`
		*args = append(*args, f.CampaignID)
	}
	if f.CreatorID > 0 {
		q += ` AND k.creator_id = ?`
		*args = append(*args, f.CreatorID)
	}
	for _, in := range []struct {
		col string
		ids []int64
	}{{"k.campaign_id", f.Campaigns}, {"k.id", f.Collaborations}} {
		if len(in.ids) == 0 {
			continue
		}
		q += ` AND ` + in.col + ` IN (` + placeholders(len(in.ids)) + `)`
		for _, id := range in.ids {
			*args = append(*args, id)
		}
	}
	return q
}

func (f FactsFilter) model() string {
	if f.Model == "" {
		return DefaultCreditModel
	}
	return f.Model
}

// ReportFacts loads what analytics.Build needs, from the rollups only: the
// collaborations with their terms, human clicks summed from click_days,
// credit summed from credit_days (in each campaign's currency), and each
// post's latest snapshot. Four queries, whatever the number of rows.
func (db *DB) ReportFacts(ctx context.Context, ws int64, f FactsFilter) ([]analytics.Collaboration, []analytics.Post, error) {
	args := []any{ws}
	where := f.where(&args)
	var ks []struct {
		ID                 int64  `db:"id"`
		CampaignID         int64  `db:"campaign_id"`
		Campaign           string `db:"campaign"`
		CreatorID          int64  `db:"creator_id"`
		Creator            string `db:"creator"`
		VariantID          int64  `db:"variant_id"`
		Variant            string `db:"variant"`
		Followers          int64  `db:"followers"`
		FeeMinor           int64  `db:"fee_minor"`
		SeedingMinor       int64  `db:"seeding_minor"`
		AmplificationMinor int64  `db:"amplification_minor"`
		CommissionBps      int64  `db:"commission_bps"`
	}
	err := db.sel(ctx, db.reader(), &ks, `SELECT k.id, k.campaign_id, p.name AS campaign, k.creator_id, c.name AS creator,
		COALESCE(k.variant_id, 0) AS variant_id, COALESCE(v.name, '') AS variant,
		COALESCE((SELECT MAX(a.followers) FROM accounts a WHERE a.creator_id = k.creator_id), 0) AS followers,
		k.fee_minor, k.seeding_minor, k.amplification_minor, k.commission_bps
		FROM collaborations k JOIN creators c ON c.id = k.creator_id JOIN campaigns p ON p.id = k.campaign_id
		LEFT JOIN variants v ON v.id = k.variant_id
		WHERE k.workspace_id = ?`+where+` ORDER BY k.campaign_id, k.id`, args...)
	if err != nil {
		return nil, nil, fmt.Errorf("report collaborations: %w", err)
	}
	out := make([]analytics.Collaboration, len(ks))
	idx := make(map[int64]int, len(ks))
	for i, k := range ks {
		out[i] = analytics.Collaboration{ID: k.ID, CampaignID: k.CampaignID, Campaign: k.Campaign, CreatorID: k.CreatorID,
			Creator: k.Creator, VariantID: k.VariantID, Variant: k.Variant, Followers: k.Followers,
			Terms: analytics.Terms{FeeMinor: k.FeeMinor, SeedingMinor: k.SeedingMinor, AmplificationMinor: k.AmplificationMinor,
				CommissionBps: k.CommissionBps}}
		idx[k.ID] = i
	}

	var clicks []struct {
		ID     int64 `db:"collaboration_id"`
		Humans int64 `db:"humans"`
	}
	if err := db.sel(ctx, db.reader(), &clicks, `SELECT l.collaboration_id, CAST(SUM(d.humans) AS BIGINT) AS humans
		FROM collaborations k CROSS JOIN links l CROSS JOIN click_days d
		WHERE l.workspace_id = k.workspace_id AND l.collaboration_id = k.id AND d.link_id = l.id
		AND k.workspace_id = ?`+where+` GROUP BY l.collaboration_id`, args...); err != nil {
		return nil, nil, fmt.Errorf("report clicks: %w", err)
	}
	for _, c := range clicks {
		if i, ok := idx[c.ID]; ok {
			out[i].Clicks = c.Humans
		}
	}

	var credit []struct {
		ID           int64   `db:"collaboration_id"`
		Conversions  float64 `db:"conversions"`
		Revenue      int64   `db:"revenue"`
		NewCustomers float64 `db:"new_customers"`
	}
	if err := db.sel(ctx, db.reader(), &credit, `SELECT cd.collaboration_id, SUM(cd.conversions) AS conversions,
		CAST(SUM(cd.revenue_minor) AS BIGINT) AS revenue, SUM(cd.new_customers) AS new_customers
		FROM collaborations k CROSS JOIN campaigns p CROSS JOIN credit_days cd
		WHERE p.id = k.campaign_id AND cd.workspace_id = k.workspace_id AND cd.collaboration_id = k.id
		AND k.workspace_id = ?`+where+` AND cd.model = ? AND cd.currency = p.currency
		GROUP BY cd.collaboration_id`, append(args, f.model())...); err != nil {
		return nil, nil, fmt.Errorf("report credit: %w", err)
	}
	for _, c := range credit {
		if i, ok := idx[c.ID]; ok {
			// Multi-touch models give fractions of orders; reports count
			// whole ones.
			out[i].Orders = int64(math.Round(c.Conversions))
			out[i].Revenue = c.Revenue
			out[i].NewCustomers = int64(math.Round(c.NewCustomers))
		}
	}

	if f.NoPosts {
		return out, nil, nil
	}
	posts, err := db.latestPosts(ctx, where, args)
	if err != nil {
		return nil, nil, err
	}
	return out, posts, nil
}

func (db *DB) latestPosts(ctx context.Context, where string, args []any) ([]analytics.Post, error) {
	var rows []struct {
		ID              int64  `db:"id"`
		CollaborationID int64  `db:"collaboration_id"`
		Platform        string `db:"platform"`
		URL             string `db:"url"`
		PublishedAt     int64  `db:"published_at"`
		Followers       int64  `db:"followers"`
		Classified      int64  `db:"classified"`
		Genuine         int64  `db:"genuine"`
		snapshotRow
	}
	// The latest snapshot of each post through the (post_id, at) index:
	// one index probe a post.
	err := db.sel(ctx, db.reader(), &rows, `SELECT p.id, p.collaboration_id, p.platform, p.url, p.published_at,
		COALESCE(a.followers, 0) AS followers, COALESCE(s.post_id, p.id) AS post_id, COALESCE(s.at, 0) AS at,
		s.views, s.impressions, s.reach, s.likes, s.comments, s.saves, s.shares, s.watch_time_s, s.completion_rate, s.link_clicks,
		(SELECT COUNT(*) FROM comments cm JOIN comment_verdicts v ON v.comment_id = cm.id WHERE cm.post_id = p.id) AS classified,
		(SELECT COUNT(*) FROM comments cm JOIN comment_verdicts v ON v.comment_id = cm.id WHERE cm.post_id = p.id AND v.label = 'genuine') AS genuine
		FROM collaborations k CROSS JOIN posts p JOIN accounts a ON a.id = p.account_id
		LEFT JOIN post_snapshots s ON s.id = (SELECT s2.id FROM post_snapshots s2 WHERE s2.post_id = p.id ORDER BY s2.at DESC, s2.id DESC LIMIT 1)
		WHERE p.workspace_id = k.workspace_id AND p.collaboration_id = k.id AND k.workspace_id = ?`+where+`
		ORDER BY p.published_at, p.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("report posts: %w", err)
	}
	v := func(p *int64) int64 {
		if p == nil {
			return 0
		}
		return *p
	}
	out := make([]analytics.Post, len(rows))
	for i, r := range rows {
		out[i] = analytics.Post{ID: r.ID, CollaborationID: r.CollaborationID, Platform: r.Platform, URL: r.URL,
			PublishedAt: time.Unix(r.PublishedAt, 0).UTC(), Followers: r.Followers, Views: v(r.Views),
			Impressions: v(r.Impressions), Reach: v(r.Reach), Likes: v(r.Likes), Comments: v(r.Comments), Saves: v(r.Saves),
			Shares: v(r.Shares), WatchTimeS: v(r.WatchTimeS), LinkClicks: v(r.LinkClicks), CommentsClassified: r.Classified,
			CommentsGenuine: r.Genuine}
		if r.CompletionRate != nil {
			out[i].Completion, out[i].HasCompletion = *r.CompletionRate, true
		}
	}
	return out, nil
}

// Day is one collaboration's human clicks, orders and revenue on one UTC day.
type Day struct {
	CollaborationID int64
	Day             time.Time
	Clicks, Orders  int64
	Revenue         int64
}

// ReportDays lists clicks (from click_days) and credit (from credit_days)
// per collaboration and day, oldest first: the time series of creators.
func (db *DB) ReportDays(ctx context.Context, ws int64, f FactsFilter) ([]Day, error) {
	return db.days(ctx, ws, f, "collaboration_id")
}

// ReportDayTotals is ReportDays summed over the collaborations, one row a
// day (CollaborationID 0): a year is 365 rows however many creators.
func (db *DB) ReportDayTotals(ctx context.Context, ws int64, f FactsFilter) ([]Day, error) {
	return db.days(ctx, ws, f, "0")
}

// days groups by day and by key, a column of the union or a constant.
func (db *DB) days(ctx context.Context, ws int64, f FactsFilter, key string) ([]Day, error) {
	args := []any{ws}
	where := f.where(&args)
	var rows []struct {
		ID          int64   `db:"collaboration_id"`
		Day         int64   `db:"day"`
		Clicks      int64   `db:"clicks"`
		Conversions float64 `db:"conversions"`
		Revenue     int64   `db:"revenue"`
	}
	group, order := "day", "day"
	if key != "0" {
		group, order = key+", day", "day, "+key
	}
	err := db.sel(ctx, db.reader(), &rows, `SELECT `+key+` AS collaboration_id, day, CAST(SUM(clicks) AS BIGINT) AS clicks,
		SUM(conversions) AS conversions, CAST(SUM(revenue) AS BIGINT) AS revenue FROM (
		SELECT l.collaboration_id, d.day, d.humans AS clicks, CAST(0 AS DOUBLE PRECISION) AS conversions, CAST(0 AS BIGINT) AS revenue
			FROM collaborations k CROSS JOIN links l CROSS JOIN click_days d
			WHERE l.workspace_id = k.workspace_id AND l.collaboration_id = k.id AND d.link_id = l.id AND k.workspace_id = ?`+where+`
		UNION ALL
		SELECT cd.collaboration_id, cd.day, 0, cd.conversions, cd.revenue_minor
			FROM collaborations k CROSS JOIN campaigns p CROSS JOIN credit_days cd
			WHERE p.id = k.campaign_id AND cd.workspace_id = k.workspace_id AND cd.collaboration_id = k.id
			AND k.workspace_id = ?`+where+` AND cd.model = ? AND cd.currency = p.currency
		) u GROUP BY `+group+` ORDER BY `+order, append(append(append([]any{}, args...), args...), f.model())...)
	if err != nil {
		return nil, fmt.Errorf("report days: %w", err)
	}
	out := make([]Day, len(rows))
	for i, r := range rows {
		out[i] = Day{CollaborationID: r.ID, Day: time.Unix(r.Day, 0).UTC(), Clicks: r.Clicks,
			Orders: int64(math.Round(r.Conversions)), Revenue: r.Revenue}
	}
	return out, nil
}

// OrderValues lists the net value (total less refunds) of every order the
// default model credited to each collaboration of a campaign, for the revenue
// per click comparison of its variants.
func (db *DB) OrderValues(ctx context.Context, ws, campaignID int64) (map[int64][]int64, error) {
	var rows []struct {
		ID    int64 `db:"collaboration_id"`
		Value int64 `db:"value"`
	}
	if err := db.sel(ctx, db.reader(), &rows, `SELECT o.collaboration_id, o.total_minor - o.refunded_minor AS value
		FROM orders o JOIN collaborations k ON k.id = o.collaboration_id JOIN campaigns p ON p.id = k.campaign_id
		WHERE o.workspace_id = ? AND k.campaign_id = ? AND o.currency = p.currency AND NOT o.test`, ws, campaignID); err != nil {
		return nil, fmt.Errorf("order values of campaign %d: %w", campaignID, err)
	}
	out := map[int64][]int64{}
	for _, r := range rows {
		out[r.ID] = append(out[r.ID], r.Value)
	}
	return out, nil
}

// DayCount is a count on one UTC day.
type DayCount struct {
	Day   time.Time
	Count float64
}

// DailyOrders counts the workspace's orders in currency per UTC day from
// from to to (inclusive days), attributed or not, from credit_days under
// model (each order's credit sums to one there, unattributed orders on
// collaboration 0). Days without orders are zero: every day is listed.
func (db *DB) DailyOrders(ctx context.Context, ws int64, currency, model string, from, to time.Time) ([]DayCount, error) {
	if model == "" {
		model = DefaultCreditModel
	}
	lo, hi := dayOf(from.Unix()), dayOf(to.Unix())
	var rows []struct {
		Day    int64   `db:"day"`
		Orders float64 `db:"orders"`
	}
	if err := db.sel(ctx, db.reader(), &rows, `SELECT day, SUM(conversions) AS orders FROM credit_days
		WHERE workspace_id = ? AND model = ? AND currency = ? AND day >= ? AND day <= ? GROUP BY day`,
		ws, model, currency, lo, hi); err != nil {
		return nil, fmt.Errorf("daily orders: %w", err)
	}
	got := make(map[int64]float64, len(rows))
	for _, r := range rows {
		got[r.Day] = r.Orders
	}
	var out []DayCount
	for d := lo; d <= hi; d += 86400 {
		out = append(out, DayCount{Day: time.Unix(d, 0).UTC(), Count: got[d]})
	}
	return out, nil
}

// SetHoldouts replaces the regions a campaign holds back.
func (tx *Tx) SetHoldouts(ctx context.Context, ws, campaignID int64, regions []string) error {
	var n int
	if err := tx.db.get(ctx, tx.q, &n, `SELECT COUNT(*) FROM campaigns WHERE id = ? AND workspace_id = ?`, campaignID, ws); err != nil {
		return err
	}
	if n == 0 {
		return fmt.Errorf("campaign %d: %w", campaignID, ErrNotFound)
	}
	if _, err := tx.db.exec(ctx, tx.q, `DELETE FROM campaign_holdouts WHERE campaign_id = ? AND workspace_id = ?`, campaignID, ws); err != nil {
		return fmt.Errorf("clear holdouts of campaign %d: %w", campaignID, err)
	}
	now := tx.db.Now().Unix()
	rows := make([][]any, 0, len(regions))
	seen := map[string]bool{}
	for _, r := range regions {
		if seen[r] {
			continue
		}
		seen[r] = true
		rows = append(rows, []any{ws, campaignID, r, now})
	}
	return tx.BulkInsert(ctx, "campaign_holdouts", []string{"workspace_id", "campaign_id", "region", "created_at"}, rows)
}

// Holdouts lists the regions a campaign holds back, sorted.
func (db *DB) Holdouts(ctx context.Context, ws, campaignID int64) ([]string, error) {
	var out []string
	if err := db.sel(ctx, db.reader(), &out, `SELECT region FROM campaign_holdouts WHERE workspace_id = ? AND campaign_id = ? ORDER BY region`,
		ws, campaignID); err != nil {
		return nil, fmt.Errorf("holdouts of campaign %d: %w", campaignID, err)
	}
	return out, nil
}

// BrandPosts lists every post of the workspace published in [from, to] with
// its caption, creator, collaboration and campaign (0 when none), the latest
// snapshot's reach and engagements, and the account's followers: what
// surround sound and share of voice filter by caption.
func (db *DB) BrandPosts(ctx context.Context, ws int64, from, to time.Time) ([]analytics.Mention, error) {
	var rows []struct {
		ID          int64  `db:"id"`
		AccountID   int64  `db:"account_id"`
		CreatorID   int64  `db:"creator_id"`
		CollabID    int64  `db:"collaboration_id"`
		CampaignID  int64  `db:"campaign_id"`
		PublishedAt int64  `db:"published_at"`
		Caption     string `db:"caption"`
		Reach       int64  `db:"reach"`
		Followers   int64  `db:"followers"`
		Engagements int64  `db:"engagements"`
	}
	err := db.sel(ctx, db.reader(), &rows, `SELECT p.id, p.account_id, a.creator_id, COALESCE(p.collaboration_id, 0) AS collaboration_id,
		COALESCE(k.campaign_id, 0) AS campaign_id, p.published_at, p.caption, COALESCE(s.reach, 0) AS reach,
		COALESCE(a.followers, 0) AS followers,
		COALESCE(s.likes, 0) + COALESCE(s.comments, 0) + COALESCE(s.saves, 0) + COALESCE(s.shares, 0) AS engagements
		FROM posts p JOIN accounts a ON a.id = p.account_id LEFT JOIN collaborations k ON k.id = p.collaboration_id
		LEFT JOIN post_snapshots s ON s.id = (SELECT s2.id FROM post_snapshots s2 WHERE s2.post_id = p.id ORDER BY s2.at DESC, s2.id DESC LIMIT 1)
		WHERE p.workspace_id = ? AND p.published_at >= ? AND p.published_at <= ? ORDER BY p.published_at, p.id`,
		ws, from.Unix(), to.Unix())
	if err != nil {
		return nil, fmt.Errorf("posts from %s to %s: %w", from.Format(time.DateOnly), to.Format(time.DateOnly), err)
	}
	out := make([]analytics.Mention, len(rows))
	for i, r := range rows {
		out[i] = analytics.Mention{PostID: r.ID, AccountID: r.AccountID, CreatorID: r.CreatorID, CollaborationID: r.CollabID,
			CampaignID: r.CampaignID, PublishedAt: time.Unix(r.PublishedAt, 0).UTC(), Caption: r.Caption, Reach: r.Reach,
			Followers: r.Followers, Engagements: r.Engagements}
	}
	return out, nil
}

// FollowerSamples loads the sampled followers' handles (the profiles'
// username) and the follower counts of the accounts.
func (db *DB) FollowerSamples(ctx context.Context, ws int64, accountIDs []int64) (analytics.Samples, error) {
	s := analytics.Samples{Handles: map[int64][]string{}, Followers: map[int64]int64{}}
	for start := 0; start < len(accountIDs); start += 500 {
		chunk := accountIDs[start:min(start+500, len(accountIDs))]
		args := []any{ws}
		for _, id := range chunk {
			args = append(args, id)
		}
		var rows []struct {
			AccountID int64  `db:"account_id"`
			Profile   string `db:"profile"`
		}
		if err := db.sel(ctx, db.reader(), &rows, `SELECT account_id, profile FROM follower_samples WHERE workspace_id = ? AND account_id IN (`+
			placeholders(len(chunk))+`)`, args...); err != nil {
			return s, fmt.Errorf("follower samples: %w", err)
		}
		for _, r := range rows {
			var p struct {
				Username string `json:"username"`
			}
			if json.Unmarshal([]byte(r.Profile), &p) == nil && p.Username != "" {
				s.Handles[r.AccountID] = append(s.Handles[r.AccountID], p.Username)
			}
		}
		var fs []struct {
			ID        int64 `db:"id"`
			Followers int64 `db:"followers"`
		}
		if err := db.sel(ctx, db.reader(), &fs, `SELECT id, COALESCE(followers, 0) AS followers FROM accounts WHERE workspace_id = ? AND id IN (`+
			placeholders(len(chunk))+`)`, args...); err != nil {
			return s, fmt.Errorf("follower counts: %w", err)
		}
		for _, f := range fs {
			s.Followers[f.ID] = f.Followers
		}
	}
	return s, nil
}

// JourneyGroup is the orders whose buyers were touched by one creator of a
// campaign (Creators 1) or by two or more (Creators 2).
type JourneyGroup struct {
	Creators int   `json:"creators"`
	Orders   int64 `json:"orders"`
	Revenue  int64 `json:"revenue_minor"` // net of refunds
}

// JourneyReach groups a campaign's orders by how many of its collaborations
// touched the buyer's journey (clicks, codes, survey answers).
func (db *DB) JourneyReach(ctx context.Context, ws, campaignID int64) ([]JourneyGroup, error) {
	var rows []JourneyGroup
	err := db.sel(ctx, db.reader(), &rows, `SELECT CASE WHEN n >= 2 THEN 2 ELSE 1 END AS creators, COUNT(*) AS orders,
		CAST(COALESCE(SUM(value), 0) AS BIGINT) AS revenue FROM (
		SELECT t.order_id, COUNT(DISTINCT t.collaboration_id) AS n, MAX(o.total_minor - o.refunded_minor) AS value
		FROM order_touches t JOIN collaborations k ON k.id = t.collaboration_id JOIN orders o ON o.id = t.order_id
		WHERE t.workspace_id = ? AND k.workspace_id = ? AND k.campaign_id = ? AND NOT o.test GROUP BY t.order_id
		) x GROUP BY CASE WHEN n >= 2 THEN 2 ELSE 1 END ORDER BY creators`, ws, ws, campaignID)
	if err != nil {
		return nil, fmt.Errorf("journeys of campaign %d: %w", campaignID, err)
	}
	return rows, nil
}
