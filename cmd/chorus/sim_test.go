package main

import (
	"bytes"
	"context"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

var simSummary = regexp.MustCompile(`^share_of_oracle=(\d\.\d{3}) even_split_share=(\d\.\d{3})$`)

func TestSimOptimize(t *testing.T) {
	run := func() string {
		var out, errb bytes.Buffer
		err := cmdSim(context.Background(), &Env{Stdout: &out, Stderr: &errb}, []string{"optimize", "--seeds", "4", "--rounds", "10"})
		if err != nil {
			t.Fatalf("%v: %s", err, errb.String())
		}
		return out.String()
	}
	out := run()
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2+4+1 {
		t.Fatalf("%d lines, want a comment, a header, 4 seeds and the summary:\n%s", len(lines), out)
	}
	m := simSummary.FindStringSubmatch(lines[len(lines)-1])
	if m == nil {
		t.Fatalf("last line %q", lines[len(lines)-1])
	}
	f, _ := strconv.ParseFloat(m[1], 64)
	g, _ := strconv.ParseFloat(m[2], 64)
	// The oracle bounds both; learning must beat splitting evenly by a
	// margin, and cannot beat the oracle's expectation.
	if f > 1 || g > 1 || f < g+0.2 {
		t.Errorf("share_of_oracle %g, even %g: want even + 0.2 <= share <= 1", f, g)
	}
	// Per seed, the share column is recommender/oracle.
	for _, l := range lines[2 : 2+4] {
		c := strings.Split(l, "\t")
		rec, _ := strconv.ParseFloat(c[4], 64)
		oracle, _ := strconv.ParseFloat(c[6], 64)
		share, _ := strconv.ParseFloat(c[8], 64)
		if oracle <= 0 || share < rec/oracle-0.002 || share > rec/oracle+0.002 {
			t.Errorf("row %q: share %g, recommender/oracle %g", l, share, rec/oracle)
		}
	}
	if again := run(); again != out {
		t.Errorf("not deterministic:\n%s\nthen\n%s", out, again)
	}
}

func TestSimErrors(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{nil, "want an experiment"},
		{[]string{"learn"}, "want an experiment"},
		{[]string{"optimize", "--seeds", "0"}, "need --seeds >= 1"},
		{[]string{"optimize", "--seeds", "1", "--campaign", "999"}, "no campaign 999"},
	}
	for _, tt := range tests {
		var out, errb bytes.Buffer
		err := cmdSim(context.Background(), &Env{Stdout: &out, Stderr: &errb}, tt.args)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q: error %v, want %q", tt.args, err, tt.want)
		}
	}
}
