package attribution

import (
	"errors"
	"testing"
	"time"
)

// fourPaths: D never converts.
//
//	A > B > C  2 conversions, value 100
//	B          1 conversion,  value 30
//	C > A      1 conversion,  value 10, 5 nulls
//	D          0 conversions,           3 nulls
var fourPaths = []Path{
	p("A > B > C", 2, 100, 0),
	p("B", 1, 30, 0),
	p("C > A", 1, 10, 5),
	p("D", 0, 0, 3),
}

func TestRuleBasedModels(t *testing.T) {
	tests := []struct {
		name  string
		model func([]Path) []Credit
		want  want
	}{
		// A gets row 1; B row 2; C row 3.
		{"first", FirstTouch, want{"A": {2, 100}, "B": {1, 30}, "C": {1, 10}, "D": {0, 0}}},
		// C gets row 1; B row 2; A row 3.
		{"last", LastTouch, want{"A": {1, 10}, "B": {1, 30}, "C": {2, 100}, "D": {0, 0}}},
		// Row 1 gives each of A, B, C 2/3 and 100/3; row 2 gives B 1, 30;
		// row 3 gives C and A 0.5, 5 each.
		// A = 2/3 + 1/2 = 7/6, 100/3 + 5 = 115/3; B = 2/3 + 1 = 5/3, 100/3 + 30 = 190/3; C = A.
		{"linear", Linear, want{"A": {7.0 / 6, 115.0 / 3}, "B": {5.0 / 3, 190.0 / 3}, "C": {7.0 / 6, 115.0 / 3}, "D": {0, 0}}},
		// Row 1: A 40%, B 20%, C 40% = A 0.8, 40; B 0.4, 20; C 0.8, 40.
		// Row 2: one touch, B 1, 30. Row 3: two touches, 50/50: C and A 0.5, 5.
		// A = 1.3, 45; B = 1.4, 50; C = 1.3, 45.
		{"position", PositionBased, want{"A": {1.3, 45}, "B": {1.4, 50}, "C": {1.3, 45}, "D": {0, 0}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkCredits(t, tt.model(fourPaths), tt.want, 1e-9)
		})
	}
}

func TestPositionBasedMiddle(t *testing.T) {
	// A > B > C > A, 1 conversion of 10: first and last (both A) 40% each,
	// B and C split 20%: A 0.8, 8; B 0.1, 1; C 0.1, 1.
	got := PositionBased([]Path{p("A > B > C > A", 1, 10, 0)})
	checkCredits(t, got, want{"A": {0.8, 8}, "B": {0.1, 1}, "C": {0.1, 1}}, 1e-9)
}

func TestTimeDecay(t *testing.T) {
	conv := time.Date(2026, 5, 15, 12, 0, 0, 0, time.UTC)
	day := 24 * time.Hour
	path := Path{
		Touches: []Touch{
			{Channel: "A", At: conv.Add(-14 * day)},
			{Channel: "B", At: conv.Add(-7 * day)},
			{Channel: "C", At: conv},
		},
		ConvertedAt: conv, Conversions: 1, Value: 70,
	}
	tests := []struct {
		name     string
		halfLife time.Duration
		want     want
	}{
		// Half-life 7 days: weights 2^-2, 2^-1, 2^0 = 1/4, 1/2, 1; sum 7/4.
		// A = 1/7, B = 2/7, C = 4/7 of 1 conversion and of 70.
		{"7 days", 7 * day, want{"A": {1.0 / 7, 10}, "B": {2.0 / 7, 20}, "C": {4.0 / 7, 40}}},
		// Half-life 14 days: weights 1/2, 2^-0.5, 1; sum = 1.5 + 1/sqrt2 = 2.207106781.
		// A = 0.5/2.207106781 = 0.226540919, B = 0.707106781/2.207106781 = 0.320377241,
		// C = 1/2.207106781 = 0.453081839; values x70 = 15.8578643, 22.4264069, 31.7157287.
		{"14 days", 14 * day, want{"A": {0.226540919, 15.8578643}, "B": {0.320377241, 22.4264069}, "C": {0.453081839, 31.7157287}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := TimeDecay([]Path{path}, tt.halfLife)
			if err != nil {
				t.Fatal(err)
			}
			checkCredits(t, got, tt.want, 1e-6)
		})
	}
}

func TestTimeDecayOldTouchesDoNotUnderflow(t *testing.T) {
	// Touches 100 and 101 years before converting with a 1-hour half-life:
	// 2^-876000 is 0 in float64, yet the nearer touch is 8760 half-lives
	// nearer, so it takes everything (the other's weight 2^-8760 is 0).
	conv := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	path := Path{
		Touches:     []Touch{{Channel: "old", At: conv.AddDate(-101, 0, 0)}, {Channel: "less old", At: conv.AddDate(-100, 0, 0)}},
		ConvertedAt: conv, Conversions: 1, Value: 5,
	}
	got, err := TimeDecay([]Path{path}, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	checkCredits(t, got, want{"less old": {1, 5}, "old": {0, 0}}, 1e-12)
}

func TestTimeDecayErrors(t *testing.T) {
	conv := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name     string
		paths    []Path
		halfLife time.Duration
		noTimes  bool
	}{
		{"aggregated paths have no times", []Path{p("A > B", 1, 1, 0)}, DefaultHalfLife, true},
		{"touch without time", []Path{{Touches: []Touch{{Channel: "A"}}, ConvertedAt: conv, Conversions: 1}}, DefaultHalfLife, true},
		{"touch after conversion", []Path{{Touches: []Touch{{Channel: "A", At: conv.Add(time.Hour)}}, ConvertedAt: conv, Conversions: 1}}, DefaultHalfLife, false},
		{"zero half-life", []Path{{Touches: []Touch{{Channel: "A", At: conv}}, ConvertedAt: conv, Conversions: 1}}, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := TimeDecay(tt.paths, tt.halfLife)
			if err == nil {
				t.Fatal("no error")
			}
			if errors.Is(err, ErrNoTimes) != tt.noTimes {
				t.Errorf("errors.Is(%v, ErrNoTimes) = %v, want %v", err, !tt.noTimes, tt.noTimes)
			}
		})
	}
	// Paths that did not convert need no times.
	if _, err := TimeDecay([]Path{p("A", 0, 0, 4)}, DefaultHalfLife); err != nil {
		t.Errorf("non-converting path without times: %v", err)
	}
}
