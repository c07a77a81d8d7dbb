package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/chorushq/chorus/internal/store"
	"github.com/chorushq/chorus/internal/tracking"
)

// audit records a sensitive action inside the action's own transaction, so
// that the record and the action commit or fail together. kind and id name
// the object (id 0 for none); detail is for people and never holds a secret.
func (s *Server) audit(r *http.Request, tx *store.Tx, c *Caller, action, kind string, id int64, detail string) error {
	var tok *store.APIToken
	var user *int64
	if c.User != nil {
		user = &c.User.ID
	}
	if c.Token != nil {
		tok = c.Token
	}
	return s.auditAs(r, tx, c.WS(), user, tok, action, kind, id, detail)
}

// auditAs is audit for requests without a Caller yet (signing in).
func (s *Server) auditAs(r *http.Request, tx *store.Tx, ws int64, userID *int64, tok *store.APIToken, action, kind string, id int64, detail string) error {
	e := &store.AuditEvent{WorkspaceID: ws, Action: action, ObjectKind: kind, Detail: detail, IPHash: s.auditIP(r)}
	if id != 0 {
		e.ObjectID = &id
	}
	switch {
	case userID != nil:
		e.ActorUserID = userID
		if u, err := s.db.User(r.Context(), *userID); err == nil {
			e.Actor = u.Email
		}
	case tok != nil:
		e.ActorTokenID, e.Actor = &tok.ID, "token "+tok.Name
	}
	return tx.Audit(r.Context(), e)
}

// auditIP is the client's address as the day's salted hash, the same form
// clicks use: enough to tell that two events came from one place on one day,
// never the address itself.
func (s *Server) auditIP(r *http.Request) string {
	ip, err := tracking.ClientIP(r.RemoteAddr, r.Header.Values("X-Forwarded-For"), s.cfg.TrustedProxies)
	if err != nil {
		return ""
	}
	return s.clicks.ips.Hash(ip, s.now())
}

type auditPage struct {
	base
	Events []auditRow
	Action string
	// Older links to the next page, or "" on the last.
	Older string
}

type auditRow struct {
	store.AuditEvent
	When string
}

func (s *Server) auditEvents(r *http.Request, c *Caller) ([]store.AuditEvent, store.AuditFilter, error) {
	q := r.URL.Query()
	f := store.AuditFilter{Action: q.Get("action"), Limit: 100}
	if v := q.Get("before"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			return nil, f, badRequest("before: %q is not an event id", v)
		}
		f.Before = n
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 500 {
			return nil, f, badRequest("limit: %q must be a whole number from 1 to 500", v)
		}
		f.Limit = n
	}
	evs, err := s.db.AuditEvents(r.Context(), c.WS(), f)
	return evs, f, err
}

func (s *Server) auditLogPage(w http.ResponseWriter, r *http.Request, c *Caller) error {
	evs, f, err := s.auditEvents(r, c)
	if err != nil {
		return err
	}
	b, err := s.base(r, c, "Audit log", "settings")
	if err != nil {
		return err
	}
	p := &auditPage{base: b, Action: f.Action}
	for _, e := range evs {
		p.Events = append(p.Events, auditRow{AuditEvent: e, When: time.Unix(e.At, 0).UTC().Format("2006-01-02 15:04:05 UTC")})
	}
	if len(evs) == f.Limit {
		p.Older = fmt.Sprintf("/settings/audit?before=%d&action=%s", evs[len(evs)-1].ID, f.Action)
	}
	return s.pages.render(w, "audit", p)
}

func (s *Server) apiAudit(w http.ResponseWriter, r *http.Request, c *Caller) error {
	evs, _, err := s.auditEvents(r, c)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"events": evs})
}

// auditNow records an action that ran in transactions of its own (an
// import commits in batches), right after it.
func (s *Server) auditNow(r *http.Request, c *Caller, action, kind string, id int64, detail string) error {
	return s.db.Tx(r.Context(), func(tx *store.Tx) error { return s.audit(r, tx, c, action, kind, id, detail) })
}

func importDetail(name string, res store.ImportResult) string {
	return fmt.Sprintf("%s: %d rows, %d creators added, %d accounts added, %d updated",
		name, res.Rows, res.CreatorsAdded, res.AccountsAdded, res.AccountsUpdated)
}

// settingsDetail names the settings that changed, old -> new.
func settingsDetail(old, cur *store.Workspace) string {
	var b strings.Builder
	add := func(name string, a, z any) {
		if a != z {
			fmt.Fprintf(&b, "%s %v -> %v; ", name, a, z)
		}
	}
	add("name", old.Name, cur.Name)
	add("currency", old.Currency, cur.Currency)
	add("tier_micro", old.TierMicro, cur.TierMicro)
	add("tier_mid", old.TierMid, cur.TierMid)
	add("tier_macro", old.TierMacro, cur.TierMacro)
	add("tier_mega", old.TierMega, cur.TierMega)
	add("lookback_days", old.LookbackDays, cur.LookbackDays)
	add("gross_margin_bps", old.GrossMarginBps, cur.GrossMarginBps)
	return strings.TrimSuffix(b.String(), "; ")
}

func payoutDetail(run *store.PayoutRun) string {
	return fmt.Sprintf("run %q: %d collaborations paid, %d ledger lines", run.Key, run.Paid, run.Entries)
}

// secretsDetail names the secrets set or removed, never their values.
func secretsDetail(values map[string]*string) string {
	var set, removed []string
	for _, n := range store.SecretNames {
		switch v := values[n]; {
		case v == nil:
		case strings.TrimSpace(*v) == "":
			removed = append(removed, n)
		default:
			set = append(set, n)
		}
	}
	return fmt.Sprintf("set: %s; removed: %s", strings.Join(set, ", "), strings.Join(removed, ", "))
}
