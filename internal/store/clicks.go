package store

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math/bits"
	"slices"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
)

// Click is one answered request to a tracked link.
type Click struct {
	WorkspaceID int64
	LinkID      int64
	ClickID     string
	At          int64 // Unix seconds
	IPHash      string
	Bot         bool
	BotName     string
	Device      string
	OS          string
	Browser     string
	InApp       string
	Referrer    string
	Country     string
}

const clickCols = 13

// clickRows is the most clicks in one INSERT statement: 13 parameters a row
// keeps 256 rows (3,328 parameters) well inside both engines' limits. It is a
// power of two for ClickStatements.
const clickRows = 256

// InsertClicks stores clicks and adds them to the hourly and daily rollups in
// the same transaction, so the rollups always equal the raw clicks. It is the
// group commit of the redirect and the loader of the demo.
func (tx *Tx) InsertClicks(ctx context.Context, clicks []Click) error {
	return tx.InsertClicksWith(ctx, nil, clicks)
}

// InsertClicksWith is InsertClicks with the INSERT statements of p, which
// may be nil.
func (tx *Tx) InsertClicksWith(ctx context.Context, p *ClickStatements, clicks []Click) error {
	args := make([]any, 0, min(len(clicks), clickRows)*clickCols)
	for rest := clicks; len(rest) > 0; {
		n := min(len(rest), clickRows)
		var st *sqlx.Stmt
		if p != nil {
			n = 1 << (bits.Len(uint(n)) - 1) // the largest prepared size that fits
			st = p.byRows[n]
		}
		args = args[:0]
		for _, c := range rest[:n] {
			args = append(args, c.WorkspaceID, c.LinkID, c.ClickID, c.At, c.IPHash, c.Bot, c.BotName, c.Device, c.OS, c.Browser, c.InApp, c.Referrer, c.Country)
		}
		var err error
		if st != nil {
			_, err = tx.q.StmtxContext(ctx, st).ExecContext(ctx, args...)
			if err != nil && tx.db.isUnique(err) {
				err = fmt.Errorf("%w: %v", ErrConflict, err)
			}
		} else {
			_, err = tx.db.exec(ctx, tx.q, clickInsertSQL(n), args...)
		}
		if err != nil {
			return fmt.Errorf("insert %d clicks: %w", n, err)
		}
		rest = rest[n:]
	}
	if err := tx.addRollup(ctx, "click_hours", "hour", clicks, 3600); err != nil {
		return err
	}
	return tx.addRollup(ctx, "click_days", "day", clicks, 86400)
}

func clickInsertSQL(rows int) string {
	return `INSERT INTO clicks (workspace_id, link_id, click_id, at, ip_hash, bot, bot_name, device, os, browser, in_app, referrer, country) VALUES ` +
		strings.TrimSuffix(strings.Repeat("(?,?,?,?,?,?,?,?,?,?,?,?,?),", rows), ",")
}

// ClickStatements are the click INSERTs for 1, 2, 4 ... clickRows rows,
// prepared once: parsing a fresh multi-row INSERT was about a third of
// InsertClicks' CPU in a profile. A batch of n clicks runs popcount(n)
// prepared statements instead, which measured about 10% less CPU for a
// batch of 30 (the parse saved, less the extra statement calls).
type ClickStatements struct {
	byRows map[int]*sqlx.Stmt
}

// PrepareClickStatements prepares the statements. Call it outside any
// transaction: on SQLite it needs the one write connection.
func (db *DB) PrepareClickStatements(ctx context.Context) (*ClickStatements, error) {
	p := &ClickStatements{byRows: map[int]*sqlx.Stmt{}}
	for n := 1; n <= clickRows; n *= 2 {
		st, err := db.w.PreparexContext(ctx, db.rebind(clickInsertSQL(n)))
		if err != nil {
			p.Close()
			return nil, fmt.Errorf("prepare the insert of %d clicks: %w", n, err)
		}
		p.byRows[n] = st
	}
	return p, nil
}

// Close releases the statements.
func (p *ClickStatements) Close() error {
	var errs []error
	for _, st := range p.byRows {
		errs = append(errs, st.Close())
	}
	return errors.Join(errs...)
}

type rollupKey struct {
	ws, link, bucket int64
}

type rollupCount struct{ humans, bots int64 }

// addRollup adds clicks to table, bucketed by period seconds from the Unix
// epoch (UTC hours and days). Keys are written in order so that two nodes
// committing at once on PostgreSQL lock rows in the same order and cannot
// deadlock.
func (tx *Tx) addRollup(ctx context.Context, table, col string, clicks []Click, period int64) error {
	counts := map[rollupKey]rollupCount{}
	for _, c := range clicks {
		k := rollupKey{c.WorkspaceID, c.LinkID, c.At - mod(c.At, period)}
		n := counts[k]
		if c.Bot {
			n.bots++
		} else {
			n.humans++
		}
		counts[k] = n
	}
	keys := make([]rollupKey, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b rollupKey) int {
		return cmp.Or(cmp.Compare(a.link, b.link), cmp.Compare(a.bucket, b.bucket))
	})
	const per = 1000 // 5 parameters a row
	var b strings.Builder
	for start := 0; start < len(keys); start += per {
		chunk := keys[start:min(start+per, len(keys))]
		b.Reset()
		b.WriteString("INSERT INTO " + table + " (workspace_id, link_id, " + col + ", humans, bots) VALUES ")
		args := make([]any, 0, len(chunk)*5)
		for i, k := range chunk {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString("(?,?,?,?,?)")
			n := counts[k]
			args = append(args, k.ws, k.link, k.bucket, n.humans, n.bots)
		}
		b.WriteString(" ON CONFLICT (link_id, " + col + ") DO UPDATE SET humans = " + table + ".humans + excluded.humans, bots = " + table + ".bots + excluded.bots")
		if _, err := tx.db.exec(ctx, tx.q, b.String(), args...); err != nil {
			return fmt.Errorf("add %d clicks to %s: %w", len(clicks), table, err)
		}
	}
	return nil
}

// mod is the non-negative remainder, so clicks before 1970 (only in tests)
// still land at the start of their hour.
func mod(a, b int64) int64 {
	m := a % b
	if m < 0 {
		m += b
	}
	return m
}

// ClickCount is a number of clicks split into humans and bots.
type ClickCount struct {
	Humans int64 `json:"humans" db:"humans"`
	Bots   int64 `json:"bots" db:"bots"`
}

// DayClicks is the clicks of one UTC day.
type DayClicks struct {
	Day time.Time `json:"day"`
	ClickCount
}

// ClickScope says whose clicks to count: one link, one collaboration's links
// or one campaign's. Exactly one field should be set; with none, the whole
// workspace counts.
type ClickScope struct {
	LinkID          int64
	CollaborationID int64
	CampaignID      int64
}

func (s ClickScope) where() (string, []any) {
	switch {
	case s.LinkID > 0:
		return ` AND l.id = ?`, []any{s.LinkID}
	case s.CollaborationID > 0:
		return ` AND l.collaboration_id = ?`, []any{s.CollaborationID}
	case s.CampaignID > 0:
		return ` AND k.campaign_id = ?`, []any{s.CampaignID}
	}
	return "", nil
}

const rollupFrom = ` FROM click_days d JOIN links l ON l.id = d.link_id JOIN collaborations k ON k.id = l.collaboration_id WHERE d.workspace_id = ?`

// ClickTotals counts the clicks in scope, from the daily rollups.
func (db *DB) ClickTotals(ctx context.Context, ws int64, s ClickScope) (ClickCount, error) {
	w, args := s.where()
	var n ClickCount
	err := db.get(ctx, db.reader(), &n, `SELECT CAST(COALESCE(SUM(d.humans), 0) AS BIGINT) AS humans, CAST(COALESCE(SUM(d.bots), 0) AS BIGINT) AS bots`+rollupFrom+w,
		append([]any{ws}, args...)...)
	if err != nil {
		return n, fmt.Errorf("count clicks: %w", err)
	}
	return n, nil
}

// ClickDays gives the clicks in scope per UTC day in [from, to), from the
// daily rollups; days without clicks are left out.
func (db *DB) ClickDays(ctx context.Context, ws int64, s ClickScope, from, to time.Time) ([]DayClicks, error) {
	return db.clickSeries(ctx, ws, s, from, to, rollupFrom, "day")
}

// ClickHours is ClickDays per UTC hour, from the hourly rollups; the Day of
// each entry is the start of its hour.
func (db *DB) ClickHours(ctx context.Context, ws int64, s ClickScope, from, to time.Time) ([]DayClicks, error) {
	return db.clickSeries(ctx, ws, s, from, to, strings.Replace(rollupFrom, "click_days", "click_hours", 1), "hour")
}

func (db *DB) clickSeries(ctx context.Context, ws int64, s ClickScope, from, to time.Time, fromSQL, col string) ([]DayClicks, error) {
	w, args := s.where()
	var rows []struct {
		At int64 `db:"at"`
		ClickCount
	}
	q := `SELECT d.` + col + ` AS at, CAST(SUM(d.humans) AS BIGINT) AS humans, CAST(SUM(d.bots) AS BIGINT) AS bots` + fromSQL + w +
		` AND d.` + col + ` >= ? AND d.` + col + ` < ? GROUP BY d.` + col + ` ORDER BY d.` + col
	if err := db.sel(ctx, db.reader(), &rows, q, append(append([]any{ws}, args...), from.Unix(), to.Unix())...); err != nil {
		return nil, fmt.Errorf("clicks per %s: %w", col, err)
	}
	out := make([]DayClicks, len(rows))
	for i, r := range rows {
		out[i] = DayClicks{Day: time.Unix(r.At, 0).UTC(), ClickCount: r.ClickCount}
	}
	return out, nil
}

// ClickGroup says what ClickTotalsBy groups by.
type ClickGroup string

const (
	ByLink          ClickGroup = "l.id"
	ByCollaboration ClickGroup = "l.collaboration_id"
	ByCampaign      ClickGroup = "k.campaign_id"
)

// ClickTotalsBy counts the clicks in scope per link, collaboration or
// campaign, from the daily rollups. Ids without clicks are absent.
func (db *DB) ClickTotalsBy(ctx context.Context, ws int64, by ClickGroup, s ClickScope) (map[int64]ClickCount, error) {
	switch by {
	case ByLink, ByCollaboration, ByCampaign:
	default:
		return nil, fmt.Errorf("count clicks by %q: not a grouping", by)
	}
	w, args := s.where()
	var rows []struct {
		ID int64 `db:"id"`
		ClickCount
	}
	q := `SELECT ` + string(by) + ` AS id, CAST(SUM(d.humans) AS BIGINT) AS humans, CAST(SUM(d.bots) AS BIGINT) AS bots` + rollupFrom + w + ` GROUP BY ` + string(by)
	if err := db.sel(ctx, db.reader(), &rows, q, append([]any{ws}, args...)...); err != nil {
		return nil, fmt.Errorf("count clicks: %w", err)
	}
	out := make(map[int64]ClickCount, len(rows))
	for _, r := range rows {
		out[r.ID] = r.ClickCount
	}
	return out, nil
}

// RawClickCounts counts a link's rows in clicks itself. Reports use the
// rollups; this is for checking that they agree (tests, and operators after
// a crash).
func (db *DB) RawClickCounts(ctx context.Context, linkID int64) (ClickCount, error) {
	var n ClickCount
	err := db.get(ctx, db.reader(), &n, `SELECT CAST(COALESCE(SUM(CASE WHEN bot THEN 0 ELSE 1 END), 0) AS BIGINT) AS humans,
		CAST(COALESCE(SUM(CASE WHEN bot THEN 1 ELSE 0 END), 0) AS BIGINT) AS bots FROM clicks WHERE link_id = ?`, linkID)
	if err != nil {
		return n, fmt.Errorf("count clicks of link %d: %w", linkID, err)
	}
	return n, nil
}

type clickRow struct {
	WorkspaceID int64  `db:"workspace_id"`
	LinkID      int64  `db:"link_id"`
	ClickID     string `db:"click_id"`
	At          int64  `db:"at"`
	IPHash      string `db:"ip_hash"`
	Bot         bool   `db:"bot"`
	BotName     string `db:"bot_name"`
	Device      string `db:"device"`
	OS          string `db:"os"`
	Browser     string `db:"browser"`
	InApp       string `db:"in_app"`
	Referrer    string `db:"referrer"`
	Country     string `db:"country"`
}

// ClickByID loads one click of the workspace by its click id, the value an
// order hands back in chorus_cid.
func (db *DB) ClickByID(ctx context.Context, ws int64, clickID string) (*Click, error) {
	var r clickRow
	err := db.get(ctx, db.reader(), &r, `SELECT workspace_id, link_id, click_id, at, ip_hash, bot, bot_name, device, os, browser, in_app, referrer, country
		FROM clicks WHERE click_id = ? AND workspace_id = ?`, clickID, ws)
	if err != nil {
		return nil, fmt.Errorf("click %q: %w", clickID, err)
	}
	c := Click(r)
	return &c, nil
}
