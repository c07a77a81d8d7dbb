package main

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/chorushq/chorus/internal/creators"
	"github.com/chorushq/chorus/internal/store"
	"github.com/chorushq/chorus/internal/store/storetest"
)

func callCmd(fn func(context.Context, *Env, []string) error, args ...string) (string, error) {
	var out, errb bytes.Buffer
	env := &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}
	err := fn(context.Background(), env, args)
	return out.String() + errb.String(), err
}

// counts returns the number of creators and accounts in a SQLite file.
func counts(t *testing.T, path string) (int, int) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	storetest.Must(t, err)
	defer db.Close()
	var c, a int
	storetest.Must(t, db.QueryRow(`SELECT (SELECT COUNT(*) FROM creators), (SELECT COUNT(*) FROM accounts)`).Scan(&c, &a))
	return c, a
}

// TestBackupWhileWritingThenRestore backs up while a writer adds creators
// (each with one account, in one transaction), restores the copy and checks
// that it holds a whole prefix of the writes: never a creator without its
// account, never fewer creators than before the backup began.
func TestBackupWhileWritingThenRestore(t *testing.T) {
	f := storetest.New(t)
	ctx := context.Background()
	var written atomic.Int64
	add := func(i int64) error {
		return f.DB.Tx(ctx, func(tx *store.Tx) error {
			return tx.CreateCreator(ctx, f.Workspace.ID, &creators.Creator{Name: fmt.Sprint("c", i),
				Accounts: []creators.Account{{Platform: "instagram", Handle: fmt.Sprint("h", i)}}})
		})
	}
	for i := range int64(200) {
		storetest.Must(t, add(i))
	}
	written.Store(200)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := int64(200); ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			if err := add(i); err != nil {
				t.Error(err)
				return
			}
			written.Store(i + 1)
		}
	})
	dir := t.TempDir()
	bak := filepath.Join(dir, "chorus.bak")
	before := written.Load()
	out, err := callCmd(cmdBackup, "--db", f.DSN, "--out", bak)
	after := written.Load()
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatalf("backup: %v\n%s", err, out)
	}
	if !strings.Contains(out, "integrity ok") {
		t.Errorf("backup said %q", out)
	}
	if _, err := callCmd(cmdBackup, "--db", f.DSN, "--out", bak); err == nil || !strings.Contains(err.Error(), "exists") {
		t.Errorf("second backup to the same file: %v", err)
	}

	dst := filepath.Join(dir, "restored", "chorus.db")
	if out, err := callCmd(cmdRestore, "--from", bak, "--db", "sqlite:"+dst); err != nil {
		t.Fatalf("restore: %v\n%s", err, out)
	}
	c, a := counts(t, dst)
	t.Logf("%d creators before the backup, %d after, %d in it", before, after, c)
	if c != a || int64(c) < before || int64(c) > after {
		t.Errorf("restored %d creators and %d accounts; want equal counts between %d and %d", c, a, before, after)
	}
	if _, err := callCmd(cmdRestore, "--from", bak, "--db", "sqlite:"+dst); err == nil || !strings.Contains(err.Error(), "--force") {
		t.Errorf("restore over a database without --force: %v", err)
	}
	if _, err := callCmd(cmdRestore, "--from", bak, "--db", "sqlite:"+dst, "--force"); err != nil {
		t.Errorf("restore --force: %v", err)
	}
	if _, err := os.Stat(dst + ".before-restore"); err != nil {
		t.Errorf("the replaced database was not kept: %v", err)
	}
	// A damaged backup is refused before anything is touched.
	bad := filepath.Join(dir, "bad.bak")
	b, err := os.ReadFile(bak)
	storetest.Must(t, err)
	for i := 4096; i < len(b) && i < 4096*40; i++ {
		b[i] ^= 0x5a
	}
	storetest.Must(t, os.WriteFile(bad, b, 0o600))
	if _, err := callCmd(cmdRestore, "--from", bad, "--db", "sqlite:"+dst, "--force"); err == nil {
		t.Error("a damaged backup was restored")
	}
	if c2, _ := counts(t, dst); c2 != c {
		t.Errorf("after the refused restore: %d creators, want %d", c2, c)
	}
}

func TestBackupAndRestoreRefusePostgres(t *testing.T) {
	for _, c := range []struct {
		fn   func(context.Context, *Env, []string) error
		flag string
	}{{cmdBackup, "--out"}, {cmdRestore, "--from"}} {
		_, err := callCmd(c.fn, "--db", "postgres://u@127.0.0.1:1/x", c.flag, filepath.Join(t.TempDir(), "x"))
		if err == nil || !strings.Contains(err.Error(), "pg_") {
			t.Errorf("postgres: %v, want the pg_dump / pg_restore advice", err)
		}
	}
}

func TestRetentionRun(t *testing.T) {
	f := storetest.New(t)
	out, err := callCmd(cmdRetention, "run", "--db", f.DSN)
	if err != nil || !strings.Contains(out, "nothing deleted") {
		t.Errorf("no setting: %v %q", err, out)
	}
	ctx := context.Background()
	storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error { return tx.SetRetentionDays(ctx, f.Workspace.ID, 7) }))
	out, err = callCmd(cmdRetention, "run", "--db", f.DSN)
	if err != nil || !strings.Contains(out, fmt.Sprintf("workspace %d: kept 7 days, deleted 0 raw clicks", f.Workspace.ID)) {
		t.Errorf("with 7 days: %v %q", err, out)
	}
	if _, err := callCmd(cmdRetention, "--db", f.DSN); err == nil {
		t.Error("retention without run: no error")
	}
}
