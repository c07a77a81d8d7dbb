package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// classicPaths: the three journeys of the Markov example in
// internal/attribution, plus a channel D that never converts.
const classicPaths = `path,conversions,value,nulls
A > B > C,1,100,0
A,0,0,1
B > C,0,0,1
D,0,,2
`

// Two journeys: one converts for 70 after touches 14 days, 7 days and 0 days
// before; the other converts before any touch (left out) and then has one
// touch that does not convert.
const journeys = `{"id":"v1","touches":[{"channel":"A","at":"2026-05-01T12:00:00Z"},{"channel":"B","at":"2026-05-08T12:00:00Z"},{"channel":"C","at":"2026-05-15T12:00:00Z"}],"conversions":[{"at":"2026-05-15T12:00:00Z","value":70}]}
{"id":"v2","touches":[{"channel":"D","at":"2026-05-03T00:00:00Z"}],"conversions":[{"at":"2026-05-02T00:00:00Z","value":9.99}]}
`

func writeTemp(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestAttribute(t *testing.T) {
	paths := writeTemp(t, "paths.csv", classicPaths)
	js := writeTemp(t, "journeys.jsonl", journeys)
	tests := []struct {
		name   string
		args   []string
		stdin  string
		want   string
		stderr string
	}{
		// A > B > C is the only converting path (1, 100).
		{"first", []string{"--model", "first", "--paths", paths}, "",
			"channel,conversions,value\nA,1,100\nB,0,0\nC,0,0\nD,0,0\n", ""},
		{"last", []string{"--model", "last", "--paths", paths}, "",
			"channel,conversions,value\nA,0,0\nB,0,0\nC,1,100\nD,0,0\n", ""},
		// 1/3 each = 0.333333 and 33.333333 at 6 decimals.
		{"linear", []string{"--model", "linear", "--paths", paths}, "",
			"channel,conversions,value\nA,0.333333,33.333333\nB,0.333333,33.333333\nC,0.333333,33.333333\nD,0,0\n", ""},
		// 40/20/40.
		{"position", []string{"--model", "position", "--paths", paths}, "",
			"channel,conversions,value\nA,0.4,40\nB,0.2,20\nC,0.4,40\nD,0,0\n", ""},
		// Removal effects 1/2, 1, 1 of 2.5 (see markov_test.go); D's is 0.
		{"markov", []string{"--model", "markov", "--paths", paths}, "",
			"channel,conversions,value\nA,0.2,20\nB,0.4,40\nC,0.4,40\nD,0,0\n", ""},
		// One converting coalition {A,B,C}: a third each.
		{"shapley from stdin", []string{"--model", "shapley", "--paths", "-"}, classicPaths,
			"channel,conversions,value\nA,0.333333,33.333333\nB,0.333333,33.333333\nC,0.333333,33.333333\nD,0,0\n", ""},
		// Sampled, yet each ordering gives {A,B,C} to whichever of A, B, C
		// comes last, so shares are near a third and sum to 1 and 100.
		{"shapley sampled with errors", []string{"--model", "shapley", "--paths", paths, "--exact-max", "1", "--samples", "3", "--seed", "5", "--se"}, "",
			"", "shapley sampled 3 orderings of 4 channels"},
		// Weights 1/4, 1/2, 1 of 7/4: 1/7, 2/7, 4/7 of 1 conversion and 70.
		{"time-decay", []string{"--model", "time-decay", "--journeys", js}, "",
			"channel,conversions,value\nA,0.142857,10\nB,0.285714,20\nC,0.571429,40\nD,0,0\n",
			"1 conversions (value 9.99) had no touch before them"},
		// Half-life 14 days: 1/2, 2^-0.5, 1 of 2.207107 (see heuristic_test.go).
		{"time-decay half-life", []string{"--model", "time-decay", "--half-life", "336h", "--journeys", js}, "",
			"channel,conversions,value\nA,0.226541,15.857864\nB,0.320377,22.426407\nC,0.453082,31.715729\nD,0,0\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			env := &Env{Stdin: strings.NewReader(tt.stdin), Stdout: &stdout, Stderr: &stderr, Getenv: func(string) string { return "" }}
			if err := cmdAttribute(t.Context(), env, tt.args); err != nil {
				t.Fatalf("%v\nstderr: %s", err, stderr.String())
			}
			if tt.want != "" && stdout.String() != tt.want {
				t.Errorf("stdout:\n%s\nwant:\n%s", stdout.String(), tt.want)
			}
			if !strings.Contains(stderr.String(), tt.stderr) {
				t.Errorf("stderr %q, want it to contain %q", stderr.String(), tt.stderr)
			}
		})
	}
}

func TestAttributeSampledSumsToTotals(t *testing.T) {
	paths := writeTemp(t, "paths.csv", classicPaths)
	var stdout, stderr bytes.Buffer
	env := &Env{Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr, Getenv: func(string) string { return "" }}
	err := cmdAttribute(t.Context(), env, []string{"--model", "shapley", "--paths", paths, "--exact-max", "1", "--samples", "3", "--seed", "5", "--se"})
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	if lines[0] != "channel,conversions,value,conversions_se,value_se" || len(lines) != 5 {
		t.Fatalf("output:\n%s", stdout.String())
	}
	// With 3 orderings each of A, B, C has 0, 1, 2 or 3 wins of 3: credit
	// is a multiple of 1/3 and the three sum to 1 conversion and 100 value.
	var conv, value float64
	for _, l := range lines[1:] {
		f := strings.Split(l, ",")
		c, v := mustFloat(t, f[1]), mustFloat(t, f[2])
		conv += c
		value += v
		if f[0] == "D" && (c != 0 || v != 0 || f[3] != "0") {
			t.Errorf("D never converts: %s", l)
		}
	}
	if d := conv - 1; d > 1e-5 || d < -1e-5 {
		t.Errorf("conversions sum to %g, want 1", conv)
	}
	if d := value - 100; d > 1e-3 || d < -1e-3 {
		t.Errorf("value sums to %g, want 100", value)
	}
}

func mustFloat(t *testing.T, s string) float64 {
	t.Helper()
	var f float64
	if _, err := fmt.Sscan(s, &f); err != nil {
		t.Fatalf("%q: %v", s, err)
	}
	return f
}

func TestAttributeErrors(t *testing.T) {
	paths := writeTemp(t, "paths.csv", classicPaths)
	bad := writeTemp(t, "bad.csv", "path,conversions,value,nulls\nA,1,2,0\nB,1,two,0\n")
	js := writeTemp(t, "journeys.jsonl", journeys)
	badJSON := writeTemp(t, "bad.jsonl", `{"touches":[{"channel":"A","at":"soon"}]}`+"\n")
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no model", []string{"--paths", paths}, "--model is required"},
		{"unknown model", []string{"--model", "magic", "--paths", paths}, `unknown model "magic"`},
		{"no input", []string{"--model", "first"}, "exactly one of --paths and --journeys"},
		{"two inputs", []string{"--model", "first", "--paths", paths, "--journeys", paths}, "exactly one"},
		{"time-decay on paths", []string{"--model", "time-decay", "--paths", paths}, "use --journeys"},
		{"bad row", []string{"--model", "first", "--paths", bad}, "bad.csv:3: field value: \"two\" is not a number"},
		{"bad journey", []string{"--model", "first", "--journeys", badJSON}, "bad.jsonl:1: field touches[0].at"},
		{"missing file", []string{"--model", "first", "--paths", paths + ".nope"}, "no such file"},
		{"bad half-life", []string{"--model", "time-decay", "--half-life", "-1h", "--journeys", js}, "half-life -1h0m0s: must be positive"},
		{"too many exact", []string{"--model", "shapley", "--exact-max", "30", "--paths", paths}, "between 1 and 20"},
		{"stray argument", []string{"--model", "first", "--paths", paths, "extra"}, `unexpected argument "extra"`},
		{"unknown flag", []string{"--modle", "first"}, "flag provided but not defined"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			env := &Env{Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr, Getenv: func(string) string { return "" }}
			err := cmdAttribute(t.Context(), env, tt.args)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want an error containing %q", err, tt.want)
			}
			if stdout.Len() != 0 {
				t.Errorf("wrote %q to stdout on error", stdout.String())
			}
		})
	}
}
