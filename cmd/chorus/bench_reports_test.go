package main

import (
	"bytes"
	"regexp"
	"strconv"
	"testing"
)

// TestBenchReports builds a small world and runs `bench reports` on it:
// every campaign's report and the dashboard's figures must come out equal
// from the rollups and from the raw events, with a non-trivial dashboard
// (the world's campaigns are active, with spend and orders).
func TestBenchReports(t *testing.T) {
	dir := t.TempDir()
	var out, errb bytes.Buffer
	env := &Env{Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}
	if err := cmdBench(t.Context(), env, []string{"world", "--data", dir, "--creators", "120", "--campaigns", "3", "--traffic", "1"}); err != nil {
		t.Fatalf("bench world: %v\n%s", err, errb.String())
	}
	out.Reset()
	if err := cmdBench(t.Context(), env, []string{"reports", "--data", dir, "--runs", "2"}); err != nil {
		t.Fatalf("bench reports: %v\n%s", err, errb.String())
	}
	m := regexp.MustCompile(`dashboard active_campaigns=(\d+) fast_runs=40 raw_runs=2 .* spend_minor=(\d+) orders=(\d+) .* equal=true`).FindStringSubmatch(out.String())
	if m == nil || !regexp.MustCompile(`campaigns=3 runs=2 .* mismatches=0`).MatchString(out.String()) {
		t.Fatalf("output:\n%s", out.String())
	}
	if n, _ := strconv.Atoi(m[1]); n == 0 {
		t.Errorf("no active campaign in the world: the dashboard's check compares nothing\n%s", out.String())
	}
	if spend, _ := strconv.Atoi(m[2]); spend == 0 {
		t.Errorf("no spend on the dashboard\n%s", out.String())
	}
	if orders, _ := strconv.Atoi(m[3]); orders == 0 {
		t.Errorf("no orders on the dashboard\n%s", out.String())
	}
}
