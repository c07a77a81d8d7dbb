package store_test

import (
	"errors"
	"testing"

	"github.com/chorushq/chorus/internal/store"
	"github.com/chorushq/chorus/internal/store/storetest"
)

func TestExchangeRate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		ctx := storetest.Ctx(t)
		ws := f.Workspace.ID
		if _, err := f.DB.ExchangeRate(ctx, ws); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("unset rate: %v", err)
		}
		set := func(ppm int64) {
			storetest.Must(t, f.DB.Tx(ctx, func(tx *store.Tx) error { return tx.SetExchangeRate(ctx, ws, "EUR", ppm) }))
		}
		set(920000)
		set(915000) // replaces
		r, err := f.DB.ExchangeRate(ctx, ws)
		storetest.Must(t, err)
		if r.Currency != "EUR" || r.PerUSDPPM != 915000 || r.PerUSD() != 0.915 {
			t.Errorf("rate = %+v", r)
		}
		other, _ := f.AddWorkspace(t, "globex", "owner@globex.test")
		if _, err := f.DB.ExchangeRate(ctx, other.ID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("another workspace sees a rate: %v", err)
		}
		set(0)
		if _, err := f.DB.ExchangeRate(ctx, ws); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("removed rate: %v", err)
		}
	})
}
