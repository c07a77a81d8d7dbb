package web

import (
	"fmt"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/chorushq/chorus/internal/campaigns"
	"github.com/chorushq/chorus/internal/compliance"
	"github.com/chorushq/chorus/internal/ops"
	"github.com/chorushq/chorus/internal/store"
)

// opsWantsJSON reports whether a form route was called with a JSON body or
// asks for a JSON answer (the drag and drop of the board does).
func opsWantsJSON(r *http.Request) bool {
	return strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") || r.Header.Get("Accept") == "application/json"
}

// opsForm reads a form body, or the same fields as a JSON object, into
// url.Values, so that each form route also takes JSON. Only the named
// fields are accepted; numbers and booleans become their text, arrays
// repeated values.
func opsForm(r *http.Request, fields ...string) (url.Values, error) {
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		if err := r.ParseForm(); err != nil {
			return nil, badRequest("cannot read the form: %v", err)
		}
		return r.PostForm, nil
	}
	var m map[string]any
	if err := decodeJSON(r, &m); err != nil {
		return nil, err
	}
	out := url.Values{}
	var errs []FieldError
	for k, v := range m {
		if !slices.Contains(fields, k) {
			errs = append(errs, FieldError{k, "is not a field here; known fields are " + strings.Join(fields, ", ")})
			continue
		}
		vs, ok := v.([]any)
		if !ok {
			vs = []any{v}
		}
		for _, x := range vs {
			switch x := x.(type) {
			case string:
				out.Add(k, x)
			case float64:
				out.Add(k, strconv.FormatFloat(x, 'f', -1, 64))
			case bool:
				out.Add(k, strconv.FormatBool(x))
			case nil:
			default:
				errs = append(errs, FieldError{k, "must be a string, a number or a list of them"})
			}
		}
	}
	if len(errs) > 0 {
		slices.SortFunc(errs, func(a, b FieldError) int { return strings.Compare(a.Field, b.Field) })
		return nil, invalid(errs)
	}
	return out, nil
}

// opsID reads a positive id from a form value; a missing or bad one is a
// field error under the given name.
func opsID(field, v string) (int64, error) {
	id, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	if err != nil || id <= 0 {
		return 0, invalid([]FieldError{{field, fmt.Sprintf("%q is not an id", v)}})
	}
	return id, nil
}

type briefPage struct {
	base
	Campaign   *campaigns.Campaign
	Brief      campaigns.Brief
	Deadline   string
	Formats    []ops.Format
	Categories []string
	Shares     []store.BriefShare
	Errors     []FieldError
	// NewLink is the share link just made, shown once.
	NewLink string
}

// Has reports whether list holds s, for checkboxes.
func (briefPage) Has(list []string, s string) bool { return slices.Contains(list, s) }

// ShareText writes audience shares back as the form reads them, largest
// first: "US 40%, GB 20%".
func (briefPage) ShareText(m map[string]float64) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int {
		if m[a] != m[b] {
			if m[a] > m[b] {
				return -1
			}
			return 1
		}
		return strings.Compare(a, b)
	})
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + " " + strconv.FormatFloat(math.Round(m[k]*1000)/10, 'f', -1, 64) + "%"
	}
	return strings.Join(parts, ", ")
}

func (s *Server) renderBrief(w http.ResponseWriter, r *http.Request, c *Caller, cp *campaigns.Campaign, p *briefPage) error {
	b, err := s.base(r, c, "Brief · "+cp.Name, "campaigns")
	if err != nil {
		return err
	}
	p.base, p.Campaign, p.Formats, p.Categories = b, cp, ops.Formats, compliance.DefaultCategories()
	if p.Shares, err = s.db.BriefShares(r.Context(), c.WS(), cp.ID); err != nil {
		return err
	}
	if p.Deadline == "" && p.Brief.Deadline != nil {
		p.Deadline = p.Brief.Deadline.Format("2006-01-02")
	}
	return s.pages.render(w, "brief_edit", p)
}

// campaignOf loads the {id} campaign of the caller's workspace.
func (s *Server) campaignOf(r *http.Request, c *Caller) (*campaigns.Campaign, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	return s.db.Campaign(r.Context(), c.WS(), id)
}

func (s *Server) briefEditPage(w http.ResponseWriter, r *http.Request, c *Caller) error {
	cp, err := s.campaignOf(r, c)
	if err != nil {
		return err
	}
	return s.renderBrief(w, r, c, cp, &briefPage{Brief: cp.Brief})
}

var briefFields = []string{"product", "description", "key_messages", "dos", "donts", "hashtags", "keywords", "disclosure",
	"banned_claims", "claim_categories", "formats", "competitors", "deadline", "target_country", "target_age", "target_gender"}

// briefFromForm reads every field of the brief form.
func briefFromForm(f url.Values, errs *[]FieldError) campaigns.Brief {
	b := campaigns.Brief{
		Product: strings.TrimSpace(f.Get("product")), Description: strings.TrimSpace(f.Get("description")),
		KeyMessages: lines(f.Get("key_messages")), Dos: lines(f.Get("dos")), Donts: lines(f.Get("donts")),
		Hashtags: splitList(f.Get("hashtags")), Keywords: splitList(f.Get("keywords")),
		Disclosure: strings.TrimSpace(f.Get("disclosure")), BannedClaims: lines(f.Get("banned_claims")),
		ClaimCategories: f["claim_categories"], Formats: f["formats"], Competitors: splitList(f.Get("competitors")),
		Deadline: parseDate("deadline", f.Get("deadline"), errs),
	}
	for _, part := range []struct {
		field string
		dst   *map[string]float64
	}{{"target_country", &b.TargetCountry}, {"target_age", &b.TargetAge}, {"target_gender", &b.TargetGender}} {
		m, err := parseShares(f.Get(part.field))
		if err != nil {
			*errs = append(*errs, FieldError{part.field, err.Error()})
		}
		*part.dst = m
	}
	return b
}

// lines splits a textarea into its non-empty lines: messages and claims
// may hold commas.
func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// parseShares reads "US 40%, GB 20%" or "US:0.4, GB:0.2" into shares of 1.
func parseShares(s string) (map[string]float64, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	out := map[string]float64{}
	total := 0.0
	for _, part := range splitList(s) {
		k, v, ok := strings.Cut(strings.ReplaceAll(part, ":", " "), " ")
		v = strings.TrimSpace(v)
		if !ok || strings.TrimSpace(k) == "" || v == "" {
			return nil, fmt.Errorf("%q: want a name and a share, as in \"US 40%%\"", part)
		}
		pct := strings.HasSuffix(v, "%")
		x, err := strconv.ParseFloat(strings.TrimSuffix(v, "%"), 64)
		if err != nil || x < 0 {
			return nil, fmt.Errorf("%q: %q is not a share", part, v)
		}
		if pct {
			x /= 100
		}
		out[strings.TrimSpace(k)] = x
		total += x
	}
	if total > 1.0001 {
		return nil, fmt.Errorf("the shares add up to %.0f%%, more than 100%%", total*100)
	}
	return out, nil
}

func (s *Server) briefSaveForm(w http.ResponseWriter, r *http.Request, c *Caller) error {
	cp, err := s.campaignOf(r, c)
	if err != nil {
		return err
	}
	id := cp.ID
	f, err := opsForm(r, briefFields...)
	if err != nil {
		return err
	}
	var errs []FieldError
	b := briefFromForm(f, &errs)
	errs = append(errs, campaignErrors(ops.ValidateBrief(b))...)
	if len(errs) > 0 {
		w.WriteHeader(http.StatusUnprocessableEntity)
		return s.renderBrief(w, r, c, cp, &briefPage{Brief: b, Errors: errs, Deadline: f.Get("deadline")})
	}
	if err := s.db.Tx(r.Context(), func(tx *store.Tx) error { return tx.UpdateBrief(r.Context(), c.WS(), id, b) }); err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/campaigns/%d?flash=%s", id, url.QueryEscape("Brief saved.")), http.StatusSeeOther)
	return nil
}

type briefViewPage struct {
	base
	Campaign *campaigns.Campaign
	// Print hides everything but the brief and adds a print button.
	Print bool
}

// FormatLabel names a format for the brief's readers.
func (briefViewPage) FormatLabel(k string) string { return ops.FormatLabel(k) }

func (s *Server) briefPrintPage(w http.ResponseWriter, r *http.Request, c *Caller) error {
	cp, err := s.campaignOf(r, c)
	if err != nil {
		return err
	}
	b, err := s.base(r, c, "Brief · "+cp.Name, "campaigns")
	if err != nil {
		return err
	}
	return s.pages.render(w, "brief", &briefViewPage{base: b, Campaign: cp, Print: true})
}

// sharedBriefPage shows a brief to whoever holds its secret link. It shows
// nothing else, not even to a signed-in user: the page is the same for all.
func (s *Server) sharedBriefPage(w http.ResponseWriter, r *http.Request, c *Caller) error {
	cp, err := s.db.SharedBrief(r.Context(), r.PathValue("token"))
	if err != nil {
		return err
	}
	// The token is in the URL: keep it out of other sites' logs and out of
	// search engines, and out of shared caches.
	w.Header().Set("Referrer-Policy", "no-referrer")
	w.Header().Set("X-Robots-Tag", "noindex, nofollow")
	w.Header().Set("Cache-Control", "private, no-store")
	return s.pages.render(w, "brief", &briefViewPage{base: base{Title: "Brief · " + cp.Name}, Campaign: cp})
}

// briefShareCreate makes a share link and shows it once.
func (s *Server) briefShareCreate(w http.ResponseWriter, r *http.Request, c *Caller) error {
	cp, err := s.campaignOf(r, c)
	if err != nil {
		return err
	}
	id := cp.ID
	var sh *store.BriefShare
	var tok string
	if err := s.db.Tx(r.Context(), func(tx *store.Tx) error {
		var err error
		if sh, tok, err = tx.CreateBriefShare(r.Context(), c.WS(), id, c.UserID()); err != nil {
			return err
		}
		return s.audit(r, tx, c, "brief.share", "campaign", id, fmt.Sprintf("share link %d", sh.ID))
	}); err != nil {
		return err
	}
	link := opsOrigin(r) + "/b/" + tok
	if opsWantsJSON(r) {
		return writeJSON(w, http.StatusCreated, map[string]any{"share": sh, "url": link})
	}
	w.WriteHeader(http.StatusCreated)
	return s.renderBrief(w, r, c, cp, &briefPage{Brief: cp.Brief, NewLink: link})
}

// opsOrigin is the scheme and host the request came to, for links shown
// to be copied.
func opsOrigin(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

func (s *Server) briefShareRevoke(w http.ResponseWriter, r *http.Request, c *Caller) error {
	cp, err := s.campaignOf(r, c)
	if err != nil {
		return err
	}
	id := cp.ID
	f, err := opsForm(r, "share")
	if err != nil {
		return err
	}
	shareID, err := opsID("share", f.Get("share"))
	if err != nil {
		return err
	}
	if err := s.db.Tx(r.Context(), func(tx *store.Tx) error {
		if err := tx.RevokeBriefShare(r.Context(), c.WS(), id, shareID); err != nil {
			return err
		}
		return s.audit(r, tx, c, "brief.share.revoke", "campaign", id, fmt.Sprintf("share link %d", shareID))
	}); err != nil {
		return err
	}
	if opsWantsJSON(r) {
		w.WriteHeader(http.StatusNoContent)
		return nil
	}
	http.Redirect(w, r, fmt.Sprintf("/campaigns/%d/brief?flash=%s", id, url.QueryEscape("Share link revoked.")), http.StatusSeeOther)
	return nil
}

func (s *Server) apiBrief(w http.ResponseWriter, r *http.Request, c *Caller) error {
	cp, err := s.campaignOf(r, c)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, cp.Brief)
}

// apiBriefPut replaces the whole brief.
func (s *Server) apiBriefPut(w http.ResponseWriter, r *http.Request, c *Caller) error {
	cp, err := s.campaignOf(r, c)
	if err != nil {
		return err
	}
	id := cp.ID
	var b campaigns.Brief
	if err := decodeJSON(r, &b); err != nil {
		return err
	}
	if errs := ops.ValidateBrief(b); len(errs) > 0 {
		return invalid(campaignErrors(errs))
	}
	if err := s.db.Tx(r.Context(), func(tx *store.Tx) error { return tx.UpdateBrief(r.Context(), c.WS(), id, b) }); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, b)
}
