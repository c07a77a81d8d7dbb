package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/chorushq/chorus/internal/analytics"
	"github.com/chorushq/chorus/internal/campaigns"
	"github.com/chorushq/chorus/internal/engagement"
	"github.com/chorushq/chorus/internal/store"
)

// reportTables are the tables --table may name.
var reportTables = []string{"total", "collaborations", "creators", "variants", "tiers", "posts"}

// cmdReport prints a campaign's report, read from the rollups, as CSV (one
// table) or JSON (all of it).
func cmdReport(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "report", "report --workspace SLUG --campaign SLUG [--format csv|json] [--table NAME] [--model NAME]")
	d := addDBFlags(fs)
	wsSlug := fs.String("workspace", "", "workspace `slug`")
	cpSlug := fs.String("campaign", "", "campaign `slug`")
	format := fs.String("format", "csv", "output: csv (one table) or json (the whole report)")
	table := fs.String("table", "collaborations", "with csv, the table: total, collaborations, creators, variants, tiers, posts")
	model := fs.String("model", store.DefaultCreditModel, "attribution model whose credit counts")
	envErrs, err := parseFlags(fs, env, args)
	if err != nil {
		return err
	}
	errs := append(envErrs, d.validate()...)
	errs = append(errs, noArgs(fs))
	if *wsSlug == "" {
		errs = append(errs, errors.New("--workspace: is required"))
	}
	if *cpSlug == "" {
		errs = append(errs, errors.New("--campaign: is required"))
	}
	if *format != "csv" && *format != "json" {
		errs = append(errs, fmt.Errorf("--format %q: want csv or json", *format))
	}
	if !slices.Contains(reportTables, *table) {
		errs = append(errs, fmt.Errorf("--table %q: want one of %v", *table, reportTables))
	}
	if !slices.Contains(store.Models, *model) {
		errs = append(errs, fmt.Errorf("--model %q: want one of %v", *model, store.Models))
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	db, err := d.open(ctx, env, false)
	if err != nil {
		return err
	}
	defer db.Close()
	ws, err := db.WorkspaceBySlug(ctx, *wsSlug)
	if err != nil {
		return fmt.Errorf("workspace %q: %w", *wsSlug, err)
	}
	cps, err := db.Campaigns(ctx, ws.ID)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(cps, func(c campaigns.Campaign) bool { return c.Slug == *cpSlug })
	if i < 0 {
		return fmt.Errorf("campaign %q in workspace %q: %w", *cpSlug, *wsSlug, store.ErrNotFound)
	}
	cp := cps[i]
	ks, posts, err := db.ReportFacts(ctx, ws.ID, store.FactsFilter{CampaignID: cp.ID, Model: *model})
	if err != nil {
		return err
	}
	rep := analytics.Build(analytics.Input{Currency: cp.Currency, MarginBps: ws.GrossMarginBps,
		Thresholds:     engagement.Thresholds{Micro: ws.TierMicro, Mid: ws.TierMid, Macro: ws.TierMacro, Mega: ws.TierMega},
		Collaborations: ks, Posts: posts})
	if *format == "json" {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	rows := map[string][]analytics.Row{"total": {rep.Total}, "collaborations": rep.Collaborations, "creators": rep.Creators,
		"variants": rep.Variants, "tiers": rep.Tiers, "posts": rep.Posts}[*table]
	return analytics.WriteCSV(env.Stdout, rep.Currency, rows)
}
