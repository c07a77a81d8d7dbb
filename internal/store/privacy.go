package store

import (
	"context"
	"fmt"
	"time"

	"github.com/chorushq/chorus/internal/conversions"
)

// RetentionDays is how many days a workspace keeps raw clicks; 0 is for ever.
func (db *DB) RetentionDays(ctx context.Context, ws int64) (int, error) {
	var days int
	err := db.get(ctx, db.reader(), &days, `SELECT retention_days FROM workspace_privacy WHERE workspace_id = ?`, ws)
	if err == ErrNotFound {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("retention of workspace %d: %w", ws, err)
	}
	return days, nil
}

// SetRetentionDays sets how many days raw clicks are kept (0: for ever).
func (tx *Tx) SetRetentionDays(ctx context.Context, ws int64, days int) error {
	if days < 0 || days > 36500 {
		return fmt.Errorf("retention_days %d: must be 0 (keep for ever) to 36500", days)
	}
	_, err := tx.db.exec(ctx, tx.q, `INSERT INTO workspace_privacy (workspace_id, retention_days, updated_at) VALUES (?, ?, ?)
		ON CONFLICT (workspace_id) DO UPDATE SET retention_days = excluded.retention_days, updated_at = excluded.updated_at`,
		ws, days, tx.db.Now().Unix())
	if err != nil {
		return fmt.Errorf("set retention of workspace %d: %w", ws, err)
	}
	return nil
}

// Retained is what one retention pass removed from one workspace.
type Retained struct {
	WorkspaceID int64 `json:"workspace_id"`
	Days        int   `json:"retention_days"`
	// Before is the Unix second raw clicks older than which were deleted.
	Before        int64 `json:"before"`
	ClicksDeleted int64 `json:"clicks_deleted"`
}

// ApplyRetention deletes, in every workspace with a retention setting, the
// raw clicks older than its retention. The hourly and daily rollups, which
// every report reads, are left alone, so reports do not change. Deletion goes
// in chunks so that a first run over years of clicks does not hold the
// single SQLite writer for minutes and stall the redirect.
func (db *DB) ApplyRetention(ctx context.Context, now time.Time) ([]Retained, error) {
	var rows []struct {
		WS   int64 `db:"workspace_id"`
		Days int   `db:"retention_days"`
	}
	if err := db.sel(ctx, db.reader(), &rows, `SELECT workspace_id, retention_days FROM workspace_privacy WHERE retention_days > 0 ORDER BY workspace_id`); err != nil {
		return nil, fmt.Errorf("retention settings: %w", err)
	}
	out := []Retained{}
	for _, r := range rows {
		res := Retained{WorkspaceID: r.WS, Days: r.Days, Before: now.Add(-time.Duration(r.Days) * 24 * time.Hour).Unix()}
		for {
			var n int64
			err := db.Tx(ctx, func(tx *Tx) error {
				sr, err := tx.db.exec(ctx, tx.q, `DELETE FROM clicks WHERE id IN (SELECT c.id FROM links l JOIN clicks c ON c.link_id = l.id
					WHERE l.workspace_id = ? AND c.at < ? LIMIT 5000)`, r.WS, res.Before)
				if err != nil {
					return err
				}
				n, err = sr.RowsAffected()
				return err
			})
			if err != nil {
				return out, fmt.Errorf("retention of workspace %d: %w", r.WS, err)
			}
			res.ClicksDeleted += n
			if n == 0 {
				break
			}
		}
		out = append(out, res)
	}
	return out, nil
}

// EraseCreator removes what identifies a creator from a workspace, on the
// creator's request, while keeping every number: the creator, accounts,
// collaborations, links, codes, posts and their metrics stay as anonymous
// rows, so click and credit rollups, costs and reports are unchanged.
// Derived data that is only about the person (vetting detail, follower
// samples, audience countries, comments on their posts, portal invites,
// messages' text) is emptied or deleted. Links stop answering under their
// old slug, which often spelled the handle. Uploaded draft files stay on
// disk under their random stored names; their original names are cleared.
func (tx *Tx) EraseCreator(ctx context.Context, ws, id int64) error {
	var n int
	if err := tx.db.get(ctx, tx.q, &n, `SELECT COUNT(*) FROM creators WHERE workspace_id = ? AND id = ?`, ws, id); err != nil {
		return fmt.Errorf("erase creator %d: %w", id, err)
	}
	if n == 0 {
		return fmt.Errorf("erase creator %d: %w", id, ErrNotFound)
	}
	const collabs = `(SELECT id FROM collaborations WHERE workspace_id = ? AND creator_id = ?)`
	const accts = `(SELECT id FROM accounts WHERE workspace_id = ? AND creator_id = ?)`
	const posts = `(SELECT id FROM posts WHERE workspace_id = ? AND (account_id IN ` + accts + ` OR collaboration_id IN ` + collabs + `))`
	const drafts = `(SELECT id FROM drafts WHERE workspace_id = ? AND collaboration_id IN ` + collabs + `)`
	const versions = `(SELECT id FROM draft_versions WHERE workspace_id = ? AND draft_id IN ` + drafts + `)`
	const codes = `(SELECT id FROM discount_codes WHERE workspace_id = ? AND collaboration_id IN ` + collabs + `)`
	w2 := []any{ws, id}             // one collabs or accts subquery
	w5 := []any{ws, ws, id, ws, id} // the posts subquery
	steps := []struct {
		what string
		q    string
		args []any
	}{
		{"creator", `UPDATE creators SET name = 'Erased creator ' || id, email = '', country = '', niche_tags = '', notes = '', updated_at = ? WHERE workspace_id = ? AND id = ?`,
			[]any{tx.db.Now().Unix(), ws, id}},
		{"comment verdicts", `DELETE FROM comment_verdicts WHERE workspace_id = ? AND comment_id IN (SELECT id FROM comments WHERE workspace_id = ? AND post_id IN ` + posts + `)`,
			append([]any{ws, ws}, w5...)},
		{"comments", `DELETE FROM comments WHERE workspace_id = ? AND post_id IN ` + posts, append([]any{ws}, w5...)},
		{"posts", `UPDATE posts SET url = '', caption = '' WHERE workspace_id = ? AND id IN ` + posts, append([]any{ws}, w5...)},
		{"vetting", `DELETE FROM account_vetting WHERE workspace_id = ? AND creator_id = ?`, w2},
		{"follower samples", `DELETE FROM follower_samples WHERE workspace_id = ? AND account_id IN ` + accts, append([]any{ws}, w2...)},
		{"audience countries", `DELETE FROM creator_countries WHERE workspace_id = ? AND creator_id = ?`, w2},
		{"search index", `DELETE FROM creator_search WHERE workspace_id = ? AND creator_id = ?`, w2},
		{"accounts", `UPDATE accounts SET handle = 'erased-' || id, url = '', biography = '', audience = '{}' WHERE workspace_id = ? AND creator_id = ?`, w2},
		{"portal invites", `DELETE FROM portal_invites WHERE workspace_id = ? AND creator_id = ?`, w2},
		{"pipeline notes", `UPDATE collaboration_events SET note = '' WHERE workspace_id = ? AND collaboration_id IN ` + collabs, append([]any{ws}, w2...)},
		{"messages", `UPDATE messages SET to_addr = '', subject = '', body_text = '', body_html = '', error = '' WHERE workspace_id = ? AND collaboration_id IN ` + collabs,
			append([]any{ws}, w2...)},
		{"drafts", `UPDATE drafts SET title = '' WHERE workspace_id = ? AND id IN ` + drafts, append([]any{ws, ws}, w2...)},
		{"draft reviews", `UPDATE draft_reviews SET comment = '' WHERE workspace_id = ? AND version_id IN ` + versions, append([]any{ws, ws, ws}, w2...)},
		{"draft media", `UPDATE draft_media SET original_name = '' WHERE workspace_id = ? AND version_id IN ` + versions, append([]any{ws, ws, ws}, w2...)},
		{"draft versions", `UPDATE draft_versions SET caption = '', post_urls = '' WHERE workspace_id = ? AND id IN ` + versions, append([]any{ws, ws, ws}, w2...)},
		{"payout notes", `UPDATE payout_entries SET note = '' WHERE workspace_id = ? AND collaboration_id IN ` + collabs, append([]any{ws}, w2...)},
		{"survey answers", `UPDATE survey_answers SET answer = '', matched = '' WHERE workspace_id = ? AND collaboration_id IN ` + collabs, append([]any{ws}, w2...)},
		// Codes usually spell the creator's name; orders and their touches
		// carry the code text. The collaboration ids, which credit hangs on,
		// stay.
		{"code touches", `UPDATE order_touches SET ref = 'erased-' || collaboration_id WHERE workspace_id = ? AND kind = 'code' AND collaboration_id IN ` + collabs,
			append([]any{ws}, w2...)},
		{"orders", `UPDATE orders SET codes = '', landing_site = '', utm_content = '', attributes = '{}', reason = '' WHERE workspace_id = ? AND collaboration_id IN ` + collabs,
			append([]any{ws}, w2...)},
		{"codes", `UPDATE discount_codes SET code = 'ERASED-' || id, normalized = 'ERASED-' || id, shopify_id = '' WHERE workspace_id = ? AND id IN ` + codes,
			append([]any{ws, ws}, w2...)},
		{"links", `UPDATE links SET slug = 'erased-' || id, utm_content = '', utm_campaign = '' WHERE workspace_id = ? AND collaboration_id IN ` + collabs,
			append([]any{ws}, w2...)},
		{"click referrers", `UPDATE clicks SET referrer = '' WHERE workspace_id = ? AND link_id IN (SELECT id FROM links WHERE workspace_id = ? AND collaboration_id IN ` + collabs + `)`,
			append([]any{ws, ws}, w2...)},
	}
	for _, s := range steps {
		if _, err := tx.db.exec(ctx, tx.q, s.q, s.args...); err != nil {
			return fmt.Errorf("erase creator %d: %s: %w", id, s.what, err)
		}
	}
	return nil
}

// EraseCustomer removes the personal references of one buyer (their keyed
// customer reference) from a workspace's orders: the orders stay, with their
// amounts and attribution, so credit rollups and reports are unchanged, but
// nothing links them to one person any more. It returns how many orders
// were anonymised.
func (tx *Tx) EraseCustomer(ctx context.Context, ws int64, customerRef string) (int64, error) {
	if customerRef == "" {
		return 0, fmt.Errorf("erase customer: empty customer reference")
	}
	res, err := tx.db.exec(ctx, tx.q, `UPDATE orders SET customer_ref = '', name = '', landing_site = '', attributes = '{}', click_id = ''
		WHERE workspace_id = ? AND customer_ref = ?`, ws, customerRef)
	if err != nil {
		return 0, fmt.Errorf("erase customer: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("erase customer: %w", err)
	}
	return n, nil
}

// EraseBuyer erases the buyer known by e-mail or by the shop's customer id
// (either may be empty): it computes the keyed references the orders carry
// and erases each. It returns how many orders were anonymised.
func (tx *Tx) EraseBuyer(ctx context.Context, ws int64, email, shopCustomerID string) (int64, error) {
	salt, err := tx.EmailSalt(ctx, ws)
	if err != nil {
		return 0, err
	}
	var total int64
	for _, ref := range []string{conversions.HashEmail(salt, email), customerRef(salt, conversions.Customer{ID: shopCustomerID})} {
		if ref == "" {
			continue
		}
		n, err := tx.EraseCustomer(ctx, ws, ref)
		if err != nil {
			return total, err
		}
		total += n
	}
	return total, nil
}
