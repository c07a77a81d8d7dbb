package demo

import (
	"context"
	"fmt"

	"github.com/chorushq/chorus/internal/conversions"
	"github.com/chorushq/chorus/internal/sim"
	"github.com/chorushq/chorus/internal/store"
)

// demoShop is the shop the world's orders come from.
const demoShop = "glowlabs.myshopify.com"

// loadCodes issues each contracted collaboration's discount code.
func loadCodes(ctx context.Context, tx *store.Tx, l *Loader) error {
	for _, k := range l.W.Collaborations() {
		if k.DiscountCode == "" {
			continue
		}
		kid, ok := l.Collaborations[k.ID]
		if !ok {
			return fmt.Errorf("collaboration %s was not loaded", k.ID)
		}
		if err := tx.CreateDiscountCode(ctx, l.WS.ID, &store.DiscountCode{CollaborationID: kid, Code: k.DiscountCode, Percent: int64(k.DiscountPercent)}); err != nil {
			return fmt.Errorf("collaboration %s: %w", k.ID, err)
		}
	}
	return nil
}

// orderEvent is the event a Shopify orders/create webhook would give for a
// simulated order: the same neutral order the adapter builds.
func orderEvent(o sim.Order) conversions.Event {
	co := conversions.Order{Provider: conversions.ProviderShopify, Shop: demoShop, ExternalID: o.ID, Name: o.ID, Time: o.At,
		Currency: o.Currency, Total: o.Total, Subtotal: o.Subtotal, Discounts: o.Discount, LandingSite: o.LandingSite,
		Customer: conversions.Customer{ID: o.CustomerID, Status: conversions.CustomerReturning}}
	if o.NewCustomer {
		co.Customer.Status = conversions.CustomerNew
	}
	for _, c := range o.Codes {
		co.DiscountCodes = append(co.DiscountCodes, conversions.NormalizeCode(c))
	}
	co.UTM, co.ClickID = conversions.ParseLanding(o.LandingSite)
	return conversions.Event{Kind: conversions.KindOrderCreated, Provider: co.Provider, Shop: demoShop, Order: &co}
}

// loadOrders records the world's orders and refunds through the path the
// webhooks take (store.Tx.RecordEvent), so that attribution, touches and
// rollups are exactly what live orders would give.
func loadOrders(ctx context.Context, tx *store.Tx, l *Loader) error {
	// Hundreds of thousands of orders run the same dozen queries: parse
	// them once.
	defer tx.CacheStatements()()
	n := 0
	for o := range l.W.Orders() {
		if _, err := tx.RecordEvent(ctx, l.WS, orderEvent(o)); err != nil {
			return fmt.Errorf("order %s: %w", o.ID, err)
		}
		if o.Refund > 0 {
			rf := conversions.Refund{Provider: conversions.ProviderShopify, Shop: demoShop, ExternalID: "refund-" + o.ID, OrderID: o.ID,
				Time: o.RefundedAt, Amount: o.Refund, Currency: o.Currency}
			if _, err := tx.RecordEvent(ctx, l.WS, conversions.Event{Kind: conversions.KindRefunded, Provider: rf.Provider, Shop: demoShop, Refund: &rf}); err != nil {
				return fmt.Errorf("refund of order %s: %w", o.ID, err)
			}
		}
		n++
	}
	l.Log.Info("demo orders", "orders", n)
	return nil
}

// loadSurveys records the post-purchase answers the way the survey form
// does, matching each against the workspace's creators.
func loadSurveys(ctx context.Context, tx *store.Tx, l *Loader) error {
	defer tx.CacheStatements()()
	ix, err := tx.SurveyIndex(ctx, l.WS.ID)
	if err != nil {
		return err
	}
	for a := range l.W.Surveys() {
		if _, _, err := tx.RecordSurvey(ctx, l.WS, ix, a.OrderID, a.Answer); err != nil {
			return fmt.Errorf("survey answer of order %s: %w", a.OrderID, err)
		}
	}
	return nil
}
