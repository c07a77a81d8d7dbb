package web

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/chorushq/chorus/internal/auth"
	"github.com/chorushq/chorus/internal/conversions"
	"github.com/chorushq/chorus/internal/payout"
	"github.com/chorushq/chorus/internal/store"
)

// RevenueSource gives a collaboration's attributed revenue in minor units of
// currency, under the workspace's default attribution model. Attribution
// provides it; payouts only read it.
type RevenueSource interface {
	AttributedRevenue(ctx context.Context, ws, collaborationID int64, currency string) (int64, error)
}

// revenue is the attributed revenue of a collaboration and whether any
// source measured it.
func (s *Server) revenue(ctx context.Context, ws, collabID int64, currency string) (int64, bool, error) {
	src := s.cfg.Revenue
	if src == nil {
		if rs, ok := any(s.db).(RevenueSource); ok {
			src = rs
		}
	}
	if src == nil {
		return 0, false, nil
	}
	v, err := src.AttributedRevenue(ctx, ws, collabID, currency)
	return v, err == nil, err
}

// statement is what a collaboration has earned and been paid.
type statement struct {
	Terms       payout.Terms
	Earned      []payout.Line
	EarnedMinor int64
	PaidMinor   int64
	// Balance is what the ledger owes now; Pending is earned but not yet
	// accrued by a run.
	BalanceMinor   int64
	PendingMinor   int64
	OwedMinor      int64 // balance + pending
	Revenue        int64
	RevenueKnown   bool
	Ledger         []store.LedgerEntry
	BonusesText    string
	PerDeliverable string
}

func (s *Server) statement(ctx context.Context, ws, collabID int64) (*statement, error) {
	t, err := s.db.PayoutTerms(ctx, ws, collabID)
	if err != nil {
		return nil, err
	}
	perf, err := s.db.PayoutPerformance(ctx, ws, collabID)
	if err != nil {
		return nil, err
	}
	st := &statement{Terms: t}
	if perf.RevenueMinor, st.RevenueKnown, err = s.revenue(ctx, ws, collabID, t.Currency); err != nil {
		return nil, err
	}
	st.Revenue = perf.RevenueMinor
	if st.Earned, err = payout.Earned(t, perf); err != nil {
		return nil, err
	}
	if st.Ledger, err = s.db.Ledger(ctx, ws, collabID); err != nil {
		return nil, err
	}
	var accrued int64
	for _, l := range st.Earned {
		st.EarnedMinor += l.AmountMinor
	}
	for _, e := range st.Ledger {
		if e.Kind == payout.KindPayment {
			st.PaidMinor -= e.AmountMinor
		} else {
			accrued += e.AmountMinor
		}
	}
	st.BalanceMinor = accrued - st.PaidMinor
	st.PendingMinor = st.EarnedMinor - accrued
	st.OwedMinor = st.BalanceMinor + st.PendingMinor
	st.PerDeliverable = majorText(t.PerDeliverableMinor, t.Currency)
	var b []string
	for _, bo := range t.Bonuses {
		b = append(b, majorText(bo.RevenueMinor, t.Currency)+" "+majorText(bo.AmountMinor, t.Currency))
	}
	st.BonusesText = strings.Join(b, "\n")
	return st, nil
}

func majorText(minor int64, currency string) string {
	v, err := conversions.FormatAmount(minor, currency)
	if err != nil {
		return strconv.FormatInt(minor, 10)
	}
	return strings.ReplaceAll(v, ",", "")
}

// parseBonuses reads one bonus a line: "REVENUE AMOUNT" in major units, as
// in "1000.00 50.00" (50.00 once revenue reaches 1,000.00).
func parseBonuses(text, currency string) ([]payout.Bonus, []FieldError) {
	var out []payout.Bonus
	var errs []FieldError
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		f := strings.Fields(line)
		if len(f) != 2 {
			errs = append(errs, FieldError{"bonuses", fmt.Sprintf("line %d: %q: want a revenue threshold and an amount, as in \"1000.00 50.00\"", i+1, line)})
			continue
		}
		rev, err1 := parseMajor(f[0], currency)
		amt, err2 := parseMajor(f[1], currency)
		if err := errors.Join(err1, err2); err != nil {
			errs = append(errs, FieldError{"bonuses", fmt.Sprintf("line %d: %v", i+1, err)})
			continue
		}
		out = append(out, payout.Bonus{RevenueMinor: rev, AmountMinor: amt})
	}
	return out, errs
}

func (s *Server) payoutTermsForm(w http.ResponseWriter, r *http.Request, c *Caller) error {
	k, err := s.collabOf(r, c)
	if err != nil {
		return err
	}
	t, err := s.db.PayoutTerms(r.Context(), c.WS(), k.ID)
	if err != nil {
		return err
	}
	var errs []FieldError
	per, err := parseMajor(r.PostFormValue("per_deliverable"), t.Currency)
	if err != nil {
		errs = append(errs, FieldError{"per_deliverable", err.Error()})
	}
	bonuses, berrs := parseBonuses(r.PostFormValue("bonuses"), t.Currency)
	errs = append(errs, berrs...)
	t.PerDeliverableMinor, t.Bonuses = per, bonuses
	for _, e := range t.Validate() {
		errs = append(errs, FieldError{"terms", e.Error()})
	}
	if len(errs) > 0 {
		return s.renderReview(w, r, c, k.ID, http.StatusUnprocessableEntity, reviewForm{Errors: errs, Form: r.PostForm})
	}
	if err := s.db.Tx(r.Context(), func(tx *store.Tx) error {
		return tx.SetPayoutTerms(r.Context(), c.WS(), k.ID, per, bonuses)
	}); err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/collaborations/%d/review?flash=%s#payouts", k.ID, url.QueryEscape("Payout terms saved.")), http.StatusSeeOther)
	return nil
}

type payoutRow struct {
	CollaborationID int64
	CreatorName     string
	CampaignName    string
	Status          string
	statement
}

type payoutsPage struct {
	base
	Rows   []payoutRow
	Ledger []store.LedgerEntry
	RunKey string
	Errors []FieldError
}

func (s *Server) payoutsPage(w http.ResponseWriter, r *http.Request, c *Caller) error {
	b, err := s.base(r, c, "Payouts", "payouts")
	if err != nil {
		return err
	}
	p := &payoutsPage{base: b, RunKey: r.URL.Query().Get("key")}
	if p.RunKey == "" {
		// A fresh key per page view: submitting the same form twice (a
		// double click, a reload) pays once.
		p.RunKey = "run-" + strings.ToLower(auth.NewToken("")[:12])
	}
	ks, err := s.db.Collaborations(r.Context(), c.WS(), store.CollabFilter{})
	if err != nil {
		return err
	}
	for _, k := range ks {
		if !committed(k.Status) {
			continue
		}
		st, err := s.statement(r.Context(), c.WS(), k.ID)
		if err != nil {
			return err
		}
		p.Rows = append(p.Rows, payoutRow{CollaborationID: k.ID, CreatorName: k.CreatorName, CampaignName: k.CampaignName, Status: string(k.Status), statement: *st})
	}
	if p.Ledger, err = s.db.Ledger(r.Context(), c.WS(), 0); err != nil {
		return err
	}
	return s.pages.render(w, "payouts", p)
}

// runPayouts pays every live or paid collaboration's balance under key.
func (s *Server) runPayouts(ctx context.Context, c *Caller, key string) (*store.PayoutRun, bool, error) {
	ps, err := s.db.PayableCollaborations(ctx, c.WS())
	if err != nil {
		return nil, false, err
	}
	for i := range ps {
		if ps[i].Performance.RevenueMinor, _, err = s.revenue(ctx, c.WS(), ps[i].CollaborationID, ps[i].Terms.Currency); err != nil {
			return nil, false, err
		}
	}
	var run *store.PayoutRun
	var existed bool
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		var err error
		run, existed, err = tx.RunPayouts(ctx, c.WS(), key, c.UserID(), ps)
		return err
	})
	return run, existed, err
}

func validRunKey(key string) []FieldError {
	key = strings.TrimSpace(key)
	if key == "" || len(key) > 64 {
		return []FieldError{{"key", "is required: a name for this run of at most 64 characters, such as 2026-03"}}
	}
	return nil
}

func (s *Server) payoutRunForm(w http.ResponseWriter, r *http.Request, c *Caller) error {
	key := strings.TrimSpace(r.PostFormValue("key"))
	if fe := validRunKey(key); fe != nil {
		return invalid(fe)
	}
	run, existed, err := s.runPayouts(r.Context(), c, key)
	if err == nil && !existed {
		err = s.auditNow(r, c, "payout.run", "payout_run", run.ID, payoutDetail(run))
	}
	if err != nil {
		return err
	}
	msg := fmt.Sprintf("Run %s: %d collaborations paid, %d ledger lines.", run.Key, run.Paid, run.Entries)
	if existed {
		msg = fmt.Sprintf("Run %s had already run; nothing changed.", run.Key)
	}
	http.Redirect(w, r, "/payouts?flash="+url.QueryEscape(msg), http.StatusSeeOther)
	return nil
}

// payoutsCSV exports the ledger for finance: amounts in major units with
// their currency, payments negative.
func (s *Server) payoutsCSV(w http.ResponseWriter, r *http.Request, c *Caller) error {
	ledger, err := s.db.Ledger(r.Context(), c.WS(), 0)
	if err == nil {
		err = s.auditNow(r, c, "export.payouts", "", 0, "payouts.csv")
	}
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="payouts.csv"`)
	cw := csv.NewWriter(w)
	cw.Write([]string{"date", "run", "collaboration_id", "creator", "campaign", "kind", "amount", "currency", "amount_minor", "note"})
	for _, e := range ledger {
		run := ""
		if e.RunKey != nil {
			run = *e.RunKey
		}
		cw.Write([]string{e.At.Format("2006-01-02"), run, strconv.FormatInt(e.CollaborationID, 10), csvSafe(e.CreatorName), csvSafe(e.CampaignName),
			e.Kind, majorText(e.AmountMinor, e.Currency), e.Currency, strconv.FormatInt(e.AmountMinor, 10), csvSafe(e.Note)})
	}
	cw.Flush()
	return cw.Error()
}

// csvSafe keeps a cell from being read as a formula by spreadsheets.
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func (s *Server) apiPayouts(w http.ResponseWriter, r *http.Request, c *Caller) error {
	ledger, err := s.db.Ledger(r.Context(), c.WS(), 0)
	if err != nil {
		return err
	}
	if ledger == nil {
		ledger = []store.LedgerEntry{}
	}
	return writeJSON(w, http.StatusOK, map[string]any{"ledger": ledger})
}

func (s *Server) apiPayoutRun(w http.ResponseWriter, r *http.Request, c *Caller) error {
	var in struct {
		Key string `json:"key"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if fe := validRunKey(in.Key); fe != nil {
		return invalid(fe)
	}
	run, existed, err := s.runPayouts(r.Context(), c, strings.TrimSpace(in.Key))
	if err == nil && !existed {
		err = s.auditNow(r, c, "payout.run", "payout_run", run.ID, payoutDetail(run))
	}
	if err != nil {
		return err
	}
	status := http.StatusCreated
	if existed {
		status = http.StatusOK
	}
	return writeJSON(w, status, map[string]any{"run": run, "existed": existed})
}
