package web

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/chorushq/chorus/internal/store"
)

// staleAfter is how long after its start an attempt to send a message, or
// an upload file without its row, is surely dead on any node: far beyond the
// mail timeout (30 s) and any upload's request.
const staleAfter = 10 * time.Minute

// recoverAtStart puts right what a crash of the previous process left
// behind: imports recorded as running, messages left "sending", upload files
// saved without their draft row. Errors are logged, not fatal: a server that
// cannot clean up can still serve.
func (s *Server) recoverAtStart(ctx context.Context) {
	now := s.db.Now()
	if n, err := s.db.InterruptImportJobs(ctx, now.Unix()); err != nil {
		s.log.Warn("start-up: interrupted imports", "err", err)
	} else if n > 0 {
		s.log.Warn("start-up: imports cut off by a stop are marked failed; nothing of them was stored", "imports", n)
	}
	s.failStaleSending(ctx, now)
	s.sweepUploads(ctx, time.Now()) // file times are the real clock's
}

// failStaleSending fails the messages whose sending a crash cut off. On
// SQLite one process serves the file, so at start-up every message still
// sending is such a message; on PostgreSQL another node may be sending one
// right now, so only attempts older than staleAfter are, and the periodic
// job catches the rest.
func (s *Server) failStaleSending(ctx context.Context, now time.Time) {
	before := now.Add(-staleAfter).Unix()
	if s.db.Dialect() == store.SQLite {
		before = now.Unix() + 1
	}
	var n int64
	err := s.db.Tx(ctx, func(tx *store.Tx) (err error) {
		n, err = tx.FailStaleSending(ctx, before)
		return err
	})
	switch {
	case err != nil:
		s.log.Warn("start-up: messages left sending", "err", err)
	case n > 0:
		s.log.Warn("start-up: messages a stop cut off while sending are marked failed, to be checked and retried by hand", "messages", n)
	}
}

// recoverSending is the periodic part of failStaleSending, for nodes that
// died and did not come back.
func (s *Server) recoverSending(ctx context.Context) error {
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		_, err := tx.FailStaleSending(ctx, s.db.Now().Add(-staleAfter).Unix())
		return err
	})
}

// sweepUploads removes upload files that no draft names and that are older
// than staleAfter: a crash between saving a file and committing its row
// leaves one (a failed commit removes its files at once, see submitDraft).
// The age keeps a file another node is saving right now.
func (s *Server) sweepUploads(ctx context.Context, now time.Time) {
	if s.cfg.DataDir == "" {
		return
	}
	entries, err := os.ReadDir(s.mediaDir())
	if errors.Is(err, fs.ErrNotExist) {
		return
	}
	if err != nil {
		s.log.Warn("start-up: upload sweep", "err", err)
		return
	}
	named, err := s.db.DraftMediaNames(ctx)
	if err != nil {
		s.log.Warn("start-up: upload sweep", "err", err)
		return
	}
	removed := 0
	for _, e := range entries {
		if !e.Type().IsRegular() || named[e.Name()] {
			continue
		}
		info, err := e.Info()
		if err != nil || info.ModTime().After(now.Add(-staleAfter)) {
			continue
		}
		if err := os.Remove(filepath.Join(s.mediaDir(), e.Name())); err != nil {
			s.log.Warn("start-up: remove an upload no draft names", "file", e.Name(), "err", err)
			continue
		}
		removed++
	}
	if removed > 0 {
		s.log.Info("start-up: removed upload files no draft names", "files", removed)
	}
}
