package web

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/chorushq/chorus/internal/discovery"
	"github.com/chorushq/chorus/internal/score"
	"github.com/chorushq/chorus/internal/store"
)

// startVetting records a vetting run over the caller's workspace and runs it
// in the background. The run's row is its state: a page can poll it, leave
// and come back, and a run whose process died is taken over after
// store.StaleJob.
func (s *Server) startVetting(ctx context.Context, ws int64) (*store.VettingJob, error) {
	v, err := discovery.NewVetter(s.db)
	if err != nil {
		return nil, err
	}
	var job *store.VettingJob
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		var err error
		job, err = tx.StartVettingJob(ctx, ws)
		return err
	})
	if errors.Is(err, store.ErrJobRunning) {
		return nil, &httpError{status: http.StatusConflict, msg: err.Error()}
	}
	if err != nil {
		return nil, err
	}
	v.Log = s.log
	v.Progress = func(ctx context.Context, done, total int64) {
		if err := s.db.VettingProgress(ctx, ws, job.ID, done, total); err != nil {
			s.log.Warn("vetting progress", "job", job.ID, "err", err)
		}
	}
	go func() {
		// The run belongs to no request: it goes on when the page is left.
		ctx := context.Background()
		_, err := v.Run(ctx, ws)
		if err != nil {
			s.log.Error("vetting run", "workspace", ws, "job", job.ID, "err", err)
		}
		if ferr := s.db.FinishVettingJob(ctx, ws, job.ID, err); ferr != nil {
			s.log.Error("vetting run", "workspace", ws, "job", job.ID, "err", ferr)
		}
	}()
	return job, nil
}

// vettingStatus is a run as the page and the API show it.
type vettingStatus struct {
	*store.VettingJob
	// Stalled is a running job without progress for store.StaleJob: its
	// process has likely stopped, and a new run may start.
	Stalled bool `json:"stalled"`
	Percent int  `json:"percent"`
}

func (s *Server) vettingStatus(ctx context.Context, ws int64) (*vettingStatus, error) {
	j, err := s.db.LatestVettingJob(ctx, ws)
	if errors.Is(err, store.ErrNotFound) {
		return &vettingStatus{VettingJob: &store.VettingJob{Status: "none"}}, nil
	}
	if err != nil {
		return nil, err
	}
	st := &vettingStatus{VettingJob: j}
	st.Stalled = j.Status == "running" && s.now().Unix()-j.UpdatedAt > int64(store.StaleJob/time.Second)
	if j.Total > 0 {
		st.Percent = int(100 * j.Done / j.Total)
	}
	if j.Status == "done" {
		st.Percent = 100
	}
	return st, nil
}

func (s *Server) apiVettingRun(w http.ResponseWriter, r *http.Request, c *Caller) error {
	st, err := s.vettingStatus(r.Context(), c.WS())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, st)
}

func (s *Server) apiVettingStart(w http.ResponseWriter, r *http.Request, c *Caller) error {
	job, err := s.startVetting(r.Context(), c.WS())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusAccepted, &vettingStatus{VettingJob: job})
}

func (s *Server) vettingStartForm(w http.ResponseWriter, r *http.Request, c *Caller) error {
	if _, err := s.startVetting(r.Context(), c.WS()); err != nil {
		return err
	}
	http.Redirect(w, r, "/discover?flash=Vetting+started.", http.StatusSeeOther)
	return nil
}

// campaignPathID reads {id} as a campaign of the caller's workspace. Routes
// look the campaign up before reading the rest of the path or the body, so
// another workspace's campaign is a 404 whatever else is wrong.
func (s *Server) campaignPathID(r *http.Request, c *Caller) (int64, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, err
	}
	if _, err := s.db.Campaign(r.Context(), c.WS(), id); err != nil {
		return 0, err
	}
	return id, nil
}

func (s *Server) apiCreatorScore(w http.ResponseWriter, r *http.Request, c *Caller) error {
	campaignID, err := s.campaignPathID(r, c)
	if err != nil {
		return err
	}
	creatorID, err := strconv.ParseInt(r.PathValue("creatorID"), 10, 64)
	if err != nil || creatorID <= 0 {
		return badRequest("creator id %q is not a number", r.PathValue("creatorID"))
	}
	cs, err := discovery.ScoreCreator(r.Context(), s.db, c.WS(), campaignID, creatorID)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, cs)
}

func (s *Server) apiShortlist(w http.ResponseWriter, r *http.Request, c *Caller) error {
	campaignID, err := s.campaignPathID(r, c)
	if err != nil {
		return err
	}
	limit := 50
	if v := r.URL.Query().Get("limit"); v != "" {
		if limit, err = strconv.Atoi(v); err != nil || limit < 1 || limit > discovery.MaxLimit {
			return invalid([]FieldError{{Field: "limit", Message: "must be a whole number from 1 to 200"}})
		}
	}
	list, err := discovery.Shortlist(r.Context(), s.db, c.WS(), campaignID, limit)
	if err != nil {
		return err
	}
	if list == nil {
		list = []discovery.CreatorScore{}
	}
	return writeJSON(w, http.StatusOK, map[string]any{"campaign_id": campaignID, "creators": list})
}

func (s *Server) apiScoring(w http.ResponseWriter, r *http.Request, c *Caller) error {
	campaignID, err := s.campaignPathID(r, c)
	if err != nil {
		return err
	}
	cfg, err := discovery.CampaignConfig(r.Context(), s.db, c.WS(), campaignID)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, cfg)
}

func (s *Server) apiScoringPut(w http.ResponseWriter, r *http.Request, c *Caller) error {
	campaignID, err := s.campaignPathID(r, c)
	if err != nil {
		return err
	}
	var cfg score.Config
	if err := decodeJSON(r, &cfg); err != nil {
		return err
	}
	if cfg.Weights == nil {
		return invalid([]FieldError{{Field: "weights", Message: "is required: a weight per component, e.g. {\"niche_fit\": 0.3}"}})
	}
	var inv *discovery.InvalidError
	if err := discovery.SetCampaignConfig(r.Context(), s.db, c.WS(), campaignID, cfg); errors.As(err, &inv) {
		return invalid([]FieldError{{Field: inv.Field, Message: inv.Err.Error()}})
	} else if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, cfg)
}
