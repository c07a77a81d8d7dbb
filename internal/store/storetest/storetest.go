// Package storetest gives tests a fresh, migrated database with a seeded
// workspace: SQLite in a temporary file always, and PostgreSQL too when
// CHORUS_TEST_POSTGRES holds a server URL (CI always sets it, and a CI run
// without it fails rather than skips).
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
	"golang.org/x/crypto/bcrypt"

	"github.com/chorushq/chorus/internal/auth"
	"github.com/chorushq/chorus/internal/store"
)

// PostgresEnv names the variable holding the PostgreSQL server URL.
const PostgresEnv = "CHORUS_TEST_POSTGRES"

// Fixture is a database with one workspace and an owner.
type Fixture struct {
	DB        *store.DB
	DSN       string
	Workspace *store.Workspace
	Owner     *store.User
	// Password is every seeded user's password.
	Password string
}

// Engines returns the DSN makers for the engines tests must run on.
func Engines(t testing.TB) []string {
	engines := []string{"sqlite"}
	if os.Getenv(PostgresEnv) != "" {
		engines = append(engines, "postgres")
	} else if os.Getenv("CI") != "" {
		t.Fatalf("%s is not set: CI must run the storage tests on PostgreSQL too", PostgresEnv)
	}
	return engines
}

// Each runs fn once per engine as subtests named after the engine.
func Each(t *testing.T, fn func(t *testing.T, f *Fixture)) {
	t.Helper()
	for _, e := range Engines(t) {
		t.Run(e, func(t *testing.T) { fn(t, NewOn(t, e)) })
	}
}

// New gives a fresh SQLite fixture.
func New(t testing.TB) *Fixture { return NewOn(t, "sqlite") }

// NewOn gives a fresh fixture on the named engine ("sqlite" or "postgres").
func NewOn(t testing.TB, engine string) *Fixture {
	t.Helper()
	dsn := FreshDSN(t, engine)
	ctx := context.Background()
	db, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatalf("open %s: %v", engine, err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatalf("migrate %s: %v", engine, err)
	}
	f := &Fixture{DB: db, DSN: dsn, Password: "correct horse battery"}
	f.Workspace, f.Owner = f.AddWorkspace(t, "acme", "owner@acme.test")
	return f
}

// AddWorkspace adds a workspace with an owner.
func (f *Fixture) AddWorkspace(t testing.TB, slug, ownerEmail string) (*store.Workspace, *store.User) {
	t.Helper()
	ws := &store.Workspace{Slug: slug, Name: strings.ToUpper(slug[:1]) + slug[1:], Currency: "USD"}
	var u *store.User
	err := f.DB.Tx(context.Background(), func(tx *store.Tx) error {
		if err := tx.CreateWorkspace(context.Background(), ws); err != nil {
			return err
		}
		var err error
		u, err = f.addUser(tx, ws.ID, ownerEmail, auth.Owner, nil)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return ws, u
}

// AddUser adds a user with a role in a workspace.
func (f *Fixture) AddUser(t testing.TB, ws int64, email string, role auth.Role, creatorID *int64) *store.User {
	t.Helper()
	var u *store.User
	err := f.DB.Tx(context.Background(), func(tx *store.Tx) error {
		var err error
		u, err = f.addUser(tx, ws, email, role, creatorID)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func (f *Fixture) addUser(tx *store.Tx, ws int64, email string, role auth.Role, creatorID *int64) (*store.User, error) {
	h, err := auth.HashPassword(f.Password, bcrypt.MinCost)
	if err != nil {
		return nil, err
	}
	u := &store.User{Email: email, Name: strings.Split(email, "@")[0], PasswordHash: h}
	if err := tx.CreateUser(context.Background(), u); err != nil {
		return nil, err
	}
	return u, tx.SetMembership(context.Background(), ws, u.ID, role, creatorID)
}

// FreshDSN makes an empty database on the engine and returns its DSN; the
// database is dropped when the test ends.
func FreshDSN(t testing.TB, engine string) string {
	t.Helper()
	switch engine {
	case "sqlite":
		return "sqlite:" + filepath.Join(t.TempDir(), "chorus.db")
	case "postgres":
		base := os.Getenv(PostgresEnv)
		if base == "" {
			t.Fatalf("%s is not set", PostgresEnv)
		}
		admin, err := sql.Open("pgx", base)
		if err != nil {
			t.Fatalf("postgres %s: %v", PostgresEnv, err)
		}
		defer admin.Close()
		name := "chorus_test_" + strings.ToLower(rand.Text()[:12])
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
			t.Fatalf("postgres at %s=%s: create database: %v", PostgresEnv, base, err)
		}
		t.Cleanup(func() {
			admin, err := sql.Open("pgx", base)
			if err != nil {
				return
			}
			defer admin.Close()
			admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
		})
		u, err := url.Parse(base)
		if err != nil {
			t.Fatalf("%s: %v", PostgresEnv, err)
		}
		u.Path = "/" + name
		return u.String()
	}
	t.Fatalf("unknown engine %q", engine)
	return ""
}

// Ctx is a context for tests.
func Ctx(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// Must fails the test on err.
func Must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(fmt.Errorf("unexpected: %w", err))
	}
}
