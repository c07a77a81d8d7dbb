// Command searchbench times discovery searches against a database filled by
// bench/discovery.sh: random niche words from the simulated world with
// random filters, as a user of the discover page would combine them.
//
//	go run ./bench/searchbench --db sqlite:DATA/chorus.db --workspace bench --queries 200
package main

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"sort"
	"time"

	"github.com/chorushq/chorus/internal/sim"
	"github.com/chorushq/chorus/internal/store"
)

func main() {
	dsn := flag.String("db", "", "database DSN")
	slug := flag.String("workspace", "bench", "workspace slug")
	n := flag.Int("queries", 200, "searches to time")
	seed := flag.Uint64("seed", 1, "random seed")
	slow := flag.Duration("slow", 0, "print the filters of searches slower than this (0: none)")
	hits := flag.Bool("hits", false, "print each search's filters and the ids it found, to compare two builds' answers")
	flag.Parse()
	if err := run(*dsn, *slug, *n, *seed, *slow, *hits); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(dsn, slug string, n int, seed uint64, slow time.Duration, printHits bool) error {
	ctx := context.Background()
	db, err := store.Open(ctx, dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	ws, err := db.WorkspaceBySlug(ctx, slug)
	if err != nil {
		return err
	}
	// The words: the simulated niches and the hashtags of bios.
	cfg := sim.DefaultConfig()
	cfg.Creators = 2000
	w, err := sim.New(cfg)
	if err != nil {
		return err
	}
	seen := map[string]bool{}
	var words []string
	for c := range w.Creators() {
		for _, t := range c.Niches {
			if !seen[t] {
				seen[t] = true
				words = append(words, t)
			}
		}
	}
	sort.Strings(words)
	// Warm the index once, as a running server would have.
	if _, _, err := db.SearchCreators(ctx, ws.ID, store.SearchFilter{Text: words[0]}); err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(seed, 2))
	tiers := []string{"nano", "micro", "mid", "macro", "mega"}
	platforms := []string{"instagram", "tiktok", "youtube"}
	var took []time.Duration
	hits := 0
	for range n {
		f := store.SearchFilter{Text: words[rng.IntN(len(words))], Limit: 50}
		if rng.IntN(2) == 0 {
			f.Platform = platforms[rng.IntN(len(platforms))]
		}
		if rng.IntN(2) == 0 {
			f.Tiers = []string{tiers[rng.IntN(len(tiers))]}
		}
		if rng.IntN(3) == 0 {
			f.MinFollowers = int64(1000 * (1 + rng.IntN(50)))
		}
		if rng.IntN(3) == 0 {
			f.Country, f.MinCountryShare = []string{"US", "GB", "DE", "BR", "AU"}[rng.IntN(5)], 0.1*float64(1+rng.IntN(5))
		}
		if rng.IntN(3) == 0 {
			f.Sort = []string{"followers", "score", "er"}[rng.IntN(3)]
		}
		start := time.Now()
		res, _, err := db.SearchCreators(ctx, ws.ID, f)
		if err != nil {
			return err
		}
		took = append(took, time.Since(start))
		if slow > 0 && took[len(took)-1] > slow {
			fmt.Printf("slow: %s %d hits %+v\n", took[len(took)-1].Round(time.Microsecond), len(res), f)
		}
		hits += len(res)
		if printHits {
			ids := make([]int64, len(res))
			for i, h := range res {
				ids[i] = h.CreatorID
			}
			fmt.Printf("%+v %v\n", f, ids)
		}
	}
	slices.Sort(took)
	q := func(p float64) time.Duration { return took[min(len(took)-1, int(p*float64(len(took))))] }
	fmt.Printf("searches=%d results=%d p50=%s p95=%s p99=%s max=%s\n", n, hits, q(0.50).Round(time.Microsecond),
		q(0.95).Round(time.Microsecond), q(0.99).Round(time.Microsecond), took[len(took)-1].Round(time.Microsecond))
	return nil
}
