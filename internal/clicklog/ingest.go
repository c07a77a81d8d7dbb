package clicklog

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/chorushq/chorus/internal/store"
)

// ingest moves records into the database until Close, then drains. When
// it has caught up it waits for new records, then lets them gather for the
// ingest delay, and longer while clicks pour in (up to MaxLag), unless
// someone is waiting in Flush.
func (l *Log) ingest(ctx context.Context) {
	defer close(l.done)
	var r reader
	defer r.close()
	linger := time.NewTimer(0)
	failures := 0
	urgent := true // at Open, Flush waits for the replay
	for {
		full, err := l.ingestOnce(ctx, &r)
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			failures++
			wait := retryWait(failures)
			l.log.Error("click log: ingesting into the database failed; the clicks stay in the log and are retried", "err", err, "retry_in", wait)
			select {
			case <-time.After(wait):
			case <-ctx.Done():
				return
			}
			continue
		}
		failures = 0
		if full {
			continue
		}
		if !urgent {
			select {
			case <-l.wake:
			case <-l.urgent:
				urgent = true
			case <-l.stop:
				if l.caughtUp() {
					return
				}
				urgent = true
			case <-ctx.Done():
				return
			}
		}
		for !urgent {
			before := l.appended.Load()
			linger.Reset(l.delay)
			select {
			case <-linger.C:
			case <-l.urgent:
				urgent = true
			case <-l.stop:
				urgent = true
			case <-ctx.Done():
				return
			}
			linger.Stop()
			if l.appended.Load()-before <= l.busy || l.lag() >= l.maxLag {
				break
			}
		}
		// Draining for Close or Flush: keep going until caught up.
		urgent = l.stopping() && !l.caughtUp()
		select {
		case <-l.urgent:
			urgent = true
		default:
		}
	}
}

// lag is how long the oldest record not yet ingested has waited.
func (l *Log) lag() time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.ingested == l.durable {
		return 0
	}
	return time.Since(l.behind)
}

func (l *Log) caughtUp() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.ingested == l.durable
}

func (l *Log) stopping() bool {
	select {
	case <-l.stop:
		return true
	default:
		return false
	}
}

// ingestOnce moves up to MaxIngest clicks into the database and reports
// whether more may be waiting (it stopped at MaxIngest or at the end of a
// segment).
func (l *Log) ingestOnce(ctx context.Context, r *reader) (more bool, err error) {
	l.mu.Lock()
	pos, durable := l.ingested, l.durable
	l.mu.Unlock()
	if !pos.less(durable) {
		return false, nil
	}
	limit := durable.Off // in the segment being appended to, only what is synced
	if pos.Seg < durable.Seg {
		limit = l.segSize // a finished segment: its records end at zeros
	}
	clicks, next, err := r.read(l.dir, pos, limit, l.maxIngest)
	if err != nil {
		return false, err
	}
	if next == pos {
		if pos.Seg == durable.Seg {
			return false, fmt.Errorf("segment %d offset %d: no intact record before the synced end %d", pos.Seg, pos.Off, durable.Off)
		}
		next = Position{pos.Seg + 1, 0}
	}
	dropped, err := l.st.IngestClicks(ctx, l.id, next.Seg, next.Off, clicks)
	if err != nil {
		return false, fmt.Errorf("ingest %d clicks: %w", len(clicks), err)
	}
	if dropped > 0 {
		l.log.Info("click log: dropped clicks of links deleted since", "clicks", dropped)
	}
	l.mu.Lock()
	l.ingested = next
	l.notifyLocked()
	l.mu.Unlock()
	if next.Seg > pos.Seg {
		r.close()
		if err := l.removeBefore(next.Seg); err != nil {
			l.log.Warn("click log: removing ingested segments", "err", err)
		}
		return true, nil
	}
	return len(clicks) >= l.maxIngest || next.less(durable), nil
}

// reader reads records from one segment at a time.
type reader struct {
	seg int64
	f   *os.File
	buf []byte
}

func (r *reader) close() {
	if r.f != nil {
		r.f.Close()
		r.f = nil
	}
}

// read decodes whole records from pos up to limit until max clicks, and
// returns them with the position after the last one.
func (r *reader) read(dir string, pos Position, limit int64, max int) ([]store.Click, Position, error) {
	if r.f == nil || r.seg != pos.Seg {
		r.close()
		f, err := os.Open(segName(dir, pos.Seg))
		if err != nil {
			return nil, pos, err
		}
		r.f, r.seg = f, pos.Seg
	}
	rest := limit - pos.Off
	for size := min(rest, 4<<20); ; size = min(2*size, rest) {
		if int64(cap(r.buf)) < size {
			r.buf = make([]byte, size)
		}
		n, err := r.f.ReadAt(r.buf[:size], pos.Off)
		if err != nil && !errors.Is(err, io.EOF) {
			return nil, pos, fmt.Errorf("read segment %d: %w", pos.Seg, err)
		}
		clicks, used, cut, err := decodeRecords(r.buf[:n], max)
		if err != nil {
			return nil, pos, fmt.Errorf("segment %d after offset %d: %w", pos.Seg, pos.Off, err)
		}
		if used == 0 && cut && int64(n) == size && size < rest {
			continue // the first record is bigger than the buffer
		}
		return clicks, Position{pos.Seg, pos.Off + int64(used)}, nil
	}
}

// decodeRecords decodes the whole records at the start of b until max
// clicks, returning how many bytes they took and whether b ended inside a
// record.
func decodeRecords(b []byte, max int) (clicks []store.Click, used int, cut bool, err error) {
	for len(clicks) < max {
		payload, size, short, err := nextRecord(b[used:])
		if err != nil {
			return clicks, used, short, nil
		}
		if clicks, err = decodeRecord(clicks, payload); err != nil {
			return nil, 0, false, fmt.Errorf("offset +%d: %w", used, err)
		}
		used += size
	}
	return clicks, used, false, nil
}
