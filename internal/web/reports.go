package web

import (
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/chorushq/chorus/internal/campaigns"
	"github.com/chorushq/chorus/internal/conversions"
	"github.com/chorushq/chorus/internal/store"
)

// reportModel reads ?model=, default "default".
func reportModel(r *http.Request) (string, error) {
	m := r.URL.Query().Get("model")
	if m == "" {
		return "default", nil
	}
	if !slices.Contains(store.Models, m) {
		return "", invalid([]FieldError{{"model", "must be one of " + strings.Join(store.Models, ", ")}})
	}
	return m, nil
}

// apiCampaignReport answers a campaign's attribution report as JSON or, with
// ?format=csv, as CSV: per collaboration, creator, variant and the campaign,
// the default model and the chosen one side by side.
func (s *Server) apiCampaignReport(w http.ResponseWriter, r *http.Request, c *Caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if _, err := s.db.Campaign(r.Context(), c.WS(), id); err != nil {
		return err
	}
	model, err := reportModel(r)
	if err != nil {
		return err
	}
	rep, err := s.db.CampaignReport(r.Context(), c.WS(), id, model)
	if err != nil {
		return err
	}
	switch f := r.URL.Query().Get("format"); f {
	case "", "json":
		return writeJSON(w, http.StatusOK, rep)
	case "csv":
		if err := s.auditNow(r, c, "export.report", "campaign", id, fmt.Sprintf("campaign-%d-%s.csv", id, model)); err != nil {
			return err
		}
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="campaign-%d-%s.csv"`, id, model))
		return writeReportCSV(w, rep)
	default:
		return invalid([]FieldError{{"format", "must be json or csv"}})
	}
}

// writeReportCSV writes one line per row of the report. Amounts are decimals
// in the currency's major unit, as a spreadsheet expects.
func writeReportCSV(w http.ResponseWriter, rep *store.Report) error {
	cw := csv.NewWriter(w)
	m := rep.Model
	header := []string{"level", "id", "name", "currency", "human_clicks", "default_conversions", "default_revenue", "default_new_customers",
		m + "_conversions", m + "_revenue", m + "_new_customers"}
	if err := cw.Write(header); err != nil {
		return err
	}
	num := func(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
	money := func(minor int64) string {
		s, err := conversions.FormatAmount(minor, rep.Currency)
		if err != nil {
			return strconv.FormatInt(minor, 10)
		}
		return s
	}
	write := func(level string, rows ...store.ReportRow) error {
		for _, r := range rows {
			rec := []string{level, strconv.FormatInt(r.ID, 10), r.Name, rep.Currency, strconv.FormatInt(r.HumanClicks, 10),
				num(r.Default.Conversions), money(r.Default.RevenueMinor), num(r.Default.NewCustomers),
				num(r.Model.Conversions), money(r.Model.RevenueMinor), num(r.Model.NewCustomers)}
			if err := cw.Write(rec); err != nil {
				return err
			}
		}
		return nil
	}
	for _, part := range []struct {
		level string
		rows  []store.ReportRow
	}{{"collaboration", rep.Collaborations}, {"creator", rep.Creators}, {"variant", rep.Variants}, {"campaign", []store.ReportRow{rep.Campaign}}} {
		if err := write(part.level, part.rows...); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

type attributionPage struct {
	base
	Campaign *campaigns.Campaign
	Report   *store.Report
	Models   []string
	Codes    map[int64][]store.DiscountCode
	Collabs  []campaigns.Collaboration
}

// CodesOf lists a collaboration's codes, for the template.
func (p *attributionPage) CodesOf(collab int64) []store.DiscountCode { return p.Codes[collab] }

// campaignAttributionPage shows a campaign's discount codes and its report
// under the default model beside a chosen one.
func (s *Server) campaignAttributionPage(w http.ResponseWriter, r *http.Request, c *Caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	cp, err := s.db.Campaign(r.Context(), c.WS(), id)
	if err != nil {
		return err
	}
	model, err := reportModel(r)
	if err != nil {
		return err
	}
	b, err := s.base(r, c, cp.Name+": attribution", "campaigns")
	if err != nil {
		return err
	}
	p := &attributionPage{base: b, Campaign: cp, Models: store.Models, Codes: map[int64][]store.DiscountCode{}}
	if p.Report, err = s.db.CampaignReport(r.Context(), c.WS(), id, model); err != nil {
		return err
	}
	if p.Collabs, err = s.db.Collaborations(r.Context(), c.WS(), store.CollabFilter{CampaignID: id}); err != nil {
		return err
	}
	codes, err := s.db.DiscountCodes(r.Context(), c.WS(), id, 0)
	if err != nil {
		return err
	}
	for _, d := range codes {
		p.Codes[d.CollaborationID] = append(p.Codes[d.CollaborationID], d)
	}
	return s.pages.render(w, "attribution", p)
}

// reportTable is one table of the report page.
type reportTable struct {
	Caption, Level, Model, Cur string
	Rows                       []store.ReportRow
}

// Table gives the template one table's data.
func (p *attributionPage) Table(caption, level string, rows []store.ReportRow) reportTable {
	return reportTable{Caption: caption, Level: level, Model: p.Report.Model, Cur: p.Report.Currency, Rows: rows}
}

// campaignMeasure is the campaign page's short view of codes and results;
// the attribution page has the rest.
type campaignMeasure struct {
	CampaignID int64
	Currency   string
	Total      store.ReportRow
	Codes      []store.DiscountCode
}

func (s *Server) campaignMeasure(ctx context.Context, ws, campaign int64) (*campaignMeasure, error) {
	rep, err := s.db.CampaignReport(ctx, ws, campaign, "default")
	if err != nil {
		return nil, err
	}
	codes, err := s.db.DiscountCodes(ctx, ws, campaign, 0)
	if err != nil {
		return nil, err
	}
	return &campaignMeasure{CampaignID: campaign, Currency: rep.Currency, Total: rep.Campaign, Codes: codes}, nil
}
