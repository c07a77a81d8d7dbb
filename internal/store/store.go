// Package store keeps Chorus's state in SQLite (the embedded default) or
// PostgreSQL. Queries are written once with ? placeholders; the few places where
// the two engines differ are the named helpers in dialect.go.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	"github.com/jmoiron/sqlx"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// ErrNotFound is returned when a row does not exist in the caller's workspace.
var ErrNotFound = errors.New("not found")

// ErrConflict is returned when a unique constraint would be broken.
var ErrConflict = errors.New("already exists")

// DB is a handle on the database. It is safe for concurrent use.
type DB struct {
	dialect Dialect
	// w takes every write. On SQLite it holds a single connection, because
	// SQLite has one writer at a time and a pool of writers would only trade
	// SQLITE_BUSY errors; r serves reads from WAL snapshots in parallel. On
	// PostgreSQL both are the same pool.
	w, r *sqlx.DB
	now  func() time.Time
	// cached maps a transaction to its statement cache (stmtcache.go).
	cached sync.Map
	// rebinds caches queries rewritten from ? to $n, so that the rewrite
	// costs one map lookup on the hot paths.
	rebinds sync.Map
	// ingest holds the click INSERTs the click log's ingester reuses.
	ingest struct {
		sync.Mutex
		stmts *ClickStatements
	}
}

// ParseDSN splits a --db value into the driver's dialect and the connection
// string. It accepts sqlite:PATH and postgres:// or postgresql:// URLs.
func ParseDSN(dsn string) (Dialect, string, error) {
	switch {
	case strings.HasPrefix(dsn, "sqlite:"):
		p := strings.TrimPrefix(dsn, "sqlite:")
		p = strings.TrimPrefix(p, "//")
		if p == "" {
			return 0, "", fmt.Errorf("database %q: sqlite: needs a file path, as in sqlite:./chorus-data/chorus.db", dsn)
		}
		return SQLite, p, nil
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		return Postgres, dsn, nil
	case dsn == "":
		return 0, "", errors.New("database: no DSN given")
	default:
		return 0, "", fmt.Errorf("database %q: must start with sqlite: or postgres://", redact(dsn))
	}
}

// Open connects to the database named by dsn and checks that it answers. It
// does not migrate; see Migrate and Pending.
func Open(ctx context.Context, dsn string) (*DB, error) {
	d, conn, err := ParseDSN(dsn)
	if err != nil {
		return nil, err
	}
	db := &DB{dialect: d, now: time.Now}
	switch d {
	case SQLite:
		if dir := filepath.Dir(conn); dir != "" {
			if err := os.MkdirAll(dir, 0o750); err != nil {
				return nil, fmt.Errorf("database %s: %w", conn, err)
			}
		}
		// synchronous=FULL: an answered click or order must survive power
		// loss, not only a crash; group commit pays for the fsync.
		q := "?_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=busy_timeout(10000)&_pragma=synchronous(FULL)&_txlock=immediate"
		if db.w, err = sqlx.Open("sqlite", "file:"+conn+q); err != nil {
			return nil, fmt.Errorf("open %s: %w", conn, err)
		}
		db.w.SetMaxOpenConns(1)
		db.w.SetMaxIdleConns(1)
		db.w.SetConnMaxLifetime(0)
		db.w.SetConnMaxIdleTime(0)
		if db.r, err = sqlx.Open("sqlite", "file:"+conn+q+"&mode=ro"); err != nil {
			db.w.Close()
			return nil, fmt.Errorf("open %s: %w", conn, err)
		}
		db.r.SetMaxOpenConns(8)
		db.r.SetMaxIdleConns(8)
	case Postgres:
		if db.w, err = sqlx.Open("pgx", conn); err != nil {
			return nil, fmt.Errorf("open %s: %w", redact(conn), err)
		}
		db.w.SetMaxOpenConns(32)
		db.w.SetMaxIdleConns(32)
		db.r = db.w
	}
	pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := db.w.PingContext(pctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("connect to %s: %w", redact(dsn), err)
	}
	if d == SQLite {
		// The read pool opens lazily; make the first write (which creates the
		// file and WAL) happen before any reader tries.
		if _, err := db.w.ExecContext(ctx, "PRAGMA user_version"); err != nil {
			db.Close()
			return nil, fmt.Errorf("sqlite %s: %w", conn, err)
		}
	}
	return db, nil
}

// Close closes both pools.
func (db *DB) Close() error {
	var err error
	db.ingest.Lock()
	if db.ingest.stmts != nil {
		err = db.ingest.stmts.Close()
		db.ingest.stmts = nil
	}
	db.ingest.Unlock()
	err = errors.Join(err, db.w.Close())
	if db.r != db.w {
		err = errors.Join(err, db.r.Close())
	}
	return err
}

// Dialect reports which engine db talks to.
func (db *DB) Dialect() Dialect { return db.dialect }

// SetClock replaces the clock; tests use it to control time.
func (db *DB) SetClock(now func() time.Time) { db.now = now }

// Now is the store's clock in UTC.
func (db *DB) Now() time.Time { return db.now().UTC() }

// Tx runs fn in a write transaction, committing when fn returns nil and
// rolling back otherwise.
func (db *DB) Tx(ctx context.Context, fn func(tx *Tx) error) error {
	stx, err := db.w.BeginTxx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	tx := &Tx{q: stx, db: db}
	err = fn(tx)
	for _, flush := range tx.beforeCommit {
		if err != nil {
			break
		}
		err = flush(ctx)
	}
	if err != nil {
		if rerr := stx.Rollback(); rerr != nil && !errors.Is(rerr, sql.ErrTxDone) {
			return errors.Join(err, fmt.Errorf("rollback: %w", rerr))
		}
		return err
	}
	if err := stx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// Tx is a write transaction. Its methods are the write methods of the store.
type Tx struct {
	q  *sqlx.Tx
	db *DB
	// beforeCommit run in order once fn has succeeded: writers that
	// batch rows (the Importer) store their last batch there.
	beforeCommit []func(context.Context) error
}

// querier is what both a pool and a transaction can do.
type querier interface {
	sqlx.ExtContext
	GetContext(ctx context.Context, dest any, query string, args ...any) error
	SelectContext(ctx context.Context, dest any, query string, args ...any) error
}

// reader returns the read pool.
func (db *DB) reader() querier { return db.r }

func (db *DB) get(ctx context.Context, q querier, dest any, query string, args ...any) error {
	q = db.withCache(q)
	err := q.GetContext(ctx, dest, db.rebind(query), args...)
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	return err
}

func (db *DB) sel(ctx context.Context, q querier, dest any, query string, args ...any) error {
	q = db.withCache(q)
	return q.SelectContext(ctx, dest, db.rebind(query), args...)
}

func (db *DB) exec(ctx context.Context, q querier, query string, args ...any) (sql.Result, error) {
	q = db.withCache(q)
	res, err := q.ExecContext(ctx, db.rebind(query), args...)
	if err != nil && db.isUnique(err) {
		return nil, fmt.Errorf("%w: %v", ErrConflict, err)
	}
	return res, err
}

// insert runs an INSERT ... RETURNING id and returns the id.
func (db *DB) insert(ctx context.Context, q querier, query string, args ...any) (int64, error) {
	var id int64
	q = db.withCache(q)
	err := q.QueryRowxContext(ctx, db.rebind(query+" RETURNING id"), args...).Scan(&id)
	if err != nil && db.isUnique(err) {
		return 0, fmt.Errorf("%w: %v", ErrConflict, err)
	}
	return id, err
}

// redact hides a password in a URL-style DSN.
func redact(dsn string) string {
	at := strings.LastIndex(dsn, "@")
	scheme := strings.Index(dsn, "://")
	if at < 0 || scheme < 0 || at < scheme {
		return dsn
	}
	userinfo := dsn[scheme+3 : at]
	if i := strings.Index(userinfo, ":"); i >= 0 {
		return dsn[:scheme+3] + userinfo[:i] + ":xxxxx" + dsn[at:]
	}
	return dsn
}
