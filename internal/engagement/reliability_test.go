package engagement

import (
	"testing"
	"time"
)

func TestSetReplies(t *testing.T) {
	tests := []struct {
		name              string
		comments, replied int
		delay             time.Duration
		want              Reliability
	}{
		{"rate and delay", 40, 10, 150 * time.Minute, Reliability{Comments: 40, Replied: 10, ReplyRate: 0.25, ReplyHours: 2.5}},
		// More replies than comments is bad input: capped at all of them.
		{"capped", 4, 9, time.Hour, Reliability{Comments: 4, Replied: 4, ReplyRate: 1, ReplyHours: 1}},
		// No reply: a delay means nothing.
		{"none replied", 5, 0, time.Hour, Reliability{Comments: 5}},
		{"no comments: unknown", 0, 0, time.Hour, Reliability{}},
	}
	for _, tt := range tests {
		var r Reliability
		r.SetReplies(tt.comments, tt.replied, tt.delay)
		if r != tt.want {
			t.Errorf("%s: %+v, want %+v", tt.name, r, tt.want)
		}
	}
}
