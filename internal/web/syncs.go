package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/chorushq/chorus/internal/creators"
	"github.com/chorushq/chorus/internal/discovery"
	"github.com/chorushq/chorus/internal/platform"
	"github.com/chorushq/chorus/internal/store"
)

const (
	// syncJobsAtOnce bounds the jobs a node runs together; later ones
	// wait, queued. Platform quotas, not the machine, are the limit.
	syncJobsAtOnce = 2
	// syncFetchers is how many accounts one job fetches at a time.
	syncFetchers = 3
	// syncMaxEntries caps one job: a longer list is several jobs.
	syncMaxEntries = 500
	// syncPosts and syncComments are what one account's fetch reads: its
	// recent posts, and comments on each.
	syncPosts, syncComments = 12, 50
	// syncStopped explains the entries a server shutdown left unfetched.
	syncStopped = "not fetched: the server stopped before this account's turn; start a sync of it again"
	// syncStalled explains the entries of a job whose node went away.
	syncStalled = "not fetched: the server running this sync stopped answering; start a sync of it again"
)

// syncJobs runs platform syncs in the background. Unlike an import, a sync
// writes each account in its own short transaction, so its progress lives
// in the database, where any node can show it.
type syncJobs struct {
	jobGroup
	slots chan struct{}
	// fetchers is how many accounts one job fetches at a time; tests set
	// 1 to make the order of the platform's answers certain.
	fetchers int
}

func newSyncJobs() *syncJobs {
	return &syncJobs{jobGroup: newJobGroup(), slots: make(chan struct{}, syncJobsAtOnce), fetchers: syncFetchers}
}

// recoverSyncs ends the jobs a previous process left queued or running. On
// SQLite there is one node, so every such job is dead; on PostgreSQL other
// nodes may be running theirs, so only jobs without a heartbeat for
// store.StaleJob are.
func (s *Server) recoverSyncs(ctx context.Context) {
	before := s.db.Now().Unix() + 1
	if s.db.Dialect() == store.Postgres {
		before = s.db.Now().Add(-store.StaleJob).Unix()
	}
	var n int64
	err := s.db.Tx(ctx, func(tx *store.Tx) (err error) {
		n, err = tx.InterruptSyncJobs(ctx, before, syncStopped)
		return err
	})
	if err != nil {
		s.log.Error("recover sync jobs", "err", err)
	} else if n > 0 {
		s.log.Warn("sync jobs interrupted by the last shutdown", "jobs", n)
	}
}

// sweepSyncs is the periodic part of recoverSyncs, for nodes that died and
// did not come back (on SQLite the one node's start-up already did it):
// jobs without a heartbeat for store.StaleJob end as interrupted.
func (s *Server) sweepSyncs(ctx context.Context) error {
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		n, err := tx.InterruptSyncJobs(ctx, s.db.Now().Add(-store.StaleJob).Unix(), syncStalled)
		if n > 0 {
			s.log.Warn("sync jobs of a node that stopped answering interrupted", "jobs", n)
		}
		return err
	})
}

// parseSyncHandles reads a list of accounts, one a line: "platform:handle",
// or a bare handle of the platform def. Blank lines and lines starting with
// # are skipped, and an account listed twice is fetched once.
func parseSyncHandles(lines []string, def string) ([]store.SyncEntry, []FieldError) {
	var out []store.SyncEntry
	var errs []FieldError
	seen := map[string]bool{}
	bad := func(n int, format string, args ...any) {
		errs = append(errs, FieldError{"handles", fmt.Sprintf("line %d: ", n) + fmt.Sprintf(format, args...)})
	}
	for i, line := range lines {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		plat, handle := def, line
		if p, h, ok := strings.Cut(line, ":"); ok {
			plat, handle = strings.ToLower(strings.TrimSpace(p)), h
		}
		// Typed as given, less the @: a YouTube channel id ("UC...") is
		// case-sensitive; only the duplicate check folds case.
		handle = strings.TrimPrefix(strings.TrimSpace(handle), "@")
		switch {
		case plat == "":
			bad(i+1, "%q has no platform: write platform:handle, or choose a platform", line)
			continue
		case !slices.Contains(discovery.SyncPlatforms, plat):
			bad(i+1, "%q is not a platform Chorus syncs (%s)", plat, strings.Join(discovery.SyncPlatforms, ", "))
			continue
		}
		acct := creators.Account{Platform: plat, Handle: handle}
		if fe := acct.Validate(); len(fe) > 0 {
			for _, e := range fe {
				if e.Field == "handle" {
					bad(i+1, "handle %s", e.Msg)
				}
			}
			continue
		}
		if key := plat + ":" + acct.Handle; !seen[key] {
			seen[key] = true
			out = append(out, store.SyncEntry{Platform: plat, Handle: handle})
		}
	}
	if len(errs) == 0 && len(out) == 0 {
		errs = append(errs, FieldError{"handles", "list at least one handle"})
	}
	if len(out) > syncMaxEntries {
		errs = append(errs, FieldError{"handles", fmt.Sprintf("%d accounts: one sync takes at most %d", len(out), syncMaxEntries)})
	}
	return out, errs
}

// unconfigured lists, once per platform, the platforms of entries whose
// credentials the server lacks.
func (s *Server) unconfigured(entries []store.SyncEntry) []FieldError {
	var errs []FieldError
	done := map[string]bool{}
	for _, e := range entries {
		if done[e.Platform] {
			continue
		}
		done[e.Platform] = true
		if miss := s.cfg.Connectors.Configured(e.Platform); len(miss) > 0 {
			errs = append(errs, FieldError{"platform", fmt.Sprintf("%q cannot be synced: the server needs %s", e.Platform, strings.Join(miss, ", "))})
		}
	}
	return errs
}

// startedBy names the caller for the job list.
func startedBy(c *Caller) string {
	switch {
	case c.User != nil:
		return c.User.Email
	case c.Token != nil:
		return "API token " + c.Token.Name
	}
	return ""
}

// startSync records a job and runs it in the background.
func (s *Server) startSync(ctx context.Context, c *Caller, entries []store.SyncEntry) (*store.SyncJob, error) {
	job := &store.SyncJob{WorkspaceID: c.WS(), UserID: c.UserID(), StartedBy: startedBy(c), Entries: entries}
	if err := s.db.Tx(ctx, func(tx *store.Tx) error { return tx.CreateSyncJob(ctx, job) }); err != nil {
		return nil, err
	}
	// The runner works on its own copy: the caller answers with job.
	run := *job
	run.Entries = slices.Clone(job.Entries)
	s.syncs.spawn(func() { s.runSync(s.syncs.ctx, &run) })
	return job, nil
}

// quotaStops remembers the platforms whose quota ran out during a job.
type quotaStops struct {
	mu  sync.Mutex
	why map[string]string
}

func (q *quotaStops) reason(plat string) string {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.why[plat]
}

func (q *quotaStops) stop(plat, why string) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.why == nil {
		q.why = map[string]string{}
	}
	if q.why[plat] == "" {
		q.why[plat] = why
	}
}

// runSync waits for a slot, then fetches the job's accounts a few at a
// time. ctx ends at shutdown: the entries not reached are then skipped and
// the job marked interrupted.
func (s *Server) runSync(ctx context.Context, job *store.SyncJob) {
	ws := job.WorkspaceID
	select {
	case s.syncs.slots <- struct{}{}:
		defer func() { <-s.syncs.slots }()
	case <-ctx.Done():
		s.finishSync(job, store.SyncInterrupted, syncStopped)
		return
	}
	if err := s.db.Tx(ctx, func(tx *store.Tx) error { return tx.StartSyncJob(ctx, ws, job.ID) }); err != nil {
		if ctx.Err() != nil {
			s.finishSync(job, store.SyncInterrupted, syncStopped)
			return
		}
		s.log.Error("start sync job", "job", job.ID, "err", err)
		s.finishSync(job, store.SyncFailed, "the job could not start; see the server log")
		return
	}
	var stops quotaStops
	var stored atomic.Int64
	work := make(chan *store.SyncEntry)
	var wg sync.WaitGroup
	for range min(s.syncs.fetchers, len(job.Entries)) {
		wg.Go(func() {
			for e := range work {
				if s.syncEntry(ctx, ws, job.ID, e, &stops) {
					stored.Add(1)
				}
			}
		})
	}
feed:
	for i := range job.Entries {
		select {
		case work <- &job.Entries[i]:
		case <-ctx.Done():
			break feed
		}
	}
	close(work)
	wg.Wait()
	switch {
	case ctx.Err() != nil:
		s.finishSync(job, store.SyncInterrupted, syncStopped)
	case stored.Load() == 0:
		s.finishSync(job, store.SyncFailed, "no account could be synced: each one says why")
	default:
		s.finishSync(job, store.SyncDone, "")
	}
}

// syncEntry fetches and stores one account and records what happened. It
// reports whether the account was stored.
func (s *Server) syncEntry(ctx context.Context, ws, jobID int64, e *store.SyncEntry, stops *quotaStops) bool {
	if why := stops.reason(e.Platform); why != "" {
		e.Status, e.Error = store.SyncSkipped, why
		s.recordEntry(ws, jobID, e)
		return false
	}
	if ctx.Err() != nil {
		return false // the job's end skips it
	}
	if err := s.db.Tx(ctx, func(tx *store.Tx) error { return tx.StartSyncEntry(ctx, ws, jobID, e.ID) }); err != nil && ctx.Err() == nil {
		s.log.Warn("sync entry progress", "job", jobID, "entry", e.ID, "err", err)
	}
	f, err := s.cfg.Connectors.Fetch(ctx, e.Platform, e.Handle, syncPosts, syncComments)
	var res discovery.SyncResult
	if err == nil {
		res, err = discovery.SaveFetched(ctx, s.db, ws, f)
	}
	var rl *platform.RateLimitError
	switch {
	case err != nil && ctx.Err() != nil:
		return false // cut short by the shutdown, nothing stored: the job's end skips it
	case errors.As(err, &rl):
		e.Status, e.Error = store.SyncFailed, err.Error()
		stops.stop(e.Platform, fmt.Sprintf("not fetched: the %s quota ran out at @%s (%v); sync the rest again once it resets", e.Platform, e.Handle, err))
	case err != nil:
		e.Status, e.Error = store.SyncFailed, err.Error()
	default:
		e.Status, e.CreatorID, e.AccountID, e.CreatorAdded = store.SyncDone, &res.CreatorID, &res.AccountID, res.CreatorAdded
		e.PostsAdded, e.PostsSeen, e.Comments = int64(res.PostsAdded), int64(res.PostsSeen), int64(res.Comments)
	}
	s.recordEntry(ws, jobID, e)
	return e.Status == store.SyncDone
}

// recordEntry stores an entry's outcome with a context of its own: the
// job's may have ended with the server, and an account stored must say so.
func (s *Server) recordEntry(ws, jobID int64, e *store.SyncEntry) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := s.db.Tx(ctx, func(tx *store.Tx) error { return tx.FinishSyncEntry(ctx, ws, jobID, e) }); err != nil {
		s.log.Error("record sync entry", "job", jobID, "entry", e.ID, "err", err)
	}
}

func (s *Server) finishSync(job *store.SyncJob, status, msg string) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := s.db.Tx(ctx, func(tx *store.Tx) error { return tx.FinishSyncJob(ctx, job.WorkspaceID, job.ID, status, msg) }); err != nil {
		s.log.Error("finish sync job", "job", job.ID, "err", err)
	}
}

// checkSync reads a list of accounts and checks that the server can sync
// their platforms.
func (s *Server) checkSync(lines []string, def string) ([]store.SyncEntry, []FieldError) {
	entries, errs := parseSyncHandles(lines, def)
	if len(errs) == 0 {
		errs = s.unconfigured(entries)
	}
	return entries, errs
}

// syncView is a job as the pages and the API show it.
type syncView struct {
	*store.SyncJob
	Percent int64 `json:"percent"`
	// Stalled is a running job without a heartbeat for store.StaleJob:
	// the node running it has likely stopped.
	Stalled bool            `json:"stalled,omitempty"`
	Summary string          `json:"summary"`
	Entries []syncEntryView `json:"entries,omitempty"`
}

type syncEntryView struct {
	store.SyncEntry
	Summary string `json:"summary"`
}

func (s *Server) syncView(j *store.SyncJob) *syncView {
	v := &syncView{SyncJob: j}
	if j.Total > 0 {
		v.Percent = j.Done * 100 / j.Total
	}
	v.Stalled = j.Status == store.SyncRunning && s.db.Now().Unix()-j.UpdatedAt > int64(store.StaleJob/time.Second)
	v.Summary = v.summarize()
	for _, e := range j.Entries {
		v.Entries = append(v.Entries, syncEntryView{SyncEntry: e, Summary: entrySummary(e)})
	}
	return v
}

func (v *syncView) summarize() string {
	j := v.SyncJob
	failed := ""
	if j.Failed > 0 {
		failed = fmt.Sprintf(", %d failed or skipped", j.Failed)
	}
	synced := fmt.Sprintf("%d of %d accounts synced%s.", j.Done-j.Failed, j.Total, failed)
	switch j.Status {
	case store.SyncQueued:
		return fmt.Sprintf("Waiting to start: a server runs %d syncs at a time.", syncJobsAtOnce)
	case store.SyncRunning:
		progress := fmt.Sprintf("%d of %d accounts done%s.", j.Done, j.Total, failed)
		if v.Stalled {
			return fmt.Sprintf("No progress for over %d minutes: the server running this sync may have stopped. %s", int(store.StaleJob.Minutes()), progress)
		}
		return "Fetching: " + progress
	case store.SyncDone:
		return "Done: " + synced
	case store.SyncInterrupted:
		return "Interrupted by a server shutdown: " + synced
	}
	return "Failed: " + synced
}

// StatusLabel is the job's status for a heading.
func (v *syncView) StatusLabel() string {
	if v.Status == store.SyncRunning {
		return "Syncing…"
	}
	return strings.ToUpper(v.Status[:1]) + v.Status[1:]
}

// Created is when the job was started, for the list.
func (v *syncView) Created() string {
	return time.Unix(v.CreatedAt, 0).UTC().Format("2006-01-02 15:04 UTC")
}

func entrySummary(e store.SyncEntry) string {
	switch e.Status {
	case store.SyncQueued:
		return "waiting"
	case store.SyncRunning:
		return "fetching…"
	case store.SyncDone:
		s := fmt.Sprintf("%s, %d updated, %s", plural(e.PostsAdded, "new post"), e.PostsSeen, plural(e.Comments, "new comment"))
		if e.CreatorAdded {
			s = "new creator; " + s
		}
		return s
	}
	return e.Error
}

// plural writes a count with its noun, which takes an s unless the count
// is one.
func plural(n int64, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// syncPlatform is a platform for the form, with what the server lacks to
// sync it.
type syncPlatform struct {
	Name    string
	Missing string
}

type syncsPage struct {
	base
	Platforms []syncPlatform
	Platform  string
	Handles   string
	Errors    []FieldError
	Recent    []*syncView
}

// Unset are the platforms the server lacks credentials for.
func (p *syncsPage) Unset() []syncPlatform {
	var out []syncPlatform
	for _, x := range p.Platforms {
		if x.Missing != "" {
			out = append(out, x)
		}
	}
	return out
}

func (s *Server) renderSyncs(w http.ResponseWriter, r *http.Request, c *Caller, p *syncsPage) error {
	b, err := s.base(r, c, "Platform syncs", "discover")
	if err != nil {
		return err
	}
	p.base = b
	js, err := s.db.SyncJobs(r.Context(), c.WS(), 20)
	if err != nil {
		return err
	}
	for i := range js {
		p.Recent = append(p.Recent, s.syncView(&js[i]))
	}
	for _, name := range discovery.SyncPlatforms {
		p.Platforms = append(p.Platforms, syncPlatform{name, strings.Join(s.cfg.Connectors.Configured(name), ", ")})
	}
	if len(p.Errors) > 0 {
		w.WriteHeader(http.StatusUnprocessableEntity)
	}
	return s.pages.render(w, "syncs", p)
}

func (s *Server) syncsPage(w http.ResponseWriter, r *http.Request, c *Caller) error {
	return s.renderSyncs(w, r, c, &syncsPage{Platform: r.URL.Query().Get("platform")})
}

// syncStartForm starts a sync of the handles typed in the form and shows its
// progress; a bad list comes back with its errors.
func (s *Server) syncStartForm(w http.ResponseWriter, r *http.Request, c *Caller) error {
	if err := r.ParseForm(); err != nil {
		return badRequest("cannot read the form: %v", err)
	}
	p := &syncsPage{Platform: r.PostFormValue("platform"), Handles: r.PostFormValue("handles")}
	entries, errs := s.checkSync(strings.Split(p.Handles, "\n"), p.Platform)
	if len(errs) > 0 {
		p.Errors = errs
		return s.renderSyncs(w, r, c, p)
	}
	job, err := s.startSync(r.Context(), c, entries)
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/syncs/%d", job.ID), http.StatusSeeOther)
	return nil
}

type syncJobPage struct {
	base
	Job *syncView
}

func (s *Server) syncJobPage(w http.ResponseWriter, r *http.Request, c *Caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	j, err := s.db.SyncJob(r.Context(), c.WS(), id)
	if err != nil {
		return err
	}
	b, err := s.base(r, c, fmt.Sprintf("Sync %d", j.ID), "discover")
	if err != nil {
		return err
	}
	return s.pages.render(w, "sync_job", &syncJobPage{base: b, Job: s.syncView(j)})
}

func (s *Server) apiSyncs(w http.ResponseWriter, r *http.Request, c *Caller) error {
	js, err := s.db.SyncJobs(r.Context(), c.WS(), 50)
	if err != nil {
		return err
	}
	out := make([]*syncView, len(js))
	for i := range js {
		out[i] = s.syncView(&js[i])
	}
	return writeJSON(w, http.StatusOK, map[string]any{"syncs": out})
}

// syncRequest starts a sync through the API: handles as the form takes
// them, "platform:handle" or a bare handle of platform.
type syncRequest struct {
	Platform string   `json:"platform"`
	Handles  []string `json:"handles"`
}

func (s *Server) apiSyncStart(w http.ResponseWriter, r *http.Request, c *Caller) error {
	var req syncRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	entries, errs := s.checkSync(req.Handles, req.Platform)
	if len(errs) > 0 {
		return invalid(errs)
	}
	job, err := s.startSync(r.Context(), c, entries)
	if err != nil {
		return err
	}
	w.Header().Set("Location", fmt.Sprintf("/api/v1/syncs/%d", job.ID))
	return writeJSON(w, http.StatusAccepted, s.syncView(job))
}

func (s *Server) apiSync(w http.ResponseWriter, r *http.Request, c *Caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	j, err := s.db.SyncJob(r.Context(), c.WS(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, s.syncView(j))
}
