package web

import (
	"errors"
	"testing"
	"time"
)

func TestAttentionCache(t *testing.T) {
	var a attentionCache
	calls := 0
	compute := func() ([]attentionItem, error) {
		calls++
		return []attentionItem{{CampaignID: int64(calls)}}, nil
	}
	t0 := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	steps := []struct {
		ws        int64
		at        time.Time
		wantCalls int
		wantID    int64
	}{
		{1, t0, 1, 1},                       // computed
		{1, t0.Add(59 * time.Second), 1, 1}, // reused within a minute
		{2, t0.Add(59 * time.Second), 2, 2}, // another workspace has its own
		{1, t0.Add(61 * time.Second), 3, 3}, // stale: computed again
		{1, t0.Add(-time.Hour), 4, 4},       // clock went back: not trusted
	}
	for i, s := range steps {
		got, err := a.get(s.ws, s.at, compute)
		if err != nil || calls != s.wantCalls || got[0].CampaignID != s.wantID {
			t.Errorf("step %d: got %+v, %v after %d computations; want campaign %d after %d", i, got, err, calls, s.wantID, s.wantCalls)
		}
	}
	boom := errors.New("boom")
	if _, err := a.get(3, t0, func() ([]attentionItem, error) { return nil, boom }); !errors.Is(err, boom) {
		t.Errorf("error not passed on: %v", err)
	}
	if _, ok := a.m[3]; ok {
		t.Error("a failed computation was cached")
	}
}
