package demo

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/chorushq/chorus/internal/discovery"
	"github.com/chorushq/chorus/internal/store"
)

// samplesPerAccount caps the follower profiles stored per account: 40 give
// an audience's real share within about ±15 points (Wilson, 95%), enough to
// tell a clean audience from a bought one, and keep the demo load quick.
const samplesPerAccount = 40

// vetCreators bounds, like the posts step, the creators whose follower
// samples a large world stores: the first ones and all on a campaign.
const vetCreators = 5000

// loadFollowers stores, for each account of the bounded set of creators, a
// sample of its followers' profiles and its follower history: what a vetting
// run reads to judge audience quality and follower jumps.
func loadFollowers(ctx context.Context, tx *store.Tx, l *Loader) error {
	ws := l.WS.ID
	inCampaign := map[int]bool{}
	for _, k := range l.W.Collaborations() {
		inCampaign[k.CreatorIndex] = true
	}
	now := unix(l.W.End())
	var samples, history [][]any
	flush := func() error {
		if err := tx.BulkInsert(ctx, "follower_samples", []string{"workspace_id", "account_id", "profile", "created_at"}, samples); err != nil {
			return err
		}
		samples = samples[:0]
		if err := tx.BulkInsert(ctx, "follower_history", []string{"workspace_id", "account_id", "at", "followers"}, history); err != nil {
			return err
		}
		history = history[:0]
		return nil
	}
	for c := range l.W.Creators() {
		if c.Index >= vetCreators && !inCampaign[c.Index] {
			continue
		}
		for _, a := range c.Accounts {
			id, ok := l.Accounts[a.ID]
			if !ok {
				return fmt.Errorf("account %s of creator %d was not loaded", a.ID, c.Index)
			}
			n := 0
			for f := range l.W.Followers(a) {
				if n == samplesPerAccount {
					break
				}
				b, err := json.Marshal(f.Profile)
				if err != nil {
					return err
				}
				samples = append(samples, []any{ws, id, string(b), now})
				n++
			}
			seen := map[int64]bool{}
			for _, h := range l.W.FollowerHistory(a) {
				if at := unix(h.At); !seen[at] {
					seen[at] = true
					history = append(history, []any{ws, id, at, h.Followers})
				}
			}
		}
		if len(samples) >= 20000 {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	return flush()
}

// Vet runs the vetting pipeline over the loaded workspace, so the discover
// page, creator scores and the shortlist have figures from the start. It
// runs after Load, outside its transactions: a run writes in its own.
func Vet(ctx context.Context, l *Loader) (discovery.RunResult, error) {
	v, err := discovery.NewVetter(l.DB)
	if err != nil {
		return discovery.RunResult{}, err
	}
	v.Log = l.Log
	res, err := v.Run(ctx, l.WS.ID)
	if err != nil {
		return res, fmt.Errorf("demo: vet: %w", err)
	}
	return res, nil
}
