package shopify

import (
	"fmt"
	"strconv"
	"time"

	"github.com/chorushq/chorus/internal/conversions"
)

// refundPayload is the REST Refund resource sent on refunds/create:
// https://shopify.dev/docs/api/admin-rest/latest/resources/refund. The money
// actually returned is in transactions of kind "refund"; refund_line_items
// only say which items, and a refund may move no money at all (a restock).
type refundPayload struct {
	ID           *int64 `json:"id"`
	OrderID      *int64 `json:"order_id"`
	CreatedAt    string `json:"created_at"`
	ProcessedAt  string `json:"processed_at"`
	Transactions []struct {
		Kind     string `json:"kind"`
		Status   string `json:"status"`
		Amount   string `json:"amount"`
		Currency string `json:"currency"`
	} `json:"transactions"`
}

// ParseRefund maps a refunds/create body. Amount is the sum of successful
// refund transactions.
func ParseRefund(body []byte) (conversions.Refund, error) {
	var p refundPayload
	if err := conversions.DecodeJSON(body, &p); err != nil {
		return conversions.Refund{}, fmt.Errorf("shopify refund: %w", err)
	}
	switch {
	case p.ID == nil:
		return conversions.Refund{}, fmt.Errorf("shopify refund: missing field id")
	case p.OrderID == nil:
		return conversions.Refund{}, fmt.Errorf("shopify refund %d: missing field order_id", *p.ID)
	}
	r := conversions.Refund{
		Provider:   conversions.ProviderShopify,
		ExternalID: strconv.FormatInt(*p.ID, 10),
		OrderID:    strconv.FormatInt(*p.OrderID, 10),
	}
	when := p.ProcessedAt
	if when == "" {
		when = p.CreatedAt
	}
	t, err := time.Parse(time.RFC3339, when)
	if err != nil {
		return conversions.Refund{}, fmt.Errorf("shopify refund %s: field processed_at/created_at: %w", r.ExternalID, err)
	}
	r.Time = t.UTC()
	for i, tx := range p.Transactions {
		if tx.Kind != "refund" || tx.Status != "success" {
			continue
		}
		cur, err := conversions.NormalizeCurrency(tx.Currency)
		if err != nil {
			return conversions.Refund{}, fmt.Errorf("shopify refund %s: field transactions[%d].currency: %w", r.ExternalID, i, err)
		}
		if r.Currency != "" && r.Currency != cur {
			return conversions.Refund{}, fmt.Errorf("shopify refund %s: transactions in %s and %s", r.ExternalID, r.Currency, cur)
		}
		r.Currency = cur
		amt, err := conversions.ParseAmount(tx.Amount, cur)
		if err != nil {
			return conversions.Refund{}, fmt.Errorf("shopify refund %s: field transactions[%d].amount: %w", r.ExternalID, i, err)
		}
		r.Amount += amt
	}
	return r, nil
}
