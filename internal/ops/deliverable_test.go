package ops

import (
	"testing"
	"time"
)

func day(d int) time.Time { return time.Date(2026, 11, d, 12, 0, 0, 0, time.UTC) }

func tp(t time.Time) *time.Time { return &t }

func TestRecordOf(t *testing.T) {
	now := day(20)
	ds := []Deliverable{
		{Due: day(10), Status: Live, SubmittedAt: tp(day(9))},       // on time
		{Due: day(10), Status: Approved, SubmittedAt: tp(day(10))},  // on time: exactly at due
		{Due: day(10), Status: Submitted, SubmittedAt: tp(day(11))}, // late
		{Due: day(15), Status: Planned},                             // late: overdue, still open
		{Due: day(25), Status: Planned},                             // open: not yet due
		{Due: day(12), Status: Missed, MissedAt: tp(day(14))},       // missed
		{Due: day(12), Status: Missed, SubmittedAt: tp(day(11))},    // missed wins: marked by hand
		{Due: day(25), Status: Submitted, SubmittedAt: tp(day(19))}, // on time, early
	}
	// By hand: on time 3 (rows 1, 2, 8), late 2 (rows 3, 4), missed 2 (rows 6, 7).
	got := RecordOf(ds, now)
	want := Record{OnTime: 3, Late: 2, Missed: 2}
	if got != want {
		t.Fatalf("record %+v, want %+v", got, want)
	}
	if got.Total() != 7 || got.OnTimeShare() != 3.0/7 {
		t.Errorf("total %d share %v, want 7 and 3/7", got.Total(), got.OnTimeShare())
	}
	dl := Deliveries(ds, now)
	if len(dl) != 7 {
		t.Fatalf("%d deliveries, want 7", len(dl))
	}
	// engagement counts on time as delivered no later than due: 3 of 7.
	on := 0
	for _, d := range dl {
		if !d.Delivered.IsZero() && !d.Delivered.After(d.Due) {
			on++
		}
	}
	if on != 3 {
		t.Errorf("%d on time for engagement, want 3", on)
	}
}

func TestSetStatus(t *testing.T) {
	d := Deliverable{Status: Planned, Due: day(10)}
	d.SetStatus(Live, day(9).Add(1500*time.Millisecond))
	// Going straight live stamps submitted and approved at the same second.
	for name, p := range map[string]*time.Time{"submitted": d.SubmittedAt, "approved": d.ApprovedAt, "live": d.LiveAt} {
		if p == nil || !p.Equal(day(9).Add(time.Second)) {
			t.Errorf("%s at %v, want %v", name, p, day(9).Add(time.Second))
		}
	}
	// Back to planned, then submitted again later: the first delivery stays.
	d.SetStatus(Planned, day(11))
	d.SetStatus(Submitted, day(12))
	if !d.SubmittedAt.Equal(day(9).Add(time.Second)) || d.Status != Submitted {
		t.Errorf("after resubmit: %v %s", d.SubmittedAt, d.Status)
	}
	if d.Overdue(day(13)) {
		t.Error("submitted deliverable reported overdue")
	}
	if !(Deliverable{Status: Planned, Due: day(10)}).Overdue(day(10).Add(time.Second)) {
		t.Error("planned deliverable one second past due not overdue")
	}
}

func TestDeliverableValidate(t *testing.T) {
	d := Deliverable{Kind: "tweet", Platform: "myspace", Status: "done"}
	errs := d.Validate()
	want := []string{
		`kind: "tweet" is not one of post, reel, story, video, short, blog`,
		`platform: "myspace" is not one of instagram, tiktok, youtube, blog, other`,
		"due: is required",
		`status: status "done" is not one of planned, submitted, approved, live, missed`,
		"collaboration_id: is required",
	}
	if len(errs) != len(want) {
		t.Fatalf("errors %v, want %v", errs, want)
	}
	for i := range want {
		if errs[i].Error() != want[i] {
			t.Errorf("error %d %q, want %q", i, errs[i].Error(), want[i])
		}
	}
}
