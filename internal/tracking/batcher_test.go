package tracking

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// recorder is a commit func that records batches and can be held: while
// gate is non-nil, each commit waits for a value on it first.
type recorder struct {
	started atomic.Int64 // commits entered, held or not
	mu      sync.Mutex
	batches [][]int
	gate    chan struct{}
	fail    func(batch []int) error
}

func (r *recorder) commit(ctx context.Context, batch []int) error {
	r.started.Add(1)
	if r.gate != nil {
		select {
		case <-r.gate:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	r.mu.Lock()
	r.batches = append(r.batches, slices.Clone(batch))
	r.mu.Unlock()
	if r.fail != nil {
		return r.fail(batch)
	}
	return nil
}

func (r *recorder) got() [][]int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.batches)
}

// queued returns how many items wait in b's queue, not yet handed to commit.
func queued[T any](b *Batcher[T]) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	n := 0
	for _, bt := range b.queue {
		n += len(bt.items)
	}
	return n
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

// startHeld adds item 0 and waits until its commit is running (and held
// at the gate), so that later items gather behind it.
func startHeld(t *testing.T, b *Batcher[int], r *recorder) <-chan error {
	t.Helper()
	ch := addAsync(b, 0)
	waitFor(t, "first commit to start", func() bool { return r.started.Load() == 1 })
	return ch
}

// queueInOrder adds items from..to one at a time, each after the previous
// is queued, so their order in the queue is known.
func queueInOrder(t *testing.T, b *Batcher[int], from, to int) []<-chan error {
	t.Helper()
	var out []<-chan error
	base := queued(b)
	for i := from; i <= to; i++ {
		out = append(out, addAsync(b, i))
		waitFor(t, fmt.Sprintf("item %d queued", i), func() bool { return queued(b) == base+i-from+1 })
	}
	return out
}

// addAsync starts Add(item) and returns a channel with its result.
func addAsync(b *Batcher[int], item int) <-chan error {
	ch := make(chan error, 1)
	go func() { ch <- b.Add(context.Background(), item) }()
	return ch
}

func closeBatcher(t *testing.T, b *Batcher[int]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := b.Close(ctx); err != nil {
		t.Errorf("Close: %v", err)
	}
}

func TestBatcherLoneItemCommittedAtOnce(t *testing.T) {
	r := &recorder{}
	b := NewBatcher(r.commit, 10, 0)
	defer closeBatcher(t, b)
	for i := range 3 {
		if err := b.Add(context.Background(), i); err != nil {
			t.Fatal(err)
		}
		// Add returned, so its commit ran: nothing waited for company.
		if got := r.got(); len(got) != i+1 || !slices.Equal(got[i], []int{i}) {
			t.Fatalf("after Add(%d): batches %v", i, got)
		}
	}
}

// TestBatcherGathersWhileCommitting holds the first commit, queues items
// one at a time (so their order is known), then releases: the queued items
// must be committed in arrival order, in batches of at most maxBatch.
func TestBatcherGathersWhileCommitting(t *testing.T) {
	r := &recorder{gate: make(chan struct{})}
	b := NewBatcher(r.commit, 4, 0)
	results := []<-chan error{startHeld(t, b, r)}
	results = append(results, queueInOrder(t, b, 1, 9)...)
	close(r.gate) // let every commit through
	for i, ch := range results {
		if err := <-ch; err != nil {
			t.Errorf("Add(%d) = %v", i, err)
		}
	}
	// 1 item in flight when 9 more arrive, maxBatch 4: 1, 4, 4, 1.
	want := [][]int{{0}, {1, 2, 3, 4}, {5, 6, 7, 8}, {9}}
	if got := r.got(); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("batches %v, want %v", got, want)
	}
	closeBatcher(t, b)
}

// TestBatcherErrorsGoToTheirBatch fails the commit of any batch holding
// item 3: exactly the callers whose items shared that batch get the error.
func TestBatcherErrorsGoToTheirBatch(t *testing.T) {
	errBoom := errors.New("disk full")
	r := &recorder{gate: make(chan struct{}), fail: func(batch []int) error {
		if slices.Contains(batch, 3) {
			return errBoom
		}
		return nil
	}}
	b := NewBatcher(r.commit, 2, 0)
	results := map[int]<-chan error{0: startHeld(t, b, r)}
	for i := 1; i <= 6; i++ {
		results[i] = addAsync(b, i)
	}
	waitFor(t, "items queued", func() bool { return queued(b) == 6 })
	close(r.gate)
	errs := map[int]error{}
	for i, ch := range results {
		errs[i] = <-ch
	}
	batches := r.got()
	if len(batches) != 4 { // 1 + 6 items in batches of 2
		t.Fatalf("batches %v, want 4", batches)
	}
	for _, batch := range batches {
		failed := slices.Contains(batch, 3)
		for _, item := range batch {
			if failed && !errors.Is(errs[item], errBoom) {
				t.Errorf("item %d in failed batch %v: Add = %v, want %v", item, batch, errs[item], errBoom)
			}
			if !failed && errs[item] != nil {
				t.Errorf("item %d in good batch %v: Add = %v", item, batch, errs[item])
			}
		}
	}
	closeBatcher(t, b)
}

// TestBatcherConcurrentOrder runs 8 writers of 200 items each: every item
// is committed exactly once, and each writer's items in the order it added
// them (it waits for each Add, so order is well defined).
func TestBatcherConcurrentOrder(t *testing.T) {
	r := &recorder{}
	var commits atomic.Int64
	slow := func(ctx context.Context, batch []int) error {
		commits.Add(1)
		time.Sleep(100 * time.Microsecond) // give arrivals time to gather
		return r.commit(ctx, batch)
	}
	b := NewBatcher(slow, 16, 0)
	const writers, each = 8, 200
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			for i := range each {
				if err := b.Add(context.Background(), w*1000+i); err != nil {
					t.Errorf("Add: %v", err)
					return
				}
			}
		})
	}
	wg.Wait()
	closeBatcher(t, b)

	last := map[int]int{}
	seen := map[int]bool{}
	total := 0
	for _, batch := range r.got() {
		if len(batch) < 1 || len(batch) > 16 {
			t.Errorf("batch of %d items", len(batch))
		}
		for _, item := range batch {
			if seen[item] {
				t.Errorf("item %d committed twice", item)
			}
			seen[item] = true
			total++
			w, i := item/1000, item%1000
			if prev, ok := last[w]; ok && i <= prev {
				t.Errorf("writer %d: item %d committed after %d", w, i, prev)
			}
			last[w] = i
		}
	}
	if total != writers*each {
		t.Errorf("committed %d items, want %d", total, writers*each)
	}
	// With 8 writers each waiting on its own Add, most commits carry more
	// than one item; strictly fewer commits than items proves grouping.
	if n := commits.Load(); n >= writers*each {
		t.Errorf("%d commits for %d items: no grouping", n, writers*each)
	}
}

func TestBatcherCloseDrains(t *testing.T) {
	r := &recorder{gate: make(chan struct{})}
	b := NewBatcher(r.commit, 3, 0)
	results := []<-chan error{startHeld(t, b, r)}
	results = append(results, queueInOrder(t, b, 1, 5)...)

	closed := make(chan error, 1)
	go func() { closed <- b.Close(context.Background()) }()
	waitFor(t, "Close to start", func() bool { b.mu.Lock(); defer b.mu.Unlock(); return b.closed })
	if err := b.Add(context.Background(), 99); !errors.Is(err, ErrBatcherClosed) {
		t.Errorf("Add after Close = %v, want ErrBatcherClosed", err)
	}
	select {
	case err := <-closed:
		t.Fatalf("Close returned %v before the queue drained", err)
	default:
	}
	close(r.gate)
	if err := <-closed; err != nil {
		t.Errorf("Close = %v", err)
	}
	for i, ch := range results {
		if err := <-ch; err != nil {
			t.Errorf("Add(%d) = %v", i, err)
		}
	}
	want := [][]int{{0}, {1, 2, 3}, {4, 5}}
	if got := r.got(); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("batches %v, want %v", got, want)
	}
	if err := b.Close(context.Background()); err != nil {
		t.Errorf("second Close = %v", err)
	}
}

// TestBatcherCloseTimeout: a commit that never finishes on its own is
// cancelled when Close gives up, and its caller hears about it.
func TestBatcherCloseTimeout(t *testing.T) {
	r := &recorder{gate: make(chan struct{})} // never opened
	b := NewBatcher(r.commit, 3, 0)
	added := startHeld(t, b, r)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if err := b.Close(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Close = %v, want DeadlineExceeded", err)
	}
	if err := <-added; !errors.Is(err, context.Canceled) {
		t.Errorf("Add = %v, want the commit's context.Canceled", err)
	}
}

func TestBatcherAddContext(t *testing.T) {
	r := &recorder{gate: make(chan struct{})}
	b := NewBatcher(r.commit, 3, 0)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := b.Add(ctx, 1); !errors.Is(err, context.Canceled) {
		t.Errorf("Add with cancelled ctx = %v, want Canceled", err)
	}
	if n := queued(b); n != 0 {
		t.Errorf("cancelled Add queued %d items", n)
	}

	ctx, cancel = context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	if err := b.Add(ctx, 2); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Add whose ctx ends while waiting = %v, want DeadlineExceeded", err)
	}
	close(r.gate) // the item was queued before ctx ended: it is still committed
	closeBatcher(t, b)
	if got := r.got(); fmt.Sprint(got) != "[[2]]" {
		t.Errorf("batches %v, want [[2]]", got)
	}
}

func TestBatcherMaxWait(t *testing.T) {
	// A lone item waits maxWait for company, then goes alone.
	r := &recorder{}
	b := NewBatcher(r.commit, 3, 40*time.Millisecond)
	start := time.Now()
	if err := b.Add(context.Background(), 1); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d < 40*time.Millisecond {
		t.Errorf("lone item committed after %s, want at least the 40ms maxWait", d)
	}
	closeBatcher(t, b)

	// A batch that fills goes at once, long before maxWait.
	r = &recorder{}
	b = NewBatcher(r.commit, 3, time.Minute)
	start = time.Now()
	results := []<-chan error{addAsync(b, 1), addAsync(b, 2), addAsync(b, 3)}
	for _, ch := range results {
		if err := <-ch; err != nil {
			t.Fatal(err)
		}
	}
	if d := time.Since(start); d > 30*time.Second {
		t.Errorf("full batch waited %s", d)
	}
	if got := r.got(); len(got) != 1 || len(got[0]) != 3 {
		t.Errorf("batches %v, want one of 3", got)
	}
	// Close does not wait out maxWait either.
	added := addAsync(b, 4)
	waitFor(t, "item queued", func() bool { return queued(b) == 1 })
	closeBatcher(t, b)
	if err := <-added; err != nil {
		t.Errorf("Add = %v", err)
	}
}

func TestNewBatcherPanicsOnBadArguments(t *testing.T) {
	commit := func(context.Context, []int) error { return nil }
	for _, tt := range []struct {
		name    string
		commit  func(context.Context, []int) error
		max     int
		maxWait time.Duration
	}{
		{"nil commit", nil, 1, 0},
		{"zero maxBatch", commit, 0, 0},
		{"negative maxWait", commit, 1, -time.Second},
	} {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Error("no panic")
				}
			}()
			NewBatcher(tt.commit, tt.max, tt.maxWait)
		})
	}
}

// BenchmarkBatcher measures throughput when each commit costs about 1ms,
// like an fsync: with 256 concurrent callers each commit carries about
// 256 items, so items/s is far above the 1000/s of committing one by one.
func BenchmarkBatcher(b *testing.B) {
	for _, callers := range []int{1, 16, 256} {
		b.Run(fmt.Sprintf("fsync-1ms-callers-%d", callers), func(b *testing.B) {
			var commits atomic.Int64
			bt := NewBatcher(func(ctx context.Context, batch []int) error {
				commits.Add(1)
				time.Sleep(time.Millisecond)
				return nil
			}, 1000, 0)
			defer bt.Close(context.Background())
			b.SetParallelism(max(1, callers/runtimeProcs()))
			b.ReportAllocs()
			start := time.Now()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if err := bt.Add(context.Background(), 1); err != nil {
						b.Error(err)
						return
					}
				}
			})
			b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "items/s")
			b.ReportMetric(float64(b.N)/float64(commits.Load()), "items/commit")
		})
	}
	b.Run("overhead-instant-commit", func(b *testing.B) {
		bt := NewBatcher(func(context.Context, []int) error { return nil }, 1000, 0)
		defer bt.Close(context.Background())
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if err := bt.Add(context.Background(), 1); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
}

func runtimeProcs() int { return runtime.GOMAXPROCS(0) }

// TestBatcherSubmit: Submit gets its own batch's verdict, like Add, and
// ErrBatcherClosed after Close.
func TestBatcherSubmit(t *testing.T) {
	errBoom := errors.New("disk full")
	r := &recorder{fail: func(batch []int) error {
		if slices.Contains(batch, 2) {
			return errBoom
		}
		return nil
	}}
	b := NewBatcher(r.commit, 1, 0)
	for _, tt := range []struct {
		item int
		want error
	}{{1, nil}, {2, errBoom}, {3, nil}} {
		if err := b.Submit(tt.item); !errors.Is(err, tt.want) {
			t.Errorf("Submit(%d) = %v, want %v", tt.item, err, tt.want)
		}
	}
	if got := r.got(); fmt.Sprint(got) != "[[1] [2] [3]]" {
		t.Errorf("batches %v, want [[1] [2] [3]]", got)
	}
	closeBatcher(t, b)
	if err := b.Submit(4); !errors.Is(err, ErrBatcherClosed) {
		t.Errorf("Submit after Close = %v, want ErrBatcherClosed", err)
	}
}
