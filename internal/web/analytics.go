package web

import (
	"cmp"
	"context"
	"encoding/csv"
	"fmt"
	"html/template"
	"maps"
	"math"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/chorushq/chorus/internal/analytics"
	"github.com/chorushq/chorus/internal/campaigns"
	"github.com/chorushq/chorus/internal/chart"
	"github.com/chorushq/chorus/internal/engagement"
	"github.com/chorushq/chorus/internal/store"
)

// wsTiers are the workspace's tier thresholds.
func wsTiers(ws *store.Workspace) engagement.Thresholds {
	return engagement.Thresholds{Micro: ws.TierMicro, Mid: ws.TierMid, Macro: ws.TierMacro, Mega: ws.TierMega}
}

// creditModel reads ?model=, the attribution model whose credit the
// report counts; the default rule when absent.
func creditModel(r *http.Request) (string, error) {
	m := r.URL.Query().Get("model")
	if m == "" {
		return store.DefaultCreditModel, nil
	}
	if !slices.Contains(store.Models, m) {
		return "", invalid([]FieldError{{"model", fmt.Sprintf("is %q; one of %v", m, store.Models)}})
	}
	return m, nil
}

// campaignReport is a campaign's report with its daily series.
type campaignReport struct {
	Campaign *campaigns.Campaign
	Report   analytics.Report
	Collabs  []analytics.Collaboration
	// Days are the campaign's daily totals, or per collaboration and day
	// for the CSV export of the days.
	Days  []store.Day
	Model string
}

// dayTotal is the campaign's clicks, orders and revenue on one day.
type dayTotal struct {
	Day     time.Time `json:"day"`
	Clicks  int64     `json:"clicks"`
	Orders  int64     `json:"orders"`
	Revenue int64     `json:"revenue_minor"`
}

// daily sums the days of the collaborations keep accepts, oldest first.
func daily(days []store.Day, keep func(collab int64) bool) []dayTotal {
	var out []dayTotal
	for _, d := range days {
		if !keep(d.CollaborationID) {
			continue
		}
		if n := len(out); n > 0 && out[n-1].Day.Equal(d.Day) {
			out[n-1].Clicks += d.Clicks
			out[n-1].Orders += d.Orders
			out[n-1].Revenue += d.Revenue
			continue
		}
		out = append(out, dayTotal{Day: d.Day, Clicks: d.Clicks, Orders: d.Orders, Revenue: d.Revenue})
	}
	return out
}

// requestReport loads the report of the path's campaign under the
// request's ?model=.
func (s *Server) requestReport(r *http.Request, c *Caller) (*campaignReport, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	model, err := creditModel(r)
	if err != nil {
		return nil, err
	}
	return s.loadReport(r.Context(), c, id, model)
}

func (s *Server) loadReport(ctx context.Context, c *Caller, campaignID int64, model string) (*campaignReport, error) {
	cp, err := s.db.Campaign(ctx, c.WS(), campaignID)
	if err != nil {
		return nil, err
	}
	f := store.FactsFilter{CampaignID: cp.ID, Model: model}
	ks, posts, err := s.db.ReportFacts(ctx, c.WS(), f)
	if err != nil {
		return nil, err
	}
	days, err := s.db.ReportDayTotals(ctx, c.WS(), f)
	if err != nil {
		return nil, err
	}
	rep := analytics.Build(analytics.Input{Currency: cp.Currency, MarginBps: c.Workspace.GrossMarginBps,
		Thresholds: wsTiers(c.Workspace), Collaborations: ks, Posts: posts})
	return &campaignReport{Campaign: cp, Report: rep, Collabs: ks, Days: days, Model: model}, nil
}

func (s *Server) apiCampaignAnalytics(w http.ResponseWriter, r *http.Request, c *Caller) error {
	cr, err := s.requestReport(r, c)
	if err != nil {
		return err
	}
	series := daily(cr.Days, func(int64) bool { return true })
	if series == nil {
		series = []dayTotal{}
	}
	t := cr.Report.Total
	return writeJSON(w, http.StatusOK, map[string]any{
		"campaign": map[string]any{"id": cr.Campaign.ID, "name": cr.Campaign.Name, "currency": cr.Campaign.Currency},
		"report":   cr.Report,
		"series":   series,
		"funnel":   map[string]int64{"views": shown(t.Totals), "clicks": t.Clicks, "orders": t.Orders},
	})
}

func (s *Server) apiCreatorReport(w http.ResponseWriter, r *http.Request, c *Caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	cr, err := s.db.Creator(r.Context(), c.WS(), id)
	if err != nil {
		return err
	}
	f := store.FactsFilter{CreatorID: cr.ID}
	ks, posts, err := s.db.ReportFacts(r.Context(), c.WS(), f)
	if err != nil {
		return err
	}
	days, err := s.db.ReportDays(r.Context(), c.WS(), f)
	if err != nil {
		return err
	}
	// A creator's campaigns may be in several currencies: one report each.
	byCur := map[string][]analytics.Collaboration{}
	cur := map[int64]string{}
	cps, err := s.db.Campaigns(r.Context(), c.WS())
	if err != nil {
		return err
	}
	for _, cp := range cps {
		cur[cp.ID] = cp.Currency
	}
	for _, k := range ks {
		byCur[cur[k.CampaignID]] = append(byCur[cur[k.CampaignID]], k)
	}
	reports := []analytics.Report{}
	for _, cu := range slices.Sorted(maps.Keys(byCur)) {
		reports = append(reports, analytics.Build(analytics.Input{Currency: cu, MarginBps: c.Workspace.GrossMarginBps,
			Thresholds: wsTiers(c.Workspace), Collaborations: byCur[cu], Posts: posts}))
	}
	series := daily(days, func(int64) bool { return true })
	if series == nil {
		series = []dayTotal{}
	}
	return writeJSON(w, http.StatusOK, map[string]any{"creator": map[string]any{"id": cr.ID, "name": cr.Name},
		"reports": reports, "series": series})
}

// shown is the funnel's first step: impressions, or views when the
// platforms report no impressions.
func shown(t analytics.Totals) int64 {
	if t.Impressions > 0 {
		return t.Impressions
	}
	return t.Views
}

// reportTables are the CSV exports of a report.
var reportTables = []string{"total", "collaborations", "creators", "variants", "tiers", "posts", "tier_comparison", "days"}

func (s *Server) campaignReportCSV(w http.ResponseWriter, r *http.Request, c *Caller) error {
	cr, err := s.requestReport(r, c)
	if err != nil {
		return err
	}
	table := r.URL.Query().Get("table")
	if table == "" {
		table = "collaborations"
	}
	if !slices.Contains(reportTables, table) {
		return invalid([]FieldError{{"table", fmt.Sprintf("is %q; one of %v", table, reportTables)}})
	}
	if table == "days" {
		if cr.Days, err = s.db.ReportDays(r.Context(), c.WS(), store.FactsFilter{CampaignID: cr.Campaign.ID, Model: cr.Model}); err != nil {
			return err
		}
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s-%s.csv"`, cr.Campaign.Slug, table))
	return writeAnalyticsCSV(w, cr, table)
}

// writeAnalyticsCSV writes one table of the report; the report command shares it.
func writeAnalyticsCSV(w interface{ Write([]byte) (int, error) }, cr *campaignReport, table string) error {
	rep := cr.Report
	switch table {
	case "total":
		return analytics.WriteCSV(w, rep.Currency, []analytics.Row{rep.Total})
	case "collaborations":
		return analytics.WriteCSV(w, rep.Currency, rep.Collaborations)
	case "creators":
		return analytics.WriteCSV(w, rep.Currency, rep.Creators)
	case "variants":
		return analytics.WriteCSV(w, rep.Currency, rep.Variants)
	case "tiers":
		return analytics.WriteCSV(w, rep.Currency, rep.Tiers)
	case "posts":
		return analytics.WriteCSV(w, rep.Currency, rep.Posts)
	}
	cw := csv.NewWriter(w)
	f := func(v float64) string { return strconv.FormatFloat(v, 'f', 6, 64) }
	est := func(e analytics.Estimate) []string {
		if !e.OK {
			return []string{"n/a", "n/a", "n/a"}
		}
		return []string{f(e.Value), f(e.Low), f(e.High)}
	}
	switch table {
	case "tier_comparison":
		cw.Write([]string{"tier", "creators", "posts", "er", "er_low", "er_high", "ctr", "ctr_low", "ctr_high", "cvr", "cvr_low", "cvr_high",
			"cpa_minor", "cpa_low_minor", "cpa_high_minor", "currency"})
		for _, t := range rep.TierComparison {
			rec := []string{t.Tier, strconv.Itoa(t.Creators), strconv.Itoa(t.Posts)}
			rec = append(append(append(append(append(rec, est(t.ER)...), est(t.CTR)...), est(t.CVR)...), est(t.CPA)...), rep.Currency)
			cw.Write(rec)
		}
	case "days":
		names := map[int64]string{}
		for _, k := range cr.Collabs {
			names[k.ID] = k.Creator
		}
		cw.Write([]string{"day", "collaboration_id", "creator", "clicks", "orders", "revenue_minor", "currency"})
		for _, d := range cr.Days {
			cw.Write([]string{d.Day.Format("2006-01-02"), strconv.FormatInt(d.CollaborationID, 10), names[d.CollaborationID],
				strconv.FormatInt(d.Clicks, 10), strconv.FormatInt(d.Orders, 10), strconv.FormatInt(d.Revenue, 10), rep.Currency})
		}
	}
	cw.Flush()
	return cw.Error()
}

// Display helpers: n/a stays n/a.
func pctOf(r analytics.Ratio) string {
	if !r.OK {
		return "n/a"
	}
	return strconv.FormatFloat(r.V*100, 'f', 1, 64) + "%"
}

func moneyOf(r analytics.Ratio, currency string) string {
	if !r.OK {
		return "n/a"
	}
	return moneyF(r.V, currency)
}

func moneyF(minor float64, currency string) string {
	if math.IsInf(minor, 0) || math.IsNaN(minor) {
		return "n/a"
	}
	return formatMoney(int64(math.Round(minor)), currency)
}

func timesOf(r analytics.Ratio) string {
	if !r.OK {
		return "n/a"
	}
	return strconv.FormatFloat(r.V, 'f', 2, 64) + "×"
}

// cell is one table cell of a report page.
type cell struct {
	Text, Href string
	Num        bool
}

// table is a report table with its CSV export.
type table struct {
	ID, Caption, CSV string
	Head             []string
	Rows             [][]cell
}

var rowHead = []string{"", "Tier", "Creators", "Posts", "Reach", "ER", "Saves + shares", "Comment quality", "CTR", "Completion", "Clicks", "Orders",
	"Revenue", "New customers", "Cost", "CPM", "CPE", "CPC", "CPA", "ROAS", "ROI"}

func rowCells(r analytics.Row, currency, href string) []cell {
	m := r.Metrics
	n := func(v int64) cell { return cell{Text: formatInt(v), Num: true} }
	cost := cell{Text: formatMoney(r.Cost, currency), Num: true}
	if r.NoCost {
		cost.Text = "n/a"
	}
	return []cell{{Text: r.Label, Href: href}, {Text: r.Tier}, n(int64(r.Creators)), n(int64(r.Posts)), n(r.Reach),
		{Text: pctOf(m.ER), Num: true}, n(r.Saves + r.Shares), {Text: pctOf(m.CommentQuality), Num: true}, {Text: pctOf(m.CTR), Num: true}, {Text: pctOf(m.Completion), Num: true},
		n(r.Clicks), n(r.Orders), {Text: formatMoney(r.Revenue, currency), Num: true}, n(r.NewCustomers), cost,
		{Text: moneyOf(m.CPM, currency), Num: true}, {Text: moneyOf(m.CPE, currency), Num: true}, {Text: moneyOf(m.CPC, currency), Num: true},
		{Text: moneyOf(m.CPA, currency), Num: true}, {Text: timesOf(m.ROAS), Num: true}, {Text: pctOf(m.ROI), Num: true}}
}

// grainLabel names a report table's first column, what each row is.
func grainLabel(id string) string {
	switch id {
	case "t-collabs":
		return "Creator"
	case "t-variants":
		return "Variant"
	case "t-tiers":
		return "Tier group"
	case "t-posts":
		return "Post"
	}
	return "Row"
}

func rowsTable(id, caption, csvURL string, rows []analytics.Row, currency string, href func(analytics.Row) string) table {
	head := append([]string{grainLabel(id)}, rowHead[1:]...)
	t := table{ID: id, Caption: caption, CSV: csvURL, Head: head}
	for _, r := range rows {
		h := ""
		if href != nil {
			h = href(r)
		}
		t.Rows = append(t.Rows, rowCells(r, currency, h))
	}
	return t
}

type reportPage struct {
	base
	Campaign *campaigns.Campaign
	Tiles    []tile
	Charts   []template.HTML
	Tables   []table
	Exports  []string
	// Experiment and Plan are the variant test and the recommendations.
	Experiment     experimentView
	Recs           recsView
	Incrementality incrementalityView
}

type tile struct{ K, V string }

// topCreators are the collaborations with the most clicks, at most n.
func topCreators(rep analytics.Report, n int) []analytics.Row {
	top := slices.Clone(rep.Collaborations)
	slices.SortFunc(top, func(a, b analytics.Row) int { return cmp.Compare(b.Clicks, a.Clicks) })
	return top[:min(n, len(top))]
}

// reportCharts draws the time series (perCreator: the top creators' days),
// the funnel and the tier comparison.
func reportCharts(cr *campaignReport, perCreator []store.Day) []template.HTML {
	rep, cur := cr.Report, cr.Campaign.Currency
	var out []template.HTML
	days := cr.Days
	if len(days) > 0 {
		var clicks, orders, revenue chart.Series
		clicks.Name, orders.Name, revenue.Name = "clicks", "orders", "revenue"
		for _, d := range days {
			clicks.Points = append(clicks.Points, chart.Point{T: d.Day, V: float64(d.Clicks)})
			orders.Points = append(orders.Points, chart.Point{T: d.Day, V: float64(d.Orders)})
			revenue.Points = append(revenue.Points, chart.Point{T: d.Day, V: chart.MajorUnits(d.Revenue, cur)})
		}
		out = append(out,
			chart.Line{ID: "ts-clicks", Title: "Human clicks and orders per day", Series: []chart.Series{clicks, orders}}.SVG(),
			chart.Line{ID: "ts-revenue", Title: "Attributed revenue per day", Series: []chart.Series{revenue},
				Unit: chart.Unit{Kind: chart.Money, Currency: cur}}.SVG())
		// Clicks and revenue per day of the creators with the most clicks.
		var clicksBy, revenueBy []chart.Series
		for _, r := range topCreators(rep, 8) {
			id, _ := strconv.ParseInt(r.Key, 10, 64)
			cs, rs := chart.Series{Name: r.Label}, chart.Series{Name: r.Label}
			for _, d := range daily(perCreator, func(k int64) bool { return k == id }) {
				cs.Points = append(cs.Points, chart.Point{T: d.Day, V: float64(d.Clicks)})
				rs.Points = append(rs.Points, chart.Point{T: d.Day, V: chart.MajorUnits(d.Revenue, cur)})
			}
			if len(cs.Points) > 0 {
				clicksBy, revenueBy = append(clicksBy, cs), append(revenueBy, rs)
			}
		}
		if len(clicksBy) > 0 {
			out = append(out, chart.Line{ID: "ts-creators", Title: "Human clicks per day by creator", Series: clicksBy,
				Unit: chart.Unit{Label: "clicks"}}.SVG(),
				chart.Line{ID: "ts-creators-rev", Title: "Attributed revenue per day by creator", Series: revenueBy,
					Unit: chart.Unit{Kind: chart.Money, Currency: cur}}.SVG())
		}
	}
	t := rep.Total
	if shown(t.Totals) > 0 || t.Clicks > 0 {
		out = append(out, chart.Funnel{ID: "funnel", Title: "Funnel", Steps: []chart.Step{
			{Label: "views", Count: shown(t.Totals)}, {Label: "clicks", Count: t.Clicks}, {Label: "orders", Count: t.Orders}}}.SVG())
	}
	if len(rep.TierComparison) > 0 {
		rates := chart.Grouped{ID: "tiers-rates", Title: "Rates by tier, with 95% intervals", Series: []string{"ER", "CTR", "orders per click"},
			Unit: chart.Unit{Kind: chart.Percent}}
		cpa := chart.Grouped{ID: "tiers-cpa", Title: "CPA by tier, with 95% intervals", Series: []string{"CPA"},
			Unit: chart.Unit{Kind: chart.Money, Currency: cur}}
		ce := func(e analytics.Estimate, scale func(float64) float64) chart.Estimate {
			if !e.OK {
				return chart.Estimate{}
			}
			return chart.Estimate{Value: scale(e.Value), Low: scale(e.Low), High: scale(e.High)}
		}
		id := func(v float64) float64 { return v }
		major := func(v float64) float64 { return chart.MajorUnits(int64(math.Round(v)), cur) }
		for _, tc := range rep.TierComparison {
			label := fmt.Sprintf("%s (%d)", tc.Tier, tc.Creators)
			rates.Groups = append(rates.Groups, chart.Group{Label: label, Values: []chart.Estimate{ce(tc.ER, id), ce(tc.CTR, id), ce(tc.CVR, id)}})
			cpa.Groups = append(cpa.Groups, chart.Group{Label: label, Values: []chart.Estimate{ce(tc.CPA, major)}})
		}
		out = append(out, rates.SVG(), cpa.SVG())
	}
	return out
}

func (s *Server) campaignReportPage(w http.ResponseWriter, r *http.Request, c *Caller) error {
	cr, err := s.requestReport(r, c)
	if err != nil {
		return err
	}
	b, err := s.base(r, c, cr.Campaign.Name+" report", "campaigns")
	if err != nil {
		return err
	}
	rep, cur := cr.Report, cr.Campaign.Currency
	m := rep.Total.Metrics
	// The eight creators with the most clicks get a line each; their days
	// are read alone, not every creator's.
	var top []int64
	for _, r := range topCreators(rep, 8) {
		k, _ := strconv.ParseInt(r.Key, 10, 64)
		top = append(top, k)
	}
	var perCreator []store.Day
	if len(top) > 0 {
		if perCreator, err = s.db.ReportDays(r.Context(), c.WS(), store.FactsFilter{CampaignID: cr.Campaign.ID, Model: cr.Model, Collaborations: top}); err != nil {
			return err
		}
	}
	p := &reportPage{base: b, Campaign: cr.Campaign, Charts: reportCharts(cr, perCreator), Exports: reportTables,
		Tiles: []tile{{"Cost", formatMoney(rep.Total.Cost, cur)}, {"Human clicks", formatInt(rep.Total.Clicks)},
			{"Orders", formatInt(rep.Total.Orders)}, {"Revenue", formatMoney(rep.Total.Revenue, cur)},
			{"CPA", moneyOf(m.CPA, cur)}, {"ROAS", timesOf(m.ROAS)}, {"ROI", pctOf(m.ROI)}}}
	csvURL := func(t string) string { return fmt.Sprintf("/campaigns/%d/report.csv?table=%s", cr.Campaign.ID, t) }
	p.Tables = []table{
		rowsTable("t-collabs", "Creators in this campaign", csvURL("collaborations"), rep.Collaborations, cur, nil),
		rowsTable("t-variants", "Variants", csvURL("variants"), rep.Variants, cur, nil),
		rowsTable("t-tiers", "Tiers", csvURL("tiers"), rep.Tiers, cur, nil),
		rowsTable("t-posts", "Posts (cost is the collaboration's, not a post's)", csvURL("posts"), rep.Posts, cur,
			func(r analytics.Row) string { return "/posts/" + r.Key }),
	}
	p.Experiment = s.experiment(r.Context(), c, cr)
	p.Recs = recommendations(cr)
	if p.Incrementality, err = s.incrementality(r.Context(), c, cr); err != nil {
		return err
	}
	return s.pages.render(w, "report", p)
}
