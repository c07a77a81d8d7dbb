package store_test

import (
	"errors"
	"testing"
	"time"

	"github.com/chorushq/chorus/internal/creators"
	"github.com/chorushq/chorus/internal/store"
	"github.com/chorushq/chorus/internal/store/storetest"
)

// TestSyncJobLifecycle walks a three-entry job through its states: one
// entry stored, one failed, and the third left unfinished when the job is
// interrupted, which must skip it with the reason and count it.
func TestSyncJobLifecycle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		ctx := storetest.Ctx(t)
		ws := f.Workspace.ID
		clock := time.Date(2026, 11, 22, 3, 0, 0, 0, time.UTC)
		f.DB.SetClock(func() time.Time { return clock })
		cr := creators.Creator{Name: "Mia", Accounts: []creators.Account{{Platform: "youtube", Handle: "mia"}}}
		job := &store.SyncJob{WorkspaceID: ws, UserID: &f.Owner.ID, StartedBy: f.Owner.Email, Entries: []store.SyncEntry{
			{Platform: "youtube", Handle: "mia"}, {Platform: "youtube", Handle: "gone"}, {Platform: "tiktok", Handle: "leo"}}}
		storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error {
			if err := tx.CreateCreator(ctx, ws, &cr); err != nil {
				return err
			}
			return tx.CreateSyncJob(ctx, job)
		}))
		if job.ID == 0 || job.Status != store.SyncQueued || job.Total != 3 {
			t.Fatalf("created %+v", job)
		}
		for i, e := range job.Entries {
			if e.ID == 0 || e.Position != i || e.Status != store.SyncQueued {
				t.Errorf("entry %d: %+v", i, e)
			}
		}
		if job.Entries[0].ID == job.Entries[1].ID {
			t.Errorf("two entries share id %d", job.Entries[0].ID)
		}

		// A job is started once.
		storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error { return tx.StartSyncJob(ctx, ws, job.ID) }))
		err := f.DB.Tx(ctx, func(tx *store.Tx) error { return tx.StartSyncJob(ctx, ws, job.ID) })
		if !errors.Is(err, store.ErrNotFound) {
			t.Errorf("starting twice: %v", err)
		}

		clock = clock.Add(10 * time.Second)
		e0, e1 := job.Entries[0], job.Entries[1]
		e0.Status, e0.CreatorID, e0.AccountID, e0.PostsAdded, e0.PostsSeen, e0.Comments = store.SyncDone, &cr.ID, &cr.Accounts[0].ID, 3, 3, 7
		e1.Status, e1.Error = store.SyncFailed, "youtube: channel gone: platform: not found"
		storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error {
			if err := tx.StartSyncEntry(ctx, ws, job.ID, e0.ID); err != nil {
				return err
			}
			if err := tx.FinishSyncEntry(ctx, ws, job.ID, &e0); err != nil {
				return err
			}
			if err := tx.FinishSyncEntry(ctx, ws, job.ID, &e1); err != nil {
				return err
			}
			return tx.StartSyncEntry(ctx, ws, job.ID, job.Entries[2].ID)
		}))
		got, err := f.DB.SyncJob(ctx, ws, job.ID)
		if err != nil {
			t.Fatal(err)
		}
		// Two of three finished, one of them failed; the heartbeat moved
		// to the clock's 03:00:10.
		if got.Status != store.SyncRunning || got.Done != 2 || got.Failed != 1 || got.StartedAt == nil || got.UpdatedAt != clock.Unix() {
			t.Errorf("running job %+v", got)
		}
		if g := got.Entries[0]; g.Status != store.SyncDone || g.CreatorID == nil || *g.CreatorID != cr.ID || g.PostsAdded != 3 || g.Comments != 7 ||
			g.FinishedAt == nil || *g.FinishedAt != clock.Unix() {
			t.Errorf("stored entry %+v", g)
		}
		if g := got.Entries[1]; g.Status != store.SyncFailed || g.Error != e1.Error || g.CreatorID != nil {
			t.Errorf("failed entry %+v", g)
		}
		if g := got.Entries[2]; g.Status != store.SyncRunning || g.Platform != "tiktok" || g.Handle != "leo" {
			t.Errorf("running entry %+v", g)
		}

		// Another workspace sees neither the job nor it in its list.
		other, _ := f.AddWorkspace(t, "rival", "owner@rival.test")
		if _, err := f.DB.SyncJob(ctx, other.ID, job.ID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("other workspace: %v", err)
		}
		if js, err := f.DB.SyncJobs(ctx, other.ID, 10); err != nil || len(js) != 0 {
			t.Errorf("other workspace lists %d jobs, %v", len(js), err)
		}

		// Start-up recovery: a heartbeat at 03:00:10 is older than 03:00:11
		// but not than 03:00:10 itself.
		var n int64
		storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) (err error) {
			n, err = tx.InterruptSyncJobs(ctx, clock.Unix(), "stopped")
			return err
		}))
		if n != 0 {
			t.Errorf("interrupted %d jobs with a fresh heartbeat", n)
		}
		storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) (err error) {
			n, err = tx.InterruptSyncJobs(ctx, clock.Unix()+1, "the server stopped")
			return err
		}))
		got, err = f.DB.SyncJob(ctx, ws, job.ID)
		if err != nil {
			t.Fatal(err)
		}
		// The running third entry is skipped and counted: done 3, failed 2.
		if n != 1 || got.Status != store.SyncInterrupted || got.Done != 3 || got.Failed != 2 || got.Message != "the server stopped" ||
			got.FinishedAt == nil || !got.Finished() {
			t.Errorf("interrupted %d: %+v", n, got)
		}
		if g := got.Entries[2]; g.Status != store.SyncSkipped || g.Error != "the server stopped" {
			t.Errorf("unfinished entry %+v", g)
		}
		if g := got.Entries[0]; g.Status != store.SyncDone || g.Error != "" {
			t.Errorf("finished entry changed: %+v", g)
		}
		js, err := f.DB.SyncJobs(ctx, ws, 10)
		if err != nil || len(js) != 1 || js[0].ID != job.ID || js[0].Entries != nil || js[0].StartedBy != f.Owner.Email {
			t.Errorf("list %+v, %v", js, err)
		}
	})
}

// TestSyncJobsNewestFirst lists jobs newest first within the limit.
func TestSyncJobsNewestFirst(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		ctx := storetest.Ctx(t)
		ws := f.Workspace.ID
		var ids []int64
		for _, h := range []string{"a", "b", "c"} {
			j := &store.SyncJob{WorkspaceID: ws, Entries: []store.SyncEntry{{Platform: "tiktok", Handle: h}}}
			storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error { return tx.CreateSyncJob(ctx, j) }))
			ids = append(ids, j.ID)
		}
		js, err := f.DB.SyncJobs(ctx, ws, 2)
		if err != nil || len(js) != 2 || js[0].ID != ids[2] || js[1].ID != ids[1] {
			t.Errorf("latest two: %+v, %v", js, err)
		}
		// A finished job is no longer recovered at start-up.
		storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error { return tx.FinishSyncJob(ctx, ws, ids[0], store.SyncDone, "") }))
		var n int64
		storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) (err error) {
			n, err = tx.InterruptSyncJobs(ctx, f.DB.Now().Unix()+1, "stopped")
			return err
		}))
		if n != 2 {
			t.Errorf("interrupted %d queued jobs, want the 2 unfinished", n)
		}
	})
}
