// Package clicklog is the click journal. An answered click must be on disk,
// and a database transaction per group of clicks costs the redirect more
// than the HTTP server does; so clicks from concurrent requests are
// appended to a file as one record and made durable with one fdatasync
// (group commit), and a background ingester moves them into the database
// in large transactions, recording in the same transaction how far it has
// read. A click is therefore stored in the database exactly once: a crash
// before the ingester's commit replays the record, a crash after it does
// not.
package clicklog

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/chorushq/chorus/internal/store"
	"github.com/chorushq/chorus/internal/tracking"
)

// Store is where the ingester puts clicks.
type Store interface {
	// ClickLogCheckpoint returns how far log id has been ingested; 0, 0
	// for a log it has never seen.
	ClickLogCheckpoint(ctx context.Context, id string) (seg, off int64, err error)
	// IngestClicks stores clicks and sets log id's checkpoint to seg, off
	// in one transaction. Clicks of links deleted since are dropped, and
	// their number returned.
	IngestClicks(ctx context.Context, id string, seg, off int64, clicks []store.Click) (dropped int, err error)
}

// Options tune a Log; the zero value is the default.
type Options struct {
	// SegmentSize is the size of each file of the log; 0 means 16 MiB.
	SegmentSize int64
	// MaxBatch is the most clicks one group commit carries; 0 means 1,000.
	MaxBatch int
	// GroupWait is how long a group commit that starts while the log is
	// idle waits for company; 0 means 200 µs. Each fdatasync costs about
	// 50 µs of kernel CPU here, so fuller groups leave more CPU for
	// answering: +6% requests/s at 64 connections (bench/redirect-cpu.sh),
	// for a fifth of a millisecond more on a lone click.
	GroupWait time.Duration
	// MaxIngest is the most clicks one database transaction carries; 0
	// means 20,000.
	MaxIngest int
	// IngestDelay is how long the ingester lets clicks gather before a
	// transaction, unless someone waits in Flush; 0 means 100 ms. A
	// transaction costs the same few hundred microseconds whether it holds
	// ten clicks or thousands, CPU the redirect competes for.
	IngestDelay time.Duration
	// MaxLag is how long ingestion may be put off while clicks arrive
	// faster than BusyRate a second; 0 means 30 s. During a wave of clicks
	// the CPU goes to answering them and reports trail by up to MaxLag.
	MaxLag time.Duration
	// BusyRate is the clicks a second above which the redirect counts as
	// busy; 0 means 5,000.
	BusyRate int
	Log      *slog.Logger
}

// Position is a place in the log: a segment and a byte offset in it.
type Position struct{ Seg, Off int64 }

func (p Position) less(q Position) bool {
	return p.Seg < q.Seg || p.Seg == q.Seg && p.Off < q.Off
}

// Log is an open click journal with its ingester.
type Log struct {
	dir, id   string
	st        Store
	log       *slog.Logger
	segSize   int64
	maxIngest int
	delay     time.Duration
	maxLag    time.Duration
	busy      int64 // clicks per delay above which ingestion waits
	lock      *os.File
	batch     *tracking.Batcher[store.Click]

	// Owned by the batcher's one committing goroutine.
	f      *os.File // segment being appended to
	pos    Position // where the next record goes
	buf    []byte
	broken error         // a failed fdatasync: nothing more is accepted
	spare  chan spareSeg // the next segment, being prepared

	appended atomic.Int64 // clicks made durable since Open

	mu       sync.Mutex
	durable  Position      // every record before it is on disk
	ingested Position      // every record before it is in the database
	behind   time.Time     // when ingested last fell behind durable
	changed  chan struct{} // closed and replaced when either moves

	wake   chan struct{} // capacity 1: new records for the ingester
	urgent chan struct{} // capacity 1: someone waits in Flush
	stop   chan struct{} // closed by Close: drain, then return
	done   chan struct{} // closed when the ingester returns
	cancel context.CancelFunc
}

type spareSeg struct {
	f   *os.File
	err error
}

// Open opens the log in dir (made if missing), recovers from a crash (the
// remains of a torn record are zeroed), ingests every record the database
// lacks, and returns once the database holds every click ever answered.
func Open(ctx context.Context, dir string, st Store, opt Options) (*Log, error) {
	if opt.SegmentSize == 0 {
		opt.SegmentSize = 16 << 20
	}
	if opt.MaxBatch == 0 {
		opt.MaxBatch = 1000
	}
	if opt.MaxIngest == 0 {
		opt.MaxIngest = 20_000
	}
	if opt.GroupWait == 0 {
		opt.GroupWait = 200 * time.Microsecond
	}
	if opt.IngestDelay == 0 {
		opt.IngestDelay = 100 * time.Millisecond
	}
	if opt.MaxLag == 0 {
		opt.MaxLag = 30 * time.Second
	}
	if opt.BusyRate == 0 {
		opt.BusyRate = 5000
	}
	if opt.Log == nil {
		opt.Log = slog.New(slog.DiscardHandler)
	}
	if min := int64(opt.MaxBatch) * maxClickBytes; opt.SegmentSize < min {
		return nil, fmt.Errorf("click log: segment size %d is below %d, what a batch of %d clicks may take", opt.SegmentSize, min, opt.MaxBatch)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("click log: %w", err)
	}
	lock, err := lockDir(dir)
	if err != nil {
		return nil, err
	}
	l := &Log{dir: dir, st: st, log: opt.Log, segSize: opt.SegmentSize, maxIngest: opt.MaxIngest, delay: opt.IngestDelay,
		maxLag: opt.MaxLag, busy: int64(opt.BusyRate) * int64(opt.IngestDelay) / int64(time.Second), lock: lock,
		spare: make(chan spareSeg, 1), changed: make(chan struct{}), wake: make(chan struct{}, 1),
		urgent: make(chan struct{}, 1), stop: make(chan struct{}), done: make(chan struct{})}
	if err := l.recover(ctx); err != nil {
		l.closeFiles()
		return nil, fmt.Errorf("click log %s: %w", dir, err)
	}
	ictx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	l.cancel = cancel
	go l.ingest(ictx)
	if err := l.Flush(ctx); err != nil {
		close(l.stop)
		cancel()
		<-l.done
		l.closeFiles()
		return nil, fmt.Errorf("click log %s: replaying into the database: %w", dir, err)
	}
	l.prepareSpare(l.pos.Seg + 1)
	l.batch = tracking.NewBatcher(l.write, opt.MaxBatch, opt.GroupWait)
	return l, nil
}

// recover finds where the log ends and where the database stopped reading.
func (l *Log) recover(ctx context.Context) error {
	if err := removeLeftovers(l.dir); err != nil {
		return err
	}
	id, err := logID(l.dir)
	if err != nil {
		return fmt.Errorf("log id: %w", err)
	}
	l.id = id
	seg, off, err := l.st.ClickLogCheckpoint(ctx, id)
	if err != nil {
		return err
	}
	segs, err := segments(l.dir)
	if err != nil {
		return err
	}
	if len(segs) == 0 {
		n := max(seg, 1)
		if l.f, err = prepareSegment(l.dir, n, l.segSize); err != nil {
			return err
		}
		if err := installSegment(l.dir, n); err != nil {
			return err
		}
		l.pos = Position{n, 0}
	} else {
		last := segs[len(segs)-1]
		if l.f, err = os.OpenFile(segName(l.dir, last), os.O_RDWR, 0); err != nil {
			return err
		}
		end, dirty, err := scanEnd(l.f, 0)
		if err != nil {
			return fmt.Errorf("segment %d: %w", last, err)
		}
		if dirty {
			// Never acknowledged: the request waited for a sync that
			// did not finish.
			l.log.Warn("click log: discarding a torn record", "segment", last, "offset", end)
			if err := zeroFrom(l.f, end); err != nil {
				return fmt.Errorf("segment %d: %w", last, err)
			}
		}
		l.pos = Position{last, end}
	}
	l.durable = l.pos
	cp := Position{seg, off}
	first := l.pos.Seg
	if len(segs) > 0 {
		first = segs[0]
	}
	switch {
	case cp.Seg == 0:
		cp = Position{first, 0}
	case cp.Seg < first:
		// The database is older than the log (restored from a backup):
		// what the log no longer holds cannot be replayed.
		l.log.Warn("click log: the database's checkpoint is before the oldest segment; replaying what remains",
			"checkpoint_segment", cp.Seg, "oldest_segment", first)
		cp = Position{first, 0}
	case l.pos.less(cp):
		return fmt.Errorf("the database has read up to segment %d offset %d, past the end of this log (segment %d offset %d): is this the right directory for this database?",
			cp.Seg, cp.Off, l.pos.Seg, l.pos.Off)
	}
	l.ingested = cp
	return l.removeBefore(cp.Seg)
}

// Append records c durably and returns once it is on disk, or with the
// error that kept it from being so. It waits for the group commit even if
// ctx ends: the commit is one fdatasync away, and a visitor who left still
// clicked.
func (l *Log) Append(ctx context.Context, c store.Click) error {
	return l.batch.Submit(c)
}

// write is the group commit: one record, one write, one fdatasync.
func (l *Log) write(_ context.Context, clicks []store.Click) error {
	if l.broken != nil {
		return l.broken
	}
	l.buf = appendRecord(l.buf[:0], clicks)
	if int64(len(l.buf)) > l.segSize {
		return fmt.Errorf("click log: a record of %d clicks takes %d bytes, more than a segment (%d)", len(clicks), len(l.buf), l.segSize)
	}
	if l.pos.Off+int64(len(l.buf)) > l.segSize {
		if err := l.rotate(); err != nil {
			return err
		}
	}
	// A failed or partial write leaves pos where it was: the next record
	// overwrites it, and readers never look past durable.
	if _, err := l.f.WriteAt(l.buf, l.pos.Off); err != nil {
		return fmt.Errorf("click log: write: %w", err)
	}
	if err := syscall.Fdatasync(int(l.f.Fd())); err != nil {
		// After a failed sync the kernel may have dropped the dirty
		// pages, so nothing written since the last good sync can be
		// trusted to be on disk or to be retried. Refuse everything
		// until a restart recovers from what is on disk.
		l.broken = fmt.Errorf("click log: fdatasync failed, restart the server: %w", err)
		return l.broken
	}
	l.pos.Off += int64(len(l.buf))
	if cap(l.buf) > 4<<20 {
		l.buf = nil // one huge batch should not pin its buffer
	}
	l.mu.Lock()
	if l.ingested == l.durable {
		l.behind = time.Now()
	}
	l.durable = l.pos
	l.notifyLocked()
	l.mu.Unlock()
	l.appended.Add(int64(len(clicks)))
	select {
	case l.wake <- struct{}{}:
	default:
	}
	return nil
}

// rotate moves appending to the next segment, prepared in the background.
func (l *Log) rotate() error {
	next := l.pos.Seg + 1
	sp := <-l.spare
	if sp.err != nil {
		l.prepareSpare(next)
		return sp.err
	}
	if err := installSegment(l.dir, next); err != nil {
		sp.f.Close()
		l.prepareSpare(next)
		return err
	}
	l.f.Close()
	l.f, l.pos = sp.f, Position{next, 0}
	l.prepareSpare(next + 1)
	return nil
}

func (l *Log) prepareSpare(n int64) {
	go func() {
		f, err := prepareSegment(l.dir, n, l.segSize)
		l.spare <- spareSeg{f, err}
	}()
}

// Flush returns once every click answered before it was called is in the
// database. Work that reads clicks by id, such as attributing an order to
// the click that brought its buyer, calls it first.
func (l *Log) Flush(ctx context.Context) error {
	l.mu.Lock()
	target := l.durable
	l.mu.Unlock()
	select {
	case l.urgent <- struct{}{}:
	default:
	}
	for {
		l.mu.Lock()
		ing, ch := l.ingested, l.changed
		l.mu.Unlock()
		if !ing.less(target) {
			return nil
		}
		select {
		case <-ch:
		case <-l.done:
			return errors.New("click log: the ingester has stopped")
		case <-ctx.Done():
			return fmt.Errorf("click log: waiting for the database to catch up: %w", ctx.Err())
		}
	}
}

// Stats tells how far the log has been written and ingested.
type Stats struct {
	ID                string
	Durable, Ingested Position
}

// Stats returns the log's positions.
func (l *Log) Stats() Stats {
	l.mu.Lock()
	defer l.mu.Unlock()
	return Stats{ID: l.id, Durable: l.durable, Ingested: l.ingested}
}

// Close stops accepting clicks, waits for the last group commit and for
// the ingester to put everything in the database. If ctx ends first the
// ingester is stopped where it is; what it had not ingested stays in the
// log for the next Open.
func (l *Log) Close(ctx context.Context) error {
	err := l.batch.Close(ctx)
	close(l.stop)
	select {
	case <-l.done:
	case <-ctx.Done():
		err = errors.Join(err, fmt.Errorf("click log: stopped before the database caught up (the rest is replayed at the next start): %w", ctx.Err()))
	}
	l.cancel()
	<-l.done
	if sp := <-l.spare; sp.f != nil {
		sp.f.Close()
		os.Remove(sp.f.Name())
	}
	return errors.Join(err, l.closeFiles())
}

func (l *Log) closeFiles() error {
	var errs []error
	if l.f != nil {
		errs = append(errs, l.f.Close())
	}
	return errors.Join(append(errs, l.lock.Close())...)
}

func (l *Log) notifyLocked() {
	close(l.changed)
	l.changed = make(chan struct{})
}

// removeBefore deletes the segments before seg: the database has them all.
func (l *Log) removeBefore(seg int64) error {
	segs, err := segments(l.dir)
	if err != nil {
		return err
	}
	for _, n := range segs {
		if n >= seg {
			break
		}
		if err := os.Remove(segName(l.dir, n)); err != nil {
			return err
		}
	}
	return nil
}

// retryWait is how long the ingester waits after a failed transaction
// before it tries again, doubling up to a minute.
func retryWait(failures int) time.Duration {
	return min(100*time.Millisecond<<min(failures, 10), time.Minute)
}
