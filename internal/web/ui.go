package web

import (
	"net/http"
	"strconv"

	"github.com/chorushq/chorus/internal/auth"
	"github.com/chorushq/chorus/internal/store"
)

// base is what every page's layout needs.
type base struct {
	Title      string
	Nav        string
	Caller     *Caller
	Workspaces []store.Membership
	Flash      string
	// Refresh, when set, reloads the page after that many seconds (a
	// running job's progress page).
	Refresh int
}

// CanEdit and CanAdmin let templates hide what the role cannot do.
func (b base) CanEdit() bool  { return b.Caller.Can(auth.Member) }
func (b base) CanAdmin() bool { return b.Caller.Can(auth.Admin) }

func (s *Server) base(r *http.Request, c *Caller, title, nav string) (base, error) {
	b := base{Title: title, Nav: nav, Caller: c, Flash: r.URL.Query().Get("flash")}
	if c != nil && c.User != nil {
		ms, err := s.db.Memberships(r.Context(), c.User.ID)
		if err != nil {
			return b, err
		}
		b.Workspaces = ms
	}
	return b, nil
}

func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, errNotFound
	}
	return id, nil
}

type dashboardPage struct {
	base
	Creators  int
	ByStatus  []statusCount
	Campaigns []campaignSummary
	// Figures are the active campaigns' totals and the creators to scale
	// or pause in them.
	Figures DashboardFigures
	// RightsExpiring are usage rights ending within two weeks.
	RightsExpiring []store.UsageRight
}

type statusCount struct {
	Status string
	N      int
}

type campaignSummary struct {
	ID             int64
	Name, Status   string
	Currency       string
	BudgetMinor    int64
	Collaborations int
	CommittedMinor int64
}

func (s *Server) home(w http.ResponseWriter, r *http.Request, c *Caller) error {
	if c.Role == auth.Creator {
		return s.portalHome(w, r, c)
	}
	b, err := s.base(r, c, "Dashboard", "dashboard")
	if err != nil {
		return err
	}
	p := &dashboardPage{base: b}
	_, p.Creators, err = s.db.Creators(r.Context(), c.WS(), store.CreatorFilter{Limit: 1})
	if err != nil {
		return err
	}
	cs, err := s.db.Campaigns(r.Context(), c.WS())
	if err != nil {
		return err
	}
	tallies, err := s.db.CollabTallies(r.Context(), c.WS())
	if err != nil {
		return err
	}
	counts := map[string]int{}
	perCampaign := map[int64]*campaignSummary{}
	for _, cp := range cs {
		p.Campaigns = append(p.Campaigns, campaignSummary{ID: cp.ID, Name: cp.Name, Status: cp.Status, Currency: cp.Currency, BudgetMinor: cp.BudgetMinor})
	}
	for i := range p.Campaigns {
		perCampaign[p.Campaigns[i].ID] = &p.Campaigns[i]
	}
	for _, k := range tallies {
		counts[string(k.Status)] += k.N
		if cs := perCampaign[k.CampaignID]; cs != nil {
			cs.Collaborations += k.N
			if committed(k.Status) {
				cs.CommittedMinor += k.TermsMinor
			}
		}
	}
	for _, st := range pipelineNames() {
		p.ByStatus = append(p.ByStatus, statusCount{st, counts[st]})
	}
	if p.RightsExpiring, err = s.db.RightsExpiring(r.Context(), c.WS(), expiryWarning); err != nil {
		return err
	}
	if p.Figures, err = s.dashboardFigures(r.Context(), c, cs); err != nil {
		return err
	}
	return s.pages.render(w, "dashboard", p)
}
