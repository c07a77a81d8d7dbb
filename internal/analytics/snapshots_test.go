package analytics

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestParseSnapshotsCSV(t *testing.T) {
	in := "post_id,at,views,likes,completion_rate,link_clicks\n" +
		"7,2026-11-02,1000,\"1,200\",45%,\n" +
		"7,2026-11-03T12:00:00Z,2500,1500,0.5,40\n"
	got, err := ParseSnapshotsCSV(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("got %d snapshots", len(got))
	}
	a, b := got[0], got[1]
	if a.PostID != 7 || !a.At.Equal(time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)) || *a.Views != 1000 || *a.Likes != 1200 ||
		*a.CompletionRate != 0.45 || a.LinkClicks != nil || a.Saves != nil {
		t.Errorf("first = %+v", a)
	}
	if !b.At.Equal(time.Date(2026, 11, 3, 12, 0, 0, 0, time.UTC)) || *b.LinkClicks != 40 || *b.CompletionRate != 0.5 {
		t.Errorf("second = %+v", b)
	}
}

func TestParseSnapshotsCSVErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"empty", "", []string{"line 1: header: the file is empty"}},
		{"columns", "post,at,likes\n", []string{"line 1: post: is not a known column", "line 1: post_id: column is missing"}},
		{"no rows", "post_id,at\n", []string{"line 2: post_id: the file has no snapshots"}},
		{"every bad field", "post_id,at,views,likes,completion_rate\n" +
			"x,2026-13-01,-5,many,1.5\n" +
			",2026-11-02,1,1,0.1\n",
			[]string{`line 2: post_id: "x" is not a whole number`, `line 2: at: "2026-13-01" is not a date`,
				`line 2: likes: "many" is not a whole number`, "line 2: views: is -5; counts cannot be negative",
				"line 2: completion_rate: is 1.5; it is a share between 0 and 1", "line 3: post_id: is required"}},
	}
	for _, tt := range tests {
		_, err := ParseSnapshotsCSV(strings.NewReader(tt.in))
		var fe FieldErrors
		if !errors.As(err, &fe) {
			t.Errorf("%s: error %v, want field errors", tt.name, err)
			continue
		}
		if len(fe) != len(tt.want) {
			t.Errorf("%s: %d errors (%v), want %d", tt.name, len(fe), fe, len(tt.want))
			continue
		}
		for i, w := range tt.want {
			if !strings.HasPrefix(fe[i].Error(), w) {
				t.Errorf("%s: error %d = %q, want %q", tt.name, i, fe[i].Error(), w)
			}
		}
	}
}
