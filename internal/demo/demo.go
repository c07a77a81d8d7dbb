// Package demo fills a workspace from the simulated world (internal/sim), so
// that `chorus demo` shows every page full and benchmarks have data.
package demo

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/chorushq/chorus/internal/sim"
	"github.com/chorushq/chorus/internal/store"
)

// Loader carries what the load steps share: the world and the ids the
// stored rows got, keyed by the simulation's own ids.
type Loader struct {
	DB  *store.DB
	W   *sim.World
	WS  *store.Workspace
	Log *slog.Logger

	Creators       map[int]int64    // sim creator index -> creator id
	Accounts       map[string]int64 // sim account id -> account id
	Campaigns      map[int]int64    // sim campaign index -> campaign id
	Variants       map[int][]int64  // sim campaign index -> variant ids, by sim variant index
	Collaborations map[string]int64 // sim collaboration id -> collaboration id
	Posts          map[string]int64 // sim post id -> post id
	Links          map[string]int64 // sim link slug -> link id
	ClicksLoaded   int
	// Ops counts what the campaign-operations steps stored (ops.go).
	Ops OpsCounts
}

// step is one part of the load. Each runs in its own transaction.
type step struct {
	name string
	run  func(ctx context.Context, tx *store.Tx, l *Loader) error
}

// steps lists the load in order; later steps use the ids earlier ones
// recorded. Each area of Chorus adds its own step here.
func steps() []step {
	return []step{
		{"creators", loadCreators},
		{"campaigns", loadCampaigns},
		{"posts", loadPosts},
		{"followers", loadFollowers},
		{"links", loadLinks},
		{"clicks", loadClicks},
		{"codes", loadCodes},
		{"orders", loadOrders},
		{"surveys", loadSurveys},
		{"ops", loadOps},
		{"payout terms", loadPayouts},
		{"payout run", loadPayoutRun},
	}
}

// Load fills workspace ws from world w.
func Load(ctx context.Context, db *store.DB, w *sim.World, ws *store.Workspace, log *slog.Logger) (*Loader, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	l := &Loader{DB: db, W: w, WS: ws, Log: log,
		Creators: map[int]int64{}, Accounts: map[string]int64{}, Campaigns: map[int]int64{},
		Variants: map[int][]int64{}, Collaborations: map[string]int64{}, Posts: map[string]int64{}}
	for _, s := range steps() {
		start := time.Now()
		if err := db.Tx(ctx, func(tx *store.Tx) error { return s.run(ctx, tx, l) }); err != nil {
			return nil, fmt.Errorf("demo: load %s: %w", s.name, err)
		}
		log.Info("demo data loaded", "step", s.name, "took", time.Since(start).Round(time.Millisecond))
	}
	return l, nil
}

// unix gives a time as stored.
func unix(t time.Time) int64 { return t.UTC().Unix() }
