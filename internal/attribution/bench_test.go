package attribution

import (
	"testing"
	"time"
)

// benchPaths is 10,000 paths of up to 8 touches over 20 channels.
func benchPaths() []Path { return randomPaths(1, 10000, 20, 8) }

func BenchmarkFirstTouch(b *testing.B) {
	paths := benchPaths()
	for b.Loop() {
		FirstTouch(paths)
	}
}

func BenchmarkLastTouch(b *testing.B) {
	paths := benchPaths()
	for b.Loop() {
		LastTouch(paths)
	}
}

func BenchmarkLinear(b *testing.B) {
	paths := benchPaths()
	for b.Loop() {
		Linear(paths)
	}
}

func BenchmarkPositionBased(b *testing.B) {
	paths := benchPaths()
	for b.Loop() {
		PositionBased(paths)
	}
}

func BenchmarkTimeDecay(b *testing.B) {
	paths := benchPaths()
	for b.Loop() {
		if _, err := TimeDecay(paths, DefaultHalfLife); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMarkov(b *testing.B) {
	paths := benchPaths()
	for b.Loop() {
		if _, err := Markov(b.Context(), paths); err != nil {
			b.Fatal(err)
		}
	}
}

// 20 channels solved exactly: 2^20 coalitions, the most Shapley allows.
func BenchmarkShapleyExact20(b *testing.B) {
	paths := benchPaths()
	for b.Loop() {
		if _, err := Shapley(b.Context(), paths, ShapleyOptions{ExactMax: 20}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkShapleyExact15(b *testing.B) {
	paths := randomPaths(1, 10000, 15, 8)
	for b.Loop() {
		if _, err := Shapley(b.Context(), paths, ShapleyOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

// 20 channels sampled with the default 10,000 orderings.
func BenchmarkShapleySampled20(b *testing.B) {
	paths := benchPaths()
	for b.Loop() {
		if _, err := Shapley(b.Context(), paths, ShapleyOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecide(b *testing.B) {
	order := time.Date(2026, 5, 31, 12, 0, 0, 0, time.UTC)
	s := Signals{OrderAt: order, Codes: []CodeSignal{{Code: "SPRING10"}}}
	for i := range 50 {
		s.Clicks = append(s.Clicks, ClickSignal{At: order.Add(-time.Duration(i) * time.Hour), Collaboration: int64(i%7 + 1), Bot: i%3 == 0})
	}
	for b.Loop() {
		Decide(s)
	}
}

// 300 channels: one 301 x 301 inverse.
func BenchmarkMarkov300Channels(b *testing.B) {
	paths := randomPaths(1, 10000, 300, 8)
	for b.Loop() {
		if _, err := Markov(b.Context(), paths); err != nil {
			b.Fatal(err)
		}
	}
}
