package store

import (
	"bytes"
	"context"
	"embed"
	"fmt"
	"io/fs"
	"testing/fstest"
	"text/template"

	"github.com/pressly/goose/v3"
)

// Migrations are dated files under migrations/, written once for both engines
// as templates: {{.ID}}, {{.Blob}} and {{.Real}} stand for the column types
// that differ.
//
//go:embed migrations/*.sql
var migrationFiles embed.FS

// migrationsFS renders the migration templates for dialect d.
func migrationsFS(d Dialect) (fs.FS, error) {
	out := fstest.MapFS{}
	ents, err := fs.ReadDir(migrationFiles, "migrations")
	if err != nil {
		return nil, err
	}
	vars := d.schemaVars()
	for _, e := range ents {
		src, err := fs.ReadFile(migrationFiles, "migrations/"+e.Name())
		if err != nil {
			return nil, err
		}
		t, err := template.New(e.Name()).Option("missingkey=error").Parse(string(src))
		if err != nil {
			return nil, fmt.Errorf("migration %s: %w", e.Name(), err)
		}
		var b bytes.Buffer
		if err := t.Execute(&b, vars); err != nil {
			return nil, fmt.Errorf("migration %s: %w", e.Name(), err)
		}
		out[e.Name()] = &fstest.MapFile{Data: b.Bytes()}
	}
	return out, nil
}

func (db *DB) provider() (*goose.Provider, error) {
	fsys, err := migrationsFS(db.dialect)
	if err != nil {
		return nil, err
	}
	gd := goose.DialectSQLite3
	if db.dialect == Postgres {
		gd = goose.DialectPostgres
	}
	// Migrations written on parallel branches land with dates older than
	// ones a database already has; apply them rather than refuse to start.
	return goose.NewProvider(gd, db.w.DB, fsys, goose.WithAllowOutofOrder(true))
}

// Migration describes one migration that is not yet applied.
type Migration struct {
	Version int64
	Name    string
}

// Pending lists the migrations not yet applied, oldest first.
func (db *DB) Pending(ctx context.Context) ([]Migration, error) {
	p, err := db.provider()
	if err != nil {
		return nil, err
	}
	st, err := p.Status(ctx)
	if err != nil {
		return nil, fmt.Errorf("migration status: %w", err)
	}
	var out []Migration
	for _, s := range st {
		if s.State == goose.StatePending {
			out = append(out, Migration{Version: s.Source.Version, Name: s.Source.Path})
		}
	}
	return out, nil
}

// Migrate applies every pending migration, each in its own transaction, and
// returns what it applied.
func (db *DB) Migrate(ctx context.Context) ([]Migration, error) {
	p, err := db.provider()
	if err != nil {
		return nil, err
	}
	res, err := p.Up(ctx)
	var out []Migration
	for _, r := range res {
		out = append(out, Migration{Version: r.Source.Version, Name: r.Source.Path})
	}
	if err != nil {
		return out, fmt.Errorf("migrate: %w", err)
	}
	return out, nil
}
