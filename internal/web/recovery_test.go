package web

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chorushq/chorus/internal/campaigns"
	"github.com/chorushq/chorus/internal/store"
	"github.com/chorushq/chorus/internal/store/storetest"
	"golang.org/x/crypto/bcrypt"
)

// TestStartUpRecovery leaves behind what a SIGKILL leaves (an import
// recorded as running, a message "sending", an upload file without its
// draft row) and checks what a new server makes of it on each engine.
func TestStartUpRecovery(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		a := newApp(t, f)
		ctx := context.Background()
		ws := f.Workspace.ID
		k := opsCollab(t, a, campaigns.Contracted)
		// Everything below started 11 minutes ago, past staleAfter, except
		// the fresh message and the import another process still holds.
		t0 := time.Now().Add(-11 * time.Minute)
		f.DB.SetClock(func() time.Time { return t0 })
		dead := &store.ImportJob{WorkspaceID: ws, FileName: "dead.csv"}
		alive := &store.ImportJob{WorkspaceID: ws, FileName: "alive.csv"}
		done := &store.ImportJob{WorkspaceID: ws, FileName: "done.csv"}
		stale := &store.Message{CollaborationID: k.ID, Kind: "outreach", To: "pat@x.test", Subject: "Hi", Text: "Hi"}
		sent := &store.Message{CollaborationID: k.ID, Kind: "outreach", To: "pat@x.test", Subject: "Sent", Text: "Sent"}
		storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error {
			for _, j := range []*store.ImportJob{dead, alive, done} {
				if err := tx.CreateImportJob(ctx, j); err != nil {
					return err
				}
			}
			if err := tx.FinishImportJob(ctx, ws, done.ID, "done", store.ImportOutcome{}); err != nil {
				return err
			}
			for _, m := range []*store.Message{stale, sent} {
				if err := tx.CreateMessage(ctx, ws, m); err != nil {
					return err
				}
			}
			return tx.FinishMessage(ctx, ws, sent.ID, "<id@x>", nil)
		}))
		f.DB.SetClock(time.Now)
		fresh := &store.Message{CollaborationID: k.ID, Kind: "outreach", To: "pat@x.test", Subject: "Now", Text: "Now"}
		storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error { return tx.CreateMessage(ctx, ws, fresh) }))
		release, err := f.DB.HoldImport(ctx, alive.ID)
		storetest.Must(t, err)
		defer release()

		dir := t.TempDir()
		media := filepath.Join(dir, "media")
		storetest.Must(t, os.MkdirAll(media, 0o750))
		for _, name := range []string{"orphan-old.png", "orphan-new.png"} {
			storetest.Must(t, os.WriteFile(filepath.Join(media, name), pngBytes, 0o640))
		}
		storetest.Must(t, os.Chtimes(filepath.Join(media, "orphan-old.png"), t0, t0))

		// The restart.
		if _, err := New(Config{DB: f.DB, BcryptCost: bcrypt.MinCost, DataDir: dir}); err != nil {
			t.Fatal(err)
		}

		sqlite := f.DB.Dialect() == store.SQLite
		for _, tt := range []struct {
			job             *store.ImportJob
			status, message string
		}{
			{dead, "failed", store.ImportInterrupted},
			// SQLite has one process: nothing can hold an import there.
			{alive, map[bool]string{true: "failed", false: "running"}[sqlite], map[bool]string{true: store.ImportInterrupted}[sqlite]},
			{done, "done", ""},
		} {
			j, err := f.DB.ImportJob(ctx, ws, tt.job.ID)
			storetest.Must(t, err)
			if j.Status != tt.status || j.Outcome.Message != tt.message || (tt.status != "running") != (j.FinishedAt != nil) {
				t.Errorf("import %s: %s %q finished %v; want %s %q", j.FileName, j.Status, j.Outcome.Message, j.FinishedAt, tt.status, tt.message)
			}
		}
		msgs, err := f.DB.Messages(ctx, ws, k.ID)
		storetest.Must(t, err)
		want := map[int64]string{stale.ID: store.MessageFailed, sent.ID: store.MessageSent,
			// A message sending for a second may be another node's on
			// PostgreSQL; on SQLite it can only be a dead process's.
			fresh.ID: map[bool]string{true: store.MessageFailed, false: store.MessageSending}[sqlite]}
		for _, m := range msgs {
			if m.Status != want[m.ID] || (m.Status == store.MessageFailed) != (m.Error == store.SendingCutOff) {
				t.Errorf("message %q: %s %q, want %s", m.Subject, m.Status, m.Error, want[m.ID])
			}
		}
		// The failed message can be retried by hand, once.
		w := a.do("member", "POST", fmt.Sprintf("/collaborations/%d/messages/retry", k.ID), "application/x-www-form-urlencoded", fmt.Sprintf("message=%d", stale.ID))
		if w.Code != http.StatusSeeOther {
			t.Errorf("retry of a cut-off message: %d %s", w.Code, w.Body)
		}
		for name, kept := range map[string]bool{"orphan-old.png": false, "orphan-new.png": true} {
			if _, err := os.Stat(filepath.Join(media, name)); (err == nil) != kept {
				t.Errorf("%s: kept %v, want %v", name, err == nil, kept)
			}
		}
	})
}

// TestDraftUploadsRemovedWhenTheCommitFails: the files of a draft whose
// row cannot be saved (here: a version of a draft that does not exist) are
// removed at once.
func TestDraftUploadsRemovedWhenTheCommitFails(t *testing.T) {
	f := storetest.New(t)
	a, dir := opsApp(t, f, 1<<20, nil)
	k := opsCollab(t, a, campaigns.Contracted)
	ct, body := multipartBody(t, map[string]string{"draft": "999999", "caption": "#ad #glow"}, map[string][]byte{"look.png": pngBytes})
	if w := a.do("member", "POST", fmt.Sprintf("/collaborations/%d/drafts", k.ID), ct, body); w.Code != http.StatusNotFound {
		t.Errorf("version of a missing draft: %d, want 404", w.Code)
	}
	entries, err := os.ReadDir(filepath.Join(dir, "media"))
	if err != nil || len(entries) != 0 {
		t.Errorf("media after a failed commit: %d files, %v; want none", len(entries), err)
	}
}
