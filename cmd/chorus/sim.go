package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/chorushq/chorus/internal/conversions"
	"github.com/chorushq/chorus/internal/optimize"
	"github.com/chorushq/chorus/internal/sim"
)

// cmdSim runs experiments on the simulated world. Its one experiment,
// "optimize", scores the recommender's budget allocation (Thompson sampling,
// round after round, on what it has observed so far) against an even split
// and against the oracle that knows every arm's true rates.
func cmdSim(ctx context.Context, env *Env, args []string) error {
	if len(args) == 0 || args[0] != "optimize" {
		fmt.Fprintln(env.Stderr, "usage: chorus sim optimize [--seeds N] [--rounds R] [--budget B] [--campaign C]")
		return errors.New("sim: want an experiment: optimize")
	}
	fs := flag.NewFlagSet("sim optimize", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	seeds := fs.Int("seeds", 20, "number of simulated worlds, seeded 1..N")
	rounds := fs.Int("rounds", 12, "rounds (weeks) of spend")
	budget := fs.Float64("budget", 0, "budget per round in major units of the campaign's currency; 0: a third of the arms' total capacity")
	campaign := fs.Int("campaign", 0, "which campaign of each world")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if *seeds < 1 || *rounds < 1 || *budget < 0 || math.IsInf(*budget, 0) || *campaign < 0 || fs.NArg() > 0 {
		return fmt.Errorf("sim optimize: need --seeds >= 1, --rounds >= 1, --budget >= 0, --campaign >= 0 and no arguments (got %q)", fs.Args())
	}
	fmt.Fprintln(env.Stdout, "# conversions are expected values under the true rates; won is what the recommender's spend actually drew")
	fmt.Fprintln(env.Stdout, "seed\tarms\tbudget/round\twon\trecommender\teven\toracle\tregret\tshare")
	var sumRec, sumEven float64
	for s := 1; s <= *seeds; s++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		r, err := simOptimize(int64(s), *campaign, *rounds, *budget, optimize.Options{})
		if err != nil {
			return fmt.Errorf("sim optimize: seed %d: %w", s, err)
		}
		sumRec += r.rec / r.oracle
		sumEven += r.even / r.oracle
		fmt.Fprintf(env.Stdout, "%d\t%d\t%s %s\t%d\t%.1f\t%.1f\t%.1f\t%.1f\t%.3f\n", s, r.arms, r.perRound, r.currency,
			r.won, r.rec, r.even, r.oracle, r.oracle-r.rec, r.rec/r.oracle)
	}
	n := float64(*seeds)
	_, err := fmt.Fprintf(env.Stdout, "share_of_oracle=%.3f even_split_share=%.3f\n", sumRec/n, sumEven/n)
	return err
}

// simScore is one seed's result. rec, even and oracle are the expected
// conversions of each strategy's allocations, summed over rounds: scoring
// expectations rather than draws removes the binomial noise that would
// otherwise blur the comparison.
type simScore struct {
	arms              int
	currency          string
	perRound          string
	won               int64
	rec, even, oracle float64
}

// mediaKitSD is the log-sd of the error of a creator's stated impressions.
const mediaKitSD = 0.3

// simOptimize plays one seed; base are the recommender's options (the seed
// is set per round).
func simOptimize(seed int64, campaign, rounds int, budget float64, base optimize.Options) (simScore, error) {
	cfg := sim.DefaultConfig()
	cfg.Seed = seed
	w, err := sim.New(cfg)
	if err != nil {
		return simScore{}, err
	}
	p, err := w.Playground(campaign)
	if err != nil {
		return simScore{}, err
	}
	exp, err := conversions.Exponent(p.Currency)
	if err != nil {
		return simScore{}, err
	}
	// The recommender knows each arm's capacity (what one post costs) and
	// roughly what it buys: the post's impressions as a media kit states
	// them, off by a log-normal factor (sd 0.3, about ±35%). Never its rates.
	var capacity int64
	arms := make([]optimize.Arm, len(p.Arms))
	kit := rand.New(rand.NewPCG(uint64(seed), uint64(campaign)))
	for i, a := range p.Arms {
		capacity += a.Capacity
		impressions := float64(a.Capacity) * 1000 / float64(a.CPM) * math.Exp(mediaKitSD*kit.NormFloat64())
		arms[i] = optimize.Arm{ID: a.Slug, Name: a.Handle + " " + a.Variant, Capacity: a.Capacity, Impressions: int64(impressions)}
	}
	perRound := capacity / 3
	if budget > 0 {
		perRound = int64(math.Round(budget * math.Pow10(exp)))
	}
	sc := simScore{arms: len(p.Arms), currency: p.Currency}
	if sc.perRound, err = conversions.FormatAmount(perRound, p.Currency); err != nil {
		return simScore{}, err
	}
	even, oracle := p.Even(perRound), p.Oracle(perRound)
	for round := range rounds {
		opt := base
		opt.Seed = uint64(seed)<<20 | uint64(round)
		plan, err := optimize.Recommend(optimize.Campaign{Currency: p.Currency, Budget: perRound, Arms: arms}, opt)
		if err != nil {
			return simScore{}, err
		}
		alloc := make([]int64, len(arms))
		for i, r := range plan.Recs {
			alloc[i] = r.Allocation
		}
		out, err := p.Round(round, alloc)
		if err != nil {
			return simScore{}, err
		}
		for i, o := range out {
			arms[i].Spend += o.Spend
			arms[i].Clicks += o.Clicks
			arms[i].Conversions += o.Conversions
			sc.won += o.Conversions
		}
		sc.rec += p.Expected(alloc)
		sc.even += p.Expected(even)
		sc.oracle += p.Expected(oracle)
	}
	return sc, nil
}
