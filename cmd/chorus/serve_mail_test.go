package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestMailFlags(t *testing.T) {
	dir := t.TempDir()
	pwFile := filepath.Join(dir, "smtp-password")
	if err := os.WriteFile(pwFile, []byte("hunter2-secret\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		args    []string
		env     map[string]string
		wantErr string // "" for none
		want    string // the sender's description
	}{
		{name: "no mail", args: nil},
		{name: "from without server", args: []string{"--smtp-from", "a@b.test"}, wantErr: "need --smtp-addr"},
		{name: "server without from", args: []string{"--smtp-addr", "mail.test:587"}, wantErr: "needs --smtp-from"},
		{name: "bad address", args: []string{"--smtp-addr", "mail.test", "--smtp-from", "a@b.test"}, wantErr: `smtp address "mail.test"`},
		{name: "password from a file", args: []string{"--smtp-addr", "mail.test:587", "--smtp-from", "Acme <a@b.test>", "--smtp-user", "acme"},
			env: map[string]string{"CHORUS_SMTP_PASSWORD_FILE": pwFile}, want: "smtp://acme@mail.test:587 from a@b.test"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stderr bytes.Buffer
			env := &Env{Stderr: &stderr, Stdout: &stderr, Getenv: func(k string) string { return tt.env[k] }}
			fs, f := addServeFlags(env, "serve", "serve")
			envErrs, err := parseFlags(fs.FlagSet, env, tt.args)
			if err != nil || len(envErrs) > 0 {
				t.Fatal(err, envErrs)
			}
			s, err := f.mail.sender()
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tt.want == "" {
				if s != nil {
					t.Errorf("sender %v without --smtp-addr", s)
				}
				return
			}
			if s.String() != tt.want {
				t.Errorf("sender %q, want %q", s, tt.want)
			}
			if f.mail.password != "hunter2-secret" || strings.Contains(s.String(), "hunter2") {
				t.Errorf("password %q read, or shown in %q", f.mail.password, s)
			}
		})
	}
}
