package demo

import (
	"context"
	"fmt"
	"strings"

	"github.com/chorushq/chorus/internal/campaigns"
	"github.com/chorushq/chorus/internal/creators"
	"github.com/chorushq/chorus/internal/sim"
	"github.com/chorushq/chorus/internal/store"
)

func audience(a sim.Audience) creators.Audience {
	out := creators.Audience{Country: map[string]float64{}, Age: map[string]float64{}, Gender: map[string]float64{}}
	for _, s := range a.Countries {
		out.Country[s.Key] = s.Share
	}
	for i, b := range sim.AgeBands {
		out.Age[b] = a.Age[i]
	}
	out.Gender["female"], out.Gender["male"] = a.Female, a.Male
	return out
}

// loadCreators streams the world's creators in chunks, so that a world of a
// million creators loads in bounded memory.
func loadCreators(ctx context.Context, tx *store.Tx, l *Loader) error {
	const chunk = 5000
	var batch []sim.Creator
	for c := range l.W.Creators() {
		batch = append(batch, c)
		if len(batch) == chunk {
			if err := l.storeCreators(ctx, tx, batch); err != nil {
				return err
			}
			batch = batch[:0]
		}
	}
	return l.storeCreators(ctx, tx, batch)
}

func (l *Loader) storeCreators(ctx context.Context, tx *store.Tx, batch []sim.Creator) error {
	if len(batch) == 0 {
		return nil
	}
	ws := l.WS.ID
	now := unix(l.W.End())
	firstCreator, err := tx.MaxID(ctx, "creators")
	if err != nil {
		return err
	}
	crows := make([][]any, 0, len(batch))
	for _, c := range batch {
		crows = append(crows, []any{ws, c.Name, c.Email, c.Country, creators.Tags(c.Niches).String(), "", now, now})
	}
	if err := tx.BulkInsert(ctx, "creators", []string{"workspace_id", "name", "email", "country", "niche_tags", "notes", "created_at", "updated_at"}, crows); err != nil {
		return err
	}
	ids, err := tx.IDsAfter(ctx, "creators", ws, firstCreator)
	if err != nil {
		return err
	}
	if len(ids) != len(batch) {
		return fmt.Errorf("stored %d creators, want %d", len(ids), len(batch))
	}
	firstAccount, err := tx.MaxID(ctx, "accounts")
	if err != nil {
		return err
	}
	var arows [][]any
	var accts []string
	for i, c := range batch {
		l.Creators[c.Index] = ids[i]
		for _, a := range c.Accounts {
			aud, err := audience(a.Audience).Value()
			if err != nil {
				return err
			}
			arows = append(arows, []any{ws, ids[i], string(a.Platform), strings.ToLower(a.Username), a.URL, a.FollowerCount, a.FollowingCount,
				a.MediaCount, a.Biography, a.HasProfilePic, a.IsPrivate, aud, a.Rate, a.RateCurrency, now, now})
			accts = append(accts, a.ID)
		}
	}
	if err := tx.BulkInsert(ctx, "accounts", []string{"workspace_id", "creator_id", "platform", "handle", "url", "followers", "following",
		"media_count", "biography", "has_profile_pic", "is_private", "audience", "rate_minor", "rate_currency", "created_at", "updated_at"}, arows); err != nil {
		return err
	}
	aids, err := tx.IDsAfter(ctx, "accounts", ws, firstAccount)
	if err != nil {
		return err
	}
	if len(aids) != len(accts) {
		return fmt.Errorf("stored %d accounts, want %d", len(aids), len(accts))
	}
	for i, id := range accts {
		l.Accounts[id] = aids[i]
	}
	return nil
}

func loadCampaigns(ctx context.Context, tx *store.Tx, l *Loader) error {
	ws := l.WS.ID
	for _, sc := range l.W.Campaigns() {
		start, end := sc.Start, sc.End
		status := "active"
		if end.Before(l.W.End()) {
			status = "completed"
		}
		c := campaigns.Campaign{Slug: sc.Slug, Name: sc.Name, Goal: string(sc.Goal), Status: status, BudgetMinor: sc.Budget,
			Currency: sc.Currency, StartsAt: &start, EndsAt: &end,
			Brief: campaigns.Brief{Product: sc.Product, Description: fmt.Sprintf("Show %s in your own routine, honestly.", sc.Product),
				Keywords: sc.Keywords, Hashtags: append([]string{"#ad"}, sc.Hashtags...), Disclosure: "#ad in the first line of the caption",
				Formats: []string{"demo or tutorial", "honest pros/cons review"}}}
		for _, v := range sc.Variants {
			c.Variants = append(c.Variants, campaigns.Variant{Name: v.Name, Kind: "hook",
				Description: fmt.Sprintf("hook %q, offer %q, format %q", v.Hook, v.Offer, v.Format)})
		}
		if errs := c.Validate(); len(errs) > 0 {
			return fmt.Errorf("campaign %s: %v", sc.Slug, errs)
		}
		if err := tx.CreateCampaign(ctx, ws, &c); err != nil {
			return err
		}
		l.Campaigns[sc.Index] = c.ID
		for _, v := range c.Variants {
			l.Variants[sc.Index] = append(l.Variants[sc.Index], v.ID)
		}
	}
	for _, k := range l.W.Collaborations() {
		cid, ok := l.Creators[k.CreatorIndex]
		if !ok {
			return fmt.Errorf("collaboration %s: creator %d not loaded", k.ID, k.CreatorIndex)
		}
		c := campaigns.Collaboration{CampaignID: l.Campaigns[k.Campaign], CreatorID: cid, Status: campaigns.Status(k.Status),
			FeeMinor: k.Fee, CommissionBps: int64(k.CommissionBps)}
		if len(k.Links) > 0 && len(l.Variants[k.Campaign]) > k.Links[0].Variant {
			v := l.Variants[k.Campaign][k.Links[0].Variant]
			c.VariantID = &v
		}
		if err := tx.CreateCollaboration(ctx, ws, &c); err != nil {
			return fmt.Errorf("collaboration %s: %w", k.ID, err)
		}
		l.Collaborations[k.ID] = c.ID
	}
	return nil
}

func loadPosts(ctx context.Context, tx *store.Tx, l *Loader) error {
	ws := l.WS.ID
	// Posts, snapshots and comments of every creator in a demo-sized world;
	// in a large one (benchmarks), of the first postCreators creators and of
	// every creator on a campaign, so the load stays bounded.
	const postCreators = 5000
	inCampaign := map[int]bool{}
	for _, k := range l.W.Collaborations() {
		inCampaign[k.CreatorIndex] = true
	}
	var posts []sim.Post
	for c := range l.W.Creators() {
		if c.Index >= postCreators && !inCampaign[c.Index] {
			continue
		}
		for _, a := range c.Accounts {
			for p := range l.W.Posts(a) {
				posts = append(posts, p)
			}
		}
	}
	for p := range l.W.SponsoredPosts() {
		posts = append(posts, p)
	}
	first, err := tx.MaxID(ctx, "posts")
	if err != nil {
		return err
	}
	rows := make([][]any, 0, len(posts))
	for _, p := range posts {
		var collab *int64
		if id, ok := l.Collaborations[p.CollaborationID]; ok {
			collab = &id
		}
		rows = append(rows, []any{ws, l.Accounts[p.AccountID], collab, string(p.Platform), p.URL, string(p.Type), p.Caption, p.Sponsored, unix(p.PublishedAt)})
	}
	if err := tx.BulkInsert(ctx, "posts", []string{"workspace_id", "account_id", "collaboration_id", "platform", "url", "kind", "caption", "sponsored", "published_at"}, rows); err != nil {
		return err
	}
	ids, err := tx.IDsAfter(ctx, "posts", ws, first)
	if err != nil {
		return err
	}
	if len(ids) != len(posts) {
		return fmt.Errorf("stored %d posts, want %d", len(ids), len(posts))
	}
	var snaps, comments [][]any
	for i, p := range posts {
		l.Posts[p.ID] = ids[i]
		for _, s := range p.Snapshots {
			snaps = append(snaps, []any{ws, ids[i], unix(s.At), s.Views, s.Impressions, s.Reach, s.Likes, s.Comments, s.Saves, s.Shares,
				s.WatchTimeSeconds, s.CompletionRate, s.LinkClicks})
		}
		for c := range l.W.Comments(p) {
			comments = append(comments, []any{ws, ids[i], c.Author, c.Text, unix(c.CreatedAt)})
		}
	}
	if err := tx.BulkInsert(ctx, "post_snapshots", []string{"workspace_id", "post_id", "at", "views", "impressions", "reach", "likes", "comments",
		"saves", "shares", "watch_time_s", "completion_rate", "link_clicks"}, snaps); err != nil {
		return err
	}
	return tx.BulkInsert(ctx, "comments", []string{"workspace_id", "post_id", "author", "text", "created_at"}, comments)
}
