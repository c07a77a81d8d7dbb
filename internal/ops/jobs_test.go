package ops

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"
)

func TestJobsRunAndStop(t *testing.T) {
	j := NewJobs(nil)
	var runs atomic.Int32
	stopped := make(chan struct{})
	err := j.Add(Job{Name: "tick", Period: time.Millisecond, Run: func(ctx context.Context) error {
		if runs.Add(1) == 3 {
			<-ctx.Done() // a run in progress when Stop is called must be waited for
			close(stopped)
		}
		return nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	if err := j.Add(Job{Name: "bad"}); err == nil {
		t.Error("job without period or function accepted")
	}
	if err := j.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := j.Start(context.Background()); err == nil {
		t.Error("second Start accepted")
	}
	for runs.Load() < 3 {
		time.Sleep(time.Millisecond)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := j.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	select {
	case <-stopped:
	default:
		t.Fatal("Stop returned before the running job did")
	}
	n := runs.Load()
	time.Sleep(5 * time.Millisecond)
	if runs.Load() != n {
		t.Error("job ran after Stop")
	}
}

func TestRunNowRecoversPanic(t *testing.T) {
	j := NewJobs(nil)
	err := j.RunNow(context.Background(), Job{Name: "boom", Run: func(context.Context) error { panic("x") }})
	if err == nil || err.Error() != "job boom: panic: x" {
		t.Fatalf("err %v", err)
	}
	want := errors.New("plain")
	if err := j.RunNow(context.Background(), Job{Name: "e", Run: func(context.Context) error { return want }}); err != want {
		t.Fatalf("err %v, want %v", err, want)
	}
}
