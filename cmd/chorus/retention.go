package main

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// cmdRetention deletes raw clicks past each workspace's retention; the
// rollups stay, so reports do not change. Run it daily from cron or a
// systemd timer.
func cmdRetention(ctx context.Context, env *Env, args []string) error {
	if len(args) == 0 || args[0] != "run" {
		return errors.New("usage: chorus retention run [--data DIR] [--db DSN]")
	}
	fs := newFlags(env, "retention run", "retention run [--data DIR] [--db DSN]")
	d := addDBFlags(fs)
	envErrs, err := parseFlags(fs, env, args[1:])
	if err != nil {
		return err
	}
	if err := errors.Join(append(append(envErrs, d.validate()...), noArgs(fs))...); err != nil {
		return err
	}
	db, err := d.open(ctx, env, false)
	if err != nil {
		return err
	}
	defer db.Close()
	res, err := db.ApplyRetention(ctx, time.Now())
	for _, r := range res {
		fmt.Fprintf(env.Stdout, "workspace %d: kept %d days, deleted %d raw clicks before %s\n",
			r.WorkspaceID, r.Days, r.ClicksDeleted, time.Unix(r.Before, 0).UTC().Format(time.RFC3339))
	}
	if err != nil {
		return err
	}
	if len(res) == 0 {
		fmt.Fprintln(env.Stdout, "no workspace has a retention set; nothing deleted")
	}
	return nil
}
