package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runCmd runs the chorus command line in-process.
func runCmd(t *testing.T, env map[string]string, stdin string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errb bytes.Buffer
	e := &Env{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb, Getenv: func(k string) string { return env[k] }}
	err = run(context.Background(), e, args)
	return out.String(), errb.String(), err
}

func TestBadFlagsAreAllReported(t *testing.T) {
	tests := []struct {
		args []string
		env  map[string]string
		want []string
	}{
		{[]string{"serve", "--nope"}, nil, []string{"flag provided but not defined: -nope"}},
		{[]string{"serve", "--listen", "bogus", "--db", "mysql://u:secret@h/db", "--log-level", "loud"}, nil,
			[]string{"--listen \"bogus\"", "must start with sqlite: or postgres://", "--log-level \"loud\""}},
		{[]string{"serve"}, map[string]string{"CHORUS_LISTEN": "nohost", "CHORUS_MIGRATE": "perhaps"}, []string{"CHORUS_MIGRATE", "--listen \"nohost\""}},
		{[]string{"user", "create", "--email", "x", "--workspace", "Bad Slug", "--role", "god"}, nil,
			[]string{"--email \"x\"", "--workspace \"Bad Slug\"", "--role \"god\""}},
		{[]string{"frobnicate"}, nil, []string{"unknown command \"frobnicate\""}},
		{[]string{"migrate", "--db", "postgres://nobody:pw@127.0.0.1:1/x?connect_timeout=2"}, nil, []string{"connect to"}},
	}
	for _, tt := range tests {
		_, _, err := runCmd(t, tt.env, "", tt.args...)
		if err == nil {
			t.Errorf("%v: no error", tt.args)
			continue
		}
		for _, w := range tt.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%v: error %q does not say %q", tt.args, err, w)
			}
		}
		if strings.Contains(err.Error(), "secret") || strings.Contains(err.Error(), ":pw@") {
			t.Errorf("%v: error leaks a password: %v", tt.args, err)
		}
	}
}

func TestUserTokenImportRoundTrip(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"CHORUS_DATA": dir}
	out, _, err := runCmd(t, env, "a long password\n", "user", "create", "--email", "Ana@Brand.test", "--workspace", "brand")
	if err != nil || !strings.Contains(out, "created workspace brand") || !strings.Contains(out, "created user ana@brand.test") {
		t.Fatalf("user create: %v %s", err, out)
	}
	if _, _, err := runCmd(t, env, "a long password\n", "user", "create", "--email", "ana@brand.test", "--workspace", "brand"); err == nil || !strings.Contains(err.Error(), "exists already") {
		t.Errorf("duplicate user: %v", err)
	}
	if _, _, err := runCmd(t, env, "short\n", "user", "passwd", "--email", "ana@brand.test"); err == nil || !strings.Contains(err.Error(), "at least 10") {
		t.Errorf("weak password: %v", err)
	}
	tok, _, err := runCmd(t, env, "", "token", "create", "--workspace", "brand", "--name", "shop")
	if err != nil || !strings.HasPrefix(tok, "cht_") {
		t.Fatalf("token create: %v %q", err, tok)
	}

	good := filepath.Join(dir, "creators.jsonl")
	os.WriteFile(good, []byte(`{"name":"Maya","platform":"instagram","handle":"maya_fit","followers":48200,"niche_tags":["fitness"]}
{"name":"Jon","platform":"tiktok","handle":"jon","audience":{"country":{"US":0.5}}}
`), 0o644)
	out, _, err = runCmd(t, env, "", "import", "creators", "--workspace", "brand", "--progress=false", good)
	if err != nil || !strings.Contains(out, "imported 2 rows: 2 creators added, 2 accounts added, 0 accounts updated") {
		t.Fatalf("import: %v %s", err, out)
	}
	out, _, err = runCmd(t, env, "", "import", "creators", "--workspace", "brand", "--progress=false", good)
	if err != nil || !strings.Contains(out, "0 creators added, 0 accounts added, 2 accounts updated") {
		t.Fatalf("re-import: %v %s", err, out)
	}
	bad := filepath.Join(dir, "bad.jsonl")
	os.WriteFile(bad, []byte(`{"name":"Ok","platform":"instagram","handle":"ok"}
{"name":"X","platform":"instagram","handle":"x","followers":"many"}
not json
`), 0o644)
	_, _, err = runCmd(t, env, "", "import", "creators", "--workspace", "brand", "--progress=false", bad)
	if err == nil || !strings.Contains(err.Error(), "bad.jsonl:2: followers") || !strings.Contains(err.Error(), "bad.jsonl:3:") ||
		!strings.Contains(err.Error(), "nothing was imported") {
		t.Fatalf("bad import: %v", err)
	}
	out, errOut, err := runCmd(t, env, "", "import", "creators", "--workspace", "brand", "--progress=false", "--skip-bad", bad)
	if err != nil || !strings.Contains(out, "1 creators added") || !strings.Contains(errOut, "2 bad rows skipped") {
		t.Fatalf("skip-bad import: %v %s %s", err, out, errOut)
	}
}

func TestServeRefusesPendingMigrations(t *testing.T) {
	dir := t.TempDir()
	_, _, err := runCmd(t, nil, "", "serve", "--data", dir, "--listen", "127.0.0.1:0")
	if err == nil || !strings.Contains(err.Error(), "pending migrations") || !strings.Contains(err.Error(), "--migrate") {
		t.Fatalf("serve on a new database: %v", err)
	}
}
