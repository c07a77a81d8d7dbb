package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/schollz/progressbar/v3"

	"github.com/chorushq/chorus/internal/discovery"
	"github.com/chorushq/chorus/internal/store"
)

// vetRun vets every stored account of a workspace, recording the run so the
// web page shows it too.
func vetRun(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "vet run", "vet run --workspace SLUG [--progress] [--json]")
	d := addDBFlags(fs)
	wsSlug := fs.String("workspace", "", "workspace slug (required)")
	progress := fs.Bool("progress", true, "show a progress bar on standard error")
	asJSON := fs.Bool("json", false, "print the result as JSON")
	batch := fs.Int("batch", 1000, "accounts read and written together")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the run to this file")
	envErrs, err := parseFlags(fs, env, args)
	if err != nil {
		return err
	}
	errs := append(envErrs, d.validate()...)
	if err := noArgs(fs); err != nil {
		errs = append(errs, err)
	}
	if *wsSlug == "" {
		errs = append(errs, errors.New("--workspace: required"))
	}
	if *batch < 1 || *batch > 5000 {
		errs = append(errs, fmt.Errorf("--batch %d: want 1 to 5000", *batch))
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
		return err
	}
	v, err := discovery.NewVetter(db)
	if err != nil {
		return err
	}
	v.Batch = *batch
	stopProfile, err := startCPUProfile(*cpuProfile)
	if err != nil {
		return err
	}
	defer stopProfile()
	var job *store.VettingJob
	if err := db.Tx(ctx, func(tx *store.Tx) error {
		var err error
		job, err = tx.StartVettingJob(ctx, ws.ID)
		return err
	}); err != nil {
		return err
	}
	var bar *progressbar.ProgressBar
	v.Progress = func(ctx context.Context, done, total int64) {
		if *progress {
			if bar == nil {
				bar = progressbar.NewOptions64(total, progressbar.OptionSetWriter(env.Stderr), progressbar.OptionSetDescription("vetting "+ws.Slug),
					progressbar.OptionThrottle(200e6), progressbar.OptionClearOnFinish())
			}
			bar.Set64(done)
		}
		// The page polls this row; a failed write only loses a progress tick.
		_ = db.VettingProgress(ctx, ws.ID, job.ID, done, total)
	}
	res, runErr := v.Run(ctx, ws.ID)
	if bar != nil {
		bar.Finish()
	}
	if err := db.FinishVettingJob(context.WithoutCancel(ctx), ws.ID, job.ID, runErr); err != nil {
		runErr = errors.Join(runErr, err)
	}
	if runErr != nil {
		return fmt.Errorf("vet run: %w", runErr)
	}
	if *asJSON {
		return json.NewEncoder(env.Stdout).Encode(res)
	}
	fmt.Fprintf(env.Stdout, "vetted %d accounts in %.1f s (%.1f s assessing): %d with an ER, %d follower samples, %d comments, %d creators scored, %d search rows\n",
		res.Accounts, res.Seconds, res.AssessSeconds, res.WithER, res.Samples, res.Comments, res.Scored, res.SearchRows)
	if res.BadSamples > 0 {
		fmt.Fprintf(env.Stderr, "%d follower samples were not valid profiles and were skipped\n", res.BadSamples)
	}
	return nil
}
