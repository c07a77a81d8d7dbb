package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/chorushq/chorus/internal/optimize"
	"github.com/chorushq/chorus/internal/store"
)

// planBenchmarks chooses the planner's figures for the workspace from its
// history and its exchange rate (one set for another currency is ignored).
func (s *Server) planBenchmarks(ctx context.Context, c *Caller, hist []optimize.Result) (optimize.BenchmarkChoice, float64, error) {
	var perUSD float64
	rate, err := s.db.ExchangeRate(ctx, c.WS())
	switch {
	case err == nil && rate.Currency == c.Workspace.Currency:
		perUSD = rate.PerUSD()
	case err != nil && !errors.Is(err, store.ErrNotFound):
		return optimize.BenchmarkChoice{}, 0, err
	}
	ch, err := optimize.ChooseBenchmarks(c.Workspace.Currency, hist, perUSD)
	return ch, perUSD, err
}

// parseRate reads "0.92" (units of the workspace's currency per USD) as
// millionths; "" or "0" removes the rate.
func parseRate(text string) (int64, []FieldError) {
	text = strings.TrimSpace(text)
	if text == "" {
		return 0, nil
	}
	r, err := strconv.ParseFloat(text, 64)
	if err != nil || r < 0 || r > 1e9 || math.IsNaN(r) {
		return 0, []FieldError{{"per_usd", fmt.Sprintf("%q is not a rate such as 0.92 (units of the workspace's currency per US dollar)", text)}}
	}
	ppm := int64(math.Round(r * 1e6))
	if r > 0 && ppm == 0 {
		return 0, []FieldError{{"per_usd", "is below 0.000001"}}
	}
	return ppm, nil
}

func (s *Server) setExchangeRate(r *http.Request, c *Caller, text string) error {
	ppm, fe := parseRate(text)
	if len(fe) > 0 {
		return invalid(fe)
	}
	return s.db.Tx(r.Context(), func(tx *store.Tx) error { return tx.SetExchangeRate(r.Context(), c.WS(), c.Workspace.Currency, ppm) })
}

// apiExchangeRatePut sets the rate: {"per_usd": 0.92} or "0.92"; 0 or null
// removes it.
func (s *Server) apiExchangeRatePut(w http.ResponseWriter, r *http.Request, c *Caller) error {
	var in struct {
		PerUSD json.Number `json:"per_usd"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if err := s.setExchangeRate(r, c, in.PerUSD.String()); err != nil {
		return err
	}
	out := map[string]any{"currency": c.Workspace.Currency, "per_usd": nil}
	if rate, err := s.db.ExchangeRate(r.Context(), c.WS()); err == nil {
		out["per_usd"] = rate.PerUSD()
	} else if !errors.Is(err, store.ErrNotFound) {
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) exchangeRateForm(w http.ResponseWriter, r *http.Request, c *Caller) error {
	if err := s.setExchangeRate(r, c, r.PostFormValue("per_usd")); err != nil {
		return err
	}
	http.Redirect(w, r, "/plan?flash="+url.QueryEscape("Exchange rate saved."), http.StatusSeeOther)
	return nil
}
