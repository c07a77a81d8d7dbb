package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/chorushq/chorus/internal/store"
)

func cmdMigrate(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "migrate", "migrate [--data DIR] [--db DSN] [--status]")
	d := addDBFlags(fs)
	status := fs.Bool("status", false, "list pending migrations without applying them")
	envErrs, err := parseFlags(fs, env, args)
	if err != nil {
		return err
	}
	if errs := append(append(envErrs, d.validate()...), noArgs(fs)); errors.Join(errs...) != nil {
		return errors.Join(errs...)
	}
	db, err := store.Open(ctx, d.dsn())
	if err != nil {
		return err
	}
	defer db.Close()
	if *status {
		p, err := db.Pending(ctx)
		if err != nil {
			return err
		}
		for _, m := range p {
			fmt.Fprintf(env.Stdout, "pending %d %s\n", m.Version, m.Name)
		}
		fmt.Fprintf(env.Stdout, "%d pending\n", len(p))
		return nil
	}
	applied, err := db.Migrate(ctx)
	for _, m := range applied {
		fmt.Fprintf(env.Stdout, "applied %d %s\n", m.Version, m.Name)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "database is up to date (%d applied now)\n", len(applied))
	return nil
}
