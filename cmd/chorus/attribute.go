package main

import (
	"context"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/chorushq/chorus/internal/attribution"
)

const attributeModels = "first|last|linear|time-decay|position|markov|shapley"

// cmdAttribute credits the conversions of many journeys to channels with one
// multi-touch model and prints channel,conversions,value as CSV.
func cmdAttribute(ctx context.Context, env *Env, args []string) error {
	fs := flag.NewFlagSet("attribute", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: chorus attribute --model %s (--paths FILE | --journeys FILE)\n\n"+
			"Prints CSV channel,conversions,value for every channel, sorted by channel.\n"+
			"FILE - reads standard input. Formats and formulas: docs/attribution.md.\n\n", attributeModels)
		fs.PrintDefaults()
	}
	model := fs.String("model", "", "attribution model: "+attributeModels)
	pathsFile := fs.String("paths", "", "path CSV `file` with header path,conversions,value,nulls")
	journeysFile := fs.String("journeys", "", "JSON Lines journeys `file` with timestamped touches and conversions")
	halfLife := fs.Duration("half-life", attribution.DefaultHalfLife, "time-decay: a touch this long before the conversion weighs half as much")
	samples := fs.Int("samples", attribution.DefaultShapleySamples, "shapley: orderings sampled when there are more channels than -exact-max")
	seed := fs.Uint64("seed", 1, "shapley: seed for the sampled orderings")
	exactMax := fs.Int("exact-max", attribution.DefaultShapleyExactMax, "shapley: most channels computed exactly (at most 20)")
	withSE := fs.Bool("se", false, "add columns conversions_se,value_se (standard errors of sampled Shapley values, else 0)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("attribute: unexpected argument %q", fs.Arg(0))
	}
	if (*pathsFile == "") == (*journeysFile == "") {
		return errors.New("attribute: give exactly one of --paths and --journeys")
	}
	switch *model {
	case "first", "last", "linear", "time-decay", "position", "markov", "shapley":
	case "":
		return fmt.Errorf("attribute: --model is required: %s", attributeModels)
	default:
		return fmt.Errorf("attribute: unknown model %q: want %s", *model, attributeModels)
	}
	if *model == "time-decay" && *pathsFile != "" {
		return errors.New("attribute: time-decay needs the time of each touch, which the path CSV lacks: use --journeys")
	}

	paths, err := readAttributionInput(env, *pathsFile, *journeysFile)
	if err != nil {
		return fmt.Errorf("attribute: %w", err)
	}

	var credits []attribution.Credit
	switch *model {
	case "first":
		credits = attribution.FirstTouch(paths)
	case "last":
		credits = attribution.LastTouch(paths)
	case "linear":
		credits = attribution.Linear(paths)
	case "position":
		credits = attribution.PositionBased(paths)
	case "time-decay":
		credits, err = attribution.TimeDecay(paths, *halfLife)
	case "markov":
		credits, err = attribution.Markov(ctx, paths)
	case "shapley":
		credits, err = attribution.Shapley(ctx, paths, attribution.ShapleyOptions{ExactMax: *exactMax, Samples: *samples, Seed: *seed})
		if err == nil && len(credits) > *exactMax {
			var se, seValue float64
			for _, c := range credits {
				se, seValue = max(se, c.ConversionsSE), max(seValue, c.ValueSE)
			}
			fmt.Fprintf(env.Stderr, "attribute: shapley sampled %d orderings of %d channels; largest standard error %s conversions, %s value\n",
				*samples, len(credits), formatCredit(se), formatCredit(seValue))
		}
	}
	if err != nil {
		return fmt.Errorf("attribute: %w", err)
	}
	return writeCredits(env.Stdout, credits, *withSE)
}

// readAttributionInput reads whichever input file was named and cuts
// journeys into paths, telling stderr about conversions no touch preceded.
func readAttributionInput(env *Env, pathsFile, journeysFile string) ([]attribution.Path, error) {
	name := pathsFile + journeysFile // exactly one is set
	var r io.Reader = env.Stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
	}
	if pathsFile != "" {
		return attribution.ReadPaths(r, name)
	}
	js, err := attribution.ReadJourneys(r, name)
	if err != nil {
		return nil, err
	}
	paths, un := attribution.JourneyPaths(js)
	if un.Conversions > 0 {
		fmt.Fprintf(env.Stderr, "attribute: %d conversions (value %s) had no touch before them and are left out\n",
			un.Conversions, formatCredit(un.Value))
	}
	return paths, nil
}

func writeCredits(w io.Writer, credits []attribution.Credit, withSE bool) error {
	cw := csv.NewWriter(w)
	header := []string{"channel", "conversions", "value"}
	if withSE {
		header = append(header, "conversions_se", "value_se")
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	for _, c := range credits {
		rec := []string{c.Channel, formatCredit(c.Conversions), formatCredit(c.Value)}
		if withSE {
			rec = append(rec, formatCredit(c.ConversionsSE), formatCredit(c.ValueSE))
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// formatCredit writes x with at most 6 decimals and no trailing zeros, so the
// same credit always prints the same way ("0.333333", "40", never "-0").
func formatCredit(x float64) string {
	s := strconv.FormatFloat(x, 'f', 6, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "-0" {
		return "0"
	}
	return s
}
