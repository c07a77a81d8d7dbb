package attribution

import (
	"errors"
	"fmt"
)

// OrderCredit is the credit one order gives its collaboration: one
// conversion and the order amount in minor units of Currency. Reversals have
// negative Conversions and Amount.
type OrderCredit struct {
	Collaboration int64
	Conversions   float64
	Amount        int64
	Currency      string
}

// CreditOrder is the credit an order of amount (minor units) earns under
// decision d. An unattributed order earns credit for no one: Collaboration 0.
func CreditOrder(d Decision, amount int64, currency string) OrderCredit {
	return OrderCredit{Collaboration: d.Collaboration, Conversions: 1, Amount: amount, Currency: currency}
}

// Reverse is the credit entry that undoes refund (minor units of currency)
// of an order that earned c: a full refund is c times -1; a partial one
// reverses the same fraction of the conversion as of the amount. Several
// partial refunds of one order add up to at most the full reversal as long
// as the caller passes only what was not refunded before; Reverse refuses a
// refund larger than the credit it reverses.
func Reverse(c OrderCredit, refund int64, currency string) (OrderCredit, error) {
	switch {
	case currency != c.Currency:
		return OrderCredit{}, fmt.Errorf("refund in %s of an order credited in %s", currency, c.Currency)
	case refund <= 0:
		return OrderCredit{}, fmt.Errorf("refund of %d: must be positive", refund)
	case c.Amount <= 0:
		return OrderCredit{}, errors.New("refund of an order with no amount to reverse")
	case refund > c.Amount:
		return OrderCredit{}, fmt.Errorf("refund of %d exceeds the credited amount %d", refund, c.Amount)
	}
	r := OrderCredit{Collaboration: c.Collaboration, Amount: -refund, Currency: c.Currency}
	if refund == c.Amount {
		r.Conversions = -c.Conversions
	} else {
		r.Conversions = -c.Conversions * float64(refund) / float64(c.Amount)
	}
	return r, nil
}
