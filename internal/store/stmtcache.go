package store

import (
	"context"
	"database/sql"

	"github.com/jmoiron/sqlx"
)

// maxTxStatements bounds the statements one transaction keeps prepared:
// queries built with a variable number of placeholders would otherwise
// each keep one.
const maxTxStatements = 256

// stmtTx is a transaction that prepares each distinct query once and reuses
// it. SQLite (modernc) parses every statement it is given, and parsing is
// most of the cost of a small write: a group commit of 100 deliveries runs
// the same dozen queries 100 times. Statements live as long as the
// transaction; database/sql closes them when it ends.
type stmtTx struct {
	*sqlx.Tx
	stmts map[string]*sqlx.Stmt
}

// CacheStatements makes the transaction's queries reuse their prepared
// statements until release is called (before the transaction ends). It pays
// off in transactions that run the same queries many times: a batch of
// order events, a bulk load. On PostgreSQL it does nothing: pgx already
// keeps a statement cache per connection.
func (tx *Tx) CacheStatements() (release func()) {
	if _, ok := tx.db.cached.Load(tx.q); ok || tx.db.dialect != SQLite {
		return func() {}
	}
	tx.db.cached.Store(tx.q, &stmtTx{Tx: tx.q, stmts: map[string]*sqlx.Stmt{}})
	return func() { tx.db.cached.Delete(tx.q) }
}

// withCache returns the statement-caching form of q when q is a
// transaction that asked for it (CacheStatements), else q itself.
func (db *DB) withCache(q querier) querier {
	if t, ok := q.(*sqlx.Tx); ok {
		if c, ok := db.cached.Load(t); ok {
			return c.(*stmtTx)
		}
	}
	return q
}

// stmt is the prepared statement of query, or nil when the cache is full.
func (s *stmtTx) stmt(ctx context.Context, query string) (*sqlx.Stmt, error) {
	if st := s.stmts[query]; st != nil {
		return st, nil
	}
	if len(s.stmts) >= maxTxStatements {
		return nil, nil
	}
	st, err := s.Tx.PreparexContext(ctx, query)
	if err != nil {
		return nil, err
	}
	s.stmts[query] = st
	return st, nil
}

func (s *stmtTx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	st, err := s.stmt(ctx, query)
	if err != nil || st == nil {
		if err != nil {
			return nil, err
		}
		return s.Tx.ExecContext(ctx, query, args...)
	}
	return st.ExecContext(ctx, args...)
}

func (s *stmtTx) QueryxContext(ctx context.Context, query string, args ...any) (*sqlx.Rows, error) {
	st, err := s.stmt(ctx, query)
	if err != nil || st == nil {
		if err != nil {
			return nil, err
		}
		return s.Tx.QueryxContext(ctx, query, args...)
	}
	return st.QueryxContext(ctx, args...)
}

func (s *stmtTx) QueryRowxContext(ctx context.Context, query string, args ...any) *sqlx.Row {
	st, err := s.stmt(ctx, query)
	if err != nil || st == nil {
		// A failed prepare is reported by running the query unprepared,
		// which fails the same way, since *sqlx.Row cannot carry an error.
		return s.Tx.QueryRowxContext(ctx, query, args...)
	}
	return st.QueryRowxContext(ctx, args...)
}

func (s *stmtTx) GetContext(ctx context.Context, dest any, query string, args ...any) error {
	st, err := s.stmt(ctx, query)
	if err != nil || st == nil {
		if err != nil {
			return err
		}
		return s.Tx.GetContext(ctx, dest, query, args...)
	}
	return st.GetContext(ctx, dest, args...)
}

func (s *stmtTx) SelectContext(ctx context.Context, dest any, query string, args ...any) error {
	st, err := s.stmt(ctx, query)
	if err != nil || st == nil {
		if err != nil {
			return err
		}
		return s.Tx.SelectContext(ctx, dest, query, args...)
	}
	return st.SelectContext(ctx, dest, args...)
}
