package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/chorushq/chorus/internal/campaigns"
	"github.com/chorushq/chorus/internal/creators"
	"github.com/chorushq/chorus/internal/discovery"
	"github.com/chorushq/chorus/internal/engagement"
	"github.com/chorushq/chorus/internal/score"
	"github.com/chorushq/chorus/internal/store"
)

// discoverResult is one found creator with its explained score.
type discoverResult struct {
	store.SearchHit
	Explained *discovery.CreatorScore `json:"explained,omitempty"`
}

// discover runs a search from the query string, with the explained scores
// for the chosen campaign (or campaign-free ones).
func (s *Server) discover(r *http.Request, c *Caller) (store.SearchFilter, int64, []discoverResult, bool, []FieldError, error) {
	q := r.URL.Query()
	f, fe := discovery.ParseFilter(q)
	errs := make([]FieldError, 0, len(fe))
	for _, e := range fe {
		errs = append(errs, FieldError{e.Field, e.Msg})
	}
	var campaignID int64
	if v := q.Get("campaign"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			errs = append(errs, FieldError{"campaign", fmt.Sprintf("%q is not a campaign id", v)})
		} else if _, err := s.db.Campaign(r.Context(), c.WS(), id); err != nil {
			return f, 0, nil, false, nil, err
		}
		campaignID = id
	}
	if len(errs) > 0 {
		return f, campaignID, nil, false, errs, nil
	}
	var searcher discovery.Searcher = s.db
	hits, more, err := searcher.SearchCreators(r.Context(), c.WS(), f)
	if err != nil {
		return f, campaignID, nil, false, nil, err
	}
	ids := make([]int64, len(hits))
	for i, h := range hits {
		ids[i] = h.CreatorID
	}
	ex, err := discovery.Explain(r.Context(), s.db, c.WS(), campaignID, ids)
	if err != nil {
		return f, campaignID, nil, false, nil, err
	}
	out := make([]discoverResult, len(hits))
	for i, h := range hits {
		out[i] = discoverResult{SearchHit: h}
		if i < len(ex) && ex[i].Error == "" {
			out[i].Explained = &ex[i]
		}
	}
	return f, campaignID, out, more, nil, nil
}

func (s *Server) apiDiscover(w http.ResponseWriter, r *http.Request, c *Caller) error {
	f, campaignID, res, more, errs, err := s.discover(r, c)
	if err != nil {
		return err
	}
	if len(errs) > 0 {
		return invalid(errs)
	}
	if res == nil {
		res = []discoverResult{}
	}
	return writeJSON(w, http.StatusOK, map[string]any{"creators": res, "more": more, "limit": f.Limit, "offset": f.Offset, "campaign_id": campaignID})
}

type discoverPage struct {
	base
	Filter     store.SearchFilter
	Query      url.Values
	CampaignID int64
	Campaigns  []campaigns.Campaign
	Results    []discoverResult
	Errors     []FieldError
	Page       int
	PrevQuery  string
	NextQuery  string
	Platforms  []string
	Tiers      []engagement.Tier
	Sorts      []string
	Vetting    *vettingStatus
	Weights    []weightView
	Sync       []string
}

type weightView struct {
	Component score.Component
	Weight    float64
}

// Has reports whether a multi-valued filter holds v, for the form.
func (p *discoverPage) Has(field, v string) bool {
	for _, x := range p.Query[field] {
		for _, y := range strings.Split(x, ",") {
			if strings.EqualFold(strings.TrimSpace(y), v) {
				return true
			}
		}
	}
	return false
}

func (s *Server) discoverPage(w http.ResponseWriter, r *http.Request, c *Caller) error {
	b, err := s.base(r, c, "Discover", "discover")
	if err != nil {
		return err
	}
	f, campaignID, res, more, errs, err := s.discover(r, c)
	if err != nil {
		return err
	}
	cs, err := s.db.Campaigns(r.Context(), c.WS())
	if err != nil {
		return err
	}
	st, err := s.vettingStatus(r.Context(), c.WS())
	if err != nil {
		return err
	}
	tiers := engagement.AllTiers()
	p := &discoverPage{base: b, Filter: f, Query: r.URL.Query(), CampaignID: campaignID, Campaigns: cs, Results: res, Errors: errs,
		Page: f.Offset/max(f.Limit, 1) + 1, Platforms: creators.Platforms, Tiers: tiers[:], Sorts: store.SortKeys, Vetting: st,
		Sync: discovery.SyncPlatforms}
	if campaignID != 0 {
		cfg, err := discovery.CampaignConfig(r.Context(), s.db, c.WS(), campaignID)
		if err != nil {
			return err
		}
		for _, comp := range score.Components() {
			p.Weights = append(p.Weights, weightView{comp, cfg.Weights[comp]})
		}
	}
	q := r.URL.Query()
	if p.Page > 1 {
		q.Set("page", strconv.Itoa(p.Page-1))
		p.PrevQuery = q.Encode()
	}
	if more {
		q.Set("page", strconv.Itoa(p.Page+1))
		p.NextQuery = q.Encode()
	}
	if len(errs) > 0 {
		w.WriteHeader(http.StatusUnprocessableEntity)
	}
	return s.pages.render(w, "discover", p)
}

// shortlistForm adds the ticked creators to a campaign as prospects.
func (s *Server) shortlistForm(w http.ResponseWriter, r *http.Request, c *Caller) error {
	if err := r.ParseForm(); err != nil {
		return badRequest("cannot read the form: %v", err)
	}
	campaignID, err := strconv.ParseInt(r.PostFormValue("campaign"), 10, 64)
	if err != nil || campaignID <= 0 {
		return invalid([]FieldError{{"campaign", "choose a campaign"}})
	}
	if _, err := s.db.Campaign(r.Context(), c.WS(), campaignID); err != nil {
		return err
	}
	var ids []int64
	for _, v := range r.PostForm["creator"] {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			return invalid([]FieldError{{"creator", fmt.Sprintf("%q is not a creator id", v)}})
		}
		ids = append(ids, id)
	}
	if len(ids) == 0 {
		return invalid([]FieldError{{"creator", "tick at least one creator"}})
	}
	existing, err := s.db.Collaborations(r.Context(), c.WS(), store.CollabFilter{CampaignID: campaignID})
	if err != nil {
		return err
	}
	on := map[int64]bool{}
	for _, k := range existing {
		on[k.CreatorID] = true
	}
	added := 0
	err = s.db.Tx(r.Context(), func(tx *store.Tx) error {
		for _, id := range ids {
			if on[id] {
				continue // already on the campaign: adding twice is a no-op
			}
			k := campaigns.Collaboration{CampaignID: campaignID, CreatorID: id, Status: campaigns.Prospect, OwnerID: c.UserID()}
			if err := tx.CreateCollaboration(r.Context(), c.WS(), &k); err != nil {
				return err
			}
			on[id] = true
			added++
		}
		return nil
	})
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/campaigns/%d?flash=%s", campaignID,
		url.QueryEscape(fmt.Sprintf("%d creators added as prospects, %d were on the campaign already.", added, len(ids)-added))), http.StatusSeeOther)
	return nil
}

// scoringForm saves a campaign's score weights from the discover page.
func (s *Server) scoringForm(w http.ResponseWriter, r *http.Request, c *Caller) error {
	campaignID, err := s.campaignPathID(r, c)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return badRequest("cannot read the form: %v", err)
	}
	cfg, err := discovery.CampaignConfig(r.Context(), s.db, c.WS(), campaignID)
	if err != nil {
		return err
	}
	var errs []FieldError
	ws := score.Weights{}
	for _, comp := range score.Components() {
		v := strings.TrimSpace(r.PostFormValue("weight_" + string(comp)))
		if v == "" {
			continue
		}
		x, err := strconv.ParseFloat(v, 64)
		if err != nil || x < 0 {
			errs = append(errs, FieldError{"weight_" + string(comp), fmt.Sprintf("%q is not a number of at least 0", v)})
			continue
		}
		ws[comp] = x
	}
	if len(errs) > 0 {
		return invalid(errs)
	}
	cfg.Weights = ws
	if err := discovery.SetCampaignConfig(r.Context(), s.db, c.WS(), campaignID, cfg); err != nil {
		if inv, ok := err.(*discovery.InvalidError); ok {
			return invalid([]FieldError{{inv.Field, inv.Err.Error()}})
		}
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/discover?campaign=%d&flash=%s", campaignID, url.QueryEscape("Weights saved.")), http.StatusSeeOther)
	return nil
}

// syncForm starts a sync of one account (the creator page's refresh
// button) and shows its progress.
func (s *Server) syncForm(w http.ResponseWriter, r *http.Request, c *Caller) error {
	if err := r.ParseForm(); err != nil {
		return badRequest("cannot read the form: %v", err)
	}
	plat, handle := r.PostFormValue("platform"), strings.TrimSpace(r.PostFormValue("handle"))
	if handle == "" {
		return invalid([]FieldError{{"handle", "is required"}})
	}
	entries, errs := s.checkSync([]string{plat + ":" + handle}, "")
	if len(errs) > 0 {
		return invalid(errs)
	}
	job, err := s.startSync(r.Context(), c, entries)
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/syncs/%d", job.ID), http.StatusSeeOther)
	return nil
}
