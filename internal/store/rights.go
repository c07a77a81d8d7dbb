package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/chorushq/chorus/internal/campaigns"
)

// Channels where a brand may reuse a creator's content.
const (
	ChannelPaidSocial   = "paid_social"
	ChannelWhitelisting = "whitelisting" // ads run from the creator's own handle
	ChannelLanding      = "landing_pages"
	ChannelEmail        = "email"
	ChannelProductPages = "product_pages"
	ChannelRetargeting  = "retargeting"
)

// RightsChannels lists the channels in display order.
var RightsChannels = []string{ChannelPaidSocial, ChannelWhitelisting, ChannelLanding, ChannelEmail, ChannelProductPages, ChannelRetargeting}

// paidChannels are the channels that allow turning a post into an ad.
var paidChannels = []string{ChannelPaidSocial, ChannelWhitelisting, ChannelRetargeting}

// UsageRight is the right to reuse one asset: an approved draft or a post.
type UsageRight struct {
	ID              int64     `json:"id"`
	CollaborationID int64     `json:"collaboration_id"`
	DraftID         *int64    `json:"draft_id,omitempty"`
	PostID          *int64    `json:"post_id,omitempty"`
	Channels        []string  `json:"channels"`
	Territory       string    `json:"territory"`
	StartsAt        time.Time `json:"starts_at"`
	EndsAt          time.Time `json:"ends_at"`
	Exclusive       bool      `json:"exclusive"`
	FeeMinor        int64     `json:"fee_minor"`
	Currency        string    `json:"currency"`
	CreatedAt       time.Time `json:"created_at"`
	// Read-only, for lists.
	CreatorName  string `json:"creator_name,omitempty"`
	CampaignName string `json:"campaign_name,omitempty"`
	Asset        string `json:"asset,omitempty"`
}

// Validate checks a right, filling defaults, and returns every problem.
func (u *UsageRight) Validate() []campaigns.FieldError {
	var errs []campaigns.FieldError
	if (u.DraftID == nil) == (u.PostID == nil) {
		errs = append(errs, campaigns.FieldError{Field: "asset", Msg: "choose one approved draft or one post"})
	}
	if len(u.Channels) == 0 {
		errs = append(errs, campaigns.FieldError{Field: "channels", Msg: "choose at least one channel"})
	}
	for _, c := range u.Channels {
		if !slices.Contains(RightsChannels, c) {
			errs = append(errs, campaigns.FieldError{Field: "channels", Msg: fmt.Sprintf("%q is not one of %s", c, strings.Join(RightsChannels, ", "))})
		}
	}
	u.Territory = strings.TrimSpace(u.Territory)
	if u.Territory == "" {
		u.Territory = "worldwide"
	}
	if u.StartsAt.IsZero() {
		errs = append(errs, campaigns.FieldError{Field: "starts_at", Msg: "is required"})
	}
	if u.EndsAt.IsZero() {
		errs = append(errs, campaigns.FieldError{Field: "ends_at", Msg: "is required"})
	} else if !u.EndsAt.After(u.StartsAt) {
		errs = append(errs, campaigns.FieldError{Field: "ends_at", Msg: "must be after starts_at"})
	}
	if u.FeeMinor < 0 {
		errs = append(errs, campaigns.FieldError{Field: "fee", Msg: "must not be negative"})
	}
	return errs
}

// Active reports whether the right holds at t.
func (u *UsageRight) Active(t time.Time) bool { return !t.Before(u.StartsAt) && t.Before(u.EndsAt) }

// Allows reports whether the right covers channel at t: nothing is offered
// for reuse after its rights end.
func (u *UsageRight) Allows(channel string, t time.Time) bool {
	return u.Active(t) && slices.Contains(u.Channels, channel)
}

// CreateRight records a right. The collaboration must be the workspace's, a
// draft must be one of its approved drafts and a post one of its posts.
func (tx *Tx) CreateRight(ctx context.Context, ws int64, u *UsageRight) error {
	var currency string
	if err := tx.db.get(ctx, tx.q, &currency, `SELECT p.currency FROM collaborations k JOIN campaigns p ON p.id = k.campaign_id
		WHERE k.id = ? AND k.workspace_id = ?`, u.CollaborationID, ws); err != nil {
		return fmt.Errorf("collaboration %d: %w", u.CollaborationID, err)
	}
	var n int
	var err error
	switch {
	case u.DraftID != nil:
		err = tx.db.get(ctx, tx.q, &n, `SELECT COUNT(*) FROM drafts WHERE id = ? AND workspace_id = ? AND collaboration_id = ? AND status = ?`,
			*u.DraftID, ws, u.CollaborationID, DraftApproved)
	case u.PostID != nil:
		err = tx.db.get(ctx, tx.q, &n, `SELECT COUNT(*) FROM posts WHERE id = ? AND workspace_id = ? AND collaboration_id = ?`,
			*u.PostID, ws, u.CollaborationID)
	}
	if err != nil {
		return err
	}
	if n == 0 {
		return fmt.Errorf("asset of collaboration %d (an approved draft or a post): %w", u.CollaborationID, ErrNotFound)
	}
	if u.Currency == "" {
		u.Currency = currency
	}
	now := tx.db.Now()
	u.ID, err = tx.db.insert(ctx, tx.q, `INSERT INTO usage_rights (workspace_id, collaboration_id, draft_id, post_id, channels, territory,
		starts_at, ends_at, exclusive, fee_minor, currency, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		ws, u.CollaborationID, u.DraftID, u.PostID, strings.Join(u.Channels, " "), u.Territory, u.StartsAt.Unix(), u.EndsAt.Unix(),
		u.Exclusive, u.FeeMinor, u.Currency, now.Unix())
	if err != nil {
		return fmt.Errorf("record rights: %w", err)
	}
	u.CreatedAt = now
	return nil
}

// EndRight ends a right now (a takedown): it stays in the ledger.
func (tx *Tx) EndRight(ctx context.Context, ws, collabID, id int64) error {
	now := tx.db.Now().Unix()
	res, err := tx.db.exec(ctx, tx.q, `UPDATE usage_rights SET ends_at = ? WHERE id = ? AND workspace_id = ? AND collaboration_id = ? AND ends_at > ?`,
		now, id, ws, collabID, now)
	if err != nil {
		return fmt.Errorf("end rights %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("current rights %d: %w", id, ErrNotFound)
	}
	return nil
}

type rightRow struct {
	ID              int64   `db:"id"`
	CollaborationID int64   `db:"collaboration_id"`
	DraftID         *int64  `db:"draft_id"`
	PostID          *int64  `db:"post_id"`
	Channels        string  `db:"channels"`
	Territory       string  `db:"territory"`
	StartsAt        int64   `db:"starts_at"`
	EndsAt          int64   `db:"ends_at"`
	Exclusive       bool    `db:"exclusive"`
	FeeMinor        int64   `db:"fee_minor"`
	Currency        string  `db:"currency"`
	CreatedAt       int64   `db:"created_at"`
	CreatorName     string  `db:"creator_name"`
	CampaignName    string  `db:"campaign_name"`
	DraftTitle      *string `db:"draft_title"`
	PostURL         *string `db:"post_url"`
}

func (r rightRow) right() UsageRight {
	u := UsageRight{ID: r.ID, CollaborationID: r.CollaborationID, DraftID: r.DraftID, PostID: r.PostID, Channels: strings.Fields(r.Channels),
		Territory: r.Territory, StartsAt: time.Unix(r.StartsAt, 0).UTC(), EndsAt: time.Unix(r.EndsAt, 0).UTC(), Exclusive: r.Exclusive,
		FeeMinor: r.FeeMinor, Currency: r.Currency, CreatedAt: time.Unix(r.CreatedAt, 0).UTC(), CreatorName: r.CreatorName, CampaignName: r.CampaignName}
	switch {
	case r.DraftTitle != nil:
		u.Asset = "draft: " + *r.DraftTitle
	case r.PostURL != nil:
		u.Asset = "post: " + *r.PostURL
	}
	return u
}

const rightSelect = `SELECT u.id, u.collaboration_id, u.draft_id, u.post_id, u.channels, u.territory, u.starts_at, u.ends_at, u.exclusive,
	u.fee_minor, u.currency, u.created_at, c.name AS creator_name, p.name AS campaign_name, d.title AS draft_title, po.url AS post_url
	FROM usage_rights u JOIN collaborations k ON k.id = u.collaboration_id JOIN creators c ON c.id = k.creator_id
	JOIN campaigns p ON p.id = k.campaign_id LEFT JOIN drafts d ON d.id = u.draft_id LEFT JOIN posts po ON po.id = u.post_id`

// Rights lists the workspace's rights, of one collaboration when collabID
// is not 0, ending soonest first.
func (db *DB) Rights(ctx context.Context, ws, collabID int64) ([]UsageRight, error) {
	q, args := rightSelect+` WHERE u.workspace_id = ?`, []any{ws}
	if collabID != 0 {
		q += ` AND u.collaboration_id = ?`
		args = append(args, collabID)
	}
	return db.rights(ctx, q+` ORDER BY u.ends_at, u.id`, args...)
}

// RightsExpiring lists rights that are in force now and end within the
// given time, soonest first: the dashboard warns of them.
func (db *DB) RightsExpiring(ctx context.Context, ws int64, within time.Duration) ([]UsageRight, error) {
	now := db.Now()
	return db.rights(ctx, rightSelect+` WHERE u.workspace_id = ? AND u.starts_at <= ? AND u.ends_at > ? AND u.ends_at <= ? ORDER BY u.ends_at, u.id`,
		ws, now.Unix(), now.Unix(), now.Add(within).Unix())
}

func (db *DB) rights(ctx context.Context, q string, args ...any) ([]UsageRight, error) {
	var rows []rightRow
	if err := db.sel(ctx, db.reader(), &rows, q, args...); err != nil {
		return nil, fmt.Errorf("usage rights: %w", err)
	}
	out := make([]UsageRight, len(rows))
	for i, r := range rows {
		out[i] = r.right()
	}
	return out, nil
}

// Winner is a post that performed and may be run as an ad.
type Winner struct {
	PostID       int64     `db:"post_id" json:"post_id"`
	PostURL      string    `db:"post_url" json:"post_url"`
	Platform     string    `db:"platform" json:"platform"`
	Handle       string    `db:"handle" json:"handle"`
	CreatorName  string    `db:"creator_name" json:"creator_name"`
	Clicks       int64     `db:"clicks" json:"clicks"`
	Orders       float64   `db:"orders" json:"orders"`
	Engagements  int64     `db:"engagements" json:"engagements"`
	RightsEndsAt time.Time `db:"-" json:"rights_ends_at"`
	RightsEnd    int64     `db:"rights_end" json:"-"`
}

// Winners lists the best-performing posts whose rights allow paid use now,
// by human clicks on the collaboration's tracked links when there are any,
// then by its attributed orders (default model), then by engagements (likes, comments, saves, shares) of the latest
// snapshot. A right on a post covers that post; a right on a draft covers
// the collaboration's posts.
func (db *DB) Winners(ctx context.Context, ws int64, limit int) ([]Winner, error) {
	now := db.Now().Unix()
	clicks := `0`
	if ok, err := db.hasTable(ctx, "click_days"); err != nil {
		return nil, err
	} else if ok {
		clicks = `COALESCE((SELECT SUM(cd.humans) FROM click_days cd JOIN links l ON l.id = cd.link_id
			WHERE l.workspace_id = po.workspace_id AND l.collaboration_id = po.collaboration_id), 0)`
	}
	orders := `0`
	if ok, err := db.hasTable(ctx, "credit_days"); err != nil {
		return nil, err
	} else if ok {
		orders = `COALESCE((SELECT SUM(cr.conversions) FROM credit_days cr
			WHERE cr.workspace_id = po.workspace_id AND cr.collaboration_id = po.collaboration_id AND cr.model = 'default'), 0)`
	}
	var paid []string
	var args []any
	for _, c := range paidChannels {
		paid = append(paid, `(' ' || u.channels || ' ') LIKE ?`)
		args = append(args, "% "+c+" %")
	}
	q := `SELECT po.id AS post_id, po.url AS post_url, po.platform, a.handle, c.name AS creator_name,
		` + clicks + ` AS clicks, ` + orders + ` AS orders,
		COALESCE((SELECT COALESCE(s.likes, 0) + COALESCE(s.comments, 0) + COALESCE(s.saves, 0) + COALESCE(s.shares, 0)
			FROM post_snapshots s WHERE s.post_id = po.id ORDER BY s.at DESC, s.id DESC LIMIT 1), 0) AS engagements,
		(SELECT MAX(u.ends_at) FROM usage_rights u WHERE u.workspace_id = po.workspace_id AND u.collaboration_id = po.collaboration_id
			AND (u.post_id = po.id OR u.post_id IS NULL) AND u.starts_at <= ? AND u.ends_at > ? AND (` + strings.Join(paid, " OR ") + `)) AS rights_end
		FROM posts po JOIN accounts a ON a.id = po.account_id JOIN creators c ON c.id = a.creator_id
		WHERE po.workspace_id = ? AND po.collaboration_id IS NOT NULL`
	all := append([]any{now, now}, args...)
	all = append(all, ws)
	q = `SELECT * FROM (` + q + `) w WHERE rights_end IS NOT NULL ORDER BY clicks DESC, orders DESC, engagements DESC, post_id LIMIT ?`
	all = append(all, limit)
	var out []Winner
	if err := db.sel(ctx, db.reader(), &out, q, all...); err != nil {
		return nil, fmt.Errorf("winners: %w", err)
	}
	for i := range out {
		out[i].RightsEndsAt = time.Unix(out[i].RightsEnd, 0).UTC()
	}
	return out, nil
}

// PostRef names a post for choosing it as an asset.
type PostRef struct {
	ID       int64  `db:"id" json:"id"`
	URL      string `db:"url" json:"url"`
	Platform string `db:"platform" json:"platform"`
}

// CollaborationPosts lists a collaboration's posts, newest first.
func (db *DB) CollaborationPosts(ctx context.Context, ws, collabID int64) ([]PostRef, error) {
	var out []PostRef
	if err := db.sel(ctx, db.reader(), &out, `SELECT id, url, platform FROM posts WHERE workspace_id = ? AND collaboration_id = ?
		ORDER BY published_at DESC, id DESC`, ws, collabID); err != nil {
		return nil, fmt.Errorf("posts of collaboration %d: %w", collabID, err)
	}
	return out, nil
}
