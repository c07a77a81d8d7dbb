package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/chorushq/chorus/internal/creators"
)

type creatorRow struct {
	creators.Creator
	CreatedAt int64 `db:"created_at"`
	UpdatedAt int64 `db:"updated_at"`
}

func (r creatorRow) creator() creators.Creator {
	c := r.Creator
	c.CreatedAt, c.UpdatedAt = time.Unix(r.CreatedAt, 0).UTC(), time.Unix(r.UpdatedAt, 0).UTC()
	return c
}

const creatorCols = `id, workspace_id, name, email, country, niche_tags, notes, created_at, updated_at`
const accountCols = `id, creator_id, platform, handle, url, followers, following, media_count, biography, has_profile_pic, is_private, audience, rate_minor, rate_currency`

// CreateCreator adds a creator and its accounts.
func (tx *Tx) CreateCreator(ctx context.Context, ws int64, c *creators.Creator) error {
	now := tx.db.Now()
	id, err := tx.db.insert(ctx, tx.q, `INSERT INTO creators (workspace_id, name, email, country, niche_tags, notes, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, ws, c.Name, c.Email, c.Country, c.NicheTags, c.Notes, now.Unix(), now.Unix())
	if err != nil {
		return fmt.Errorf("create creator %q: %w", c.Name, err)
	}
	c.ID, c.WorkspaceID, c.CreatedAt, c.UpdatedAt = id, ws, now, now
	for i := range c.Accounts {
		c.Accounts[i].CreatorID = id
		if err := tx.insertAccount(ctx, ws, &c.Accounts[i]); err != nil {
			return err
		}
	}
	return nil
}

func (tx *Tx) insertAccount(ctx context.Context, ws int64, a *creators.Account) error {
	now := tx.db.Now().Unix()
	id, err := tx.db.insert(ctx, tx.q, `INSERT INTO accounts (workspace_id, creator_id, platform, handle, url, followers, following,
		media_count, biography, has_profile_pic, is_private, audience, rate_minor, rate_currency, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		ws, a.CreatorID, a.Platform, a.Handle, a.URL, a.Followers, a.Following, a.MediaCount, a.Biography,
		a.HasProfilePic, a.IsPrivate, a.Audience, a.RateMinor, a.RateCurrency, now, now)
	if err != nil {
		return fmt.Errorf("add account %s/%s: %w", a.Platform, a.Handle, err)
	}
	a.ID = id
	return nil
}

func (tx *Tx) updateAccount(ctx context.Context, ws int64, a *creators.Account) error {
	_, err := tx.db.exec(ctx, tx.q, `UPDATE accounts SET url = ?, followers = ?, following = ?, media_count = ?, biography = ?,
		has_profile_pic = ?, is_private = ?, audience = ?, rate_minor = ?, rate_currency = ?, updated_at = ?
		WHERE id = ? AND workspace_id = ?`,
		a.URL, a.Followers, a.Following, a.MediaCount, a.Biography, a.HasProfilePic, a.IsPrivate, a.Audience,
		a.RateMinor, a.RateCurrency, tx.db.Now().Unix(), a.ID, ws)
	if err != nil {
		return fmt.Errorf("update account %s/%s: %w", a.Platform, a.Handle, err)
	}
	return nil
}

// UpdateCreator saves a creator's own fields (not its accounts).
func (tx *Tx) UpdateCreator(ctx context.Context, ws int64, c *creators.Creator) error {
	res, err := tx.db.exec(ctx, tx.q, `UPDATE creators SET name = ?, email = ?, country = ?, niche_tags = ?, notes = ?, updated_at = ?
		WHERE id = ? AND workspace_id = ?`, c.Name, c.Email, c.Country, c.NicheTags, c.Notes, tx.db.Now().Unix(), c.ID, ws)
	if err != nil {
		return fmt.Errorf("update creator %d: %w", c.ID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("creator %d: %w", c.ID, ErrNotFound)
	}
	return nil
}

// DeleteCreator removes a creator with its accounts.
func (tx *Tx) DeleteCreator(ctx context.Context, ws, id int64) error {
	res, err := tx.db.exec(ctx, tx.q, `DELETE FROM creators WHERE id = ? AND workspace_id = ?`, id, ws)
	if err != nil {
		return fmt.Errorf("delete creator %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("creator %d: %w", id, ErrNotFound)
	}
	return nil
}

// Creator loads a creator of the workspace with its accounts.
func (db *DB) Creator(ctx context.Context, ws, id int64) (*creators.Creator, error) {
	var r creatorRow
	if err := db.get(ctx, db.reader(), &r, `SELECT `+creatorCols+` FROM creators WHERE id = ? AND workspace_id = ?`, id, ws); err != nil {
		return nil, fmt.Errorf("creator %d: %w", id, err)
	}
	c := r.creator()
	if err := db.sel(ctx, db.reader(), &c.Accounts, `SELECT `+accountCols+` FROM accounts WHERE creator_id = ? AND workspace_id = ? ORDER BY followers DESC, id`, id, ws); err != nil {
		return nil, fmt.Errorf("accounts of creator %d: %w", id, err)
	}
	return &c, nil
}

// CreatorFilter selects creators for a listing.
type CreatorFilter struct {
	Query                      string // matched against name, handles and tags
	Platform                   string
	MinFollowers, MaxFollowers int64
	Limit, Offset              int
}

// Creators lists a workspace's creators with their accounts, largest first,
// and the number matching the filter.
func (db *DB) Creators(ctx context.Context, ws int64, f CreatorFilter) ([]creators.Creator, int, error) {
	where := []string{"c.workspace_id = ?"}
	args := []any{ws}
	if f.Query != "" {
		q := "%" + strings.ToLower(f.Query) + "%"
		where = append(where, `(LOWER(c.name) LIKE ? OR c.niche_tags LIKE ? OR EXISTS (SELECT 1 FROM accounts a2 WHERE a2.creator_id = c.id AND a2.handle LIKE ?))`)
		args = append(args, q, q, q)
	}
	if f.Platform != "" || f.MinFollowers > 0 || f.MaxFollowers > 0 {
		sub := []string{"a3.creator_id = c.id"}
		if f.Platform != "" {
			sub = append(sub, "a3.platform = ?")
			args = append(args, f.Platform)
		}
		if f.MinFollowers > 0 {
			sub = append(sub, "a3.followers >= ?")
			args = append(args, f.MinFollowers)
		}
		if f.MaxFollowers > 0 {
			sub = append(sub, "a3.followers <= ?")
			args = append(args, f.MaxFollowers)
		}
		where = append(where, "EXISTS (SELECT 1 FROM accounts a3 WHERE "+strings.Join(sub, " AND ")+")")
	}
	w := strings.Join(where, " AND ")
	var total int
	if err := db.get(ctx, db.reader(), &total, `SELECT COUNT(*) FROM creators c WHERE `+w, args...); err != nil {
		return nil, 0, fmt.Errorf("count creators: %w", err)
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 50
	}
	var rows []creatorRow
	err := db.sel(ctx, db.reader(), &rows, `SELECT `+prefixCols("c", creatorCols)+` FROM creators c WHERE `+w+`
		ORDER BY (SELECT MAX(followers) FROM accounts a WHERE a.creator_id = c.id) DESC, c.id LIMIT ? OFFSET ?`,
		append(args, f.Limit, f.Offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("list creators: %w", err)
	}
	out := make([]creators.Creator, len(rows))
	idx := map[int64]int{}
	ids := make([]any, len(rows))
	for i, r := range rows {
		out[i] = r.creator()
		idx[r.ID] = i
		ids[i] = r.ID
	}
	if len(ids) > 0 {
		var accts []creators.Account
		err := db.sel(ctx, db.reader(), &accts, `SELECT `+accountCols+` FROM accounts WHERE workspace_id = ? AND creator_id IN (`+
			placeholders(len(ids))+`) ORDER BY followers DESC, id`, append([]any{ws}, ids...)...)
		if err != nil {
			return nil, 0, fmt.Errorf("list accounts: %w", err)
		}
		for _, a := range accts {
			i := idx[a.CreatorID]
			out[i].Accounts = append(out[i].Accounts, a)
		}
	}
	return out, total, nil
}

// ImportResult says what an import did.
type ImportResult struct {
	Rows            int `json:"rows"`
	CreatorsAdded   int `json:"creators_added"`
	AccountsAdded   int `json:"accounts_added"`
	AccountsUpdated int `json:"accounts_updated"`
}

// Importer upserts creator rows inside one transaction: an account is
// matched on platform + handle, a new account joins an existing creator
// when the row's e-mail matches one, and otherwise makes a new creator.
type Importer struct {
	tx      *Tx
	ws      int64
	byEmail map[string]int64
	Result  ImportResult
}

// NewImporter starts an import into workspace ws within tx.
func (tx *Tx) NewImporter(ws int64) *Importer {
	return &Importer{tx: tx, ws: ws, byEmail: map[string]int64{}}
}

// Add upserts one row.
func (im *Importer) Add(ctx context.Context, c creators.Creator, a creators.Account) error {
	tx, db := im.tx, im.tx.db
	im.Result.Rows++
	var existing struct {
		ID        int64 `db:"id"`
		CreatorID int64 `db:"creator_id"`
	}
	err := db.get(ctx, tx.q, &existing, `SELECT id, creator_id FROM accounts WHERE workspace_id = ? AND platform = ? AND handle = ?`, im.ws, a.Platform, a.Handle)
	switch {
	case err == nil:
		a.ID, a.CreatorID = existing.ID, existing.CreatorID
		if err := tx.updateAccount(ctx, im.ws, &a); err != nil {
			return err
		}
		im.Result.AccountsUpdated++
		_, err := db.exec(ctx, tx.q, `UPDATE creators SET name = ?, email = CASE WHEN ? = '' THEN email ELSE ? END,
			country = CASE WHEN ? = '' THEN country ELSE ? END, niche_tags = CASE WHEN ? = '' THEN niche_tags ELSE ? END, updated_at = ?
			WHERE id = ? AND workspace_id = ?`, c.Name, c.Email, c.Email, c.Country, c.Country, c.NicheTags.String(), c.NicheTags,
			db.Now().Unix(), a.CreatorID, im.ws)
		if err != nil {
			return fmt.Errorf("update creator %q: %w", c.Name, err)
		}
		return nil
	case !errors.Is(err, ErrNotFound):
		return fmt.Errorf("look up %s/%s: %w", a.Platform, a.Handle, err)
	}
	email := strings.ToLower(c.Email)
	if email != "" {
		id, ok := im.byEmail[email]
		if !ok {
			err := db.get(ctx, tx.q, &id, `SELECT id FROM creators WHERE workspace_id = ? AND LOWER(email) = ? ORDER BY id LIMIT 1`, im.ws, email)
			if err != nil && !errors.Is(err, ErrNotFound) {
				return fmt.Errorf("look up creator %q: %w", c.Email, err)
			}
			ok = err == nil
		}
		if ok {
			a.CreatorID = id
			im.byEmail[email] = id
			im.Result.AccountsAdded++
			return tx.insertAccount(ctx, im.ws, &a)
		}
	}
	c.Accounts = []creators.Account{a}
	if err := tx.CreateCreator(ctx, im.ws, &c); err != nil {
		return err
	}
	if email != "" {
		im.byEmail[email] = c.ID
	}
	im.Result.CreatorsAdded++
	im.Result.AccountsAdded++
	return nil
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?,", n), ",")
}

func prefixCols(alias, cols string) string {
	parts := strings.Split(cols, ",")
	for i, p := range parts {
		parts[i] = alias + "." + strings.TrimSpace(p)
	}
	return strings.Join(parts, ", ")
}

// AddAccount adds an account to a creator of the workspace.
func (tx *Tx) AddAccount(ctx context.Context, ws int64, a *creators.Account) error {
	var n int
	if err := tx.db.get(ctx, tx.q, &n, `SELECT COUNT(*) FROM creators WHERE id = ? AND workspace_id = ?`, a.CreatorID, ws); err != nil {
		return err
	}
	if n == 0 {
		return fmt.Errorf("creator %d: %w", a.CreatorID, ErrNotFound)
	}
	return tx.insertAccount(ctx, ws, a)
}

// Account loads one account of the workspace.
func (db *DB) Account(ctx context.Context, ws, id int64) (*creators.Account, error) {
	var a creators.Account
	if err := db.get(ctx, db.reader(), &a, `SELECT `+accountCols+` FROM accounts WHERE id = ? AND workspace_id = ?`, id, ws); err != nil {
		return nil, fmt.Errorf("account %d: %w", id, err)
	}
	return &a, nil
}

// UpdateAccount saves an account's counts, profile and audience; platform
// and handle identify it and do not change.
func (tx *Tx) UpdateAccount(ctx context.Context, ws int64, a *creators.Account) error {
	if _, err := tx.db.Account(ctx, ws, a.ID); err != nil {
		return err
	}
	return tx.updateAccount(ctx, ws, a)
}

// DeleteAccount removes an account of the workspace.
func (tx *Tx) DeleteAccount(ctx context.Context, ws, id int64) error {
	res, err := tx.db.exec(ctx, tx.q, `DELETE FROM accounts WHERE id = ? AND workspace_id = ?`, id, ws)
	if err != nil {
		return fmt.Errorf("delete account %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("account %d: %w", id, ErrNotFound)
	}
	return nil
}
