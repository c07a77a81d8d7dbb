package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"
	"unicode/utf8"

	"github.com/chorushq/chorus/internal/store"
	"github.com/chorushq/chorus/internal/tracking"
)

// maxUTM bounds a UTM value; analytics tools truncate far below this.
const maxUTM = 200

// linkInput is the body of a link creation. UTM fields left out follow the
// conventions (see store.LinkUTM); an empty string leaves that parameter out.
type linkInput struct {
	Slug        string  `json:"slug"`
	Destination string  `json:"destination"`
	VariantID   *int64  `json:"variant_id"`
	UTMSource   *string `json:"utm_source"`
	UTMMedium   *string `json:"utm_medium"`
	UTMCampaign *string `json:"utm_campaign"`
	UTMContent  *string `json:"utm_content"`
}

// linkPatch changes a link. The slug is printed in posts and QR codes, so it
// cannot change: a new slug is a new link.
type linkPatch struct {
	Slug        *string `json:"slug"`
	Destination *string `json:"destination"`
	VariantID   *int64  `json:"variant_id"`
	UTMSource   *string `json:"utm_source"`
	UTMMedium   *string `json:"utm_medium"`
	UTMCampaign *string `json:"utm_campaign"`
	UTMContent  *string `json:"utm_content"`
}

// Patch applies p to l.
func (p linkPatch) Patch(l *store.Link) {
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	set(&l.Destination, p.Destination)
	set(&l.UTMSource, p.UTMSource)
	set(&l.UTMMedium, p.UTMMedium)
	set(&l.UTMCampaign, p.UTMCampaign)
	set(&l.UTMContent, p.UTMContent)
	if p.VariantID != nil {
		l.VariantID = p.VariantID
		if *p.VariantID == 0 {
			l.VariantID = nil
		}
	}
}

// linkView is a link as the API and pages show it.
type linkView struct {
	store.Link
	ShortURL string           `json:"short_url"`
	Example  string           `json:"example_location"`
	Clicks   store.ClickCount `json:"clicks"`
}

// validateLink checks everything a visitor could be sent to: the slug, the
// destination (http or https with a host, so no javascript: or
// protocol-relative open redirect) and the UTM values.
func validateLink(l *store.Link) []FieldError {
	var fe []FieldError
	if err := tracking.ValidateSlug(l.Slug); err != nil {
		fe = append(fe, FieldError{"slug", err.Error()})
	}
	if _, err := tracking.NewRedirect(l.Destination, l.UTM()); err != nil {
		fe = append(fe, FieldError{"destination", err.Error()})
	}
	for _, f := range []struct{ name, v string }{
		{"utm_source", l.UTMSource}, {"utm_medium", l.UTMMedium}, {"utm_campaign", l.UTMCampaign}, {"utm_content", l.UTMContent},
	} {
		if len(f.v) > maxUTM || !utf8.ValidString(f.v) {
			fe = append(fe, FieldError{f.name, fmt.Sprintf("must be valid text of at most %d bytes", maxUTM)})
		}
	}
	return fe
}

// newLink builds, validates and stores a link of collaboration collabID,
// which the caller has already found in its workspace. A generated slug is
// drawn again when taken; a custom one that is taken is a field error.
func (s *Server) newLink(ctx context.Context, ws, collabID int64, in linkInput) (*store.Link, error) {
	utm, err := s.db.LinkUTM(ctx, ws, collabID, in.VariantID)
	if errors.Is(err, store.ErrNotFound) && in.VariantID != nil {
		return nil, invalid([]FieldError{{"variant_id", "no such variant in this campaign"}})
	}
	if err != nil {
		return nil, err
	}
	pick := func(p *string, def string) string {
		if p != nil {
			return *p
		}
		return def
	}
	l := &store.Link{CollaborationID: collabID, VariantID: in.VariantID, Slug: in.Slug, Destination: in.Destination,
		UTMSource: pick(in.UTMSource, utm.Source), UTMMedium: pick(in.UTMMedium, utm.Medium),
		UTMCampaign: pick(in.UTMCampaign, utm.Campaign), UTMContent: pick(in.UTMContent, utm.Content)}
	custom := in.Slug != ""
	for attempt := 0; ; attempt++ {
		if !custom {
			if l.Slug, err = tracking.NewSlug(0); err != nil {
				return nil, err
			}
		}
		if fe := validateLink(l); len(fe) > 0 {
			return nil, invalid(fe)
		}
		err = s.db.Tx(ctx, func(tx *store.Tx) error { return tx.CreateLink(ctx, ws, l) })
		if !errors.Is(err, store.ErrConflict) {
			break
		}
		if custom {
			return nil, &httpError{status: http.StatusConflict, msg: "slug is taken", fields: []FieldError{{"slug", fmt.Sprintf("%q is already used by another link", l.Slug)}}}
		}
		if attempt == 4 {
			return nil, fmt.Errorf("five generated slugs were all taken: %w", err)
		}
	}
	if err != nil {
		return nil, err
	}
	s.clicks.links.forget(l.Slug) // a cached "not found" must not outlive the link's creation
	return l, nil
}

// saveLink validates and saves an edited link and drops it from this node's
// redirect cache, so the next click goes to the new destination.
func (s *Server) saveLink(ctx context.Context, ws int64, l *store.Link) error {
	if fe := validateLink(l); len(fe) > 0 {
		return invalid(fe)
	}
	err := s.db.Tx(ctx, func(tx *store.Tx) error { return tx.UpdateLink(ctx, ws, l) })
	if errors.Is(err, store.ErrNotFound) && l.VariantID != nil {
		return invalid([]FieldError{{"variant_id", "no such variant in this campaign"}})
	}
	s.clicks.links.forget(l.Slug)
	return err
}

func (s *Server) deleteLink(ctx context.Context, ws int64, l *store.Link) error {
	err := s.db.Tx(ctx, func(tx *store.Tx) error { return tx.DeleteLink(ctx, ws, l.ID) })
	s.clicks.links.forget(l.Slug)
	return err
}

// shortURL is the public address of a slug on the host the request came to.
func (s *Server) shortURL(r *http.Request, slug string) string {
	scheme := "http"
	if r.TLS != nil || s.cfg.SecureCookies {
		scheme = "https"
	}
	return scheme + "://" + r.Host + "/c/" + slug
}

func (s *Server) linkView(r *http.Request, l store.Link, n store.ClickCount) linkView {
	v := linkView{Link: l, ShortURL: s.shortURL(r, l.Slug), Clicks: n}
	if red, err := tracking.NewRedirect(l.Destination, l.UTM()); err == nil {
		v.Example = red.String()
	}
	return v
}

// linkViews lists links with their click totals from the rollups.
func (s *Server) linkViews(r *http.Request, ws int64, f store.LinkFilter) ([]linkView, error) {
	ls, err := s.db.Links(r.Context(), ws, f)
	if err != nil {
		return nil, err
	}
	counts, err := s.db.ClickTotalsBy(r.Context(), ws, store.ByLink, store.ClickScope{CollaborationID: f.CollaborationID, CampaignID: f.CampaignID})
	if err != nil {
		return nil, err
	}
	out := make([]linkView, len(ls))
	for i, l := range ls {
		out[i] = s.linkView(r, l, counts[l.ID])
	}
	return out, nil
}

// callerLink finds the {id} link in the caller's workspace.
func (s *Server) callerLink(r *http.Request, c *Caller) (*store.Link, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	return s.db.Link(r.Context(), c.WS(), id)
}

func (s *Server) apiLinks(w http.ResponseWriter, r *http.Request, c *Caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if _, err := s.db.Collaboration(r.Context(), c.WS(), id); err != nil {
		return err
	}
	ls, err := s.linkViews(r, c.WS(), store.LinkFilter{CollaborationID: id})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"links": ls})
}

func (s *Server) apiLinkCreate(w http.ResponseWriter, r *http.Request, c *Caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if _, err := s.db.Collaboration(r.Context(), c.WS(), id); err != nil {
		return err
	}
	var in linkInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	l, err := s.newLink(r.Context(), c.WS(), id, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, s.linkView(r, *l, store.ClickCount{}))
}

func (s *Server) apiLink(w http.ResponseWriter, r *http.Request, c *Caller) error {
	l, err := s.callerLink(r, c)
	if err != nil {
		return err
	}
	n, err := s.db.ClickTotals(r.Context(), c.WS(), store.ClickScope{LinkID: l.ID})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, s.linkView(r, *l, n))
}

func (s *Server) apiLinkPatch(w http.ResponseWriter, r *http.Request, c *Caller) error {
	l, err := s.callerLink(r, c)
	if err != nil {
		return err
	}
	var p linkPatch
	if err := decodeJSON(r, &p); err != nil {
		return err
	}
	if p.Slug != nil && *p.Slug != l.Slug {
		return invalid([]FieldError{{"slug", "cannot change: it is printed in posts and QR codes; create a new link instead"}})
	}
	p.Patch(l)
	if err := s.saveLink(r.Context(), c.WS(), l); err != nil {
		return err
	}
	n, err := s.db.ClickTotals(r.Context(), c.WS(), store.ClickScope{LinkID: l.ID})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, s.linkView(r, *l, n))
}

func (s *Server) apiLinkDelete(w http.ResponseWriter, r *http.Request, c *Caller) error {
	l, err := s.callerLink(r, c)
	if err != nil {
		return err
	}
	if err := s.deleteLink(r.Context(), c.WS(), l); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) apiLinkQRPNG(w http.ResponseWriter, r *http.Request, c *Caller) error {
	return s.linkQR(w, r, c, "image/png", tracking.QRPNG)
}

func (s *Server) apiLinkQRSVG(w http.ResponseWriter, r *http.Request, c *Caller) error {
	return s.linkQR(w, r, c, "image/svg+xml", tracking.QRSVG)
}

func (s *Server) linkQR(w http.ResponseWriter, r *http.Request, c *Caller, ctype string, render func(string, int) ([]byte, error)) error {
	l, err := s.callerLink(r, c)
	if err != nil {
		return err
	}
	b, err := render(s.shortURL(r, l.Slug), 0)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", fmt.Sprintf("inline; filename=%q", "chorus-"+l.Slug+map[string]string{"image/png": ".png", "image/svg+xml": ".svg"}[ctype]))
	w.Header().Set("Cache-Control", "private, max-age=300")
	_, err = w.Write(b)
	return err
}

// clickReport is the answer of the click report endpoints: totals and one
// row per UTC day, from the rollups.
type clickReport struct {
	From   time.Time         `json:"from"`
	To     time.Time         `json:"to"`
	Totals store.ClickCount  `json:"totals"`
	Days   []store.DayClicks `json:"days"`
	// ByCollaboration is filled for a campaign.
	ByCollaboration map[int64]store.ClickCount `json:"by_collaboration,omitempty"`
}

// reportRange reads ?from=YYYY-MM-DD&to=YYYY-MM-DD (to inclusive); the
// default is the last 30 days up to today.
func (s *Server) reportRange(r *http.Request) (time.Time, time.Time, error) {
	today := s.now().UTC().Truncate(24 * time.Hour)
	from, to := today.AddDate(0, 0, -29), today
	var fe []FieldError
	for _, p := range []struct {
		name string
		dst  *time.Time
	}{{"from", &from}, {"to", &to}} {
		if v := r.URL.Query().Get(p.name); v != "" {
			t, err := time.Parse("2006-01-02", v)
			if err != nil {
				fe = append(fe, FieldError{p.name, "want a date as YYYY-MM-DD"})
				continue
			}
			*p.dst = t
		}
	}
	if len(fe) > 0 {
		return from, to, invalid(fe)
	}
	return from, to.AddDate(0, 0, 1), nil
}

func (s *Server) clickReport(r *http.Request, ws int64, scope store.ClickScope) (*clickReport, error) {
	from, to, err := s.reportRange(r)
	if err != nil {
		return nil, err
	}
	rep := &clickReport{From: from, To: to}
	if rep.Totals, err = s.db.ClickTotals(r.Context(), ws, scope); err != nil {
		return nil, err
	}
	if rep.Days, err = s.db.ClickDays(r.Context(), ws, scope, from, to); err != nil {
		return nil, err
	}
	return rep, nil
}

func (s *Server) apiLinkClicks(w http.ResponseWriter, r *http.Request, c *Caller) error {
	l, err := s.callerLink(r, c)
	if err != nil {
		return err
	}
	rep, err := s.clickReport(r, c.WS(), store.ClickScope{LinkID: l.ID})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, rep)
}

func (s *Server) apiCampaignClicks(w http.ResponseWriter, r *http.Request, c *Caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if _, err := s.db.Campaign(r.Context(), c.WS(), id); err != nil {
		return err
	}
	scope := store.ClickScope{CampaignID: id}
	rep, err := s.clickReport(r, c.WS(), scope)
	if err != nil {
		return err
	}
	if rep.ByCollaboration, err = s.db.ClickTotalsBy(r.Context(), c.WS(), store.ByCollaboration, scope); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, rep)
}
