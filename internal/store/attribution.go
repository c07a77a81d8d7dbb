package store

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/chorushq/chorus/internal/attribution"
	"github.com/chorushq/chorus/internal/survey"
)

// visitorClick is a tracked click of the buyer of an order.
type visitorClick struct {
	ClickID string `db:"click_id"`
	At      int64  `db:"at"`
	Bot     bool   `db:"bot"`
	Collab  int64  `db:"collaboration_id"`
}

// attribute applies the default rule to a stored order (again, when a late
// survey answer arrives), rewrites its touches and moves its credit in the
// rollups from the old decision to the new one.
//
// The buyer is recognised by the click id on the order and by the click ids
// on earlier orders with the same customer reference: a returning buyer's
// earlier clicks are the same visitor's clicks.
func (tx *Tx) attribute(ctx context.Context, ws *Workspace, id int64) error {
	o, err := tx.orderRowTx(ctx, id)
	if err != nil {
		return err
	}
	s := attribution.Signals{OrderAt: time.Unix(o.At, 0).UTC(), Lookback: time.Duration(ws.LookbackDays) * 24 * time.Hour}
	codes := strings.Fields(o.Codes)
	owners, err := tx.codeCollaborations(ctx, ws.ID, codes)
	if err != nil {
		return err
	}
	for _, c := range codes {
		s.Codes = append(s.Codes, attribution.CodeSignal{Code: c, Collaboration: owners[c]})
	}
	clicks, err := tx.visitorClicks(ctx, ws.ID, o)
	if err != nil {
		return err
	}
	for _, c := range clicks {
		s.Clicks = append(s.Clicks, attribution.ClickSignal{At: time.Unix(c.At, 0).UTC(), Collaboration: c.Collab, Bot: c.Bot})
	}
	var answers []SurveyAnswer
	if err := tx.db.sel(ctx, tx.q, &answers, `SELECT `+surveyCols+` FROM survey_answers WHERE workspace_id = ? AND order_external_id = ?`,
		ws.ID, o.ExternalID); err != nil {
		return fmt.Errorf("survey answer of order %s: %w", o.ExternalID, err)
	}
	if len(answers) > 0 {
		a := answers[0]
		s.Survey = &attribution.SurveySignal{Answer: a.Answer, Collaboration: a.CollaborationID, Platform: a.Platform}
	}
	d := attribution.Decide(s)

	if err := tx.writeTouches(ctx, ws.ID, o, s, clicks); err != nil {
		return err
	}

	// The credit standing is the order's share not refunded: a conversion of
	// 1 and the total, less what refunds reversed. Test orders earn none.
	remaining := o.TotalMinor - o.RefundedMinor
	conv := 1.0
	if o.TotalMinor > 0 {
		conv = float64(remaining) / float64(o.TotalMinor)
	}
	if o.Test {
		conv, remaining = 0, 0
	}
	credit := attribution.CreditOrder(d, remaining, o.Currency)
	credit.Conversions = conv
	if credit.Collaboration != o.CollaborationID || credit.Conversions != o.CreditConversions || credit.Amount != o.CreditMinor {
		if o.CreditConversions != 0 || o.CreditMinor != 0 {
			if err := tx.addCredit(ctx, ws.ID, o.CollaborationID, o.At, o.Currency, -o.CreditConversions, -o.CreditMinor, o.NewCustomer); err != nil {
				return err
			}
		}
		if credit.Conversions != 0 || credit.Amount != 0 {
			if err := tx.addCredit(ctx, ws.ID, credit.Collaboration, o.At, o.Currency, credit.Conversions, credit.Amount, o.NewCustomer); err != nil {
				return err
			}
		}
	}
	_, err = tx.db.exec(ctx, tx.q, `UPDATE orders SET collaboration_id = ?, rule = ?, reason = ?, platform = ?, credit_conversions = ?,
		credit_minor = ?, updated_at = ? WHERE id = ?`, credit.Collaboration, string(d.Rule), d.Reason, d.Platform, credit.Conversions,
		credit.Amount, tx.db.Now().Unix(), o.ID)
	if err != nil {
		return fmt.Errorf("store attribution of order %s: %w", o.ExternalID, err)
	}
	return nil
}

// visitorClicks finds the clicks of the buyer of o: the click ids on o and
// on the buyer's earlier orders, looked up one by one through the unique
// index on click_id (a join lets PostgreSQL scan every click of the
// workspace instead).
func (tx *Tx) visitorClicks(ctx context.Context, ws int64, o orderRow) ([]visitorClick, error) {
	ids := []string{}
	if o.ClickID != "" {
		ids = append(ids, o.ClickID)
	}
	if o.CustomerRef != "" {
		var earlier []string
		if err := tx.db.sel(ctx, tx.q, &earlier, `SELECT click_id FROM orders WHERE workspace_id = ? AND customer_ref = ? AND at <= ?
			AND click_id <> '' AND id <> ? ORDER BY at DESC LIMIT 50`, ws, o.CustomerRef, o.At, o.ID); err != nil {
			return nil, fmt.Errorf("earlier orders of the buyer of order %s: %w", o.ExternalID, err)
		}
		for _, id := range earlier {
			if !slices.Contains(ids, id) {
				ids = append(ids, id)
			}
		}
	}
	if len(ids) == 0 {
		return nil, nil
	}
	args := []any{ws, o.At}
	for _, id := range ids {
		args = append(args, id)
	}
	var clicks []visitorClick
	// The unary + keeps SQLite on the click_id index: on clicks_ws_at it
	// would scan every click before the order, millions at scale.
	if err := tx.db.sel(ctx, tx.q, &clicks, `SELECT c.click_id, c.at, c.bot, l.collaboration_id FROM clicks c JOIN links l ON l.id = c.link_id
		WHERE +c.workspace_id = ? AND +c.at <= ? AND c.click_id IN (?`+strings.Repeat(", ?", len(ids)-1)+`)`, args...); err != nil {
		return nil, fmt.Errorf("clicks of the buyer of order %s: %w", o.ExternalID, err)
	}
	return clicks, nil
}

// writeTouches replaces the order's journey: the human clicks within the
// lookback window and the creators' codes, else the survey's creator.
func (tx *Tx) writeTouches(ctx context.Context, ws int64, o orderRow, s attribution.Signals, clicks []visitorClick) error {
	if _, err := tx.db.exec(ctx, tx.q, `DELETE FROM order_touches WHERE order_id = ?`, o.ID); err != nil {
		return fmt.Errorf("touches of order %s: %w", o.ExternalID, err)
	}
	lookback := int64(s.Lookback / time.Second)
	if lookback == 0 {
		lookback = int64(attribution.DefaultLookback / time.Second)
	}
	n := 0
	ins := func(collab int64, kind string, at int64, ref string) error {
		n++
		_, err := tx.db.exec(ctx, tx.q, `INSERT INTO order_touches (workspace_id, order_id, collaboration_id, kind, at, ref) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (order_id, kind, ref) DO NOTHING`, ws, o.ID, collab, kind, at, ref)
		if err != nil {
			return fmt.Errorf("touch of order %s: %w", o.ExternalID, err)
		}
		return nil
	}
	for _, c := range clicks {
		if c.Bot || c.At < o.At-lookback || c.At > o.At {
			continue
		}
		if err := ins(c.Collab, "click", c.At, c.ClickID); err != nil {
			return err
		}
	}
	for _, c := range s.Codes {
		if c.Collaboration > 0 {
			if err := ins(c.Collaboration, "code", o.At, c.Code); err != nil {
				return err
			}
		}
	}
	// The survey answer is the weakest evidence: it stands for a touch only
	// when the journey has none that we saw.
	if n == 0 && s.Survey != nil && s.Survey.Collaboration > 0 {
		return ins(s.Survey.Collaboration, "survey", o.At, "")
	}
	return nil
}

// SurveyAnswer is a buyer's answer to "Where did you hear about us?".
type SurveyAnswer struct {
	ID              int64   `db:"id" json:"id"`
	OrderID         string  `db:"order_external_id" json:"order_id"`
	Answer          string  `db:"answer" json:"answer"`
	CollaborationID int64   `db:"collaboration_id" json:"collaboration_id"`
	Platform        string  `db:"platform" json:"platform"`
	Matched         string  `db:"matched" json:"matched"`
	Confidence      float64 `db:"confidence" json:"confidence"`
	AtUnix          int64   `db:"at" json:"-"`
}

const surveyCols = `id, order_external_id, answer, collaboration_id, platform, matched, confidence, at`

// SurveyIndex indexes the creators a survey answer may name: every creator
// with a collaboration in the workspace, credited to their latest
// collaboration.
func (tx *Tx) SurveyIndex(ctx context.Context, ws int64) (*survey.Index, error) {
	var rows []struct {
		Collab  int64   `db:"id"`
		Creator int64   `db:"creator_id"`
		Name    string  `db:"name"`
		Handle  *string `db:"handle"`
	}
	err := tx.db.sel(ctx, tx.q, &rows, `SELECT k.id, k.creator_id, c.name, a.handle FROM collaborations k JOIN creators c ON c.id = k.creator_id
		LEFT JOIN accounts a ON a.creator_id = c.id WHERE k.workspace_id = ? ORDER BY k.id, a.id`, ws)
	if err != nil {
		return nil, fmt.Errorf("survey candidates: %w", err)
	}
	byCreator := map[int64]*survey.Candidate{}
	var order []int64
	for _, r := range rows {
		c := byCreator[r.Creator]
		if c == nil {
			c = &survey.Candidate{Name: r.Name}
			byCreator[r.Creator] = c
			order = append(order, r.Creator)
		}
		id := strconv.FormatInt(r.Collab, 10)
		if c.CollaborationID != id {
			// Rows come by collaboration id: a later one replaces the
			// handles gathered for an earlier collaboration.
			c.CollaborationID, c.Handles = id, nil
		}
		if r.Handle != nil && !slices.Contains(c.Handles, *r.Handle) {
			c.Handles = append(c.Handles, *r.Handle)
		}
	}
	cands := make([]survey.Candidate, 0, len(order))
	for _, id := range order {
		cands = append(cands, *byCreator[id])
	}
	return survey.NewIndex(cands), nil
}

// RecordSurvey matches an answer against ix and stores it for the order,
// once: a second answer for the same order changes nothing and returns the
// first. When the order is already stored its attribution is decided again
// in the same transaction, so an answer can credit an order that had no
// code and no click.
func (tx *Tx) RecordSurvey(ctx context.Context, ws *Workspace, ix *survey.Index, orderID, answer string) (SurveyAnswer, bool, error) {
	var a SurveyAnswer
	err := tx.db.get(ctx, tx.q, &a, `SELECT `+surveyCols+` FROM survey_answers WHERE workspace_id = ? AND order_external_id = ?`, ws.ID, orderID)
	if err == nil {
		return a, false, nil
	}
	if !errors.Is(err, ErrNotFound) {
		return a, false, fmt.Errorf("survey answer of order %s: %w", orderID, err)
	}
	m := ix.Match(answer)
	a = SurveyAnswer{OrderID: orderID, Answer: answer, Platform: string(m.Platform), Matched: m.Matched, Confidence: m.Confidence,
		AtUnix: tx.db.Now().Unix()}
	if m.CollaborationID != "" {
		a.CollaborationID, _ = strconv.ParseInt(m.CollaborationID, 10, 64)
	}
	a.ID, err = tx.db.insert(ctx, tx.q, `INSERT INTO survey_answers (workspace_id, order_external_id, answer, collaboration_id, platform, matched,
		confidence, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, ws.ID, orderID, answer, a.CollaborationID, a.Platform, a.Matched, a.Confidence, a.AtUnix)
	if err != nil {
		return a, false, fmt.Errorf("store survey answer of order %s: %w", orderID, err)
	}
	var id int64
	err = tx.db.get(ctx, tx.q, &id, `SELECT id FROM orders WHERE workspace_id = ? AND external_id = ?`, ws.ID, orderID)
	switch {
	case errors.Is(err, ErrNotFound):
		// The order comes later; recordOrder reads the answer then.
	case err != nil:
		return a, false, fmt.Errorf("order %s: %w", orderID, err)
	default:
		if err := tx.attribute(ctx, ws, id); err != nil {
			return a, false, err
		}
	}
	return a, true, nil
}

// Models lists the attribution models a report can show: the default rule,
// read from the rollups, and the multi-touch models, run over the stored
// journeys.
var Models = []string{"default", "first", "last", "linear", "time_decay", "position", "markov", "shapley"}

// Metrics is what a model credits to one row of a report.
type Metrics struct {
	Conversions  float64 `json:"conversions"`
	RevenueMinor int64   `json:"revenue_minor"`
	NewCustomers float64 `json:"new_customers"`
}

func (m *Metrics) add(o Metrics) {
	m.Conversions += o.Conversions
	m.RevenueMinor += o.RevenueMinor
	m.NewCustomers += o.NewCustomers
}

// ReportRow is one collaboration, creator, variant or the whole campaign.
type ReportRow struct {
	ID          int64   `json:"id"`
	Name        string  `json:"name"`
	HumanClicks int64   `json:"human_clicks"`
	Default     Metrics `json:"default"`
	Model       Metrics `json:"model"`
}

// Report is a campaign's results under the default model and one other
// model side by side. Amounts are in the campaign's currency; orders in
// other currencies are counted in OtherCurrency and left out of the rows.
type Report struct {
	CampaignID     int64       `json:"campaign_id"`
	Currency       string      `json:"currency"`
	Model          string      `json:"model"`
	Campaign       ReportRow   `json:"campaign"`
	Collaborations []ReportRow `json:"collaborations"`
	Creators       []ReportRow `json:"creators"`
	Variants       []ReportRow `json:"variants"`
	// Journeys is how many orders with touches in the campaign the
	// multi-touch model ran over.
	Journeys      int     `json:"journeys"`
	OtherCurrency float64 `json:"other_currency_conversions"`
}

type reportCollab struct {
	ID          int64  `db:"id"`
	CreatorID   int64  `db:"creator_id"`
	CreatorName string `db:"creator_name"`
	VariantID   int64  `db:"variant_id"`
	VariantName string `db:"variant_name"`
}

// CampaignReport computes a campaign's report. Clicks come from the click
// rollups and the default model from the credit rollups; another model is
// run over the journeys (order_touches) of the campaign's collaborations,
// with the human clicks that led to no order as journeys that did not
// convert, which only the Markov model uses.
func (db *DB) CampaignReport(ctx context.Context, ws, campaign int64, model string) (*Report, error) {
	if !slices.Contains(Models, model) {
		return nil, fmt.Errorf("model %q: want one of %s", model, strings.Join(Models, ", "))
	}
	rep := &Report{CampaignID: campaign, Model: model}
	if err := db.get(ctx, db.reader(), &rep.Currency, `SELECT currency FROM campaigns WHERE id = ? AND workspace_id = ?`, campaign, ws); err != nil {
		return nil, fmt.Errorf("campaign %d: %w", campaign, err)
	}
	var collabs []reportCollab
	if err := db.sel(ctx, db.reader(), &collabs, `SELECT k.id, k.creator_id, c.name AS creator_name, COALESCE(k.variant_id, 0) AS variant_id,
		COALESCE(v.name, '') AS variant_name FROM collaborations k JOIN creators c ON c.id = k.creator_id LEFT JOIN variants v ON v.id = k.variant_id
		WHERE k.workspace_id = ? AND k.campaign_id = ? ORDER BY c.name, k.id`, ws, campaign); err != nil {
		return nil, fmt.Errorf("report of campaign %d: %w", campaign, err)
	}
	rows := make(map[int64]*ReportRow, len(collabs))
	for _, k := range collabs {
		rows[k.ID] = &ReportRow{ID: k.ID, Name: k.CreatorName}
	}
	var clicks []struct {
		Collab int64 `db:"collaboration_id"`
		Humans int64 `db:"humans"`
	}
	if err := db.sel(ctx, db.reader(), &clicks, `SELECT l.collaboration_id, SUM(d.humans) AS humans FROM click_days d
		JOIN links l ON l.id = d.link_id JOIN collaborations k ON k.id = l.collaboration_id
		WHERE d.workspace_id = ? AND k.campaign_id = ? GROUP BY l.collaboration_id`, ws, campaign); err != nil {
		return nil, fmt.Errorf("clicks of campaign %d: %w", campaign, err)
	}
	for _, c := range clicks {
		if r := rows[c.Collab]; r != nil {
			r.HumanClicks = c.Humans
		}
	}
	var credit []struct {
		Collab   int64   `db:"collaboration_id"`
		Currency string  `db:"currency"`
		Conv     float64 `db:"conversions"`
		Revenue  int64   `db:"revenue_minor"`
		New      float64 `db:"new_customers"`
	}
	if err := db.sel(ctx, db.reader(), &credit, `SELECT d.collaboration_id, d.currency, SUM(d.conversions) AS conversions,
		SUM(d.revenue_minor) AS revenue_minor, SUM(d.new_customers) AS new_customers FROM credit_days d
		JOIN collaborations k ON k.id = d.collaboration_id
		WHERE d.workspace_id = ? AND k.campaign_id = ? AND d.model = 'default' GROUP BY d.collaboration_id, d.currency`, ws, campaign); err != nil {
		return nil, fmt.Errorf("credit of campaign %d: %w", campaign, err)
	}
	for _, c := range credit {
		r := rows[c.Collab]
		if r == nil {
			continue
		}
		if c.Currency != rep.Currency {
			rep.OtherCurrency += c.Conv
			continue
		}
		r.Default = Metrics{Conversions: c.Conv, RevenueMinor: c.Revenue, NewCustomers: c.New}
	}
	if model == "default" {
		for _, r := range rows {
			r.Model = r.Default
		}
	} else if err := db.modelCredit(ctx, ws, campaign, model, rep, rows); err != nil {
		return nil, err
	}
	creators := map[int64]*ReportRow{}
	variants := map[int64]*ReportRow{}
	rep.Campaign.ID, rep.Campaign.Name = campaign, "campaign"
	for _, k := range collabs {
		r := rows[k.ID]
		round(&r.Default)
		round(&r.Model)
		rep.Collaborations = append(rep.Collaborations, *r)
		for _, g := range []struct {
			m    map[int64]*ReportRow
			id   int64
			name string
		}{{creators, k.CreatorID, k.CreatorName}, {variants, k.VariantID, k.VariantName}} {
			row := g.m[g.id]
			if row == nil {
				row = &ReportRow{ID: g.id, Name: g.name}
				if g.id == 0 {
					row.Name = "no variant"
				}
				g.m[g.id] = row
			}
			row.HumanClicks += r.HumanClicks
			row.Default.add(r.Default)
			row.Model.add(r.Model)
		}
		rep.Campaign.HumanClicks += r.HumanClicks
		rep.Campaign.Default.add(r.Default)
		rep.Campaign.Model.add(r.Model)
	}
	rep.Creators = sortedRows(creators)
	rep.Variants = sortedRows(variants)
	round(&rep.Campaign.Default)
	round(&rep.Campaign.Model)
	if rep.Collaborations == nil {
		rep.Collaborations = []ReportRow{}
	}
	return rep, nil
}

func sortedRows(m map[int64]*ReportRow) []ReportRow {
	out := make([]ReportRow, 0, len(m))
	for _, r := range m {
		round(&r.Default)
		round(&r.Model)
		out = append(out, *r)
	}
	slices.SortFunc(out, func(a, b ReportRow) int {
		if c := strings.Compare(a.Name, b.Name); c != 0 {
			return c
		}
		return int(a.ID - b.ID)
	})
	return out
}

// round drops the float noise of many partial sums (0.30000000000000004).
func round(m *Metrics) {
	m.Conversions = math.Round(m.Conversions*1e6) / 1e6
	m.NewCustomers = math.Round(m.NewCustomers*1e6) / 1e6
}

// modelCredit runs a multi-touch model over the campaign's journeys and
// fills the Model metrics of rows.
func (db *DB) modelCredit(ctx context.Context, ws, campaign int64, model string, rep *Report, rows map[int64]*ReportRow) error {
	var touches []struct {
		Order    int64  `db:"order_id"`
		Collab   int64  `db:"collaboration_id"`
		Kind     string `db:"kind"`
		At       int64  `db:"at"`
		OrderAt  int64  `db:"order_at"`
		Total    int64  `db:"total_minor"`
		Refunded int64  `db:"refunded_minor"`
		New      bool   `db:"new_customer"`
		Test     bool   `db:"test"`
		Currency string `db:"currency"`
	}
	if err := db.sel(ctx, db.reader(), &touches, `SELECT t.order_id, t.collaboration_id, t.kind, t.at, o.at AS order_at, o.total_minor,
		o.refunded_minor, o.new_customer, o.test, o.currency FROM order_touches t JOIN orders o ON o.id = t.order_id
		JOIN collaborations k ON k.id = t.collaboration_id WHERE t.workspace_id = ? AND k.campaign_id = ?
		ORDER BY t.order_id, t.at, t.collaboration_id`, ws, campaign); err != nil {
		return fmt.Errorf("journeys of campaign %d: %w", campaign, err)
	}
	var all, newOnly []attribution.Path
	clickTouches := map[int64]int64{}
	for i := 0; i < len(touches); {
		j := i
		p := attribution.Path{ConvertedAt: time.Unix(touches[i].OrderAt, 0).UTC()}
		for ; j < len(touches) && touches[j].Order == touches[i].Order; j++ {
			p.Touches = append(p.Touches, attribution.Touch{Channel: strconv.FormatInt(touches[j].Collab, 10), At: time.Unix(touches[j].At, 0).UTC()})
			if touches[j].Kind == "click" {
				clickTouches[touches[j].Collab]++
			}
		}
		t := touches[i]
		i = j
		if t.Test || t.Currency != rep.Currency {
			continue
		}
		remaining := t.Total - t.Refunded
		p.Conversions, p.Value = 1, float64(remaining)
		if t.Total > 0 {
			p.Conversions = float64(remaining) / float64(t.Total)
		}
		rep.Journeys++
		all = append(all, p)
		if t.New {
			newOnly = append(newOnly, p)
		}
	}
	// Clicks that led to no order: journeys of one touch that did not convert.
	var nulls []attribution.Path
	for id, r := range rows {
		if n := r.HumanClicks - clickTouches[id]; n > 0 {
			nulls = append(nulls, attribution.Path{Touches: []attribution.Touch{{Channel: strconv.FormatInt(id, 10)}}, Nulls: float64(n)})
		}
	}
	credits, err := runModel(ctx, model, append(slices.Clone(all), nulls...))
	if err != nil {
		return err
	}
	newCredits, err := runModel(ctx, model, append(slices.Clone(newOnly), nulls...))
	if err != nil {
		return err
	}
	// Revenue is money: split the exact total in proportion to the model's
	// shares so the parts add up to the cent.
	var total int64
	for _, p := range all {
		total += int64(p.Value)
	}
	weights := make([]float64, len(credits))
	for i, c := range credits {
		weights[i] = c.Value
	}
	parts := attribution.Split(total, weights)
	for i, c := range credits {
		id, _ := strconv.ParseInt(c.Channel, 10, 64)
		if r := rows[id]; r != nil {
			r.Model.Conversions = c.Conversions
			r.Model.RevenueMinor = parts[i]
		}
	}
	for _, c := range newCredits {
		id, _ := strconv.ParseInt(c.Channel, 10, 64)
		if r := rows[id]; r != nil {
			r.Model.NewCustomers = c.Conversions
		}
	}
	return nil
}

// runModel runs one multi-touch model; paths that did not convert matter to
// Markov only.
func runModel(ctx context.Context, model string, paths []attribution.Path) ([]attribution.Credit, error) {
	if len(paths) == 0 {
		return nil, nil
	}
	switch model {
	case "first":
		return attribution.FirstTouch(paths), nil
	case "last":
		return attribution.LastTouch(paths), nil
	case "linear":
		return attribution.Linear(paths), nil
	case "position":
		return attribution.PositionBased(paths), nil
	case "time_decay":
		var conv []attribution.Path
		for _, p := range paths {
			if p.Conversions > 0 {
				conv = append(conv, p)
			}
		}
		if len(conv) == 0 {
			return nil, nil
		}
		return attribution.TimeDecay(conv, attribution.DefaultHalfLife)
	case "markov":
		return attribution.Markov(ctx, paths)
	case "shapley":
		return attribution.Shapley(ctx, paths, attribution.ShapleyOptions{})
	}
	return nil, fmt.Errorf("model %q: unknown", model)
}
