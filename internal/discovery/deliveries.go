package discovery

import (
	"context"
	"sync"

	"github.com/chorushq/chorus/internal/engagement"
	"github.com/chorushq/chorus/internal/store"
)

// storeDeliveries reads creators' delivery records (on time, late, missed)
// from the campaign-operations tables for the reliability part of the
// score. It learns once per workspace which creators have deliverables, so
// a run over a million creators queries only those.
type storeDeliveries struct {
	db  *store.DB
	mu  sync.Mutex
	has map[int64]map[int64]bool // workspace -> creators with deliverables
}

func (s *storeDeliveries) Deliveries(ctx context.Context, ws, creatorID int64) ([]engagement.Delivery, error) {
	s.mu.Lock()
	has, ok := s.has[ws]
	s.mu.Unlock()
	if !ok {
		var err error
		if has, err = s.db.CreatorsWithDeliverables(ctx, ws); err != nil {
			return nil, err
		}
		s.mu.Lock()
		s.has[ws] = has
		s.mu.Unlock()
	}
	if !has[creatorID] {
		return nil, nil
	}
	return s.db.CreatorDeliveries(ctx, ws, creatorID)
}
