package store

import (
	"context"
	"fmt"
	"strings"
)

// BulkInsert inserts rows into table in multi-row INSERT statements, as many
// rows a statement as the engine's parameter limit allows. Loading thousands
// of rows one statement at a time costs a round trip and a statement
// preparation per row; this costs one per few hundred rows.
func (tx *Tx) BulkInsert(ctx context.Context, table string, cols []string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	// SQLite allows 32766 parameters a statement, PostgreSQL 65535.
	per := 32000 / len(cols)
	if per > 500 {
		per = 500
	}
	one := "(" + strings.TrimSuffix(strings.Repeat("?,", len(cols)), ",") + ")"
	head := "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES "
	for start := 0; start < len(rows); start += per {
		end := min(start+per, len(rows))
		n := end - start
		args := make([]any, 0, n*len(cols))
		for _, r := range rows[start:end] {
			if len(r) != len(cols) {
				return fmt.Errorf("bulk insert into %s: row has %d values for %d columns", table, len(r), len(cols))
			}
			args = append(args, r...)
		}
		q := head + strings.TrimSuffix(strings.Repeat(one+",", n), ",")
		if _, err := tx.db.exec(ctx, tx.q, q, args...); err != nil {
			return fmt.Errorf("bulk insert into %s: %w", table, err)
		}
	}
	return nil
}

// IDsAfter returns the ids of the rows of table inserted for workspace ws
// with id > after, in id order: how bulk-inserted rows learn their ids.
func (tx *Tx) IDsAfter(ctx context.Context, table string, ws, after int64) ([]int64, error) {
	var ids []int64
	err := tx.db.sel(ctx, tx.q, &ids, "SELECT id FROM "+table+" WHERE workspace_id = ? AND id > ? ORDER BY id", ws, after)
	return ids, err
}

// MaxID returns the largest id in table, 0 when it is empty.
func (tx *Tx) MaxID(ctx context.Context, table string) (int64, error) {
	var id *int64
	if err := tx.db.get(ctx, tx.q, &id, "SELECT MAX(id) FROM "+table); err != nil {
		return 0, err
	}
	if id == nil {
		return 0, nil
	}
	return *id, nil
}
