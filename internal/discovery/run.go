package discovery

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"maps"
	"time"

	"github.com/chorushq/chorus/internal/engagement"
	"github.com/chorushq/chorus/internal/score"
	"github.com/chorushq/chorus/internal/store"
)

// DeliverySource gives a creator's past deliverables for the reliability
// part of the score. Deliverables are another area's data; a run without one
// scores reliability on posting regularity alone.
type DeliverySource interface {
	Deliveries(ctx context.Context, ws, creatorID int64) ([]engagement.Delivery, error)
}

// Vetter runs vetting over every stored account of a workspace.
type Vetter struct {
	DB         *store.DB
	Models     Models
	Benchmarks engagement.Benchmarks
	Deliveries DeliverySource // nil: none
	// Batch is how many accounts are read and written together.
	Batch int
	// Progress, when set, is told how many of total steps are done (each
	// account counts twice: assessment, then placing among peers).
	Progress func(ctx context.Context, done, total int64)
	Log      *slog.Logger
	Now      func() time.Time
}

// NewVetter returns a Vetter with the shipped models and benchmarks.
func NewVetter(db *store.DB) (*Vetter, error) {
	m, err := LoadModels()
	if err != nil {
		return nil, fmt.Errorf("load vetting models: %w", err)
	}
	return &Vetter{DB: db, Models: m, Benchmarks: engagement.DefaultBenchmarks(), Batch: 1000,
		Deliveries: &storeDeliveries{db: db, has: map[int64]map[int64]bool{}},
		Log:        slog.New(slog.DiscardHandler), Now: time.Now}, nil
}

// RunResult says what a run did.
type RunResult struct {
	Accounts   int64 `json:"accounts"`
	WithER     int64 `json:"with_er"`
	Samples    int64 `json:"follower_samples"`
	Comments   int64 `json:"comments"`
	Scored     int64 `json:"creators_scored"`
	SearchRows int   `json:"search_rows"`
	BadSamples int64 `json:"bad_samples"`
	// Seconds is the whole run; AssessSeconds its first pass.
	Seconds       float64 `json:"seconds"`
	AssessSeconds float64 `json:"assess_seconds"`
}

// mainAccount remembers, per creator, the account with most followers: its
// figures are the creator's in search and in the campaign-free score.
type mainAccount struct {
	id        int64
	followers int64
}

// Run vets every account of workspace ws: first each account on its own
// (ER, tier, account and audience verdicts, comments, sponsorship,
// anomalies), then, once the workspace's ERs are known, each ER placed among
// its tier's peers and each creator's campaign-free score. Results replace
// the previous run's.
func (v *Vetter) Run(ctx context.Context, ws int64) (RunResult, error) {
	start := v.Now()
	var res RunResult
	w, err := v.DB.Workspace(ctx, ws)
	if err != nil {
		return res, err
	}
	th := engagement.Thresholds{Micro: w.TierMicro, Mid: w.TierMid, Macro: w.TierMacro, Mega: w.TierMega}
	if err := th.Validate(); err != nil {
		return res, fmt.Errorf("workspace %s tiers: %w", w.Slug, err)
	}
	total, err := v.DB.CountAccounts(ctx, ws)
	if err != nil {
		return res, err
	}
	batch := v.Batch
	if batch <= 0 {
		batch = 1000
	}
	progress := func(done int64) {
		if v.Progress != nil {
			v.Progress(ctx, done, 2*total)
		}
	}
	if err := v.DB.Tx(ctx, func(tx *store.Tx) error { return tx.ClearCreatorScores(ctx, ws) }); err != nil {
		return res, err
	}
	restore, err := v.DB.BulkCheckpoints(ctx)
	if err != nil {
		return res, err
	}
	defer func() {
		if err := restore(context.WithoutCancel(ctx)); err != nil {
			v.Log.Error("vetting run", "err", err)
		}
	}()
	pages := make(chan vetPage, 2*max(1, writeCreators/batch))
	actx, stop := context.WithCancel(ctx)
	defer stop()
	var a assessed
	assessErr := make(chan error, 1)
	go func() {
		defer close(pages)
		assessErr <- v.assessAll(actx, ws, th, batch, &a, pages)
	}()
	// This goroutine writes pages while the other reads and assesses the
	// next ones: a run keeps two cores busy. Pages are written
	// writeCreators creators a transaction: each commit writes out the index
	// pages it touched, and small commits write the same pages again and
	// again (at a million creators, a transaction a page of 1,000 spent a
	// third of the run in WAL writes and checkpoints).
	var writeErr error
	for {
		var group []vetPage
		n := 0
		for n < writeCreators {
			p, ok := <-pages
			if !ok {
				break
			}
			group, n = append(group, p), n+p.nSearch
		}
		if len(group) == 0 {
			break
		}
		if writeErr != nil {
			continue // drain, so the reader can stop
		}
		all := join(group)
		writeErr = v.DB.Tx(ctx, func(tx *store.Tx) error {
			// A group runs the same few multi-row statements tens of
			// times: prepare each once (parsing was 7% of a run).
			release := tx.CacheStatements()
			defer release()
			if err := tx.SaveAccountVettings(ctx, ws, all.rows); err != nil {
				return err
			}
			if err := tx.SetFollowerVerdicts(ctx, ws, all.fvs); err != nil {
				return err
			}
			if err := tx.SaveCommentVerdicts(ctx, ws, all.cvs); err != nil {
				return err
			}
			return tx.SaveSearchRows(ctx, ws, all.search, all.marks)
		})
		if writeErr != nil {
			stop()
			continue
		}
		for _, p := range group {
			res.Accounts += int64(len(p.rows))
			res.SearchRows += p.nSearch
			progress(res.Accounts)
		}
	}
	if err := <-assessErr; writeErr == nil && err != nil {
		writeErr = err
	}
	if writeErr != nil {
		return res, writeErr
	}
	res.Samples, res.Comments, res.BadSamples, res.WithER = a.samples, a.comments, a.badSamples, a.withER
	res.AssessSeconds = v.Now().Sub(start).Seconds()
	// Creators written to during the run, and any added, are still queued.
	n, err := v.DB.RefreshSearch(ctx, ws)
	if err != nil {
		return res, err
	}
	res.SearchRows += n
	if a.placeable > 0 {
		pop, err := engagement.NewPopulation(th, a.erSamples)
		if err != nil {
			return res, err
		}
		peers := score.Peers{Thresholds: th, Population: pop, Benchmarks: v.Benchmarks}
		if err := v.place(ctx, ws, peers, a.mains, &res, progress); err != nil {
			return res, err
		}
	} else {
		// Bare profiles only (a fresh import): nothing to place or score,
		// and the first pass left no earlier placement to clear.
		progress(2 * res.Accounts)
	}
	res.Seconds = v.Now().Sub(start).Seconds()
	v.Log.Info("vetting run", "workspace", w.Slug, "accounts", res.Accounts, "with_er", res.WithER,
		"creators_scored", res.Scored, "seconds", res.Seconds)
	return res, nil
}

// place is the second pass: percentiles among peers and the creators'
// campaign-free scores. The first pass stored every result unplaced, so it
// reads only the accounts with something to place or score.
func (v *Vetter) place(ctx context.Context, ws int64, peers score.Peers, mains map[int64]mainAccount, res *RunResult, progress func(int64)) error {
	batch := max(v.Batch, 1)
	var after int64
	done := res.Accounts
	// Reply rates and conversion history are part of the score the search
	// sorts by, as of the explained score (ScoreCreator).
	convs, err := loadConversions(ctx, v.DB, ws)
	if err != nil {
		return err
	}
	for {
		rows, err := v.DB.AccountVettingsAfter(ctx, ws, after, batch)
		if err != nil {
			return err
		}
		if len(rows) == 0 {
			progress(2 * res.Accounts)
			return nil
		}
		after = rows[len(rows)-1].AccountID
		var mainIDs []int64
		for _, r := range rows {
			if m, ok := mains[r.CreatorID]; ok && m.id == r.AccountID {
				mainIDs = append(mainIDs, r.AccountID)
			}
		}
		replies, err := loadReplies(ctx, v.DB, ws, mainIDs)
		if err != nil {
			return err
		}
		scores := map[int64]float64{}
		var changed []store.AccountVetting
		done += int64(len(rows))
		for _, r := range rows {
			if r.Detail == "" {
				// A bare account: nothing to place or score, and
				// AccountVettingsAfter, which reads results with an ER,
				// audience, comments or posts, never returns one.
				continue
			}
			var as Assessment
			if err := json.Unmarshal([]byte(r.Detail), &as); err != nil {
				return fmt.Errorf("vetting result of account %d: %w", r.AccountID, err)
			}
			had := as.Engagement != nil
			as.Engagement = nil
			r.Percentile = nil
			if as.ER != nil && as.Followers != nil {
				if in, ok := peers.Place(as.Platform, *as.Followers, *as.ER); ok {
					as.Engagement = &in
					p := in.Percentile
					r.Percentile = &p
				}
			}
			if m, ok := mains[r.CreatorID]; ok && m.id == r.AccountID {
				in := as.Inputs()
				applyHistory(&in, replies[r.AccountID], convs[r.CreatorID])
				if sr, err := score.Compute(in, score.Config{}); err == nil {
					scores[r.CreatorID] = sr.Score
				}
			}
			if as.Engagement == nil && !had {
				continue // nothing to place, nothing to clear: spare the write
			}
			b, err := json.Marshal(as)
			if err != nil {
				return err
			}
			r.Detail = string(b)
			changed = append(changed, r)
		}
		err = v.DB.Tx(ctx, func(tx *store.Tx) error {
			if err := tx.SaveAccountVettings(ctx, ws, changed); err != nil {
				return err
			}
			return tx.SetCreatorScores(ctx, ws, scores)
		})
		if err != nil {
			return err
		}
		res.Scored += int64(len(scores))
		progress(done)
	}
}

// writeCreators is about how many creators' results a vetting run writes
// in one transaction.
const writeCreators = 5000

// vetPage is a page of creators assessed, ready to be written.
type vetPage struct {
	rows    []store.AccountVetting
	fvs     []store.FollowerVerdict
	cvs     []store.CommentVerdict
	search  store.SearchRows
	nSearch int
	marks   map[int64]int64 // the creators' search queue entries, read before them
}

// join makes a group of pages one, written table by table: a table's rows
// then need one statement of an odd size instead of one a page (each
// prepared anew), and the search rows reach SQLite's full-text index in
// long runs (FTS5 writes out the rows it holds before each statement, so
// short runs make many small segments to merge).
func join(group []vetPage) vetPage {
	if len(group) == 1 {
		return group[0]
	}
	out := vetPage{marks: map[int64]int64{}}
	for _, p := range group {
		out.rows = append(out.rows, p.rows...)
		out.fvs = append(out.fvs, p.fvs...)
		out.cvs = append(out.cvs, p.cvs...)
		out.search = out.search.Append(p.search)
		out.nSearch += p.nSearch
		maps.Copy(out.marks, p.marks)
	}
	return out
}

// assessed is what the first pass gathers for the second.
type assessed struct {
	erSamples                             []engagement.Sample
	mains                                 map[int64]mainAccount
	samples, comments, badSamples, withER int64
	// placeable counts the results the second pass reads: those with
	// more than a bare profile (see store.AccountVettingsAfter).
	placeable int64
}

// assessAll reads the workspace's creators a page at a time, assesses their
// accounts and sends each page to be written, with the creators' search
// rows made from what it read.
func (v *Vetter) assessAll(ctx context.Context, ws int64, th engagement.Thresholds, batch int, a *assessed, out chan<- vetPage) error {
	a.mains = map[int64]mainAccount{}
	var after int64
	for {
		ids, err := v.DB.VetCreatorIDs(ctx, ws, after, batch)
		if err != nil {
			return err
		}
		if len(ids) == 0 {
			return nil
		}
		after = ids[len(ids)-1]
		// The queue entries before the creators: a write to a creator after
		// this read keeps it queued (see store.SaveSearchRows).
		marks, err := v.DB.SearchMarks(ctx, ws, ids)
		if err != nil {
			return err
		}
		cs, accts, err := v.DB.VetCreators(ctx, ws, ids[0], after)
		if err != nil {
			return err
		}
		data, err := v.load(ctx, ws, accts)
		if err != nil {
			return err
		}
		now := v.Now().Unix()
		p := vetPage{rows: make([]store.AccountVetting, len(data)), marks: marks, nSearch: len(cs)}
		search := make([]store.SearchSource, len(cs))
		at := make(map[int64]int, len(cs))
		for i, c := range cs {
			search[i] = store.SearchSource{CreatorID: c.ID, Name: c.Name, NicheTags: c.NicheTags}
			at[c.ID] = i
		}
		for i, d := range data {
			as, f, c := Assess(v.Models, th, d)
			p.fvs, p.cvs = append(p.fvs, f...), append(p.cvs, c...)
			a.samples += int64(len(d.Samples))
			a.comments += int64(len(d.Comments))
			a.badSamples += int64(as.BadSamples)
			acct := d.Account
			if as.ER != nil && acct.Followers != nil {
				a.erSamples = append(a.erSamples, engagement.Sample{Followers: *acct.Followers, ER: as.ER.Median})
				a.withER++
			}
			var fl int64 = -1
			if acct.Followers != nil {
				fl = *acct.Followers
			}
			if m, ok := a.mains[acct.CreatorID]; !ok || fl > m.followers {
				a.mains[acct.CreatorID] = mainAccount{id: acct.ID, followers: fl}
			}
			row, err := vettingRow(acct, as, now, isBare(d))
			if err != nil {
				return err
			}
			p.rows[i] = row
			if row.ER != nil || row.RealShare != nil || row.CommentQuality != nil || row.SponsoredShare != nil {
				a.placeable++
			}
			var captions []string
			for _, post := range d.Posts[:min(len(d.Posts), store.CaptionsPerAccount)] {
				captions = append(captions, post.Caption)
			}
			if j, ok := at[acct.CreatorID]; ok {
				search[j].Accounts = append(search[j].Accounts, store.SearchAccount{ID: acct.ID, Platform: acct.Platform,
					Handle: acct.Handle, Biography: acct.Biography, Followers: acct.Followers, Audience: acct.Audience,
					Captions: captions, Vetted: true, Tier: row.Tier, ER: row.ER, RealShare: row.RealShare})
			}
		}
		// The rows are made here, off the writer's goroutine.
		if p.search, err = store.NewSearchRows(ws, th, v.Now(), search); err != nil {
			return err
		}
		select {
		case out <- p:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// vettingRow is the stored result of account a, assessed as as; without
// its detail when the account is bare (see details).
func vettingRow(a store.VetAccount, as Assessment, now int64, bare bool) (store.AccountVetting, error) {
	r := store.AccountVetting{AccountID: a.ID, CreatorID: a.CreatorID, VettedAt: now, Followers: a.Followers, Tier: string(as.Tier)}
	if !bare {
		b, err := json.Marshal(as)
		if err != nil {
			return store.AccountVetting{}, fmt.Errorf("vetting result of %s/%s: %w", a.Platform, a.Handle, err)
		}
		r.Detail = string(b)
	}
	if as.ER != nil {
		r.ER, r.ERPosts = &as.ER.Median, as.ER.Posts
	}
	if as.ERViews != nil {
		r.ERViews = &as.ERViews.Median
	}
	if as.Account != nil {
		r.PFake = &as.Account.PFake
	}
	if as.Audience != nil {
		r.RealShare = &as.Audience.RealShare
	}
	if as.Comments != nil {
		r.CommentQuality = &as.Comments.Quality
	}
	if as.Sponsorship != nil {
		r.SponsoredShare = &as.Sponsorship.Share
	}
	return r, nil
}

// load reads the posts, samples, comments and history of a page of
// accounts, a query each.
func (v *Vetter) load(ctx context.Context, ws int64, accts []store.VetAccount) ([]AccountData, error) {
	ids := make([]int64, len(accts))
	for i, a := range accts {
		ids[i] = a.ID
	}
	data := make([]AccountData, len(accts))
	idx := make(map[int64]int, len(accts))
	for i, a := range accts {
		data[i].Account = a
		idx[a.ID] = i
	}
	posts, err := v.DB.LatestPostMetrics(ctx, ws, ids)
	if err != nil {
		return nil, err
	}
	var recentIDs []int64
	for _, p := range posts {
		d := &data[idx[p.AccountID]]
		d.Posts = append(d.Posts, p)
		// Posts come newest first: the first DefaultRecent are the recent
		// ones whose comments are read.
		if len(d.Posts) <= engagement.DefaultRecent {
			recentIDs = append(recentIDs, p.ID)
		}
	}
	samples, err := v.DB.FollowerSamplesOf(ctx, ws, ids)
	if err != nil {
		return nil, err
	}
	for _, s := range samples {
		d := &data[idx[s.AccountID]]
		d.Samples = append(d.Samples, s)
	}
	if len(recentIDs) > 0 {
		postAccount := make(map[int64]int64, len(posts))
		for _, p := range posts {
			postAccount[p.ID] = p.AccountID
		}
		for start := 0; start < len(recentIDs); start += 5000 {
			cs, err := v.DB.CommentsOfPosts(ctx, ws, recentIDs[start:min(start+5000, len(recentIDs))])
			if err != nil {
				return nil, err
			}
			for _, c := range cs {
				d := &data[idx[postAccount[c.PostID]]]
				d.Comments = append(d.Comments, c)
			}
		}
	}
	hist, err := v.DB.FollowerCountsOf(ctx, ws, ids)
	if err != nil {
		return nil, err
	}
	for id, h := range hist {
		data[idx[id]].History = h
	}
	if v.Deliveries != nil {
		seen := map[int64][]engagement.Delivery{}
		for i := range data {
			cid := data[i].Account.CreatorID
			ds, ok := seen[cid]
			if !ok {
				if ds, err = v.Deliveries.Deliveries(ctx, ws, cid); err != nil {
					return nil, fmt.Errorf("deliveries of creator %d: %w", cid, err)
				}
				seen[cid] = ds
			}
			data[i].Deliveries = ds
		}
	}
	return data, nil
}
