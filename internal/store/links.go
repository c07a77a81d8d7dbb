package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/chorushq/chorus/internal/tracking"
)

// Link is a tracked link of a collaboration. The slug never changes once the
// link exists, since it is printed in posts and QR codes; the destination and
// UTM parameters may.
type Link struct {
	ID              int64     `json:"id"`
	CollaborationID int64     `json:"collaboration_id"`
	VariantID       *int64    `json:"variant_id,omitempty"`
	Slug            string    `json:"slug"`
	Destination     string    `json:"destination"`
	UTMSource       string    `json:"utm_source"`
	UTMMedium       string    `json:"utm_medium"`
	UTMCampaign     string    `json:"utm_campaign"`
	UTMContent      string    `json:"utm_content"`
	CreatedAt       time.Time `json:"created_at"`
	UpdatedAt       time.Time `json:"updated_at"`
	// WorkspaceID is filled by LinkBySlug, whose caller has no workspace yet.
	WorkspaceID int64 `json:"-"`
	// CampaignID is filled by reads, for display and reports.
	CampaignID int64 `json:"campaign_id"`
}

// UTM returns the link's campaign parameters.
func (l *Link) UTM() tracking.UTM {
	return tracking.UTM{Source: l.UTMSource, Medium: l.UTMMedium, Campaign: l.UTMCampaign, Content: l.UTMContent}
}

type linkRow struct {
	ID              int64  `db:"id"`
	WorkspaceID     int64  `db:"workspace_id"`
	CollaborationID int64  `db:"collaboration_id"`
	CampaignID      int64  `db:"campaign_id"`
	VariantID       *int64 `db:"variant_id"`
	Slug            string `db:"slug"`
	Destination     string `db:"destination"`
	UTMSource       string `db:"utm_source"`
	UTMMedium       string `db:"utm_medium"`
	UTMCampaign     string `db:"utm_campaign"`
	UTMContent      string `db:"utm_content"`
	CreatedAt       int64  `db:"created_at"`
	UpdatedAt       int64  `db:"updated_at"`
}

func (r linkRow) link() Link {
	return Link{ID: r.ID, WorkspaceID: r.WorkspaceID, CollaborationID: r.CollaborationID, CampaignID: r.CampaignID,
		VariantID: r.VariantID, Slug: r.Slug, Destination: r.Destination,
		UTMSource: r.UTMSource, UTMMedium: r.UTMMedium, UTMCampaign: r.UTMCampaign, UTMContent: r.UTMContent,
		CreatedAt: time.Unix(r.CreatedAt, 0).UTC(), UpdatedAt: time.Unix(r.UpdatedAt, 0).UTC()}
}

const linkSelect = `SELECT l.id, l.workspace_id, l.collaboration_id, k.campaign_id, l.variant_id, l.slug, l.destination,
	l.utm_source, l.utm_medium, l.utm_campaign, l.utm_content, l.created_at, l.updated_at
	FROM links l JOIN collaborations k ON k.id = l.collaboration_id`

// CreateLink adds a link to a collaboration of ws. The variant, when set, must
// be one of the collaboration's campaign. A taken slug is ErrConflict.
func (tx *Tx) CreateLink(ctx context.Context, ws int64, l *Link) error {
	var campaignID int64
	if err := tx.db.get(ctx, tx.q, &campaignID, `SELECT campaign_id FROM collaborations WHERE id = ? AND workspace_id = ?`, l.CollaborationID, ws); err != nil {
		return fmt.Errorf("collaboration %d: %w", l.CollaborationID, err)
	}
	if err := tx.checkVariant(ctx, campaignID, l.VariantID); err != nil {
		return err
	}
	now := tx.db.Now()
	id, err := tx.db.insert(ctx, tx.q, `INSERT INTO links (workspace_id, collaboration_id, variant_id, slug, destination,
		utm_source, utm_medium, utm_campaign, utm_content, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		ws, l.CollaborationID, l.VariantID, l.Slug, l.Destination, l.UTMSource, l.UTMMedium, l.UTMCampaign, l.UTMContent, now.Unix(), now.Unix())
	if err != nil {
		return fmt.Errorf("create link %q: %w", l.Slug, err)
	}
	l.ID, l.WorkspaceID, l.CampaignID, l.CreatedAt, l.UpdatedAt = id, ws, campaignID, now, now
	return nil
}

func (tx *Tx) checkVariant(ctx context.Context, campaignID int64, variantID *int64) error {
	if variantID == nil {
		return nil
	}
	var n int
	if err := tx.db.get(ctx, tx.q, &n, `SELECT COUNT(*) FROM variants WHERE id = ? AND campaign_id = ?`, *variantID, campaignID); err != nil {
		return err
	}
	if n == 0 {
		return fmt.Errorf("variant %d: %w", *variantID, ErrNotFound)
	}
	return nil
}

// UpdateLink saves a link's destination, variant and UTM parameters; the
// slug and collaboration stay as they are.
func (tx *Tx) UpdateLink(ctx context.Context, ws int64, l *Link) error {
	var campaignID int64
	if err := tx.db.get(ctx, tx.q, &campaignID, `SELECT k.campaign_id FROM links l JOIN collaborations k ON k.id = l.collaboration_id
		WHERE l.id = ? AND l.workspace_id = ?`, l.ID, ws); err != nil {
		return fmt.Errorf("link %d: %w", l.ID, err)
	}
	if err := tx.checkVariant(ctx, campaignID, l.VariantID); err != nil {
		return err
	}
	now := tx.db.Now()
	_, err := tx.db.exec(ctx, tx.q, `UPDATE links SET variant_id = ?, destination = ?, utm_source = ?, utm_medium = ?, utm_campaign = ?,
		utm_content = ?, updated_at = ? WHERE id = ? AND workspace_id = ?`,
		l.VariantID, l.Destination, l.UTMSource, l.UTMMedium, l.UTMCampaign, l.UTMContent, now.Unix(), l.ID, ws)
	if err != nil {
		return fmt.Errorf("update link %d: %w", l.ID, err)
	}
	l.UpdatedAt = now
	return nil
}

// DeleteLink removes a link with its clicks and rollups.
func (tx *Tx) DeleteLink(ctx context.Context, ws, id int64) error {
	res, err := tx.db.exec(ctx, tx.q, `DELETE FROM links WHERE id = ? AND workspace_id = ?`, id, ws)
	if err != nil {
		return fmt.Errorf("delete link %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("link %d: %w", id, ErrNotFound)
	}
	return nil
}

// Link loads one link of the workspace.
func (db *DB) Link(ctx context.Context, ws, id int64) (*Link, error) {
	var r linkRow
	if err := db.get(ctx, db.reader(), &r, linkSelect+` WHERE l.id = ? AND l.workspace_id = ?`, id, ws); err != nil {
		return nil, fmt.Errorf("link %d: %w", id, err)
	}
	l := r.link()
	return &l, nil
}

// LinkBySlug loads the link behind a short URL, in whatever workspace it is:
// the redirect has only the slug to go on.
func (db *DB) LinkBySlug(ctx context.Context, slug string) (*Link, error) {
	var r linkRow
	if err := db.get(ctx, db.reader(), &r, linkSelect+` WHERE l.slug = ?`, slug); err != nil {
		return nil, fmt.Errorf("link %q: %w", slug, err)
	}
	l := r.link()
	return &l, nil
}

// LinkFilter selects links; zero fields select everything.
type LinkFilter struct {
	CollaborationID int64
	CampaignID      int64
}

// Links lists the workspace's links matching f, oldest first.
func (db *DB) Links(ctx context.Context, ws int64, f LinkFilter) ([]Link, error) {
	q := linkSelect + ` WHERE l.workspace_id = ?`
	args := []any{ws}
	if f.CollaborationID > 0 {
		q += ` AND l.collaboration_id = ?`
		args = append(args, f.CollaborationID)
	}
	if f.CampaignID > 0 {
		q += ` AND k.campaign_id = ?`
		args = append(args, f.CampaignID)
	}
	var rows []linkRow
	if err := db.sel(ctx, db.reader(), &rows, q+` ORDER BY l.id`, args...); err != nil {
		return nil, fmt.Errorf("list links: %w", err)
	}
	out := make([]Link, len(rows))
	for i, r := range rows {
		out[i] = r.link()
	}
	return out, nil
}

// SlugTaken reports whether a slug is in use in any workspace.
func (db *DB) SlugTaken(ctx context.Context, slug string) (bool, error) {
	var n int
	if err := db.get(ctx, db.reader(), &n, `SELECT COUNT(*) FROM links WHERE slug = ?`, slug); err != nil {
		return false, fmt.Errorf("look up slug %q: %w", slug, err)
	}
	return n > 0, nil
}

// LinkUTM returns the UTM parameters a new link of collaboration collabID
// gets by convention: utm_source is the platform of the creator's main
// account (the one with most followers), utm_medium "influencer",
// utm_campaign the campaign slug and utm_content the handle of that account
// joined with the variant's name.
func (db *DB) LinkUTM(ctx context.Context, ws, collabID int64, variantID *int64) (tracking.UTM, error) {
	var k struct {
		CampaignSlug string `db:"slug"`
		CreatorID    int64  `db:"creator_id"`
	}
	if err := db.get(ctx, db.reader(), &k, `SELECT p.slug, k.creator_id FROM collaborations k JOIN campaigns p ON p.id = k.campaign_id
		WHERE k.id = ? AND k.workspace_id = ?`, collabID, ws); err != nil {
		return tracking.UTM{}, fmt.Errorf("collaboration %d: %w", collabID, err)
	}
	utm := tracking.UTM{Medium: "influencer", Campaign: k.CampaignSlug}
	var acct struct {
		Platform string `db:"platform"`
		Handle   string `db:"handle"`
	}
	err := db.get(ctx, db.reader(), &acct, `SELECT platform, handle FROM accounts WHERE creator_id = ? AND workspace_id = ?
		ORDER BY COALESCE(followers, -1) DESC, id LIMIT 1`, k.CreatorID, ws)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return utm, fmt.Errorf("main account of creator %d: %w", k.CreatorID, err)
	}
	variant := ""
	if variantID != nil {
		if err := db.get(ctx, db.reader(), &variant, `SELECT v.name FROM variants v JOIN collaborations k ON k.campaign_id = v.campaign_id
			WHERE v.id = ? AND k.id = ?`, *variantID, collabID); err != nil {
			return utm, fmt.Errorf("variant %d: %w", *variantID, err)
		}
	}
	utm.Source = acct.Platform
	utm.Content = tracking.UTMContent(acct.Handle, variant)
	return utm, nil
}

// LinksExist reports which of ids are links, in any workspace. The click
// batch uses it after a failed commit to find clicks whose link was deleted
// while they were in flight.
func (db *DB) LinksExist(ctx context.Context, ids []int64) (map[int64]bool, error) {
	out := make(map[int64]bool, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	var found []int64
	if err := db.sel(ctx, db.reader(), &found, `SELECT id FROM links WHERE id IN (`+placeholders(len(ids))+`)`, args...); err != nil {
		return nil, fmt.Errorf("look up links: %w", err)
	}
	for _, id := range found {
		out[id] = true
	}
	return out, nil
}
