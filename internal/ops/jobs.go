package ops

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"
)

// Job is a named piece of work run every Period.
type Job struct {
	Name   string
	Period time.Duration
	Run    func(ctx context.Context) error
}

// Jobs is the registry of periodic background work. Each job runs in its
// own goroutine, first one period after Start, never twice at once; Stop
// cancels the context of running jobs and waits for them to return.
type Jobs struct {
	log    *slog.Logger
	mu     sync.Mutex
	jobs   []Job
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// NewJobs makes an empty registry that logs to log.
func NewJobs(log *slog.Logger) *Jobs {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Jobs{log: log}
}

// Add registers a job; it must be called before Start.
func (j *Jobs) Add(job Job) error {
	if job.Name == "" || job.Period <= 0 || job.Run == nil {
		return fmt.Errorf("job %q: needs a name, a positive period and a function", job.Name)
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.cancel != nil {
		return fmt.Errorf("job %q: the jobs have started", job.Name)
	}
	j.jobs = append(j.jobs, job)
	return nil
}

// Names lists the registered jobs.
func (j *Jobs) Names() []string {
	j.mu.Lock()
	defer j.mu.Unlock()
	out := make([]string, len(j.jobs))
	for i, job := range j.jobs {
		out[i] = job.Name
	}
	return out
}

// Start runs every job periodically until ctx ends or Stop is called.
// Starting twice is an error.
func (j *Jobs) Start(ctx context.Context) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.cancel != nil {
		return errors.New("jobs: already started")
	}
	ctx, j.cancel = context.WithCancel(ctx)
	for _, job := range j.jobs {
		j.wg.Add(1)
		go j.loop(ctx, job)
	}
	return nil
}

func (j *Jobs) loop(ctx context.Context, job Job) {
	defer j.wg.Done()
	t := time.NewTicker(job.Period)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		start := time.Now()
		if err := j.RunNow(ctx, job); err != nil && ctx.Err() == nil {
			j.log.Error("job failed", "job", job.Name, "err", err, "took", time.Since(start))
			continue
		}
		j.log.Debug("job done", "job", job.Name, "took", time.Since(start))
	}
}

// RunNow runs one job once in the caller's goroutine, turning a panic into
// an error so that one bad run does not end the process.
func (j *Jobs) RunNow(ctx context.Context, job Job) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("job %s: panic: %v", job.Name, p)
		}
	}()
	return job.Run(ctx)
}

// Stop cancels the running jobs and waits for them to return, or for ctx
// to end. Stopping jobs that never started does nothing.
func (j *Jobs) Stop(ctx context.Context) error {
	j.mu.Lock()
	cancel := j.cancel
	j.mu.Unlock()
	if cancel == nil {
		return nil
	}
	cancel()
	done := make(chan struct{})
	go func() { j.wg.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("jobs: stop: %w", ctx.Err())
	}
}
