package store_test

import (
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chorushq/chorus/internal/store"
	"github.com/chorushq/chorus/internal/store/storetest"
)

// rawDB opens the fixture's database directly, to look at every table.
func rawDB(t *testing.T, f *storetest.Fixture) *sql.DB {
	t.Helper()
	driver, conn := "pgx", f.DSN
	if f.DB.Dialect() == store.SQLite {
		driver, conn = "sqlite", strings.TrimPrefix(f.DSN, "sqlite:")
	}
	db, err := sql.Open(driver, conn)
	storetest.Must(t, err)
	t.Cleanup(func() { db.Close() })
	return db
}

// textHits lists "table.column" for every text column of every table whose
// value contains one of needles (case-insensitive).
func textHits(t *testing.T, f *storetest.Fixture, needles ...string) []string {
	t.Helper()
	db := rawDB(t, f)
	q := `SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p
		WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite%' AND m.name NOT LIKE 'creator_fts%' AND (p.type = 'TEXT' OR p.type = '')`
	if f.DB.Dialect() == store.Postgres {
		q = `SELECT table_name, column_name FROM information_schema.columns
			WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'tsvector')`
	}
	rows, err := db.Query(q)
	storetest.Must(t, err)
	var cols [][2]string
	for rows.Next() {
		var c [2]string
		storetest.Must(t, rows.Scan(&c[0], &c[1]))
		cols = append(cols, c)
	}
	storetest.Must(t, rows.Err())
	rows.Close()
	if len(cols) < 50 {
		t.Fatalf("found only %d text columns: the schema query is wrong", len(cols))
	}
	var hits []string
	for _, c := range cols {
		for _, n := range needles {
			var k int
			q := fmt.Sprintf(`SELECT COUNT(*) FROM %s WHERE LOWER(CAST(%s AS TEXT)) LIKE '%%' || LOWER($1) || '%%'`, c[0], c[1])
			if f.DB.Dialect() == store.SQLite {
				q = strings.Replace(q, "$1", "?", 1)
			}
			storetest.Must(t, db.QueryRow(q, n).Scan(&k))
			if k > 0 {
				hits = append(hits, fmt.Sprintf("%s.%s has %q", c[0], c[1], n))
			}
		}
	}
	return hits
}

type aggregates struct {
	clicks  store.ClickCount
	credit  int64
	conv    float64
	orders  int64
	revenue int64
}

func aggregatesOf(t *testing.T, w *world) aggregates {
	t.Helper()
	var a aggregates
	var err error
	a.clicks, err = w.f.DB.ClickTotals(w.ctx, w.f.Workspace.ID, store.ClickScope{})
	storetest.Must(t, err)
	db := rawDB(t, w.f)
	storetest.Must(t, db.QueryRow(`SELECT COALESCE(SUM(revenue_minor), 0), COALESCE(SUM(conversions), 0) FROM credit_days`).Scan(&a.credit, &a.conv))
	storetest.Must(t, db.QueryRow(`SELECT COUNT(*), COALESCE(SUM(total_minor), 0) FROM orders`).Scan(&a.orders, &a.revenue))
	return a
}

// TestEraseCreatorLeavesNothingIdentifyingButKeepsAggregates erases Maya
// (name, e-mail, handle, a code, a link whose slug and UTM spell the handle,
// a click from her profile, an order with her code and landing URL) and then
// searches every text column of the database for her.
func TestEraseCreatorLeavesNothingIdentifyingButKeepsAggregates(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		w := newWorld(t, f)
		ws := f.Workspace.ID
		var mayaCreator int64
		storetest.Must(t, f.DB.Tx(w.ctx, func(tx *store.Tx) error {
			k, err := f.DB.Collaboration(w.ctx, ws, w.maya)
			if err != nil {
				return err
			}
			mayaCreator = k.CreatorID
			c, err := f.DB.Creator(w.ctx, ws, k.CreatorID)
			if err != nil {
				return err
			}
			c.Email, c.Notes = "maya.lopez@mail.example", "Maya Lopez prefers DMs"
			if err := tx.UpdateCreator(w.ctx, ws, c); err != nil {
				return err
			}
			l := store.Link{CollaborationID: w.maya, Slug: "maya_fit-autumn", Destination: "https://shop.test/", UTMContent: "maya_fit"}
			if err := tx.CreateLink(w.ctx, ws, &l); err != nil {
				return err
			}
			return tx.InsertClicks(w.ctx, []store.Click{{WorkspaceID: ws, LinkID: l.ID, ClickID: "mayaclick00000000000001",
				At: w.t0.Add(-time.Hour).Unix(), Referrer: "https://instagram.com/maya_fit"}})
		}))
		o := w.order("1001", w.t0, 5000, "buyer@mail.example", "", "MAYA15")
		o.LandingSite = "/?utm_content=maya_fit"
		o.UTM.Content = "maya_fit"
		w.record(t, created(o, "d1"))
		w.record(t, created(w.order("1002", w.t0, 7000, "other@mail.example", w.leoClick), "d2"))
		needles := []string{"Maya Lopez", "maya_fit", "maya.lopez@mail.example", "MAYA15"}
		if hits := textHits(t, f, needles...); len(hits) < 5 {
			t.Fatalf("before erasure only %v: the search would miss things", hits)
		}
		before := aggregatesOf(t, w)
		// By hand: 4 clicks (leo 1 human, zoe 1 bot + 1 old human, maya 1
		// human) = 3 humans 1 bot; orders 5000 + 7000 = 12000, each credited
		// in full (code, then last click): 12000 and 2 conversions.
		if before.clicks != (store.ClickCount{Humans: 3, Bots: 1}) || before.revenue != 12000 || before.credit != 12000 || before.conv != 2 {
			t.Fatalf("aggregates before %+v, want 3 humans 1 bot, 12000 revenue and credit, 2 conversions", before)
		}
		storetest.Must(t, f.DB.Tx(w.ctx, func(tx *store.Tx) error { return tx.EraseCreator(w.ctx, ws, mayaCreator) }))
		if hits := textHits(t, f, needles...); len(hits) != 0 {
			t.Errorf("after erasure: %s", strings.Join(hits, "; "))
		}
		if after := aggregatesOf(t, w); after != before {
			t.Errorf("aggregates changed: %+v, want %+v", after, before)
		}
		if o := w.get(t, "1001"); o.CollaborationID != w.maya || o.TotalMinor != 5000 {
			t.Errorf("erased creator's order: collaboration %d total %d, want %d and 5000", o.CollaborationID, o.TotalMinor, w.maya)
		}
		err := f.DB.Tx(w.ctx, func(tx *store.Tx) error { return tx.EraseCreator(w.ctx, ws+1000, mayaCreator) })
		if !strings.Contains(fmt.Sprint(err), store.ErrNotFound.Error()) {
			t.Errorf("erasing from another workspace: %v, want not found", err)
		}
	})
}

func TestEraseBuyerKeepsAmountsAndCredit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		w := newWorld(t, f)
		ws := f.Workspace.ID
		w.record(t, created(w.order("2001", w.t0, 4000, "Ann@Mail.example", "", "MAYA15"), "d1"))
		w.record(t, created(w.order("2002", w.t0.Add(time.Hour), 6000, "ann@mail.example", w.leoClick), "d2"))
		w.record(t, created(w.order("2003", w.t0, 1000, "bob@mail.example", ""), "d3"))
		ref := w.emailSaltFor("ann@mail.example")
		before := aggregatesOf(t, w)
		var n int64
		storetest.Must(t, f.DB.Tx(w.ctx, func(tx *store.Tx) (err error) {
			n, err = tx.EraseBuyer(w.ctx, ws, " ANN@mail.example", "")
			return err
		}))
		if n != 2 {
			t.Errorf("%d orders anonymised, want Ann's 2", n)
		}
		if hits := textHits(t, f, ref); len(hits) != 0 {
			t.Errorf("Ann's reference remains: %v", hits)
		}
		var bob string
		storetest.Must(t, rawDB(t, f).QueryRow(`SELECT customer_ref FROM orders WHERE external_id = '2003'`).Scan(&bob))
		if bob != w.emailSaltFor("bob@mail.example") {
			t.Errorf("Bob's order lost its reference: %q", bob)
		}
		if after := aggregatesOf(t, w); after != before {
			t.Errorf("aggregates changed: %+v, want %+v", after, before)
		}
	})
}

func TestRetentionDeletesOldRawClicksOnly(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		w := newWorld(t, f)
		ws := f.Workspace.ID
		before, err := f.DB.ClickTotals(w.ctx, ws, store.ClickScope{})
		storetest.Must(t, err)
		// Clicks are at t0-48h, t0-1h and t0-40d. Run at t0 with 30 days:
		// only the 40-day-old one goes.
		storetest.Must(t, f.DB.Tx(w.ctx, func(tx *store.Tx) error { return tx.SetRetentionDays(w.ctx, ws, 30) }))
		days, err := f.DB.RetentionDays(w.ctx, ws)
		storetest.Must(t, err)
		if days != 30 {
			t.Fatalf("retention %d, want 30", days)
		}
		res, err := f.DB.ApplyRetention(w.ctx, w.t0)
		storetest.Must(t, err)
		want := store.Retained{WorkspaceID: ws, Days: 30, Before: w.t0.Add(-30 * 24 * time.Hour).Unix(), ClicksDeleted: 1}
		if len(res) != 1 || res[0] != want {
			t.Errorf("ApplyRetention = %+v, want [%+v]", res, want)
		}
		if _, err := f.DB.ClickByID(w.ctx, ws, w.zoeOld); err == nil {
			t.Error("the 40-day-old click is still there")
		}
		if _, err := f.DB.ClickByID(w.ctx, ws, w.leoClick); err != nil {
			t.Errorf("the 2-day-old click: %v", err)
		}
		after, err := f.DB.ClickTotals(w.ctx, ws, store.ClickScope{})
		storetest.Must(t, err)
		if after != before {
			t.Errorf("rollups changed: %+v, want %+v", after, before)
		}
		// Again: nothing more to delete.
		res, err = f.DB.ApplyRetention(w.ctx, w.t0)
		storetest.Must(t, err)
		if len(res) != 1 || res[0].ClicksDeleted != 0 {
			t.Errorf("second pass %+v, want nothing deleted", res)
		}
		err = f.DB.Tx(w.ctx, func(tx *store.Tx) error { return tx.SetRetentionDays(w.ctx, ws, -1) })
		if err == nil || !strings.Contains(err.Error(), "retention_days -1") {
			t.Errorf("negative retention: %v", err)
		}
	})
}

func TestAuditEventsNewestFirstPerWorkspace(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		ctx := storetest.Ctx(t)
		other, _ := f.AddWorkspace(t, "globex", "o@globex.test")
		ws := f.Workspace.ID
		storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error {
			for i, a := range []string{"token.create", "creator.delete", "token.revoke"} {
				if err := tx.Audit(ctx, &store.AuditEvent{WorkspaceID: ws, ActorUserID: &f.Owner.ID, Actor: "owner@acme.test",
					Action: a, ObjectKind: "x", ObjectID: &[]int64{int64(i + 1)}[0], At: int64(1000 + i)}); err != nil {
					return err
				}
			}
			return tx.Audit(ctx, &store.AuditEvent{WorkspaceID: other.ID, Action: "token.create"})
		}))
		evs, err := f.DB.AuditEvents(ctx, ws, store.AuditFilter{})
		storetest.Must(t, err)
		var got []string
		for _, e := range evs {
			got = append(got, fmt.Sprintf("%s@%d#%d", e.Action, e.At, *e.ObjectID))
		}
		if want := "token.revoke@1002#3 creator.delete@1001#2 token.create@1000#1"; strings.Join(got, " ") != want {
			t.Errorf("events %v, want %s", got, want)
		}
		evs, err = f.DB.AuditEvents(ctx, ws, store.AuditFilter{Action: "token.create"})
		storetest.Must(t, err)
		if len(evs) != 1 || evs[0].At != 1000 {
			t.Errorf("filtered %+v, want the one token.create", evs)
		}
		evs, err = f.DB.AuditEvents(ctx, ws, store.AuditFilter{Before: evs[0].ID + 1, Limit: 1})
		storetest.Must(t, err)
		if len(evs) != 1 || evs[0].Action != "token.create" {
			t.Errorf("page before %+v", evs)
		}
		err = f.DB.Tx(ctx, func(tx *store.Tx) error { return tx.Audit(ctx, &store.AuditEvent{WorkspaceID: ws}) })
		if err == nil {
			t.Error("an event without action was recorded")
		}
	})
}
