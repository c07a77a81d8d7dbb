package tracking

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// ErrBatcherClosed is returned by Add after Close.
var ErrBatcherClosed = errors.New("batcher closed")

// Batcher groups items from concurrent callers into batches and commits
// each batch with one call, so that many clicks share one fsync (group
// commit) while every caller still learns whether its own item is durable.
//
// One goroutine commits batches one after another, oldest first. While a
// commit runs, new items gather into the next batch (up to maxBatch items,
// then the one after); when it returns, the gathered batch is committed at
// once. An item that arrives while nothing is running is committed
// immediately unless maxWait asks to linger. So batches grow with load and
// latency stays one commit when idle.
type Batcher[T any] struct {
	commit   func(ctx context.Context, batch []T) error
	maxBatch int
	maxWait  time.Duration

	ctx    context.Context // given to commit; cancelled when Close gives up waiting
	cancel context.CancelFunc

	mu     sync.Mutex
	queue  []*batch[T] // oldest first; only the last may still grow
	closed bool

	wake    chan struct{} // capacity 1: "the queue or closed changed"
	stopped chan struct{} // closed when the committing goroutine returns
}

type batch[T any] struct {
	items   []T
	created time.Time
	done    chan struct{} // closed after commit returned; err is then set
	err     error
}

// NewBatcher starts a Batcher. commit is called with batches of 1 to
// maxBatch items, never concurrently with itself, and must not keep the
// slice. maxWait is how long a batch that is not full may wait for company
// when no commit is running; 0, the right value for the click path, never
// waits: the running commit already gives arrivals time to gather. It
// panics if commit is nil, maxBatch < 1 or maxWait < 0, as these are
// programming errors.
func NewBatcher[T any](commit func(ctx context.Context, batch []T) error, maxBatch int, maxWait time.Duration) *Batcher[T] {
	if commit == nil || maxBatch < 1 || maxWait < 0 {
		panic(fmt.Sprintf("tracking.NewBatcher: need a commit func, maxBatch >= 1 and maxWait >= 0; got maxBatch %d, maxWait %s", maxBatch, maxWait))
	}
	ctx, cancel := context.WithCancel(context.Background())
	b := &Batcher[T]{
		commit:   commit,
		maxBatch: maxBatch,
		maxWait:  maxWait,
		ctx:      ctx,
		cancel:   cancel,
		wake:     make(chan struct{}, 1),
		stopped:  make(chan struct{}),
	}
	go b.run()
	return b
}

// Add queues item and waits until the batch holding it is committed,
// returning that commit's error. If ctx ends first Add returns its error,
// and the item may or may not be committed later. After Close, Add
// returns ErrBatcherClosed.
func (b *Batcher[T]) Add(ctx context.Context, item T) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("batcher add: %w", err)
	}
	bt, err := b.enqueue(item)
	if err != nil {
		return err
	}
	select {
	case <-bt.done:
		return bt.err
	case <-ctx.Done():
		return fmt.Errorf("batcher add: %w", ctx.Err())
	}
}

// Submit is Add without a context: it waits for the commit whatever
// happens to the caller, which saves a select and, for an HTTP request's
// context, the making of its Done channel: about a microsecond a click on
// the redirect. The commit is bounded by the committer (the click log's
// fdatasync), not by the caller.
func (b *Batcher[T]) Submit(item T) error {
	bt, err := b.enqueue(item)
	if err != nil {
		return err
	}
	<-bt.done
	return bt.err
}

func (b *Batcher[T]) enqueue(item T) (*batch[T], error) {
	b.mu.Lock()
	if b.closed {
		b.mu.Unlock()
		return nil, ErrBatcherClosed
	}
	var bt *batch[T]
	if n := len(b.queue); n > 0 && len(b.queue[n-1].items) < b.maxBatch {
		bt = b.queue[n-1]
	} else {
		// items starts empty: when idle most batches hold one item, and
		// append's doubling is cheap for the big ones.
		bt = &batch[T]{done: make(chan struct{})}
		if b.maxWait > 0 {
			bt.created = time.Now()
		}
		b.queue = append(b.queue, bt)
	}
	bt.items = append(bt.items, item)
	b.mu.Unlock()
	b.signal()
	return bt, nil
}

// Close stops accepting items and waits until everything added before it
// is committed. If ctx ends first, Close cancels the context given to
// commit (so a stuck commit can give up; its callers get its error) and
// returns ctx's error without waiting further. Close may be called more
// than once.
func (b *Batcher[T]) Close(ctx context.Context) error {
	b.mu.Lock()
	b.closed = true
	b.mu.Unlock()
	b.signal()
	select {
	case <-b.stopped:
		b.cancel()
		return nil
	case <-ctx.Done():
		b.cancel()
		return fmt.Errorf("batcher close: %w", ctx.Err())
	}
}

func (b *Batcher[T]) signal() {
	select {
	case b.wake <- struct{}{}:
	default: // a wake-up is already pending; one is enough
	}
}

func (b *Batcher[T]) run() {
	defer close(b.stopped)
	var linger *time.Timer
	for {
		b.mu.Lock()
		if len(b.queue) == 0 {
			closed := b.closed
			b.mu.Unlock()
			if closed {
				return
			}
			<-b.wake
			continue
		}
		bt := b.queue[0]
		if b.maxWait > 0 && !b.closed && len(bt.items) < b.maxBatch {
			if wait := b.maxWait - time.Since(bt.created); wait > 0 {
				b.mu.Unlock()
				if linger == nil {
					linger = time.NewTimer(wait)
				} else {
					linger.Reset(wait)
				}
				select {
				case <-b.wake: // more items, or Close: look again
				case <-linger.C:
				}
				linger.Stop()
				continue
			}
		}
		b.queue[0] = nil // let the batch be collected once its callers are gone
		b.queue = b.queue[1:]
		b.mu.Unlock()

		bt.err = b.commit(b.ctx, bt.items)
		close(bt.done)
	}
}
