package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chorushq/chorus/internal/creators"
	"github.com/chorushq/chorus/internal/store"
	"github.com/chorushq/chorus/internal/store/storetest"
)

// TestVetRunProfile runs `vet run` over two creators (three accounts) with a
// CPU profile, and checks the run's counts, the profile file and that search
// finds both creators afterwards.
func TestVetRunProfile(t *testing.T) {
	f := storetest.New(t)
	ctx := storetest.Ctx(t)
	n := func(v int64) *int64 { return &v }
	storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error {
		for _, c := range []creators.Creator{
			{Name: "Ana", Accounts: []creators.Account{{Platform: "instagram", Handle: "ana", Followers: n(8000), Biography: "vegan food"},
				{Platform: "tiktok", Handle: "ana.t", Followers: n(3000)}}},
			{Name: "Ben", Accounts: []creators.Account{{Platform: "youtube", Handle: "ben", Followers: n(200_000), Biography: "vegan travel"}}},
		} {
			if err := tx.CreateCreator(ctx, f.Workspace.ID, &c); err != nil {
				return err
			}
		}
		return nil
	}))
	prof := filepath.Join(t.TempDir(), "vet.prof")
	out, err := callCmd(cmdVet, "run", "--db", f.DSN, "--workspace", f.Workspace.Slug, "--progress=false", "--cpuprofile", prof)
	if err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	// 3 accounts, no posts: no ER; 2 creators, 2 search rows.
	if !strings.Contains(out, "vetted 3 accounts") || !strings.Contains(out, "2 search rows") {
		t.Errorf("output %q", out)
	}
	if st, err := os.Stat(prof); err != nil || st.Size() == 0 {
		t.Errorf("profile: %v, %v", st, err)
	}
	hits, _, err := f.DB.SearchCreators(ctx, f.Workspace.ID, store.SearchFilter{Text: "vegan", Sort: "followers"})
	if err != nil || len(hits) != 2 || hits[0].Name != "Ben" || hits[1].Tier != "nano" {
		t.Errorf("search after the run: %+v, %v", hits, err)
	}
	if _, err := callCmd(cmdVet, "run", "--db", f.DSN, "--workspace", f.Workspace.Slug, "--cpuprofile", filepath.Join(t.TempDir(), "no", "such", "dir")); err == nil {
		t.Error("a profile that cannot be written: no error")
	}
}
