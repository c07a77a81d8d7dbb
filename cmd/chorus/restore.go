package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/chorushq/chorus/internal/store"
)

// cmdRestore puts a backup in place of the SQLite database, after checking
// the backup's integrity. The server must be stopped.
func cmdRestore(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "restore", "restore --from FILE [--force] [--data DIR] [--db DSN]")
	d := addDBFlags(fs)
	from := fs.String("from", "", "backup file made by chorus backup")
	force := fs.Bool("force", false, "replace an existing database (kept beside it as .before-restore)")
	envErrs, err := parseFlags(fs, env, args)
	if err != nil {
		return err
	}
	errs := append(envErrs, d.validate()...)
	errs = append(errs, noArgs(fs))
	if *from == "" {
		errs = append(errs, errors.New("--from: name the backup file"))
	}
	dl, path, derr := store.ParseDSN(d.dsn())
	if derr == nil && dl == store.Postgres {
		errs = append(errs, errors.New("--db is PostgreSQL: restore with pg_restore --clean --if-exists --dbname \"$DSN\" chorus.dump (see docs/reliability.md)"))
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	if err := store.Restore(ctx, *from, path, *force); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "restored %s from %s (integrity ok); start the server again\n", path, *from)
	return nil
}
