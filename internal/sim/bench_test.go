package sim

import (
	"iter"
	"testing"
)

// BenchmarkCreator measures one creator with its accounts.
func BenchmarkCreator(b *testing.B) {
	w := mustWorld(b, DefaultConfig())
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		_ = w.Creator(i)
	}
}

// BenchmarkCreators1M streams a million creators per operation; allocs/op
// divided by 1e6 is the allocations per creator, and the ns/creator metric
// is what to multiply by a world's size.
func BenchmarkCreators1M(b *testing.B) {
	cfg := DefaultConfig()
	cfg.Creators = 1_000_000
	w := mustWorld(b, cfg)
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		for range w.Creators() {
			n++
		}
		if n != cfg.Creators {
			b.Fatalf("%d creators", n)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1e6, "ns/creator")
}

// BenchmarkClicks streams a 30x traffic world (about 800k clicks) and
// reports the cost per click.
func BenchmarkClicks(b *testing.B) {
	benchStream(b, func(w *World) iter.Seq[Click] { return w.Clicks() }, "ns/click")
}

// BenchmarkOrders streams the orders of the same world; most of the cost
// is replaying the clicks behind them.
func BenchmarkOrders(b *testing.B) {
	benchStream(b, func(w *World) iter.Seq[Order] { return w.Orders() }, "ns/order")
}

func benchStream[T any](b *testing.B, stream func(*World) iter.Seq[T], unit string) {
	cfg := DefaultConfig()
	cfg.TrafficScale = 30
	w := mustWorld(b, cfg)
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		for range stream(w) {
			n++
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(n), unit)
}

// BenchmarkDemoWorld is what `chorus demo` pays to generate (not store)
// the default world: creators with accounts, follower samples, posts with
// comments, then clicks, orders and surveys.
func BenchmarkDemoWorld(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		w := mustWorld(b, DefaultConfig())
		for c := range w.Creators() {
			for _, a := range c.Accounts {
				for range w.Followers(a) {
				}
				for p := range w.Posts(a) {
					for range w.Comments(p) {
					}
				}
			}
		}
		for range w.Clicks() {
		}
		for range w.Surveys() { // replays the orders
		}
	}
}
