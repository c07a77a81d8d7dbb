package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/chorushq/chorus/internal/store"
)

// cmdClicks reports clicks. Its one subcommand, count, prints the clicks of
// a link as a bare integer for scripts (the redirect benchmark compares it
// with the 302s it received).
func cmdClicks(ctx context.Context, env *Env, args []string) error {
	if len(args) == 0 || args[0] != "count" {
		fmt.Fprintln(env.Stderr, "usage: chorus clicks count --slug SLUG [--include-bots] [--data DIR] [--db DSN]")
		if len(args) == 0 {
			return errors.New("clicks: missing subcommand: count")
		}
		return fmt.Errorf("clicks: unknown subcommand %q: want count", args[0])
	}
	fs := newFlags(env, "clicks count", "clicks count --slug SLUG [--include-bots] [--data DIR] [--db DSN]")
	d := addDBFlags(fs)
	slug := fs.String("slug", "", "the link's slug, as in /c/SLUG")
	bots := fs.Bool("include-bots", false, "count bots and link previews too")
	envErrs, err := parseFlags(fs, env, args[1:])
	if err != nil {
		return err
	}
	errs := append(append(envErrs, d.validate()...), noArgs(fs))
	if *slug == "" {
		errs = append(errs, errors.New("--slug: required"))
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	db, err := d.open(ctx, env, false)
	if err != nil {
		return err
	}
	defer db.Close()
	l, err := db.LinkBySlug(ctx, *slug)
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("--slug %q: no such link", *slug)
	}
	if err != nil {
		return err
	}
	n, err := db.ClickTotals(ctx, l.WorkspaceID, store.ClickScope{LinkID: l.ID})
	if err != nil {
		return err
	}
	total := n.Humans
	if *bots {
		total += n.Bots
	}
	fmt.Fprintln(env.Stdout, total)
	return nil
}
