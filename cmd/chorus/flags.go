package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"

	"github.com/chorushq/chorus/internal/store"
)

// newFlags makes a flag set for a command that reports to env.Stderr.
func newFlags(env *Env, name, usage string) *flag.FlagSet {
	fs := flag.NewFlagSet("chorus "+name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(env.Stderr, "usage: chorus %s\n\nflags (each also read from CHORUS_<FLAG>):\n", usage)
		fs.PrintDefaults()
	}
	return fs
}

// envName is the environment variable that backs a flag.
func envName(flagName string) string {
	return "CHORUS_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// parseFlags parses args, then fills every flag not given on the command
// line from CHORUS_<FLAG>, or from the file named by CHORUS_<FLAG>_FILE (for
// secrets). It returns the bad environment values, for the caller to report
// with its own validation errors, all at once.
func parseFlags(fs *flag.FlagSet, env *Env, args []string) ([]error, error) {
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	var errs []error
	fs.VisitAll(func(f *flag.Flag) {
		if set[f.Name] {
			return
		}
		name := envName(f.Name)
		v, ok := env.Getenv(name), env.Getenv(name) != ""
		if !ok {
			if file := env.Getenv(name + "_FILE"); file != "" {
				b, err := os.ReadFile(file)
				if err != nil {
					errs = append(errs, fmt.Errorf("%s_FILE: %w", name, err))
					return
				}
				v, ok = strings.TrimRight(string(b), "\r\n"), true
			}
		}
		if ok {
			if err := f.Value.Set(v); err != nil {
				errs = append(errs, fmt.Errorf("%s: %w", name, err))
			}
		}
	})
	return errs, nil
}

// dbFlags are the flags of every command that opens the database.
type dbFlags struct {
	data string
	db   string
}

func addDBFlags(fs *flag.FlagSet) *dbFlags {
	d := &dbFlags{}
	fs.StringVar(&d.data, "data", "./chorus-data", "data directory (the SQLite database, uploads)")
	fs.StringVar(&d.db, "db", "", "database: sqlite:PATH or a postgres:// URL (default sqlite:<data>/chorus.db)")
	return d
}

// dsn resolves the database to open.
func (d *dbFlags) dsn() string {
	if d.db == "" {
		return "sqlite:" + filepath.Join(d.data, "chorus.db")
	}
	return d.db
}

// validate checks the flags, returning every problem.
func (d *dbFlags) validate() []error {
	var errs []error
	if d.data == "" {
		errs = append(errs, errors.New("--data: must not be empty"))
	}
	if _, _, err := store.ParseDSN(d.dsn()); err != nil {
		errs = append(errs, fmt.Errorf("--db: %w", err))
	}
	return errs
}

// open opens the database and, with migrate, applies pending migrations;
// without it, pending migrations are an error.
func (d *dbFlags) open(ctx context.Context, env *Env, migrate bool) (*store.DB, error) {
	db, err := store.Open(ctx, d.dsn())
	if err != nil {
		return nil, err
	}
	pending, err := db.Pending(ctx)
	if err != nil {
		db.Close()
		return nil, err
	}
	if len(pending) > 0 {
		if !migrate {
			db.Close()
			return nil, fmt.Errorf("the database has %d pending migrations (first %s): run 'chorus migrate' or pass --migrate", len(pending), pending[0].Name)
		}
		applied, err := db.Migrate(ctx)
		if err != nil {
			db.Close()
			return nil, err
		}
		fmt.Fprintf(env.Stderr, "applied %d migrations\n", len(applied))
	}
	return db, nil
}

func validListen(addr string) error {
	if _, _, err := net.SplitHostPort(addr); err != nil {
		return fmt.Errorf("--listen %q: %w (want host:port, e.g. 127.0.0.1:8080)", addr, err)
	}
	return nil
}

// noArgs refuses stray positional arguments.
func noArgs(fs *flag.FlagSet) error {
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	return nil
}

var _ io.Writer = (*os.File)(nil)
