package store

import (
	"context"
	"fmt"
	"slices"
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
	if err := tx.queueSearch(ctx, ws, []int64{id}); err != nil {
		return err
	}
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
	return tx.queueSearch(ctx, ws, []int64{a.CreatorID})
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
//
// It is made for files of millions of rows: it reads the workspace's
// accounts and e-mail addresses once, at the first row, and stores new
// creators and accounts in multi-row statements of importBatch rows, the last
// batch when the transaction commits. An update of an account goes straight
// to the database, after the pending batch when the account is in it.
type Importer struct {
	tx      *Tx
	ws      int64
	byEmail map[string]int64
	Result  ImportResult

	loaded   bool
	accounts map[accountKey]accountRef
	// The pending batch: new creators, and new accounts, each with its
	// creator's id or, for a pending creator, its index in newCreators.
	newCreators  []creators.Creator
	newAccounts  []pendingAccount
	pendingEmail map[string]int
	pendingAcct  map[accountKey]bool
}

type accountKey struct{ platform, handle string }

type accountRef struct{ id, creatorID int64 }

type pendingAccount struct {
	a          creators.Account
	creatorIdx int // -1: a.CreatorID is set
}

// importBatch is how many new accounts the importer holds before storing
// them with their new creators, importChunk rows a statement.
const importBatch = 2000

// NewImporter starts an import into workspace ws within tx.
func (tx *Tx) NewImporter(ws int64) *Importer {
	im := &Importer{tx: tx, ws: ws, byEmail: map[string]int64{}, accounts: map[accountKey]accountRef{},
		pendingEmail: map[string]int{}, pendingAcct: map[accountKey]bool{}}
	tx.beforeCommit = append(tx.beforeCommit, im.flush)
	return im
}

// load reads what rows are matched against.
func (im *Importer) load(ctx context.Context) error {
	tx, db := im.tx, im.tx.db
	var accts []struct {
		ID        int64  `db:"id"`
		CreatorID int64  `db:"creator_id"`
		Platform  string `db:"platform"`
		Handle    string `db:"handle"`
	}
	if err := db.sel(ctx, tx.q, &accts, `SELECT id, creator_id, platform, handle FROM accounts WHERE workspace_id = ?`, im.ws); err != nil {
		return fmt.Errorf("read accounts: %w", err)
	}
	for _, a := range accts {
		im.accounts[accountKey{a.Platform, a.Handle}] = accountRef{a.ID, a.CreatorID}
	}
	var emails []struct {
		ID    int64  `db:"id"`
		Email string `db:"email"`
	}
	if err := db.sel(ctx, tx.q, &emails, `SELECT id, LOWER(email) AS email FROM creators WHERE workspace_id = ? AND email <> '' ORDER BY id`, im.ws); err != nil {
		return fmt.Errorf("read creator e-mails: %w", err)
	}
	for _, e := range emails {
		if _, ok := im.byEmail[e.Email]; !ok { // the oldest creator with the address wins
			im.byEmail[e.Email] = e.ID
		}
	}
	if err := tx.bulkCache(ctx); err != nil {
		return fmt.Errorf("prepare import: %w", err)
	}
	im.loaded = true
	return nil
}

// importChunk is how many rows one INSERT statement of an import stores.
// In a transaction that caches statements (CacheStatements) the statement
// of a full chunk is prepared once per import: modernc's SQLite parses every
// statement it is given, and parsing a statement of thousands of values
// costs about as much as running it.
const importChunk = 100

// insertIDs runs multi-row INSERT ... RETURNING id statements and returns
// the ids in the order of the rows. Ids are handed out in the order rows are
// inserted, which is the order of VALUES, so sorting each statement's ids
// restores it whatever order the engine returns them in.
func (im *Importer) insertIDs(ctx context.Context, head string, cols int, rows [][]any) ([]int64, error) {
	one := "(" + placeholders(cols) + ")"
	out := make([]int64, 0, len(rows))
	for start := 0; start < len(rows); start += importChunk {
		part := rows[start:min(start+importChunk, len(rows))]
		args := make([]any, 0, cols*len(part))
		for _, r := range part {
			args = append(args, r...)
		}
		q := head + strings.TrimSuffix(strings.Repeat(one+",", len(part)), ",") + " RETURNING id"
		var ids []int64
		var err error
		if len(part) == importChunk {
			err = im.tx.db.sel(ctx, im.tx.q, &ids, q, args...)
		} else {
			// A statement of an odd size, used once, would only take a place
			// in the statement cache.
			err = im.tx.q.SelectContext(ctx, &ids, im.tx.db.rebind(q), args...)
		}
		if err != nil {
			if im.tx.db.isUnique(err) {
				return nil, fmt.Errorf("%w: %v", ErrConflict, err)
			}
			return nil, err
		}
		if len(ids) != len(part) {
			return nil, fmt.Errorf("%d ids for %d rows", len(ids), len(part))
		}
		slices.Sort(ids)
		out = append(out, ids...)
	}
	return out, nil
}

// flush stores the pending batch.
func (im *Importer) flush(ctx context.Context) error {
	if len(im.newCreators) == 0 && len(im.newAccounts) == 0 {
		return nil
	}
	now := im.tx.db.Now().Unix()
	var creatorIDs []int64
	if len(im.newCreators) > 0 {
		rows := make([][]any, len(im.newCreators))
		for i, c := range im.newCreators {
			rows[i] = []any{im.ws, c.Name, c.Email, c.Country, c.NicheTags, c.Notes, now, now}
		}
		var err error
		creatorIDs, err = im.insertIDs(ctx, `INSERT INTO creators (workspace_id, name, email, country, niche_tags, notes, created_at, updated_at) VALUES `, 8, rows)
		if err != nil {
			return fmt.Errorf("create creators %q...: %w", im.newCreators[0].Name, err)
		}
		for i, c := range im.newCreators {
			if e := strings.ToLower(c.Email); e != "" {
				im.byEmail[e] = creatorIDs[i]
			}
		}
	}
	if len(im.newAccounts) > 0 {
		rows := make([][]any, len(im.newAccounts))
		for i := range im.newAccounts {
			p := &im.newAccounts[i]
			if p.creatorIdx >= 0 {
				p.a.CreatorID = creatorIDs[p.creatorIdx]
			}
			a := p.a
			rows[i] = []any{im.ws, a.CreatorID, a.Platform, a.Handle, a.URL, a.Followers, a.Following, a.MediaCount,
				a.Biography, a.HasProfilePic, a.IsPrivate, a.Audience, a.RateMinor, a.RateCurrency, now, now}
		}
		ids, err := im.insertIDs(ctx, `INSERT INTO accounts (workspace_id, creator_id, platform, handle, url, followers, following,
			media_count, biography, has_profile_pic, is_private, audience, rate_minor, rate_currency, created_at, updated_at) VALUES `, 16, rows)
		if err != nil {
			return fmt.Errorf("add accounts %s/%s...: %w", im.newAccounts[0].a.Platform, im.newAccounts[0].a.Handle, err)
		}
		for i, p := range im.newAccounts {
			im.accounts[accountKey{p.a.Platform, p.a.Handle}] = accountRef{ids[i], p.a.CreatorID}
		}
	}
	// Queue the batch's creators for the search index in one statement:
	// the new ones, and those that gained an account.
	queue := creatorIDs
	for _, p := range im.newAccounts {
		if p.creatorIdx < 0 {
			queue = append(queue, p.a.CreatorID)
		}
	}
	if err := im.tx.queueSearch(ctx, im.ws, queue); err != nil {
		return err
	}
	im.newCreators, im.newAccounts = im.newCreators[:0], im.newAccounts[:0]
	clear(im.pendingEmail)
	clear(im.pendingAcct)
	return nil
}

// Add upserts one row.
func (im *Importer) Add(ctx context.Context, c creators.Creator, a creators.Account) error {
	if !im.loaded {
		if err := im.load(ctx); err != nil {
			return err
		}
	}
	key := accountKey{a.Platform, a.Handle}
	if im.pendingAcct[key] {
		// The same account twice in a file: the second row updates what
		// the first stored.
		if err := im.flush(ctx); err != nil {
			return err
		}
	}
	im.Result.Rows++
	email := strings.ToLower(c.Email)
	if ref, ok := im.accounts[key]; ok {
		return im.update(ctx, c, a, ref, email)
	}
	im.pendingAcct[key] = true
	im.Result.AccountsAdded++
	if id, ok := im.byEmail[email]; email != "" && ok {
		a.CreatorID = id
		im.newAccounts = append(im.newAccounts, pendingAccount{a, -1})
	} else if idx, ok := im.pendingEmail[email]; email != "" && ok {
		im.newAccounts = append(im.newAccounts, pendingAccount{a, idx})
	} else {
		if email != "" {
			im.pendingEmail[email] = len(im.newCreators)
		}
		im.newAccounts = append(im.newAccounts, pendingAccount{a, len(im.newCreators)})
		im.newCreators = append(im.newCreators, c)
		im.Result.CreatorsAdded++
	}
	if len(im.newAccounts) >= importBatch {
		return im.flush(ctx)
	}
	return nil
}

// update applies a row to an account already stored, and its creator.
func (im *Importer) update(ctx context.Context, c creators.Creator, a creators.Account, ref accountRef, email string) error {
	tx, db := im.tx, im.tx.db
	a.ID, a.CreatorID = ref.id, ref.creatorID
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
	if old, ok := im.byEmail[email]; email != "" && (!ok || a.CreatorID < old) {
		im.byEmail[email] = a.CreatorID
	}
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
