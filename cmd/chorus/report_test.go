package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/chorushq/chorus/internal/analytics"
	"github.com/chorushq/chorus/internal/campaigns"
	"github.com/chorushq/chorus/internal/creators"
	"github.com/chorushq/chorus/internal/store"
	"github.com/chorushq/chorus/internal/store/storetest"
)

func TestReportCommand(t *testing.T) {
	f := storetest.New(t)
	ctx := context.Background()
	ws := f.Workspace.ID
	followers := int64(50000)
	storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error {
		cr := creators.Creator{Name: "Cleo", Accounts: []creators.Account{{Platform: "instagram", Handle: "cleo", Followers: &followers}}}
		if err := tx.CreateCreator(ctx, ws, &cr); err != nil {
			return err
		}
		cp := campaigns.Campaign{Name: "Launch", Slug: "launch", Currency: "USD", Goal: "sales", Status: "active"}
		if err := tx.CreateCampaign(ctx, ws, &cp); err != nil {
			return err
		}
		k := campaigns.Collaboration{CampaignID: cp.ID, CreatorID: cr.ID, Status: campaigns.Prospect, FeeMinor: 30000, AmplificationMinor: 5000}
		if err := tx.CreateCollaboration(ctx, ws, &k); err != nil {
			return err
		}
		p := store.Post{CollaborationID: &k.ID, Platform: "instagram", PublishedAt: time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)}
		if err := tx.CreatePost(ctx, ws, &p); err != nil {
			return err
		}
		imp, likes := int64(70000), int64(2500)
		return tx.AddSnapshots(ctx, ws, []analytics.Snapshot{{PostID: p.ID, At: p.PublishedAt.Add(time.Hour), Impressions: &imp, Likes: &likes}})
	}))
	run := func(args ...string) (string, string, error) {
		var out, errb bytes.Buffer
		err := cmdReport(ctx, &Env{Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}, append([]string{"--db", f.DSN}, args...))
		return out.String(), errb.String(), err
	}
	out, _, err := run("--workspace", "acme", "--campaign", "launch", "--table", "total")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	// Cost 30,000 + 5,000 = 35,000; CPM 35,000 x 1000 / 70,000 = 500;
	// ER 2,500 / 50,000 = 0.05; no orders: CPA n/a.
	if len(lines) != 2 || !strings.HasPrefix(lines[1], "total,Total,,USD,1,1,1,50000,") || !strings.Contains(lines[1], ",35000,0.050000,") ||
		!strings.Contains(lines[1], ",500.00,") || !strings.Contains(lines[1], ",n/a,") {
		t.Errorf("csv:\n%s", out)
	}
	out, _, err = run("--workspace", "acme", "--campaign", "launch", "--format", "json")
	if err != nil {
		t.Fatal(err)
	}
	var rep struct {
		Total struct {
			Cost    int64 `json:"cost"`
			Metrics struct {
				CPA *float64 `json:"cpa"`
				CPM *float64 `json:"cpm"`
			} `json:"metrics"`
		} `json:"total"`
		Tiers []struct{ Key string } `json:"tiers"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Total.Cost != 35000 || rep.Total.Metrics.CPA != nil || rep.Total.Metrics.CPM == nil || *rep.Total.Metrics.CPM != 500 ||
		len(rep.Tiers) != 1 || rep.Tiers[0].Key != "micro" {
		t.Errorf("json: %s", out)
	}
	// Every bad flag at once.
	_, _, err = run("--format", "xml", "--table", "nope")
	for _, want := range []string{"--workspace", "--campaign", "--format", "--table"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v does not name %s", err, want)
		}
	}
	if _, _, err = run("--workspace", "acme", "--campaign", "gone"); err == nil || !strings.Contains(err.Error(), `campaign "gone"`) {
		t.Errorf("missing campaign: %v", err)
	}
}
