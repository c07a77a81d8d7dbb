package web

import (
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/chorushq/chorus/internal/ops"
	"github.com/chorushq/chorus/internal/store"
)

// collabFor is collabOf (drafts.go) for handlers that need only the id.
func (s *Server) collabFor(r *http.Request, c *Caller) (int64, error) {
	k, err := s.collabOf(r, c)
	if err != nil {
		return 0, err
	}
	return k.ID, nil
}

// deliverableCreate adds a deliverable (kind, platform, due date as
// YYYY-MM-DD or RFC 3339) to a collaboration.
func (s *Server) deliverableCreate(w http.ResponseWriter, r *http.Request, c *Caller) error {
	id, err := s.collabFor(r, c)
	if err != nil {
		return err
	}
	f, err := opsForm(r, "kind", "platform", "due", "status")
	if err != nil {
		return err
	}
	d := ops.Deliverable{CollaborationID: id, Kind: f.Get("kind"), Platform: f.Get("platform"), Status: ops.DeliverableStatus(f.Get("status"))}
	var errs []FieldError
	if due := f.Get("due"); due != "" {
		t, err := time.Parse(time.RFC3339, due)
		if err != nil {
			// A date alone means the end of that day in UTC: "due the 3rd"
			// is not late at noon on the 3rd.
			if p := parseDate("due", due, &errs); p != nil {
				t = p.Add(24*time.Hour - time.Second)
			}
		}
		d.Due = t
	}
	for _, e := range campaignErrors(d.Validate()) {
		if e.Field == "due" && f.Get("due") != "" {
			continue // already reported as not a date
		}
		errs = append(errs, e)
	}
	if len(errs) > 0 {
		return invalid(errs)
	}
	if err := s.db.Tx(r.Context(), func(tx *store.Tx) error { return tx.CreateDeliverable(r.Context(), c.WS(), &d) }); err != nil {
		return err
	}
	if opsWantsJSON(r) {
		return writeJSON(w, http.StatusCreated, d)
	}
	http.Redirect(w, r, fmt.Sprintf("/collaborations/%d?flash=%s", id, url.QueryEscape("Deliverable added.")), http.StatusSeeOther)
	return nil
}

// deliverableStatus moves a deliverable to a status.
func (s *Server) deliverableStatus(w http.ResponseWriter, r *http.Request, c *Caller) error {
	id, err := s.collabFor(r, c)
	if err != nil {
		return err
	}
	f, err := opsForm(r, "deliverable", "status")
	if err != nil {
		return err
	}
	did, err := opsID("deliverable", f.Get("deliverable"))
	if err != nil {
		return err
	}
	st, err := ops.ParseDeliverableStatus(f.Get("status"))
	if err != nil {
		return invalid([]FieldError{{"status", err.Error()}})
	}
	var d *ops.Deliverable
	if err := s.db.Tx(r.Context(), func(tx *store.Tx) error {
		d, err = tx.SetDeliverableStatus(r.Context(), c.WS(), id, did, st)
		return err
	}); err != nil {
		return err
	}
	if opsWantsJSON(r) {
		return writeJSON(w, http.StatusOK, d)
	}
	http.Redirect(w, r, fmt.Sprintf("/collaborations/%d?flash=%s", id, url.QueryEscape("Deliverable marked "+string(st)+".")), http.StatusSeeOther)
	return nil
}

func (s *Server) apiDeliverables(w http.ResponseWriter, r *http.Request, c *Caller) error {
	id, err := s.collabFor(r, c)
	if err != nil {
		return err
	}
	ds, err := s.db.Deliverables(r.Context(), c.WS(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"deliverables": ds})
}

// reliabilityView is a creator's delivery record with the share on time.
type reliabilityView struct {
	ops.Record
	Total       int     `json:"total"`
	OnTimeShare float64 `json:"on_time_share"`
}

func (s *Server) creatorReliability(r *http.Request, c *Caller, creatorID int64) (reliabilityView, error) {
	rec, err := s.db.CreatorRecord(r.Context(), c.WS(), creatorID)
	if err != nil {
		return reliabilityView{}, err
	}
	return reliabilityView{Record: rec, Total: rec.Total(), OnTimeShare: rec.OnTimeShare()}, nil
}

func (s *Server) apiCreatorReliability(w http.ResponseWriter, r *http.Request, c *Caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if _, err := s.db.Creator(r.Context(), c.WS(), id); err != nil {
		return err
	}
	v, err := s.creatorReliability(r, c, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}
