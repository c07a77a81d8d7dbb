package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// VetAccount is an account as a vetting run reads it, with its creator's name.
type VetAccount struct {
	ID            int64  `db:"id"`
	CreatorID     int64  `db:"creator_id"`
	Name          string `db:"name"`
	Platform      string `db:"platform"`
	Handle        string `db:"handle"`
	URL           string `db:"url"`
	Followers     *int64 `db:"followers"`
	Following     *int64 `db:"following"`
	MediaCount    *int64 `db:"media_count"`
	Biography     string `db:"biography"`
	HasProfilePic *bool  `db:"has_profile_pic"`
	IsPrivate     *bool  `db:"is_private"`
	Audience      string `db:"audience"` // JSON, for the search row
}

// VetCreator is a creator as a vetting run reads it: what its search row
// needs besides its accounts.
type VetCreator struct {
	ID        int64  `db:"id"`
	Name      string `db:"name"`
	NicheTags string `db:"niche_tags"`
}

// VetCreatorIDs pages through a workspace's creator ids in order, limit at
// a time after afterID, so a run over millions holds one page in memory.
func (db *DB) VetCreatorIDs(ctx context.Context, ws, afterID int64, limit int) ([]int64, error) {
	var out []int64
	if err := db.sel(ctx, db.reader(), &out, `SELECT id FROM creators WHERE workspace_id = ? AND id > ? ORDER BY id LIMIT ?`,
		ws, afterID, limit); err != nil {
		return nil, fmt.Errorf("creators to vet after %d: %w", afterID, err)
	}
	return out, nil
}

// VetCreators reads the creators of a workspace with ids from first to
// last, and their accounts in creator and account order: a vetting run sees
// every account of a creator at once.
//
// Here and below, "+workspace_id" keeps SQLite from choosing an index that
// starts with workspace_id over the id range or id list, which would scan
// and sort the whole workspace for every page; the condition still scopes the
// rows. PostgreSQL's planner, which has statistics, is not affected.
func (db *DB) VetCreators(ctx context.Context, ws, first, last int64) ([]VetCreator, []VetAccount, error) {
	var cs []VetCreator
	if err := db.sel(ctx, db.reader(), &cs, `SELECT id, name, niche_tags FROM creators WHERE workspace_id = ? AND id BETWEEN ? AND ? ORDER BY id`,
		ws, first, last); err != nil {
		return nil, nil, fmt.Errorf("creators %d to %d: %w", first, last, err)
	}
	var out []VetAccount
	err := db.sel(ctx, db.reader(), &out, `SELECT a.id, a.creator_id, c.name, a.platform, a.handle, a.url, a.followers, a.following,
		a.media_count, a.biography, a.has_profile_pic, a.is_private, a.audience
		FROM accounts a JOIN creators c ON c.id = a.creator_id
		WHERE +a.workspace_id = ? AND a.creator_id BETWEEN ? AND ? ORDER BY a.creator_id, a.id`, ws, first, last)
	if err != nil {
		return nil, nil, fmt.Errorf("accounts of creators %d to %d: %w", first, last, err)
	}
	return cs, out, nil
}

// CountAccounts is how many accounts a workspace has.
func (db *DB) CountAccounts(ctx context.Context, ws int64) (int64, error) {
	var n int64
	if err := db.get(ctx, db.reader(), &n, `SELECT COUNT(*) FROM accounts WHERE workspace_id = ?`, ws); err != nil {
		return 0, fmt.Errorf("count accounts: %w", err)
	}
	return n, nil
}

// PostMetrics is a post with the counts of its latest snapshot (all nil when
// it has none).
type PostMetrics struct {
	ID          int64  `db:"id"`
	AccountID   int64  `db:"account_id"`
	URL         string `db:"url"`
	Kind        string `db:"kind"`
	Caption     string `db:"caption"`
	Sponsored   bool   `db:"sponsored"`
	PublishedAt int64  `db:"published_at"`
	Likes       *int64 `db:"likes"`
	Comments    *int64 `db:"comments"`
	Saves       *int64 `db:"saves"`
	Shares      *int64 `db:"shares"`
	Views       *int64 `db:"views"`
}

// LatestPostMetrics returns the posts of the accounts, newest first per
// account, each with its latest snapshot.
func (db *DB) LatestPostMetrics(ctx context.Context, ws int64, accountIDs []int64) ([]PostMetrics, error) {
	if len(accountIDs) == 0 {
		return nil, nil
	}
	var out []PostMetrics
	err := db.sel(ctx, db.reader(), &out, `SELECT p.id, p.account_id, p.url, p.kind, p.caption, p.sponsored, p.published_at,
		s.likes, s.comments, s.saves, s.shares, s.views
		FROM posts p LEFT JOIN post_snapshots s ON s.id = (SELECT s2.id FROM post_snapshots s2 WHERE s2.post_id = p.id ORDER BY s2.at DESC, s2.id DESC LIMIT 1)
		WHERE +p.workspace_id = ? AND p.account_id IN (`+placeholders(len(accountIDs))+`)
		ORDER BY p.account_id, p.published_at DESC, p.id DESC`, append([]any{ws}, ids(accountIDs)...)...)
	if err != nil {
		return nil, fmt.Errorf("posts of %d accounts: %w", len(accountIDs), err)
	}
	return out, nil
}

// FollowerSample is one stored follower profile (JSON).
type FollowerSample struct {
	ID        int64  `db:"id"`
	AccountID int64  `db:"account_id"`
	Profile   string `db:"profile"`
}

// FollowerSamplesOf returns the follower samples of the accounts.
func (db *DB) FollowerSamplesOf(ctx context.Context, ws int64, accountIDs []int64) ([]FollowerSample, error) {
	if len(accountIDs) == 0 {
		return nil, nil
	}
	var out []FollowerSample
	err := db.sel(ctx, db.reader(), &out, `SELECT id, account_id, profile FROM follower_samples
		WHERE workspace_id = ? AND account_id IN (`+placeholders(len(accountIDs))+`) ORDER BY id`, append([]any{ws}, ids(accountIDs)...)...)
	if err != nil {
		return nil, fmt.Errorf("follower samples: %w", err)
	}
	return out, nil
}

// FollowerVerdict is the account model's verdict on a follower sample.
type FollowerVerdict struct {
	ID    int64
	PFake float64
	Fake  bool
}

// SetFollowerVerdicts records verdicts on follower samples.
func (tx *Tx) SetFollowerVerdicts(ctx context.Context, ws int64, vs []FollowerVerdict) error {
	for _, v := range vs {
		if _, err := tx.db.exec(ctx, tx.q, `UPDATE follower_samples SET p_fake = ?, fake = ? WHERE id = ? AND workspace_id = ?`,
			v.PFake, v.Fake, v.ID, ws); err != nil {
			return fmt.Errorf("follower sample %d: %w", v.ID, err)
		}
	}
	return nil
}

// StoredComment is a comment with its post.
type StoredComment struct {
	ID        int64  `db:"id"`
	PostID    int64  `db:"post_id"`
	Author    string `db:"author"`
	Text      string `db:"text"`
	CreatedAt int64  `db:"created_at"`
}

// CommentsOfPosts returns the comments of the posts in order of arrival.
func (db *DB) CommentsOfPosts(ctx context.Context, ws int64, postIDs []int64) ([]StoredComment, error) {
	if len(postIDs) == 0 {
		return nil, nil
	}
	var out []StoredComment
	err := db.sel(ctx, db.reader(), &out, `SELECT id, post_id, author, text, created_at FROM comments
		WHERE workspace_id = ? AND post_id IN (`+placeholders(len(postIDs))+`) ORDER BY post_id, created_at, id`,
		append([]any{ws}, ids(postIDs)...)...)
	if err != nil {
		return nil, fmt.Errorf("comments of %d posts: %w", len(postIDs), err)
	}
	return out, nil
}

// CommentVerdict is the comment model's verdict on a stored comment.
type CommentVerdict struct {
	CommentID int64   `db:"comment_id" json:"comment_id"`
	PSpam     float64 `db:"p_spam" json:"p_spam"`
	Label     string  `db:"label" json:"label"`
	Intent    string  `db:"intent" json:"intent"`
}

// SaveCommentVerdicts stores verdicts, replacing earlier ones.
func (tx *Tx) SaveCommentVerdicts(ctx context.Context, ws int64, vs []CommentVerdict) error {
	rows := make([][]any, len(vs))
	for i, v := range vs {
		rows[i] = []any{v.CommentID, ws, v.PSpam, v.Label, v.Intent}
	}
	return tx.upsertMany(ctx, "comment_verdicts", []string{"comment_id", "workspace_id", "p_spam", "label", "intent"}, "comment_id", rows)
}

// CommentVerdicts returns the stored verdicts on the comments of the posts.
func (db *DB) CommentVerdicts(ctx context.Context, ws int64, postIDs []int64) ([]CommentVerdict, error) {
	if len(postIDs) == 0 {
		return nil, nil
	}
	var out []CommentVerdict
	err := db.sel(ctx, db.reader(), &out, `SELECT v.comment_id, v.p_spam, v.label, v.intent FROM comment_verdicts v
		JOIN comments c ON c.id = v.comment_id WHERE v.workspace_id = ? AND c.post_id IN (`+placeholders(len(postIDs))+`) ORDER BY v.comment_id`,
		append([]any{ws}, ids(postIDs)...)...)
	if err != nil {
		return nil, fmt.Errorf("comment verdicts: %w", err)
	}
	return out, nil
}

// FollowerCountsOf returns the follower history of the accounts, oldest
// first.
func (db *DB) FollowerCountsOf(ctx context.Context, ws int64, accountIDs []int64) (map[int64][]FollowerCount, error) {
	out := map[int64][]FollowerCount{}
	if len(accountIDs) == 0 {
		return out, nil
	}
	var rows []struct {
		AccountID int64 `db:"account_id"`
		At        int64 `db:"at"`
		Followers int64 `db:"followers"`
	}
	err := db.sel(ctx, db.reader(), &rows, `SELECT account_id, at, followers FROM follower_history
		WHERE workspace_id = ? AND account_id IN (`+placeholders(len(accountIDs))+`) ORDER BY account_id, at`,
		append([]any{ws}, ids(accountIDs)...)...)
	if err != nil {
		return nil, fmt.Errorf("follower history: %w", err)
	}
	for _, r := range rows {
		out[r.AccountID] = append(out[r.AccountID], FollowerCount{At: time.Unix(r.At, 0).UTC(), Followers: r.Followers})
	}
	return out, nil
}

// AccountVetting is a vetting run's result for one account. The columns are
// what search reads; Detail is the whole explained record as JSON, or empty
// when the run left it to be recomputed from the account's bare profile.
type AccountVetting struct {
	AccountID      int64    `db:"account_id" json:"account_id"`
	CreatorID      int64    `db:"creator_id" json:"creator_id"`
	VettedAt       int64    `db:"vetted_at" json:"vetted_at"`
	Followers      *int64   `db:"followers" json:"followers"`
	Tier           string   `db:"tier" json:"tier"`
	ER             *float64 `db:"er" json:"er"`
	ERViews        *float64 `db:"er_views" json:"er_views"`
	ERPosts        int      `db:"er_posts" json:"er_posts"`
	Percentile     *float64 `db:"percentile" json:"percentile"`
	PFake          *float64 `db:"p_fake" json:"p_fake"`
	RealShare      *float64 `db:"real_share" json:"real_share"`
	CommentQuality *float64 `db:"comment_quality" json:"comment_quality"`
	SponsoredShare *float64 `db:"sponsored_share" json:"sponsored_share"`
	Detail         string   `db:"detail" json:"-"`
}

var vettingCols = []string{"account_id", "workspace_id", "creator_id", "vetted_at", "followers", "tier", "er", "er_views", "er_posts",
	"percentile", "p_fake", "real_share", "comment_quality", "sponsored_share", "detail"}

// SaveAccountVettings stores results, replacing each account's earlier one.
func (tx *Tx) SaveAccountVettings(ctx context.Context, ws int64, vs []AccountVetting) error {
	rows := make([][]any, len(vs))
	for i, v := range vs {
		rows[i] = []any{v.AccountID, ws, v.CreatorID, v.VettedAt, v.Followers, v.Tier, v.ER, v.ERViews, v.ERPosts,
			v.Percentile, v.PFake, v.RealShare, v.CommentQuality, v.SponsoredShare, v.Detail}
	}
	return tx.upsertMany(ctx, "account_vetting", vettingCols, "account_id", rows)
}

// AccountVettingsOf returns the stored results of the creators' accounts,
// largest account first per creator.
func (db *DB) AccountVettingsOf(ctx context.Context, ws int64, creatorIDs []int64) ([]AccountVetting, error) {
	if len(creatorIDs) == 0 {
		return nil, nil
	}
	var out []AccountVetting
	err := db.sel(ctx, db.reader(), &out, `SELECT account_id, creator_id, vetted_at, followers, tier, er, er_views, er_posts,
		percentile, p_fake, real_share, comment_quality, sponsored_share, detail FROM account_vetting
		WHERE workspace_id = ? AND creator_id IN (`+placeholders(len(creatorIDs))+`) ORDER BY creator_id, followers DESC, account_id`,
		append([]any{ws}, ids(creatorIDs)...)...)
	if err != nil {
		return nil, fmt.Errorf("vetting results: %w", err)
	}
	return out, nil
}

// AccountVettingsAfter pages through a workspace's results in account order,
// only those with something beyond the profile to score: an ER, a follower
// sample, comments or recent posts (which always give a sponsored share).
func (db *DB) AccountVettingsAfter(ctx context.Context, ws, afterAccountID int64, limit int) ([]AccountVetting, error) {
	var out []AccountVetting
	err := db.sel(ctx, db.reader(), &out, `SELECT account_id, creator_id, vetted_at, followers, tier, er, er_views, er_posts,
		percentile, p_fake, real_share, comment_quality, sponsored_share, detail FROM account_vetting
		WHERE +workspace_id = ? AND account_id > ?
		AND (er IS NOT NULL OR real_share IS NOT NULL OR comment_quality IS NOT NULL OR sponsored_share IS NOT NULL)
		ORDER BY account_id LIMIT ?`, ws, afterAccountID, limit)
	if err != nil {
		return nil, fmt.Errorf("vetting results after %d: %w", afterAccountID, err)
	}
	return out, nil
}

// CampaignScoring returns a campaign's stored score settings (JSON);
// ErrNotFound when it has none, which means the defaults.
func (db *DB) CampaignScoring(ctx context.Context, ws, campaignID int64) (string, error) {
	var cfg string
	if err := db.get(ctx, db.reader(), &cfg, `SELECT config FROM campaign_scoring WHERE campaign_id = ? AND workspace_id = ?`,
		campaignID, ws); err != nil {
		return "", fmt.Errorf("score settings of campaign %d: %w", campaignID, err)
	}
	return cfg, nil
}

// SetCampaignScoring stores a campaign's score settings (JSON).
func (tx *Tx) SetCampaignScoring(ctx context.Context, ws, campaignID int64, cfg string) error {
	var n int
	if err := tx.db.get(ctx, tx.q, &n, `SELECT COUNT(*) FROM campaigns WHERE id = ? AND workspace_id = ?`, campaignID, ws); err != nil {
		return err
	}
	if n == 0 {
		return fmt.Errorf("campaign %d: %w", campaignID, ErrNotFound)
	}
	_, err := tx.db.exec(ctx, tx.q, `INSERT INTO campaign_scoring (campaign_id, workspace_id, config, updated_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (campaign_id) DO UPDATE SET config = excluded.config, updated_at = excluded.updated_at`,
		campaignID, ws, cfg, tx.db.Now().Unix())
	if err != nil {
		return fmt.Errorf("save score settings of campaign %d: %w", campaignID, err)
	}
	return nil
}

// bulkCache gives SQLite's writer connection a page cache for bulk writes.
// Writes of many rows touch index pages all over the file; with SQLite's
// default 2 MB cache they are written out and read back again and again.
// The setting stays with the one writer connection.
func (tx *Tx) bulkCache(ctx context.Context) error {
	if tx.db.dialect != SQLite {
		return nil
	}
	_, err := tx.q.ExecContext(ctx, `PRAGMA cache_size = -262144`)
	return err
}

// BulkCheckpoints lets the WAL grow to bulkWALPages before SQLite copies it
// into the database, until the returned restore is called. A bulk writer
// commits every few thousand rows, and with the default of 1,000 pages each
// commit is followed by a checkpoint that writes the index pages it touched
// a second time; the same pages, touched again by the next commit, are
// written again. On PostgreSQL it does nothing.
func (db *DB) BulkCheckpoints(ctx context.Context) (restore func(context.Context) error, err error) {
	if db.dialect != SQLite {
		return func(context.Context) error { return nil }, nil
	}
	set := func(ctx context.Context, pages int) error {
		_, err := db.w.ExecContext(ctx, fmt.Sprintf("PRAGMA wal_autocheckpoint = %d", pages))
		return err
	}
	if err := set(ctx, bulkWALPages); err != nil {
		return nil, fmt.Errorf("bulk checkpoints: %w", err)
	}
	return func(ctx context.Context) error {
		if err := set(ctx, 1000); err != nil { // SQLite's default
			return fmt.Errorf("restore checkpoints: %w", err)
		}
		// The bulk writer pays for the checkpoint it put off, not the next
		// small commit (a batch of clicks).
		if _, err := db.w.ExecContext(ctx, "PRAGMA wal_checkpoint(PASSIVE)"); err != nil {
			return fmt.Errorf("checkpoint: %w", err)
		}
		return nil
	}, nil
}

// bulkWALPages is 400 MB of 4 KB pages.
const bulkWALPages = 100_000

// upsertMany inserts rows in multi-row statements, replacing on a conflict
// on key every other column.
func (tx *Tx) upsertMany(ctx context.Context, table string, cols []string, key string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	if err := tx.bulkCache(ctx); err != nil {
		return err
	}
	var set []string
	for _, c := range cols {
		if c != key {
			set = append(set, c+" = excluded."+c)
		}
	}
	per := min(30000/len(cols), 500)
	one := "(" + placeholders(len(cols)) + ")"
	for start := 0; start < len(rows); start += per {
		end := min(start+per, len(rows))
		args := make([]any, 0, (end-start)*len(cols))
		for _, r := range rows[start:end] {
			args = append(args, r...)
		}
		q := "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES " +
			strings.TrimSuffix(strings.Repeat(one+",", end-start), ",") +
			" ON CONFLICT (" + key + ") DO UPDATE SET " + strings.Join(set, ", ")
		if _, err := tx.db.exec(ctx, tx.q, q, args...); err != nil {
			return fmt.Errorf("save %s: %w", table, err)
		}
	}
	return nil
}

func ids(v []int64) []any {
	out := make([]any, len(v))
	for i, id := range v {
		out[i] = id
	}
	return out
}

// VettingJob is one vetting run over a workspace.
type VettingJob struct {
	ID          int64  `db:"id" json:"id"`
	WorkspaceID int64  `db:"workspace_id" json:"-"`
	Status      string `db:"status" json:"status"` // running, done, failed
	Total       int64  `db:"total" json:"total"`
	Done        int64  `db:"done" json:"done"`
	Error       string `db:"error" json:"error,omitempty"`
	StartedAt   int64  `db:"started_at" json:"started_at"`
	UpdatedAt   int64  `db:"updated_at" json:"updated_at"`
	FinishedAt  *int64 `db:"finished_at" json:"finished_at,omitempty"`
}

// StaleJob is how long a running job may go without progress before another
// run may start: its process is taken to have died.
const StaleJob = 2 * time.Minute

// ErrJobRunning is returned when a vetting run is already under way.
var ErrJobRunning = errors.New("a vetting run is already under way")

// StartVettingJob records a new run, unless one is running and alive.
func (tx *Tx) StartVettingJob(ctx context.Context, ws int64) (*VettingJob, error) {
	now := tx.db.Now().Unix()
	var n int
	if err := tx.db.get(ctx, tx.q, &n, `SELECT COUNT(*) FROM vetting_jobs WHERE workspace_id = ? AND status = 'running' AND updated_at > ?`,
		ws, now-int64(StaleJob/time.Second)); err != nil {
		return nil, fmt.Errorf("vetting runs: %w", err)
	}
	if n > 0 {
		return nil, ErrJobRunning
	}
	if _, err := tx.db.exec(ctx, tx.q, `UPDATE vetting_jobs SET status = 'failed', error = 'abandoned', finished_at = ?
		WHERE workspace_id = ? AND status = 'running'`, now, ws); err != nil {
		return nil, fmt.Errorf("vetting runs: %w", err)
	}
	j := &VettingJob{WorkspaceID: ws, Status: "running", StartedAt: now, UpdatedAt: now}
	id, err := tx.db.insert(ctx, tx.q, `INSERT INTO vetting_jobs (workspace_id, status, started_at, updated_at) VALUES (?, ?, ?, ?)`,
		ws, j.Status, now, now)
	if err != nil {
		return nil, fmt.Errorf("start vetting run: %w", err)
	}
	j.ID = id
	return j, nil
}

// VettingProgress records how far a run has got.
func (db *DB) VettingProgress(ctx context.Context, ws, id, done, total int64) error {
	_, err := db.exec(ctx, db.w, `UPDATE vetting_jobs SET done = ?, total = ?, updated_at = ? WHERE id = ? AND workspace_id = ?`,
		done, total, db.Now().Unix(), id, ws)
	if err != nil {
		return fmt.Errorf("vetting run %d: %w", id, err)
	}
	return nil
}

// FinishVettingJob marks a run done, or failed with runErr.
func (db *DB) FinishVettingJob(ctx context.Context, ws, id int64, runErr error) error {
	status, msg := "done", ""
	if runErr != nil {
		status, msg = "failed", runErr.Error()
	}
	now := db.Now().Unix()
	_, err := db.exec(ctx, db.w, `UPDATE vetting_jobs SET status = ?, error = ?, updated_at = ?, finished_at = ? WHERE id = ? AND workspace_id = ?`,
		status, msg, now, now, id, ws)
	if err != nil {
		return fmt.Errorf("vetting run %d: %w", id, err)
	}
	return nil
}

// VettingJob loads a run of the workspace.
func (db *DB) VettingJob(ctx context.Context, ws, id int64) (*VettingJob, error) {
	var j VettingJob
	if err := db.get(ctx, db.reader(), &j, `SELECT id, workspace_id, status, total, done, error, started_at, updated_at, finished_at
		FROM vetting_jobs WHERE id = ? AND workspace_id = ?`, id, ws); err != nil {
		return nil, fmt.Errorf("vetting run %d: %w", id, err)
	}
	return &j, nil
}

// LatestVettingJob loads the workspace's most recent run.
func (db *DB) LatestVettingJob(ctx context.Context, ws int64) (*VettingJob, error) {
	var j VettingJob
	if err := db.get(ctx, db.reader(), &j, `SELECT id, workspace_id, status, total, done, error, started_at, updated_at, finished_at
		FROM vetting_jobs WHERE workspace_id = ? ORDER BY id DESC LIMIT 1`, ws); err != nil {
		return nil, fmt.Errorf("latest vetting run: %w", err)
	}
	return &j, nil
}
