package store_test

import (
	"testing"
	"time"

	"github.com/chorushq/chorus/internal/creators"
	"github.com/chorushq/chorus/internal/store"
	"github.com/chorushq/chorus/internal/store/storetest"
)

func TestCommentReplies(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		ctx := storetest.Ctx(t)
		ws := f.Workspace.ID
		t0 := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
		at := func(h int) time.Time { return t0.Add(time.Duration(h) * time.Hour) }
		c := creators.Creator{Name: "Ana", Accounts: []creators.Account{{Platform: "youtube", Handle: "ana"}}}
		var acct int64
		var updated int
		storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error {
			if err := tx.CreateCreator(ctx, ws, &c); err != nil {
				return err
			}
			acct = c.Accounts[0].ID
			// Three posts, oldest first; with recent = 2 the oldest (p1) is
			// left out of the tally.
			_, err := tx.AddPosts(ctx, ws, acct, []store.IngestPost{
				{URL: "https://yt.test/p1", PublishedAt: at(0), Comments: []store.IngestComment{{Author: "old", Text: "a", CreatedAt: at(1)}}},
				{URL: "https://yt.test/p2", PublishedAt: at(24), Comments: []store.IngestComment{
					{Author: "bo", Text: "b", CreatedAt: at(25)}, {Author: "cy", Text: "c", CreatedAt: at(26)}, {Author: "di", Text: "d", CreatedAt: at(27)}}},
				{URL: "https://yt.test/p3", PublishedAt: at(48), Comments: []store.IngestComment{
					{Author: "ed", Text: "e", CreatedAt: at(49)}, {Author: "fi", Text: "f", CreatedAt: at(50)}}},
			})
			if err != nil {
				return err
			}
			updated, err = tx.SetCommentReplies(ctx, ws, acct, []store.CommentReply{
				{PostURL: "https://yt.test/p1", Author: "old", CreatedAt: at(1), Replied: true, Delay: time.Hour},
				{PostURL: "https://yt.test/p2", Author: "bo", CreatedAt: at(25), Replied: true, Delay: 2 * time.Hour},
				{PostURL: "https://yt.test/p2", Author: "cy", CreatedAt: at(26), Replied: false},
				{PostURL: "https://yt.test/p3", Author: "ed", CreatedAt: at(49), Replied: true, Delay: 6 * time.Hour},
				{PostURL: "https://yt.test/p3", Author: "fi", CreatedAt: at(50), Replied: true, Delay: 30 * time.Minute},
				// Not stored: skipped, not an error.
				{PostURL: "https://yt.test/p3", Author: "ghost", CreatedAt: at(50), Replied: true},
			})
			return err
		}))
		if updated != 5 {
			t.Errorf("updated %d comments, want 5", updated)
		}
		got, err := f.DB.ReplyTallies(ctx, ws, []int64{acct, acct + 1000}, 2)
		storetest.Must(t, err)
		// Recent posts p2 and p3: bo, cy, ed, fi known (di unknown); bo,
		// ed, fi replied; delays 0.5 h, 2 h, 6 h: median 2 h.
		want := store.ReplyTally{Comments: 4, Replied: 3, MedianDelay: 2 * time.Hour}
		if len(got) != 1 || got[acct] != want {
			t.Errorf("tallies %+v, want %+v", got, want)
		}
		// All three posts: old adds a replied comment with 1 h; delays
		// 0.5, 1, 2, 6: median (1 + 2)/2 = 1.5 h.
		got, err = f.DB.ReplyTallies(ctx, ws, []int64{acct}, 12)
		storetest.Must(t, err)
		if want := (store.ReplyTally{Comments: 5, Replied: 4, MedianDelay: 90 * time.Minute}); got[acct] != want {
			t.Errorf("all posts: %+v, want %+v", got[acct], want)
		}
		// Another workspace sees nothing of this account.
		got, err = f.DB.ReplyTallies(ctx, ws+1, []int64{acct}, 12)
		storetest.Must(t, err)
		if len(got) != 0 {
			t.Errorf("other workspace: %+v", got)
		}
	})
}
