package store

import (
	"context"
	"fmt"
	"time"

	"github.com/chorushq/chorus/internal/analytics"
)

// Post is a published post as reports and the API see it.
type Post struct {
	ID              int64     `db:"id" json:"id"`
	AccountID       int64     `db:"account_id" json:"account_id"`
	CollaborationID *int64    `db:"collaboration_id" json:"collaboration_id"`
	Platform        string    `db:"platform" json:"platform"`
	URL             string    `db:"url" json:"url"`
	Kind            string    `db:"kind" json:"kind"`
	Caption         string    `db:"caption" json:"caption"`
	Sponsored       bool      `db:"sponsored" json:"sponsored"`
	PublishedAt     time.Time `db:"-" json:"published_at"`
	PublishedUnix   int64     `db:"published_at" json:"-"`
}

const postCols = `id, account_id, collaboration_id, platform, url, kind, caption, sponsored, published_at`

// CreatePost registers a post of a collaboration. When p.AccountID is zero
// the creator's account on p.Platform is used; an account given must be the
// collaboration's creator's.
func (tx *Tx) CreatePost(ctx context.Context, ws int64, p *Post) error {
	if p.CollaborationID == nil {
		return fmt.Errorf("post: collaboration: %w", ErrNotFound)
	}
	var creatorID int64
	if err := tx.db.get(ctx, tx.q, &creatorID, `SELECT creator_id FROM collaborations WHERE id = ? AND workspace_id = ?`,
		*p.CollaborationID, ws); err != nil {
		return fmt.Errorf("collaboration %d: %w", *p.CollaborationID, err)
	}
	var acct struct {
		ID       int64  `db:"id"`
		Platform string `db:"platform"`
	}
	var err error
	if p.AccountID != 0 {
		err = tx.db.get(ctx, tx.q, &acct, `SELECT id, platform FROM accounts WHERE id = ? AND creator_id = ? AND workspace_id = ?`,
			p.AccountID, creatorID, ws)
	} else {
		err = tx.db.get(ctx, tx.q, &acct, `SELECT id, platform FROM accounts WHERE creator_id = ? AND workspace_id = ? AND platform = ?
			ORDER BY followers DESC, id LIMIT 1`, creatorID, ws, p.Platform)
	}
	if err != nil {
		return fmt.Errorf("account of creator %d on %q: %w", creatorID, p.Platform, err)
	}
	p.AccountID, p.Platform = acct.ID, acct.Platform
	if p.Kind == "" {
		p.Kind = "image"
	}
	p.ID, err = tx.db.insert(ctx, tx.q, `INSERT INTO posts (workspace_id, account_id, collaboration_id, platform, url, kind, caption, sponsored, published_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, ws, p.AccountID, p.CollaborationID, p.Platform, p.URL, p.Kind, p.Caption, p.Sponsored, p.PublishedAt.Unix())
	if err != nil {
		return fmt.Errorf("add post of collaboration %d: %w", *p.CollaborationID, err)
	}
	return nil
}

// Post loads one post of the workspace.
func (db *DB) Post(ctx context.Context, ws, id int64) (*Post, error) {
	var p Post
	if err := db.get(ctx, db.reader(), &p, `SELECT `+postCols+` FROM posts WHERE id = ? AND workspace_id = ?`, id, ws); err != nil {
		return nil, fmt.Errorf("post %d: %w", id, err)
	}
	p.PublishedAt = time.Unix(p.PublishedUnix, 0).UTC()
	return &p, nil
}

var snapshotCols = []string{"workspace_id", "post_id", "at", "views", "impressions", "reach", "likes", "comments", "saves",
	"shares", "watch_time_s", "completion_rate", "link_clicks"}

// AddSnapshots stores metric snapshots. Every post must be the workspace's;
// if one is not, nothing is stored and the error names the first such post.
func (tx *Tx) AddSnapshots(ctx context.Context, ws int64, ss []analytics.Snapshot) error {
	ids := map[int64]bool{}
	for _, s := range ss {
		ids[s.PostID] = true
	}
	list := make([]any, 0, len(ids)+1)
	list = append(list, ws)
	for id := range ids {
		list = append(list, id)
	}
	var found []int64
	// Check in chunks so a file of thousands of posts stays under the
	// engines' parameter limits.
	for start := 1; start < len(list); start += 500 {
		chunk := list[start:min(start+500, len(list))]
		var part []int64
		if err := tx.db.sel(ctx, tx.q, &part, `SELECT id FROM posts WHERE workspace_id = ? AND id IN (`+placeholders(len(chunk))+`)`,
			append([]any{ws}, chunk...)...); err != nil {
			return fmt.Errorf("check posts: %w", err)
		}
		found = append(found, part...)
	}
	for _, id := range found {
		delete(ids, id)
	}
	for i, s := range ss {
		if ids[s.PostID] {
			return fmt.Errorf("snapshot %d: post %d: %w", i+1, s.PostID, ErrNotFound)
		}
	}
	rows := make([][]any, len(ss))
	for i, s := range ss {
		rows[i] = []any{ws, s.PostID, s.At.Unix(), s.Views, s.Impressions, s.Reach, s.Likes, s.Comments, s.Saves,
			s.Shares, s.WatchTimeS, s.CompletionRate, s.LinkClicks}
	}
	return tx.BulkInsert(ctx, "post_snapshots", snapshotCols, rows)
}

type snapshotRow struct {
	PostID         int64    `db:"post_id"`
	At             int64    `db:"at"`
	Views          *int64   `db:"views"`
	Impressions    *int64   `db:"impressions"`
	Reach          *int64   `db:"reach"`
	Likes          *int64   `db:"likes"`
	Comments       *int64   `db:"comments"`
	Saves          *int64   `db:"saves"`
	Shares         *int64   `db:"shares"`
	WatchTimeS     *int64   `db:"watch_time_s"`
	CompletionRate *float64 `db:"completion_rate"`
	LinkClicks     *int64   `db:"link_clicks"`
}

func (r snapshotRow) snapshot() analytics.Snapshot {
	return analytics.Snapshot{PostID: r.PostID, At: time.Unix(r.At, 0).UTC(), Views: r.Views, Impressions: r.Impressions,
		Reach: r.Reach, Likes: r.Likes, Comments: r.Comments, Saves: r.Saves, Shares: r.Shares, WatchTimeS: r.WatchTimeS,
		CompletionRate: r.CompletionRate, LinkClicks: r.LinkClicks}
}

const snapshotSelect = `SELECT s.post_id, s.at, s.views, s.impressions, s.reach, s.likes, s.comments, s.saves, s.shares,
	s.watch_time_s, s.completion_rate, s.link_clicks FROM post_snapshots s`

// PostSnapshots lists a post's snapshots, oldest first: its growth curve.
func (db *DB) PostSnapshots(ctx context.Context, ws, postID int64) ([]analytics.Snapshot, error) {
	var rows []snapshotRow
	if err := db.sel(ctx, db.reader(), &rows, snapshotSelect+` WHERE s.workspace_id = ? AND s.post_id = ? ORDER BY s.at, s.id`,
		ws, postID); err != nil {
		return nil, fmt.Errorf("snapshots of post %d: %w", postID, err)
	}
	out := make([]analytics.Snapshot, len(rows))
	for i, r := range rows {
		out[i] = r.snapshot()
	}
	return out, nil
}
