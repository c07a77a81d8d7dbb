package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/chorushq/chorus/internal/store"
)

// cmdBackup copies a live SQLite database to a new file, consistently and
// without stopping the server (VACUUM INTO reads one snapshot).
func cmdBackup(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "backup", "backup --out FILE [--data DIR] [--db DSN]")
	d := addDBFlags(fs)
	out := fs.String("out", "", "file to write the backup to; must not exist")
	envErrs, err := parseFlags(fs, env, args)
	if err != nil {
		return err
	}
	errs := append(envErrs, d.validate()...)
	errs = append(errs, noArgs(fs))
	if *out == "" {
		errs = append(errs, errors.New("--out: name the backup file"))
	} else if _, err := os.Stat(*out); err == nil {
		errs = append(errs, fmt.Errorf("--out %s: the file exists; choose a new name", *out))
	}
	if dl, _, err := store.ParseDSN(d.dsn()); err == nil && dl == store.Postgres {
		errs = append(errs, errors.New("--db is PostgreSQL: back it up with pg_dump --format=custom --file=chorus.dump \"$DSN\" (see docs/reliability.md)"))
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	db, err := d.open(ctx, env, false)
	if err != nil {
		return err
	}
	defer db.Close()
	start := time.Now()
	if err := db.Backup(ctx, *out); err != nil {
		return err
	}
	st, err := os.Stat(*out)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "backed up to %s (%d bytes, integrity ok) in %s\n", *out, st.Size(), time.Since(start).Round(time.Millisecond))
	return nil
}
