package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/chorushq/chorus/internal/campaigns"
	"github.com/chorushq/chorus/internal/creators"
	"github.com/chorushq/chorus/internal/store"
)

func campaignErrors(fe []campaigns.FieldError) []FieldError {
	out := make([]FieldError, len(fe))
	for i, e := range fe {
		out[i] = FieldError{e.Field, e.Msg}
	}
	return out
}

func pipelineNames() []string {
	out := make([]string, len(campaigns.Pipeline))
	for i, s := range campaigns.Pipeline {
		out[i] = string(s)
	}
	return out
}

// committed reports whether a collaboration's fee counts as spend.
func committed(s campaigns.Status) bool {
	switch s {
	case campaigns.Contracted, campaigns.ContentSubmitted, campaigns.Approved, campaigns.Live, campaigns.Paid:
		return true
	}
	return false
}

type collabView struct {
	campaigns.Collaboration
}

// Moves lists where this collaboration may go next.
func (k collabView) Moves() []string {
	var out []string
	for _, m := range campaigns.Moves(k.Status) {
		out = append(out, string(m))
	}
	return out
}

// CostMinor is the collaboration's cost before commissions.
func (k collabView) CostMinor() int64 { return k.FeeMinor + k.SeedingMinor + k.AmplificationMinor }

type campaignPage struct {
	base
	Campaign  *campaigns.Campaign
	Board     *boardView
	Prospects []creators.Creator
	Errors    []FieldError
	Filter    string
	// Measure is the codes-and-results section (reports.go).
	Measure *campaignMeasure
}

func (s *Server) campaignsPage(w http.ResponseWriter, r *http.Request, c *Caller) error {
	b, err := s.base(r, c, "Campaigns", "campaigns")
	if err != nil {
		return err
	}
	cs, err := s.db.Campaigns(r.Context(), c.WS())
	if err != nil {
		return err
	}
	return s.pages.render(w, "campaigns", &struct {
		base
		Campaigns []campaigns.Campaign
	}{b, cs})
}

func (s *Server) campaignPage(w http.ResponseWriter, r *http.Request, c *Caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	cp, err := s.db.Campaign(r.Context(), c.WS(), id)
	if err != nil {
		return err
	}
	b, err := s.base(r, c, cp.Name, "campaigns")
	if err != nil {
		return err
	}
	p := &campaignPage{base: b, Campaign: cp}
	if p.Board, err = s.buildBoard(r, c, id, false); err != nil {
		return err
	}
	p.Filter = r.URL.Query().Get("q")
	p.Prospects, _, err = s.db.Creators(r.Context(), c.WS(), store.CreatorFilter{Query: p.Filter, Limit: 20})
	if err != nil {
		return err
	}
	if p.Measure, err = s.campaignMeasure(r.Context(), c.WS(), id); err != nil {
		return err
	}
	return s.pages.render(w, "campaign", p)
}

type campaignFormPage struct {
	base
	Campaign campaigns.Campaign
	Form     url.Values
	Errors   []FieldError
	Goals    []string
}

func (s *Server) campaignNewPage(w http.ResponseWriter, r *http.Request, c *Caller) error {
	b, err := s.base(r, c, "New campaign", "campaigns")
	if err != nil {
		return err
	}
	return s.pages.render(w, "campaign_new", &campaignFormPage{base: b, Form: url.Values{"currency": {c.Workspace.Currency}}, Goals: campaigns.Goals})
}

func splitList(s string) []string {
	var out []string
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '\n' }) {
		if p := strings.TrimSpace(part); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func parseDate(field, v string, errs *[]FieldError) *time.Time {
	if v == "" {
		return nil
	}
	t, err := time.Parse("2006-01-02", v)
	if err != nil {
		*errs = append(*errs, FieldError{field, fmt.Sprintf("%q is not a date (YYYY-MM-DD)", v)})
		return nil
	}
	return &t
}

func (s *Server) campaignCreateForm(w http.ResponseWriter, r *http.Request, c *Caller) error {
	if err := r.ParseForm(); err != nil {
		return badRequest("cannot read the form: %v", err)
	}
	f := r.PostForm
	var errs []FieldError
	cp := campaigns.Campaign{Name: f.Get("name"), Slug: f.Get("slug"), Goal: f.Get("goal"), Currency: f.Get("currency"),
		StartsAt: parseDate("starts_at", f.Get("starts_at"), &errs), EndsAt: parseDate("ends_at", f.Get("ends_at"), &errs),
		Brief: campaigns.Brief{Product: f.Get("product"), Description: f.Get("description"), KeyMessages: splitList(f.Get("key_messages")),
			Hashtags: splitList(f.Get("hashtags")), Keywords: splitList(f.Get("keywords")), Disclosure: f.Get("disclosure"),
			BannedClaims: splitList(f.Get("banned_claims"))}}
	budget, err := parseMajor(f.Get("budget"), cp.Currency)
	if err != nil {
		errs = append(errs, FieldError{"budget", err.Error()})
	}
	cp.BudgetMinor = budget
	for _, kind := range campaigns.VariantKinds {
		for _, name := range splitList(f.Get("variants_" + kind)) {
			cp.Variants = append(cp.Variants, campaigns.Variant{Name: name, Kind: kind})
		}
	}
	errs = append(errs, campaignErrors(cp.Validate())...)
	if len(errs) == 0 {
		err := s.db.Tx(r.Context(), func(tx *store.Tx) error { return tx.CreateCampaign(r.Context(), c.WS(), &cp) })
		if err != nil && strings.Contains(err.Error(), store.ErrConflict.Error()) {
			errs = append(errs, FieldError{"slug", fmt.Sprintf("%q is taken by another campaign", cp.Slug)})
		} else if err != nil {
			return err
		}
	}
	if len(errs) > 0 {
		b, err := s.base(r, c, "New campaign", "campaigns")
		if err != nil {
			return err
		}
		w.WriteHeader(http.StatusUnprocessableEntity)
		return s.pages.render(w, "campaign_new", &campaignFormPage{base: b, Form: f, Errors: errs, Goals: campaigns.Goals})
	}
	http.Redirect(w, r, fmt.Sprintf("/campaigns/%d?flash=%s", cp.ID, url.QueryEscape("Campaign created.")), http.StatusSeeOther)
	return nil
}

func (s *Server) variantCreateForm(w http.ResponseWriter, r *http.Request, c *Caller) error {
	id, err := s.campaignID(r, c)
	if err != nil {
		return err
	}
	v := campaigns.Variant{CampaignID: id, Name: r.PostFormValue("name"), Kind: r.PostFormValue("kind"), Description: r.PostFormValue("description")}
	if fe := v.Validate(); len(fe) > 0 {
		return invalid(campaignErrors(fe))
	}
	if err := s.db.Tx(r.Context(), func(tx *store.Tx) error { return tx.CreateVariant(r.Context(), c.WS(), &v) }); err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/campaigns/%d?flash=%s", id, url.QueryEscape("Variant added.")), http.StatusSeeOther)
	return nil
}

func (s *Server) collabCreateForm(w http.ResponseWriter, r *http.Request, c *Caller) error {
	id, err := s.campaignID(r, c)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return badRequest("cannot read the form: %v", err)
	}
	ids := r.PostForm["creator"]
	if len(ids) == 0 {
		return invalid([]FieldError{{"creator", "choose at least one creator"}})
	}
	added := 0
	err = s.db.Tx(r.Context(), func(tx *store.Tx) error {
		for _, s := range ids {
			cid, err := strconv.ParseInt(s, 10, 64)
			if err != nil {
				return badRequest("creator %q is not an id", s)
			}
			k := campaigns.Collaboration{CampaignID: id, CreatorID: cid, Status: campaigns.Prospect, OwnerID: c.UserID()}
			if err := tx.CreateCollaboration(r.Context(), c.WS(), &k); err != nil {
				if strings.Contains(err.Error(), store.ErrConflict.Error()) {
					continue // already on the campaign: adding twice is a no-op
				}
				return err
			}
			added++
		}
		return nil
	})
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/campaigns/%d?flash=%s", id, url.QueryEscape(fmt.Sprintf("%d creators added as prospects.", added))), http.StatusSeeOther)
	return nil
}

func (s *Server) collabMoveForm(w http.ResponseWriter, r *http.Request, c *Caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	k, err := s.db.Collaboration(r.Context(), c.WS(), id)
	if err != nil {
		return err
	}
	to, err := campaigns.ParseStatus(r.PostFormValue("to"))
	if err != nil {
		return invalid([]FieldError{{"to", err.Error()}})
	}
	if err := s.db.Tx(r.Context(), func(tx *store.Tx) error {
		return tx.MoveCollaboration(r.Context(), c.WS(), id, to, c.UserID(), r.PostFormValue("note"))
	}); err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/campaigns/%d?flash=%s", k.CampaignID, url.QueryEscape(k.CreatorName+" moved to "+strings.ReplaceAll(string(to), "_", " ")+".")), http.StatusSeeOther)
	return nil
}

// campaignID is the {id} of a campaign route, once the campaign is known to
// be the caller's: another workspace's id is a 404 before any validation.
func (s *Server) campaignID(r *http.Request, c *Caller) (int64, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, err
	}
	if _, err := s.db.Campaign(r.Context(), c.WS(), id); err != nil {
		return 0, err
	}
	return id, nil
}
