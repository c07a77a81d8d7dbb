package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runVet calls cmdVet with stdin and returns stdout, stderr.
func runVet(t *testing.T, stdin string, args ...string) (string, string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	env := &Env{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}
	err := cmdVet(context.Background(), env, args)
	return out.String(), errb.String(), err
}

const (
	// A bot's profile: 7,450 follows, 12 followers, no posts, no picture.
	fakeProfile = `{"platform":"instagram","username":"anna84729301","follower_count":12,"following_count":7450,"media_count":0,"has_profile_pic":false,"biography":"","campaign":"spring","score":1.50}`
	// An ordinary person: 850 followers, follows 400, 120 posts, a bio.
	realProfile = `{"platform":"instagram","username":"anna.bakes","full_name":"Anna Berg","follower_count":850,"following_count":400,"media_count":120,"has_profile_pic":true,"is_private":false,"biography":"Sourdough, Berlin, two cats.","external_url":"https://annabakes.de"}`
)

func decodeLines(t *testing.T, out string) []map[string]any {
	t.Helper()
	var rows []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("output line %q is not JSON: %v", l, err)
		}
		rows = append(rows, m)
	}
	return rows
}

func TestVetAccounts(t *testing.T) {
	out, _, err := runVet(t, fakeProfile+"\n\n"+realProfile+"\n", "accounts")
	if err != nil {
		t.Fatal(err)
	}
	rows := decodeLines(t, out)
	if len(rows) != 2 {
		t.Fatalf("got %d lines, want 2:\n%s", len(rows), out)
	}
	fake, real := rows[0], rows[1]
	if fake["label"] != "fake" || fake["p_fake"].(float64) < 0.9 {
		t.Errorf("bot profile: label %v p_fake %v, want fake above 0.9", fake["label"], fake["p_fake"])
	}
	if real["label"] != "real" || real["p_fake"].(float64) > 0.1 {
		t.Errorf("person: label %v p_fake %v, want real below 0.1", real["label"], real["p_fake"])
	}
	// Extra fields come through untouched, number formatting included.
	if !strings.HasPrefix(strings.Split(out, "\n")[0], strings.TrimSuffix(fakeProfile, "}")+`,"p_fake":`) {
		t.Errorf("input bytes not carried through:\n%s", out)
	}
	reasons := fmt.Sprint(fake["reasons"])
	if !strings.Contains(reasons, "follows 7,450 accounts but has 12 followers") {
		t.Errorf("bot reasons = %s, want the follow ratio in words", reasons)
	}
}

func TestVetAccountsNothingKnown(t *testing.T) {
	// Every field may be missing: the profile is scored on nothing, and has
	// no reasons (an empty list, not null).
	out, _, err := runVet(t, `{"platform":"x"}`, "accounts")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, `"label":"real","reasons":[]}`) {
		t.Errorf("got %s", out)
	}
}

func TestVetAccountsReplacesOutputFields(t *testing.T) {
	out, _, err := runVet(t, `{"follower_count":10,"following_count":5000,"label":"real"}`, "accounts")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Count(out, `"label"`) != 1 {
		t.Errorf("label duplicated: %s", out)
	}
}

func TestVetBadInput(t *testing.T) {
	in := fakeProfile + "\n" + `{"follower_count":"many"}` + "\n" + realProfile + "\n" + `{not json` + "\n"
	tests := []struct {
		name      string
		args      []string
		wantErr   []string // substrings of the error
		wantLines int
		wantStder []string
	}{
		{"fails before writing", []string{"accounts"}, []string{"stdin:2", "follower_count", "stdin:4", "2 malformed"}, 0, nil},
		{"skip bad", []string{"accounts", "--skip-bad"}, nil, 2, []string{"stdin:2", "stdin:4"}},
		{"comments need text", []string{"comments"}, []string{"stdin:1: field text is missing", "stdin:4"}, 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, stderr, err := runVet(t, in, tt.args...)
			for _, w := range tt.wantErr {
				if err == nil || !strings.Contains(err.Error(), w) {
					t.Errorf("error %v, want it to mention %q", err, w)
				}
			}
			if tt.wantErr == nil && err != nil {
				t.Fatal(err)
			}
			if n := strings.Count(out, "\n"); n != tt.wantLines {
				t.Errorf("wrote %d lines, want %d:\n%s", n, tt.wantLines, out)
			}
			for _, w := range tt.wantStder {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr %q, want it to mention %q", stderr, w)
				}
			}
		})
	}
}

func TestVetBadFileNamed(t *testing.T) {
	path := filepath.Join(t.TempDir(), "profiles.jsonl")
	if err := os.WriteFile(path, []byte(realProfile+"\n"+`{"is_private":"maybe"}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _, err := runVet(t, "", "accounts", "--in", path)
	if err == nil || !strings.Contains(err.Error(), path+":2: field is_private") {
		t.Errorf("error %v, want file:line and field", err)
	}
	if out != "" {
		t.Errorf("wrote %q before failing", out)
	}
}

func TestVetComments(t *testing.T) {
	in := `{"id":"c1","author":"x","text":"Check out my channel for free iPhones!!! http://bit.ly/free","post_id":7}
{"id":2,"author":"Mia","text":"Where can I buy this jacket? Which size are you wearing?"}
{"id":"c3","author":"Leo","text":"😍😍🔥"}
`
	out, _, err := runVet(t, in, "comments")
	if err != nil {
		t.Fatal(err)
	}
	rows := decodeLines(t, out)
	want := []struct{ label, intent string }{{"spam", "generic"}, {"genuine", "purchase_intent"}, {"genuine", "emoji_only"}}
	if len(rows) != len(want) {
		t.Fatalf("got %d lines, want %d", len(rows), len(want))
	}
	for i, w := range want {
		if rows[i]["label"] != w.label || rows[i]["intent"] != w.intent {
			t.Errorf("line %d: label %v intent %v, want %s %s", i+1, rows[i]["label"], rows[i]["intent"], w.label, w.intent)
		}
	}
	if rows[0]["post_id"] != 7.0 || rows[1]["author"] != "Mia" {
		t.Errorf("input fields lost: %v", rows)
	}
}

// labelled writes n obvious fakes and n obvious reals in the vetting format.
func labelled(t *testing.T, n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, `{"follower_count":%d,"following_count":%d,"media_count":0,"has_profile_pic":false,"label":"fake"}`+"\n", 5+i, 3000+100*i)
		fmt.Fprintf(&b, `{"follower_count":%d,"following_count":%d,"media_count":%d,"has_profile_pic":true,"label":"real"}`+"\n", 900+50*i, 300+10*i, 80+i)
	}
	path := filepath.Join(t.TempDir(), "own.jsonl")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestVetTrainAndEval(t *testing.T) {
	data := labelled(t, 10)
	params := filepath.Join(t.TempDir(), "accounts.json")
	out, _, err := runVet(t, "", "train", "--task", "accounts", "--out", params, data)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "pooled: n=20") {
		t.Errorf("train output %q, want pooled metrics over 20 rows", out)
	}
	// The two classes are far apart, so the refit model must get all 20
	// right: 10 fakes found (tp=10), 10 reals cleared (tn=10).
	out, _, err = runVet(t, "", "eval", "--task", "accounts", "--in", data, "--params", params)
	if err != nil {
		t.Fatal(err)
	}
	if want := "accuracy=1.0000 precision=1.0000 recall=1.0000 f1=1.0000 (tp=10 fp=0 tn=10 fn=0)"; !strings.Contains(out, want) {
		t.Errorf("eval output %q, want %q", out, want)
	}
	// The refit params score profiles too.
	out, _, err = runVet(t, fakeProfile, "accounts", "--params", params)
	if err != nil || !strings.Contains(out, `"label":"fake"`) {
		t.Errorf("scoring with refit params: %v %s", err, out)
	}
}

func TestVetTrainComments(t *testing.T) {
	var b strings.Builder
	for i := range 8 {
		fmt.Fprintf(&b, `{"text":"subscribe to my channel http://spam%d.com check it out","label":"spam"}`+"\n", i)
		fmt.Fprintf(&b, `{"text":"the chorus at %d minutes is so good","label":"genuine"}`+"\n", i)
	}
	data := filepath.Join(t.TempDir(), "comments.jsonl")
	if err := os.WriteFile(data, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	params := filepath.Join(t.TempDir(), "comments.json")
	if _, _, err := runVet(t, "", "train", "--task", "comments", "--out", params, data); err != nil {
		t.Fatal(err)
	}
	out, _, err := runVet(t, "", "eval", "--task", "comments", "--in", data, "--params", params)
	if err != nil {
		t.Fatal(err)
	}
	if want := "(tp=8 fp=0 tn=8 fn=0)"; !strings.Contains(out, want) {
		t.Errorf("eval output %q, want %q", out, want)
	}
}

func TestVetUsageErrors(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "bad.jsonl")
	if err := os.WriteFile(bad, []byte(`{"follower_count":3,"label":"fake"}`+"\n"+`{"follower_count":3,"label":"maybe"}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args []string
		want string
	}{
		{nil, "no subcommand"},
		{[]string{"frobnicate"}, `unknown subcommand "frobnicate"`},
		{[]string{"train", "--task", "accounts", "x.jsonl"}, "need --out"},
		{[]string{"train", "--task", "votes", "--out", "p.json", "x"}, "--task must be"},
		{[]string{"train", "--task", "accounts", "--out", filepath.Join(t.TempDir(), "p.json"), bad}, bad + ": line 2: label"},
		{[]string{"eval", "--task", "accounts", "--in", bad}, "line 2"},
		{[]string{"accounts", "extra"}, "unexpected arguments"},
		{[]string{"accounts", "--params", "/nonexistent/params.json"}, "/nonexistent/params.json"},
	}
	for _, tt := range tests {
		_, _, err := runVet(t, "", tt.args...)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("vet %q: error %v, want %q", tt.args, err, tt.want)
		}
	}
}

// BenchmarkVetAccounts runs the whole command over 10,000 profiles per
// iteration: parsing twice, scoring, writing.
func BenchmarkVetAccounts(b *testing.B) {
	var in strings.Builder
	for i := range 10000 {
		if i%2 == 0 {
			in.WriteString(fakeProfile + "\n")
		} else {
			in.WriteString(realProfile + "\n")
		}
	}
	input := in.String()
	b.SetBytes(int64(len(input)))
	for b.Loop() {
		env := &Env{Stdin: strings.NewReader(input), Stdout: io.Discard, Stderr: io.Discard, Getenv: func(string) string { return "" }}
		if err := cmdVet(context.Background(), env, []string{"accounts"}); err != nil {
			b.Fatal(err)
		}
	}
}
