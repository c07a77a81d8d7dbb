package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/chorushq/chorus/internal/auth"
	"github.com/chorushq/chorus/internal/campaigns"
	"github.com/chorushq/chorus/internal/engagement"
	"github.com/chorushq/chorus/internal/ops"
	"github.com/chorushq/chorus/internal/store"
)

// boardCard is one collaboration on the pipeline board.
type boardCard struct {
	collabView
	Tier      string
	Handle    string
	OwnerName string
	Currency  string
}

type boardColumn struct {
	Status string
	Cards  []boardCard
}

// boardView is the pipeline board with its filters, shown on a campaign's
// page and, across campaigns, on /pipeline.
type boardView struct {
	Columns []boardColumn
	// Filters as chosen.
	Tier, Owner string
	CampaignID  int64
	// Cross is the board across campaigns: cards name their campaign.
	Cross   bool
	Action  string // where the filter form goes
	Back    string // where forms come back to
	CanEdit bool
	// Choices for the filters and bulk actions.
	Campaigns []campaigns.Campaign
	Members   []store.Member
	Tiers     []string
	Statuses  []string
	Shown     int
}

func tierThresholds(ws *store.Workspace) engagement.Thresholds {
	return engagement.Thresholds{Micro: ws.TierMicro, Mid: ws.TierMid, Macro: ws.TierMacro, Mega: ws.TierMega}
}

// buildBoard reads the filters from the query (tier, owner, and campaign
// when cross) and lays out the matching collaborations by status.
func (s *Server) buildBoard(r *http.Request, c *Caller, campaignID int64, cross bool) (*boardView, error) {
	ctx := r.Context()
	q := r.URL.Query()
	v := &boardView{Tier: q.Get("tier"), Owner: q.Get("owner"), CampaignID: campaignID, Cross: cross,
		CanEdit: c.Can(auth.Member), Statuses: pipelineNames()}
	for _, t := range engagement.AllTiers() {
		v.Tiers = append(v.Tiers, string(t))
	}
	v.Tiers = append(v.Tiers, "unknown")
	var err error
	if v.Campaigns, err = s.db.Campaigns(ctx, c.WS()); err != nil {
		return nil, err
	}
	currency := map[int64]string{}
	for _, cp := range v.Campaigns {
		currency[cp.ID] = cp.Currency
	}
	if cross {
		v.Action = "/pipeline"
		if id, err := strconv.ParseInt(q.Get("campaign"), 10, 64); err == nil && id > 0 {
			v.CampaignID = id
		}
	} else {
		v.Action = fmt.Sprintf("/campaigns/%d", campaignID)
	}
	v.Back = v.Action
	if r.URL.RawQuery != "" {
		v.Back += "?" + r.URL.RawQuery
	}
	f := store.CollabFilter{CampaignID: v.CampaignID}
	noOwner := v.Owner == "none"
	if id, err := strconv.ParseInt(v.Owner, 10, 64); err == nil && id > 0 {
		f.OwnerID = id
	}
	ks, err := s.db.Collaborations(ctx, c.WS(), f)
	if err != nil {
		return nil, err
	}
	mains, err := s.db.MainAccounts(ctx, c.WS(), 0)
	if err != nil {
		return nil, err
	}
	if v.Members, err = s.db.Members(ctx, c.WS()); err != nil {
		return nil, err
	}
	names := map[int64]string{}
	staff := v.Members[:0:0]
	for _, m := range v.Members {
		if m.Role == auth.Creator {
			continue
		}
		staff = append(staff, m)
		names[m.UserID] = m.Email
		if m.Name != "" {
			names[m.UserID] = m.Name
		}
	}
	v.Members = staff
	th := tierThresholds(c.Workspace)
	cols := map[campaigns.Status]*boardColumn{}
	for _, st := range campaigns.Pipeline {
		v.Columns = append(v.Columns, boardColumn{Status: string(st)})
	}
	for i := range v.Columns {
		cols[campaigns.Status(v.Columns[i].Status)] = &v.Columns[i]
	}
	for _, k := range ks {
		if noOwner && k.OwnerID != nil {
			continue
		}
		card := boardCard{collabView: collabView{k}, Tier: "unknown", Currency: currency[k.CampaignID]}
		if a, ok := mains[k.CreatorID]; ok {
			card.Handle = a.Handle
			if a.Followers != nil {
				card.Tier = string(th.Tier(*a.Followers))
			}
		}
		if v.Tier != "" && card.Tier != v.Tier {
			continue
		}
		if k.OwnerID != nil {
			card.OwnerName = names[*k.OwnerID]
		}
		cols[k.Status].Cards = append(cols[k.Status].Cards, card)
		v.Shown++
	}
	return v, nil
}

type pipelinePage struct {
	base
	Board *boardView
}

func (s *Server) pipelinePage(w http.ResponseWriter, r *http.Request, c *Caller) error {
	b, err := s.base(r, c, "Pipeline", "pipeline")
	if err != nil {
		return err
	}
	v, err := s.buildBoard(r, c, 0, true)
	if err != nil {
		return err
	}
	return s.pages.render(w, "pipeline", &pipelinePage{base: b, Board: v})
}

// errBulk rolls back a bulk change that had failures.
var errBulk = errors.New("bulk change failed")

// bulkResult is one collaboration as a bulk change left it.
type bulkResult struct {
	ID      int64    `json:"id"`
	Status  string   `json:"status"`
	Moves   []string `json:"moves"`
	OwnerID *int64   `json:"owner_id,omitempty"`
}

// collabBulk moves several collaborations, or gives them an owner, in one
// transaction: all of them or none, with every failure reported.
func (s *Server) collabBulk(w http.ResponseWriter, r *http.Request, c *Caller) error {
	ctx := r.Context()
	f, err := opsForm(r, "ids", "action", "to", "owner", "back", "note")
	if err != nil {
		return err
	}
	var ferrs []FieldError
	var ids []int64
	for i, sv := range f["ids"] {
		id, err := strconv.ParseInt(strings.TrimSpace(sv), 10, 64)
		if err != nil || id <= 0 {
			ferrs = append(ferrs, FieldError{fmt.Sprintf("ids[%d]", i), fmt.Sprintf("%q is not an id", sv)})
			continue
		}
		ids = append(ids, id)
	}
	if len(f["ids"]) == 0 {
		ferrs = append(ferrs, FieldError{"ids", "select at least one collaboration"})
	}
	action := f.Get("action")
	var to campaigns.Status
	var owner *int64
	switch action {
	case "move":
		if to, err = campaigns.ParseStatus(f.Get("to")); err != nil {
			ferrs = append(ferrs, FieldError{"to", err.Error()})
		}
	case "owner":
		if o := f.Get("owner"); o != "" && o != "none" {
			id, err := strconv.ParseInt(o, 10, 64)
			if err != nil || id <= 0 {
				ferrs = append(ferrs, FieldError{"owner", fmt.Sprintf("%q is not a user id", o)})
			}
			owner = &id
		}
	default:
		ferrs = append(ferrs, FieldError{"action", fmt.Sprintf("%q is not move or owner", action)})
	}
	if len(ferrs) > 0 {
		return invalid(ferrs)
	}
	var failed []FieldError
	var out []bulkResult
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		for _, id := range ids {
			label := fmt.Sprintf("collaboration %d", id)
			var err error
			if action == "move" {
				err = tx.MoveCollaboration(ctx, c.WS(), id, to, c.UserID(), f.Get("note"))
			} else {
				err = tx.SetCollaborationOwner(ctx, c.WS(), id, owner)
			}
			if err != nil {
				var me *store.MoveError
				switch {
				case errors.As(err, &me):
					failed = append(failed, FieldError{label, me.Error()})
				case errors.Is(err, store.ErrNotFound):
					failed = append(failed, FieldError{label, notFoundText(err)})
				default:
					return err
				}
				continue
			}
			out = append(out, bulkResult{ID: id, Status: string(to), OwnerID: owner})
		}
		if len(failed) > 0 {
			return errBulk
		}
		return s.audit(r, tx, c, "collaborations.bulk", "", 0, bulkDetail(action, to, owner, ids))
	})
	if errors.Is(err, errBulk) {
		names := s.collabNames(ctx, c.WS(), ids)
		for i := range failed {
			if n := names[failed[i].Field]; n != "" {
				failed[i].Field += " (" + n + ")"
			}
		}
		return &httpError{status: http.StatusConflict, fields: failed,
			msg: fmt.Sprintf("nothing was changed: %d of %d collaborations cannot be changed", len(failed), len(ids))}
	}
	if err != nil {
		return err
	}
	names := make([]string, len(out))
	for i := range out {
		k, err := s.db.Collaboration(ctx, c.WS(), out[i].ID)
		if err != nil {
			return err
		}
		names[i] = k.CreatorName
		out[i].Status, out[i].OwnerID, out[i].Moves = string(k.Status), k.OwnerID, collabView{*k}.Moves()
	}
	if opsWantsJSON(r) {
		return writeJSON(w, http.StatusOK, map[string]any{"updated": out})
	}
	msg := fmt.Sprintf("%d collaborations moved to %s.", len(out), strings.ReplaceAll(string(to), "_", " "))
	if len(out) == 1 {
		msg = fmt.Sprintf("%s moved to %s.", names[0], strings.ReplaceAll(string(to), "_", " "))
	}
	if action == "owner" {
		msg = fmt.Sprintf("%d collaborations given a new owner.", len(out))
	}
	http.Redirect(w, r, opsBack(f.Get("back"), "/pipeline", msg), http.StatusSeeOther)
	return nil
}

// notFoundText says what was not found without the wrapping of the store.
func notFoundText(err error) string {
	if strings.Contains(err.Error(), "owner") {
		return "the owner is not a member of this workspace"
	}
	return "not found in this workspace"
}

// collabNames maps "collaboration N" to its creator's name, for messages.
func (s *Server) collabNames(ctx context.Context, ws int64, ids []int64) map[string]string {
	out := map[string]string{}
	for _, id := range ids {
		if k, err := s.db.Collaboration(ctx, ws, id); err == nil {
			out[fmt.Sprintf("collaboration %d", id)] = k.CreatorName + ", " + k.CampaignName
		}
	}
	return out
}

// opsBack is a local path to return to with a flash message; anything that
// is not a path on this site falls back to def.
func opsBack(back, def, flash string) string {
	if !strings.HasPrefix(back, "/") || strings.HasPrefix(back, "//") || strings.HasPrefix(back, "/\\") {
		back = def
	}
	u, err := url.Parse(back)
	if err != nil || u.Host != "" || u.Scheme != "" {
		u, _ = url.Parse(def)
	}
	q := u.Query()
	q.Set("flash", flash)
	u.RawQuery = q.Encode()
	return u.String()
}

// historyEntry is one move with who made it.
type historyEntry struct {
	campaigns.Event
	Who string
}

type collabPage struct {
	base
	Collab       collabView
	Campaign     *campaigns.Campaign
	Handle       string
	Email        string
	History      []historyEntry
	Deliverables []ops.Deliverable
	Messages     []store.Message
	Templates    []ops.Template
	// Defaults fill the send form: the offer, link and code a message gets
	// when they are left as they are.
	Defaults  ops.Values
	Kinds     []string
	Platforms []string
	DStatuses []ops.DeliverableStatus
	Now       time.Time
}

// Overdue lets the page mark overdue deliverables.
func (p collabPage) Overdue(d ops.Deliverable) bool { return d.Overdue(p.Now) }

// collabDetailPage shows one collaboration: its moves through the
// pipeline, its deliverables and its e-mail thread.
func (s *Server) collabDetailPage(w http.ResponseWriter, r *http.Request, c *Caller) error {
	ctx := r.Context()
	k, err := s.collabOf(r, c)
	if err != nil {
		return err
	}
	id := k.ID
	p := &collabPage{Collab: collabView{*k}, Kinds: ops.DeliverableKinds, Platforms: ops.Platforms,
		DStatuses: ops.DeliverableStatuses, Now: s.now()}
	if p.base, err = s.base(r, c, k.CreatorName+" · "+k.CampaignName, "campaigns"); err != nil {
		return err
	}
	if p.Campaign, err = s.db.Campaign(ctx, c.WS(), k.CampaignID); err != nil {
		return err
	}
	mains, err := s.db.MainAccounts(ctx, c.WS(), k.CreatorID)
	if err != nil {
		return err
	}
	if a, ok := mains[k.CreatorID]; ok {
		p.Handle, p.Email = a.Handle, a.Email
	}
	events, err := s.db.CollaborationEvents(ctx, c.WS(), id)
	if err != nil {
		return err
	}
	members, err := s.db.Members(ctx, c.WS())
	if err != nil {
		return err
	}
	who := map[int64]string{}
	for _, m := range members {
		who[m.UserID] = m.Email
	}
	for _, e := range events {
		h := historyEntry{Event: e, Who: "automation"}
		if e.UserID != nil {
			h.Who = who[*e.UserID]
		}
		p.History = append(p.History, h)
	}
	if p.Deliverables, err = s.db.Deliverables(ctx, c.WS(), id); err != nil {
		return err
	}
	if p.Messages, err = s.db.Messages(ctx, c.WS(), id); err != nil {
		return err
	}
	if p.Templates, err = s.db.Templates(ctx, c.WS()); err != nil {
		return err
	}
	if p.Defaults, err = s.mergeDefaults(r, c, k); err != nil {
		return err
	}
	return s.pages.render(w, "collaboration", p)
}

// bulkDetail says what a bulk change did to which collaborations.
func bulkDetail(action string, to campaigns.Status, owner *int64, ids []int64) string {
	what := "moved to " + string(to)
	if action == "owner" {
		what = "owner set to none"
		if owner != nil {
			what = fmt.Sprintf("owner set to user %d", *owner)
		}
	}
	return fmt.Sprintf("%d collaborations %s: %v", len(ids), what, ids)
}
