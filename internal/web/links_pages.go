package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/chorushq/chorus/internal/campaigns"
	"github.com/chorushq/chorus/internal/store"
)

// linksPage is a campaign's tracked links, grouped by collaboration.
type linksPage struct {
	base
	Campaign *campaigns.Campaign
	Groups   []linkGroup
	Totals   store.ClickCount
	// LastDestination prefills the "generate link" forms, so that a link
	// for the next creator is one click.
	LastDestination string
}

type linkGroup struct {
	Collaboration campaigns.Collaboration
	Links         []linkView
	Clicks        store.ClickCount
}

func (s *Server) linksPage(w http.ResponseWriter, r *http.Request, c *Caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	cp, err := s.db.Campaign(r.Context(), c.WS(), id)
	if err != nil {
		return err
	}
	b, err := s.base(r, c, cp.Name+": links", "campaigns")
	if err != nil {
		return err
	}
	p := &linksPage{base: b, Campaign: cp}
	ks, err := s.db.Collaborations(r.Context(), c.WS(), store.CollabFilter{CampaignID: id})
	if err != nil {
		return err
	}
	ls, err := s.linkViews(r, c.WS(), store.LinkFilter{CampaignID: id})
	if err != nil {
		return err
	}
	byCollab := map[int64][]linkView{}
	for _, l := range ls {
		byCollab[l.CollaborationID] = append(byCollab[l.CollaborationID], l)
		p.LastDestination = l.Destination
	}
	for _, k := range ks {
		g := linkGroup{Collaboration: k, Links: byCollab[k.ID]}
		for _, l := range g.Links {
			g.Clicks.Humans += l.Clicks.Humans
			g.Clicks.Bots += l.Clicks.Bots
		}
		p.Totals.Humans += g.Clicks.Humans
		p.Totals.Bots += g.Clicks.Bots
		p.Groups = append(p.Groups, g)
	}
	return s.pages.render(w, "links", p)
}

// formVariant reads an optional variant id from a form.
func formVariant(v string) (*int64, error) {
	if v == "" || v == "0" {
		return nil, nil
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		return nil, invalid([]FieldError{{"variant_id", "is not a variant id"}})
	}
	return &id, nil
}

func backToLinks(w http.ResponseWriter, r *http.Request, campaignID int64, flash string) error {
	http.Redirect(w, r, "/campaigns/"+strconv.FormatInt(campaignID, 10)+"/links?flash="+url.QueryEscape(flash), http.StatusSeeOther)
	return nil
}

func (s *Server) linkCreateForm(w http.ResponseWriter, r *http.Request, c *Caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	k, err := s.db.Collaboration(r.Context(), c.WS(), id)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return badRequest("cannot read the form: %v", err)
	}
	in := linkInput{Slug: strings.TrimSpace(r.PostForm.Get("slug")), Destination: strings.TrimSpace(r.PostForm.Get("destination"))}
	if in.VariantID, err = formVariant(r.PostForm.Get("variant_id")); err != nil {
		return err
	}
	l, err := s.newLink(r.Context(), c.WS(), k.ID, in)
	if err != nil {
		return err
	}
	return backToLinks(w, r, k.CampaignID, "Link /c/"+l.Slug+" created for "+k.CreatorName+".")
}

func (s *Server) linkUpdateForm(w http.ResponseWriter, r *http.Request, c *Caller) error {
	l, err := s.callerLink(r, c)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return badRequest("cannot read the form: %v", err)
	}
	var p linkPatch
	for _, f := range []struct {
		name string
		dst  **string
	}{{"destination", &p.Destination}, {"utm_source", &p.UTMSource}, {"utm_medium", &p.UTMMedium}, {"utm_campaign", &p.UTMCampaign}, {"utm_content", &p.UTMContent}} {
		if vs, ok := r.PostForm[f.name]; ok && len(vs) > 0 {
			v := strings.TrimSpace(vs[0])
			*f.dst = &v
		}
	}
	p.Patch(l)
	if err := s.saveLink(r.Context(), c.WS(), l); err != nil {
		return err
	}
	return backToLinks(w, r, l.CampaignID, "Link /c/"+l.Slug+" saved.")
}

func (s *Server) linkDeleteForm(w http.ResponseWriter, r *http.Request, c *Caller) error {
	l, err := s.callerLink(r, c)
	if err != nil {
		return err
	}
	if err := s.deleteLink(r.Context(), c.WS(), l); err != nil {
		return err
	}
	return backToLinks(w, r, l.CampaignID, "Link /c/"+l.Slug+" deleted.")
}
