package store_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/chorushq/chorus/internal/auth"
	"github.com/chorushq/chorus/internal/campaigns"
	"github.com/chorushq/chorus/internal/creators"
	"github.com/chorushq/chorus/internal/store"
	"github.com/chorushq/chorus/internal/store/storetest"
)

func i64(v int64) *int64 { return &v }

func TestParseDSN(t *testing.T) {
	tests := []struct {
		dsn     string
		dialect store.Dialect
		conn    string
		err     string
	}{
		{"sqlite:./data/chorus.db", store.SQLite, "./data/chorus.db", ""},
		{"sqlite:///abs/chorus.db", store.SQLite, "/abs/chorus.db", ""},
		{"postgres://u:p@h/db", store.Postgres, "postgres://u:p@h/db", ""},
		{"postgresql://h/db", store.Postgres, "postgresql://h/db", ""},
		{"sqlite:", 0, "", "needs a file path"},
		{"mysql://u:secret@h/db", 0, "", "must start with sqlite: or postgres://"},
		{"", 0, "", "no DSN"},
	}
	for _, tt := range tests {
		d, conn, err := store.ParseDSN(tt.dsn)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("ParseDSN(%q) error = %v, want %q", tt.dsn, err, tt.err)
			}
			if err != nil && strings.Contains(err.Error(), "secret") {
				t.Errorf("ParseDSN(%q) leaks the password: %v", tt.dsn, err)
			}
			continue
		}
		if err != nil || d != tt.dialect || conn != tt.conn {
			t.Errorf("ParseDSN(%q) = %v, %q, %v", tt.dsn, d, conn, err)
		}
	}
}

func TestOpenUnreachable(t *testing.T) {
	ctx := storetest.Ctx(t)
	_, err := store.Open(ctx, "postgres://nobody:pw@127.0.0.1:1/none?sslmode=disable&connect_timeout=2")
	if err == nil || !strings.Contains(err.Error(), "connect to") || strings.Contains(err.Error(), ":pw@") {
		t.Fatalf("Open(unreachable) error = %v; want a connect error without the password", err)
	}
}

func TestMigrations(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		ctx := storetest.Ctx(t)
		p, err := f.DB.Pending(ctx)
		storetest.Must(t, err)
		if len(p) != 0 {
			t.Errorf("pending after migrate: %v", p)
		}
		applied, err := f.DB.Migrate(ctx)
		storetest.Must(t, err)
		if len(applied) != 0 {
			t.Errorf("second migrate applied %v", applied)
		}
	})
}

func TestCreatorsScopedByWorkspace(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		ctx := storetest.Ctx(t)
		other, _ := f.AddWorkspace(t, "globex", "owner@globex.test")
		yes := true
		c := creators.Creator{Name: "Maya Fit", Email: "maya@example.com", NicheTags: creators.ParseTags("fitness, wellness"),
			Accounts: []creators.Account{{Platform: "instagram", Handle: "maya_fit", Followers: i64(48200), HasProfilePic: &yes,
				Audience: creators.Audience{Country: map[string]float64{"US": 0.6}}}}}
		storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error { return tx.CreateCreator(ctx, f.Workspace.ID, &c) }))

		got, err := f.DB.Creator(ctx, f.Workspace.ID, c.ID)
		storetest.Must(t, err)
		a := got.Accounts[0]
		if got.Name != "Maya Fit" || got.NicheTags.String() != "fitness wellness" || *a.Followers != 48200 ||
			a.Following != nil || !*a.HasProfilePic || a.IsPrivate != nil || a.Audience.Country["US"] != 0.6 {
			t.Errorf("round trip: %+v %+v", got, a)
		}
		if _, err := f.DB.Creator(ctx, other.ID, c.ID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("other workspace reads creator: err = %v, want ErrNotFound", err)
		}
		err = f.DB.Tx(ctx, func(tx *store.Tx) error { return tx.DeleteCreator(ctx, other.ID, c.ID) })
		if !errors.Is(err, store.ErrNotFound) {
			t.Errorf("other workspace deletes creator: err = %v", err)
		}
		list, total, err := f.DB.Creators(ctx, f.Workspace.ID, store.CreatorFilter{Query: "maya"})
		storetest.Must(t, err)
		if total != 1 || len(list) != 1 || len(list[0].Accounts) != 1 {
			t.Errorf("list = %d %+v", total, list)
		}
		_, total, err = f.DB.Creators(ctx, other.ID, store.CreatorFilter{})
		storetest.Must(t, err)
		if total != 0 {
			t.Errorf("other workspace lists %d creators", total)
		}
	})
}

func TestImporterUpserts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		ctx := storetest.Ctx(t)
		ws := f.Workspace.ID
		rows := []struct {
			c creators.Creator
			a creators.Account
		}{
			{creators.Creator{Name: "Maya", Email: "maya@x.test"}, creators.Account{Platform: "instagram", Handle: "maya", Followers: i64(100)}},
			{creators.Creator{Name: "Maya", Email: "maya@x.test"}, creators.Account{Platform: "tiktok", Handle: "maya", Followers: i64(900)}},
			{creators.Creator{Name: "Jon"}, creators.Account{Platform: "youtube", Handle: "jon", Followers: i64(5)}},
		}
		var res store.ImportResult
		storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error {
			im := tx.NewImporter(ws)
			for _, r := range rows {
				if err := im.Add(ctx, r.c, r.a); err != nil {
					return err
				}
			}
			res = im.Result
			return nil
		}))
		if res != (store.ImportResult{Rows: 3, CreatorsAdded: 2, AccountsAdded: 3}) {
			t.Errorf("first import: %+v", res)
		}
		// Again, with Maya's Instagram grown: an update, nothing added.
		storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error {
			im := tx.NewImporter(ws)
			err := im.Add(ctx, creators.Creator{Name: "Maya R."}, creators.Account{Platform: "instagram", Handle: "maya", Followers: i64(150)})
			res = im.Result
			return err
		}))
		if res != (store.ImportResult{Rows: 1, AccountsUpdated: 1}) {
			t.Errorf("second import: %+v", res)
		}
		list, total, err := f.DB.Creators(ctx, ws, store.CreatorFilter{})
		storetest.Must(t, err)
		if total != 2 {
			t.Fatalf("creators = %d, want 2", total)
		}
		// Largest account first: Maya (900 on TikTok) before Jon.
		if list[0].Name != "Maya R." || len(list[0].Accounts) != 2 || *list[0].Accounts[1].Followers != 150 || list[0].Email != "maya@x.test" {
			t.Errorf("Maya after upsert: %+v", list[0])
		}
	})
}

func TestImportRollsBackOnError(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		ctx := storetest.Ctx(t)
		boom := errors.New("bad row")
		err := f.DB.Tx(ctx, func(tx *store.Tx) error {
			im := tx.NewImporter(f.Workspace.ID)
			if err := im.Add(ctx, creators.Creator{Name: "A"}, creators.Account{Platform: "instagram", Handle: "a"}); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("err = %v", err)
		}
		_, total, err := f.DB.Creators(ctx, f.Workspace.ID, store.CreatorFilter{})
		storetest.Must(t, err)
		if total != 0 {
			t.Errorf("failed import left %d creators", total)
		}
	})
}

func TestCampaignAndPipeline(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		ctx := storetest.Ctx(t)
		ws := f.Workspace.ID
		other, _ := f.AddWorkspace(t, "globex", "o@globex.test")
		c := campaigns.Campaign{Name: "Spring Launch", Currency: "usd", BudgetMinor: 500000,
			Brief:    campaigns.Brief{Hashtags: []string{"#glow"}, Keywords: []string{"serum"}},
			Variants: []campaigns.Variant{{Name: "Hook A", Kind: "hook"}, {Name: "15% off", Kind: "offer"}}}
		if errs := c.Validate(); len(errs) > 0 {
			t.Fatal(errs)
		}
		cr := creators.Creator{Name: "Maya", Accounts: []creators.Account{{Platform: "instagram", Handle: "maya"}}}
		storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error {
			if err := tx.CreateCampaign(ctx, ws, &c); err != nil {
				return err
			}
			return tx.CreateCreator(ctx, ws, &cr)
		}))
		got, err := f.DB.Campaign(ctx, ws, c.ID)
		storetest.Must(t, err)
		if got.Slug != "spring-launch" || got.Currency != "USD" || len(got.Variants) != 2 || got.Brief.Hashtags[0] != "#glow" {
			t.Errorf("campaign: %+v", got)
		}
		// A collaboration cannot join another workspace's campaign.
		k := campaigns.Collaboration{CampaignID: c.ID, CreatorID: cr.ID, Status: campaigns.Prospect, VariantID: &got.Variants[0].ID, FeeMinor: 25000}
		err = f.DB.Tx(ctx, func(tx *store.Tx) error { kk := k; return tx.CreateCollaboration(ctx, other.ID, &kk) })
		if !errors.Is(err, store.ErrNotFound) {
			t.Errorf("cross-workspace collaboration: err = %v", err)
		}
		storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error { return tx.CreateCollaboration(ctx, ws, &k) }))
		err = f.DB.Tx(ctx, func(tx *store.Tx) error { kk := k; return tx.CreateCollaboration(ctx, ws, &kk) })
		if !errors.Is(err, store.ErrConflict) {
			t.Errorf("duplicate collaboration: err = %v, want ErrConflict", err)
		}
		uid := f.Owner.ID
		storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error {
			return tx.MoveCollaboration(ctx, ws, k.ID, campaigns.Contacted, &uid, "sent DM")
		}))
		var me *store.MoveError
		err = f.DB.Tx(ctx, func(tx *store.Tx) error { return tx.MoveCollaboration(ctx, ws, k.ID, campaigns.Paid, &uid, "") })
		if !errors.As(err, &me) || !strings.Contains(err.Error(), "negotiating") {
			t.Errorf("illegal move: err = %v", err)
		}
		ev, err := f.DB.CollaborationEvents(ctx, ws, k.ID)
		storetest.Must(t, err)
		if len(ev) != 1 || ev[0].From != campaigns.Prospect || ev[0].To != campaigns.Contacted || *ev[0].UserID != uid || ev[0].Note != "sent DM" {
			t.Errorf("history: %+v", ev)
		}
		list, err := f.DB.Collaborations(ctx, ws, store.CollabFilter{CampaignID: c.ID})
		storetest.Must(t, err)
		if len(list) != 1 || list[0].Status != campaigns.Contacted || list[0].CreatorName != "Maya" || list[0].FeeMinor != 25000 {
			t.Errorf("collaborations: %+v", list)
		}
		if _, err := f.DB.Collaboration(ctx, other.ID, k.ID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("other workspace reads collaboration: %v", err)
		}
	})
}

func TestSessionsAndTokens(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		ctx := storetest.Ctx(t)
		ws := f.Workspace.ID
		var secret string
		tok := &store.APIToken{WorkspaceID: ws, Name: "shop", Role: auth.Member}
		storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) (err error) { secret, err = tx.CreateToken(ctx, tok); return err }))
		got, err := f.DB.TokenBySecret(ctx, secret)
		storetest.Must(t, err)
		if got.ID != tok.ID || got.Role != auth.Member || got.LastUsedAt == nil || got.TokenHash == secret {
			t.Errorf("token: %+v", got)
		}
		if _, err := f.DB.TokenBySecret(ctx, secret+"x"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("wrong secret: %v", err)
		}
		storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error { return tx.RevokeToken(ctx, ws, tok.ID) }))
		if _, err := f.DB.TokenBySecret(ctx, secret); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("revoked token still works: %v", err)
		}

		now := f.DB.Now().Unix()
		s := &store.Session{TokenHash: auth.HashToken("s1"), UserID: f.Owner.ID, WorkspaceID: ws, CreatedAt: now, ExpiresAt: now + 60}
		expired := &store.Session{TokenHash: auth.HashToken("s2"), UserID: f.Owner.ID, WorkspaceID: ws, CreatedAt: now - 100, ExpiresAt: now - 1}
		storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error {
			if err := tx.CreateSession(ctx, s); err != nil {
				return err
			}
			return tx.CreateSession(ctx, expired)
		}))
		if _, err := f.DB.SessionByHash(ctx, s.TokenHash); err != nil {
			t.Error(err)
		}
		if _, err := f.DB.SessionByHash(ctx, expired.TokenHash); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("expired session: %v", err)
		}
		storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error { return tx.SetPassword(ctx, f.Owner.ID, "x") }))
		if _, err := f.DB.SessionByHash(ctx, s.TokenHash); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("session survives a password change: %v", err)
		}
	})
}
