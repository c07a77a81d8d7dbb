package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/chorushq/chorus/internal/creators"
)

// Snapshot is a post's counts at one moment. Nil is unknown, not zero.
type Snapshot struct {
	At                                         time.Time
	Views, Impressions, Reach, Likes, Comments *int64
	Saves, Shares                              *int64
}

// IngestComment is a comment to store.
type IngestComment struct {
	Author    string
	Text      string
	CreatedAt time.Time
}

// IngestPost is a post as a connector or the demo hands it over: its
// snapshots (oldest first) and comments.
type IngestPost struct {
	URL         string
	Kind        string // image, video, reel, short, story, text
	Caption     string
	Sponsored   bool
	PublishedAt time.Time
	Snapshots   []Snapshot
	Comments    []IngestComment
}

// IngestResult counts what AddPosts wrote.
type IngestResult struct {
	PostsAdded, PostsSeen int
	Snapshots, Comments   int
}

// AddPosts stores posts of an account with their snapshots and comments. A
// post whose URL the account already has is the same post seen again: it gets
// the new snapshots, and only comments not already stored (same author and
// time), so that syncing twice does not double anything.
func (tx *Tx) AddPosts(ctx context.Context, ws, accountID int64, posts []IngestPost) (IngestResult, error) {
	var res IngestResult
	var platform string
	if err := tx.db.get(ctx, tx.q, &platform, `SELECT platform FROM accounts WHERE id = ? AND workspace_id = ?`, accountID, ws); err != nil {
		return res, fmt.Errorf("account %d: %w", accountID, err)
	}
	for i, p := range posts {
		var postID int64
		err := ErrNotFound
		if p.URL != "" {
			err = tx.db.get(ctx, tx.q, &postID, `SELECT id FROM posts WHERE account_id = ? AND workspace_id = ? AND url = ? ORDER BY id LIMIT 1`,
				accountID, ws, p.URL)
		}
		switch {
		case err == nil:
			res.PostsSeen++
		case errors.Is(err, ErrNotFound):
			kind := p.Kind
			if kind == "" {
				kind = "image"
			}
			postID, err = tx.db.insert(ctx, tx.q, `INSERT INTO posts (workspace_id, account_id, platform, url, kind, caption, sponsored, published_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, ws, accountID, platform, p.URL, kind, p.Caption, p.Sponsored, p.PublishedAt.Unix())
			if err != nil {
				return res, fmt.Errorf("post %d (%s): %w", i+1, p.URL, err)
			}
			res.PostsAdded++
		default:
			return res, fmt.Errorf("post %d (%s): %w", i+1, p.URL, err)
		}
		for _, s := range p.Snapshots {
			_, err := tx.db.exec(ctx, tx.q, `INSERT INTO post_snapshots (workspace_id, post_id, at, views, impressions, reach, likes, comments, saves, shares)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, ws, postID, s.At.Unix(), s.Views, s.Impressions, s.Reach, s.Likes, s.Comments, s.Saves, s.Shares)
			if err != nil {
				return res, fmt.Errorf("snapshot of post %d (%s): %w", i+1, p.URL, err)
			}
			res.Snapshots++
		}
		for _, c := range p.Comments {
			var n int
			if err := tx.db.get(ctx, tx.q, &n, `SELECT COUNT(*) FROM comments WHERE post_id = ? AND author = ? AND created_at = ?`,
				postID, c.Author, c.CreatedAt.Unix()); err != nil {
				return res, fmt.Errorf("comments of post %d: %w", i+1, err)
			}
			if n > 0 {
				continue
			}
			if _, err := tx.db.exec(ctx, tx.q, `INSERT INTO comments (workspace_id, post_id, author, text, created_at) VALUES (?, ?, ?, ?, ?)`,
				ws, postID, c.Author, c.Text, c.CreatedAt.Unix()); err != nil {
				return res, fmt.Errorf("comment on post %d: %w", i+1, err)
			}
			res.Comments++
		}
	}
	return res, nil
}

// AddFollowerSamples stores profiles of an account's followers, each one
// JSON object in the DESIGN.md account shape.
func (tx *Tx) AddFollowerSamples(ctx context.Context, ws, accountID int64, profiles []json.RawMessage) error {
	if err := tx.accountInWorkspace(ctx, ws, accountID); err != nil {
		return err
	}
	now := tx.db.Now().Unix()
	for i, p := range profiles {
		if !json.Valid(p) {
			return fmt.Errorf("follower sample %d of account %d: not valid JSON", i+1, accountID)
		}
		if _, err := tx.db.exec(ctx, tx.q, `INSERT INTO follower_samples (workspace_id, account_id, profile, created_at) VALUES (?, ?, ?, ?)`,
			ws, accountID, string(p), now); err != nil {
			return fmt.Errorf("follower sample %d of account %d: %w", i+1, accountID, err)
		}
	}
	return nil
}

// FollowerCount is an account's follower count at a moment.
type FollowerCount struct {
	At        time.Time
	Followers int64
}

// AddFollowerCounts records follower counts; a count already recorded for
// the same moment is replaced.
func (tx *Tx) AddFollowerCounts(ctx context.Context, ws, accountID int64, counts []FollowerCount) error {
	if err := tx.accountInWorkspace(ctx, ws, accountID); err != nil {
		return err
	}
	for _, c := range counts {
		_, err := tx.db.exec(ctx, tx.q, `INSERT INTO follower_history (workspace_id, account_id, at, followers) VALUES (?, ?, ?, ?)
			ON CONFLICT (account_id, at) DO UPDATE SET followers = excluded.followers`, ws, accountID, c.At.Unix(), c.Followers)
		if err != nil {
			return fmt.Errorf("follower count of account %d at %s: %w", accountID, c.At.Format(time.RFC3339), err)
		}
	}
	return nil
}

func (tx *Tx) accountInWorkspace(ctx context.Context, ws, accountID int64) error {
	var n int
	if err := tx.db.get(ctx, tx.q, &n, `SELECT COUNT(*) FROM accounts WHERE id = ? AND workspace_id = ?`, accountID, ws); err != nil {
		return fmt.Errorf("account %d: %w", accountID, err)
	}
	if n == 0 {
		return fmt.Errorf("account %d: %w", accountID, ErrNotFound)
	}
	return nil
}

// AccountID finds an account of the workspace by platform and handle.
func (db *DB) AccountID(ctx context.Context, ws int64, platform, handle string) (int64, error) {
	var id int64
	if err := db.get(ctx, db.reader(), &id, `SELECT id FROM accounts WHERE workspace_id = ? AND platform = ? AND handle = ?`,
		ws, platform, handle); err != nil {
		return 0, fmt.Errorf("account %s/%s: %w", platform, handle, err)
	}
	return id, nil
}

// AccountID on a transaction, which sees its own writes.
func (tx *Tx) AccountID(ctx context.Context, ws int64, platform, handle string) (int64, error) {
	var id int64
	if err := tx.db.get(ctx, tx.q, &id, `SELECT id FROM accounts WHERE workspace_id = ? AND platform = ? AND handle = ?`,
		ws, platform, handle); err != nil {
		return 0, fmt.Errorf("account %s/%s: %w", platform, handle, err)
	}
	return id, nil
}

// PlatformProfile is an account's profile as a platform API reports it.
// Nil counts are unknown and leave the stored value alone.
type PlatformProfile struct {
	Platform, Handle, Name string
	URL, Biography         string
	Followers, Following   *int64
	MediaCount             *int64
	HasProfilePic          *bool
	FetchedAt              time.Time
}

// UpsertResult says what UpsertProfile did.
type UpsertResult struct {
	AccountID, CreatorID int64
	CreatorAdded         bool
}

// UpsertProfile matches an account on platform + handle, as the file import
// does, and updates its profile fields, leaving what a platform does not
// report (audience, rates, the creator's own fields) as it is; an unknown
// account becomes a new creator. The follower count joins the account's
// history.
func (tx *Tx) UpsertProfile(ctx context.Context, ws int64, p PlatformProfile) (UpsertResult, error) {
	var res UpsertResult
	id, err := tx.AccountID(ctx, ws, p.Platform, p.Handle)
	switch {
	case err == nil:
		res.AccountID = id
		_, err = tx.db.exec(ctx, tx.q, `UPDATE accounts SET url = CASE WHEN ? = '' THEN url ELSE ? END,
			biography = ?, followers = COALESCE(?, followers), following = COALESCE(?, following),
			media_count = COALESCE(?, media_count), has_profile_pic = COALESCE(?, has_profile_pic), updated_at = ?
			WHERE id = ? AND workspace_id = ?`, p.URL, p.URL, p.Biography, p.Followers, p.Following, p.MediaCount, p.HasProfilePic,
			tx.db.Now().Unix(), id, ws)
		if err != nil {
			return res, fmt.Errorf("update %s/%s: %w", p.Platform, p.Handle, err)
		}
		if err := tx.db.get(ctx, tx.q, &res.CreatorID, `SELECT creator_id FROM accounts WHERE id = ?`, id); err != nil {
			return res, err
		}
	case errors.Is(err, ErrNotFound):
		name := p.Name
		if name == "" {
			name = p.Handle
		}
		c := creators.Creator{Name: name, Accounts: []creators.Account{{Platform: p.Platform, Handle: p.Handle, URL: p.URL,
			Biography: p.Biography, Followers: p.Followers, Following: p.Following, MediaCount: p.MediaCount, HasProfilePic: p.HasProfilePic}}}
		if err := tx.CreateCreator(ctx, ws, &c); err != nil {
			return res, err
		}
		res = UpsertResult{AccountID: c.Accounts[0].ID, CreatorID: c.ID, CreatorAdded: true}
	default:
		return res, err
	}
	if p.Followers != nil && !p.FetchedAt.IsZero() {
		if err := tx.AddFollowerCounts(ctx, ws, res.AccountID, []FollowerCount{{At: p.FetchedAt, Followers: *p.Followers}}); err != nil {
			return res, err
		}
	}
	return res, nil
}
