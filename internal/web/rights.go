package web

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/chorushq/chorus/internal/store"
)

// expiryWarning is how long before rights end the dashboard warns.
const expiryWarning = 14 * 24 * time.Hour

// winnersLimit caps the "turn winners into ads" list.
const winnersLimit = 50

// parseRight reads a rights form for a collaboration whose campaign is in
// currency.
func parseRight(f url.Values, collabID int64, currency string) (store.UsageRight, []FieldError) {
	var errs []FieldError
	u := store.UsageRight{CollaborationID: collabID, Channels: f["channels"], Territory: f.Get("territory"),
		Exclusive: f.Get("exclusive") != "", Currency: currency}
	kind, id, _ := strings.Cut(f.Get("asset"), ":")
	n, err := strconv.ParseInt(id, 10, 64)
	switch {
	case err != nil || n <= 0:
	case kind == "draft":
		u.DraftID = &n
	case kind == "post":
		u.PostID = &n
	}
	if s := parseDate("starts_at", f.Get("starts_at"), &errs); s != nil {
		u.StartsAt = *s
	}
	if e := parseDate("ends_at", f.Get("ends_at"), &errs); e != nil {
		u.EndsAt = *e
	}
	fee, err := parseMajor(f.Get("fee"), currency)
	if err != nil {
		errs = append(errs, FieldError{"fee", err.Error()})
	}
	u.FeeMinor = fee
	errs = append(errs, campaignErrors(u.Validate())...)
	return u, dedupe(errs)
}

// dedupe drops a field's "is required" when the field already has a more
// precise message.
func dedupe(errs []FieldError) []FieldError {
	seen := map[string]bool{}
	for _, e := range errs {
		if e.Message != "is required" {
			seen[e.Field] = true
		}
	}
	var out []FieldError
	for _, e := range errs {
		if e.Message == "is required" && seen[e.Field] {
			continue
		}
		out = append(out, e)
	}
	return out
}

func (s *Server) rightCreateForm(w http.ResponseWriter, r *http.Request, c *Caller) error {
	k, err := s.collabOf(r, c)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return badRequest("cannot read the form: %v", err)
	}
	cp, err := s.db.Campaign(r.Context(), c.WS(), k.CampaignID)
	if err != nil {
		return err
	}
	u, errs := parseRight(r.PostForm, k.ID, cp.Currency)
	if len(errs) == 0 {
		err := s.db.Tx(r.Context(), func(tx *store.Tx) error { return tx.CreateRight(r.Context(), c.WS(), &u) })
		if err != nil && strings.Contains(err.Error(), store.ErrNotFound.Error()) {
			errs = append(errs, FieldError{"asset", "choose one of this collaboration's approved drafts or posts"})
		} else if err != nil {
			return err
		}
	}
	if len(errs) > 0 {
		return s.renderReview(w, r, c, k.ID, http.StatusUnprocessableEntity, reviewForm{Errors: errs, Form: r.PostForm})
	}
	http.Redirect(w, r, fmt.Sprintf("/collaborations/%d/review?flash=%s#rights", k.ID, url.QueryEscape("Usage rights recorded.")), http.StatusSeeOther)
	return nil
}

func (s *Server) rightEndForm(w http.ResponseWriter, r *http.Request, c *Caller) error {
	k, err := s.collabOf(r, c)
	if err != nil {
		return err
	}
	id, err := strconv.ParseInt(r.PostFormValue("right"), 10, 64)
	if err != nil || id <= 0 {
		return invalid([]FieldError{{"right", "choose the rights to end"}})
	}
	if err := s.db.Tx(r.Context(), func(tx *store.Tx) error { return tx.EndRight(r.Context(), c.WS(), k.ID, id) }); err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/collaborations/%d/review?flash=%s#rights", k.ID, url.QueryEscape("Usage rights ended.")), http.StatusSeeOther)
	return nil
}

type rightsPage struct {
	base
	Rights   []store.UsageRight
	Expiring []store.UsageRight
	Winners  []store.Winner
	Now      time.Time
}

func (s *Server) rightsPage(w http.ResponseWriter, r *http.Request, c *Caller) error {
	b, err := s.base(r, c, "Usage rights", "rights")
	if err != nil {
		return err
	}
	p := &rightsPage{base: b, Now: s.db.Now()}
	if p.Rights, err = s.db.Rights(r.Context(), c.WS(), 0); err != nil {
		return err
	}
	if p.Expiring, err = s.db.RightsExpiring(r.Context(), c.WS(), expiryWarning); err != nil {
		return err
	}
	if p.Winners, err = s.db.Winners(r.Context(), c.WS(), winnersLimit); err != nil {
		return err
	}
	return s.pages.render(w, "rights", p)
}

// winnersCSV exports the posts that may run as ads, for the ads team.
func (s *Server) winnersCSV(w http.ResponseWriter, r *http.Request, c *Caller) error {
	ws, err := s.db.Winners(r.Context(), c.WS(), winnersLimit)
	if err == nil {
		err = s.auditNow(r, c, "export.winners", "", 0, fmt.Sprintf("winners.csv: %d posts", len(ws)))
	}
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="winners.csv"`)
	cw := csv.NewWriter(w)
	cw.Write([]string{"asset", "creator", "handle", "platform", "post_url", "clicks", "orders", "engagements", "rights_end"})
	for _, x := range ws {
		cw.Write([]string{fmt.Sprintf("post %d", x.PostID), csvSafe(x.CreatorName), csvSafe(x.Handle), x.Platform, csvSafe(x.PostURL),
			strconv.FormatInt(x.Clicks, 10), strconv.FormatFloat(x.Orders, 'f', -1, 64), strconv.FormatInt(x.Engagements, 10), x.RightsEndsAt.Format("2006-01-02")})
	}
	cw.Flush()
	return cw.Error()
}

func (s *Server) apiRights(w http.ResponseWriter, r *http.Request, c *Caller) error {
	rs, err := s.db.Rights(r.Context(), c.WS(), 0)
	if err != nil {
		return err
	}
	if rs == nil {
		rs = []store.UsageRight{}
	}
	return writeJSON(w, http.StatusOK, map[string]any{"rights": rs})
}

func (s *Server) apiWinners(w http.ResponseWriter, r *http.Request, c *Caller) error {
	ws, err := s.db.Winners(r.Context(), c.WS(), winnersLimit)
	if err != nil {
		return err
	}
	if ws == nil {
		ws = []store.Winner{}
	}
	return writeJSON(w, http.StatusOK, map[string]any{"winners": ws})
}
