package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/chorushq/chorus/internal/auth"
	"github.com/chorushq/chorus/internal/demo"
	"github.com/chorushq/chorus/internal/sim"
	"github.com/chorushq/chorus/internal/store"
)

// The demo workspace's sign-in. It is printed at every start; the demo is
// for trying Chorus on one machine, not for production data.
const (
	demoWorkspace = "demo"
	demoEmail     = "demo@chorus.local"
	demoPassword  = "chorus-demo-2026"
)

func cmdDemo(ctx context.Context, env *Env, args []string) error {
	fs, f := addServeFlags(env, "demo", "demo [--listen ADDR] [--data DIR] [--creators N] [--seed N] [--no-serve]")
	creators := fs.Int("creators", 3000, "creators in the simulated world (first start only)")
	seed := fs.Int64("seed", 1, "seed of the simulated world (first start only)")
	noServe := fs.Bool("no-serve", false, "create the demo data and exit")
	envErrs, err := parseFlags(fs.FlagSet, env, args)
	if err != nil {
		return err
	}
	errs := append(append(envErrs, f.validate()...), noArgs(fs.FlagSet))
	if *creators < 1 {
		errs = append(errs, fmt.Errorf("--creators %d: must be at least 1", *creators))
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	db, err := f.open(ctx, env, true)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.WorkspaceBySlug(ctx, demoWorkspace); errors.Is(err, store.ErrNotFound) {
		if err := createDemo(ctx, env, f, db, *creators, *seed); err != nil {
			return err
		}
	} else if err != nil {
		return err
	} else {
		fmt.Fprintln(env.Stderr, "reusing the demo data in", f.dsn())
	}
	if *noServe {
		return nil
	}
	return serve(ctx, env, f, db, func(addr string) {
		fmt.Fprintf(env.Stdout, "\nChorus demo is running at http://%s/\nSign in as %s with password %s\nTry the tracked link http://%s/c/demo\n\n",
			addr, demoEmail, demoPassword, addr)
	})
}

func createDemo(ctx context.Context, env *Env, f *serveFlags, db *store.DB, creators int, seed int64) error {
	start := time.Now()
	fmt.Fprintf(env.Stderr, "creating the demo workspace: %d simulated creators (seed %d) ...\n", creators, seed)
	cfg := sim.DefaultConfig()
	cfg.Seed, cfg.Creators = seed, creators
	// The world's activity ends today, so the dashboard shows live campaigns.
	cfg.Start = time.Now().UTC().Truncate(24*time.Hour).AddDate(0, 0, -cfg.Days)
	w, err := sim.New(cfg)
	if err != nil {
		return err
	}
	ws := &store.Workspace{Slug: demoWorkspace, Name: "Glow Labs (demo)", Currency: cfg.Currency}
	if err := createDemoWorkspace(ctx, db, ws, "Demo Owner", bcrypt.DefaultCost); err != nil {
		return err
	}
	l, err := demo.Load(ctx, db, w, ws, f.logger(env))
	if err != nil {
		return err
	}
	// Vet the demo's creators now, so discovery and scores are full at once.
	if _, err := demo.Vet(ctx, l); err != nil {
		return err
	}
	fmt.Fprintf(env.Stderr, "demo data ready in %s\n", time.Since(start).Round(time.Millisecond))
	return nil
}

// createDemoWorkspace makes ws with its owner, who signs in as demoEmail
// with demoPassword. cost is the password hash's bcrypt cost: benchmarks
// that never sign in through the form use the minimum.
func createDemoWorkspace(ctx context.Context, db *store.DB, ws *store.Workspace, owner string, cost int) error {
	hash, err := auth.HashPassword(demoPassword, cost)
	if err != nil {
		return err
	}
	return db.Tx(ctx, func(tx *store.Tx) error {
		if err := tx.CreateWorkspace(ctx, ws); err != nil {
			return err
		}
		u := &store.User{Email: demoEmail, Name: owner, PasswordHash: hash}
		if err := tx.CreateUser(ctx, u); err != nil {
			return err
		}
		return tx.SetMembership(ctx, ws.ID, u.ID, auth.Owner, nil)
	})
}
