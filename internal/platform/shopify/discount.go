package shopify

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// PercentDiscount asks for a code that takes Percent (1 to 100) off the whole
// order, for everyone, from StartsAt to EndsAt (zero: no end).
type PercentDiscount struct {
	Title           string
	Code            string
	Percent         int
	StartsAt        time.Time
	EndsAt          time.Time
	UsageLimit      int // 0: unlimited
	OncePerCustomer bool
}

// Discount is a created code.
type Discount struct {
	ID   string // gid://shopify/DiscountCodeNode/...
	Code string
}

// UserError is one entry of a mutation's userErrors: input Shopify refused.
type UserError struct {
	Field   []string `json:"field"`
	Code    string   `json:"code"`
	Message string   `json:"message"`
}

// UserErrors is returned when a mutation answers with userErrors.
type UserErrors []UserError

func (e UserErrors) Error() string {
	parts := make([]string, len(e))
	for i, u := range e {
		parts[i] = fmt.Sprintf("%s: %s", strings.Join(u.Field, "."), u.Message)
		if u.Code != "" {
			parts[i] += " (" + u.Code + ")"
		}
	}
	return "shopify: " + strings.Join(parts, "; ")
}

// Taken reports whether Shopify refused the code because it already exists.
func (e UserErrors) Taken() bool {
	for _, u := range e {
		if u.Code == "TAKEN" {
			return true
		}
	}
	return false
}

// The mutation and its documented payload:
// https://shopify.dev/docs/api/admin-graphql/latest/mutations/discountCodeBasicCreate
const discountCodeBasicCreate = `mutation discountCodeBasicCreate($basicCodeDiscount: DiscountCodeBasicInput!) {
  discountCodeBasicCreate(basicCodeDiscount: $basicCodeDiscount) {
    codeDiscountNode {
      id
      codeDiscount {
        ... on DiscountCodeBasic {
          codes(first: 1) { nodes { code } }
        }
      }
    }
    userErrors { field code message }
  }
}`

// CreatePercentCode creates one basic code discount.
func (a *Admin) CreatePercentCode(ctx context.Context, d PercentDiscount) (Discount, error) {
	if d.Percent < 1 || d.Percent > 100 {
		return Discount{}, fmt.Errorf("shopify: percent %d: want 1 to 100", d.Percent)
	}
	if d.Code == "" {
		return Discount{}, errors.New("shopify: empty discount code")
	}
	if d.Title == "" {
		d.Title = d.Code
	}
	input := map[string]any{
		"title":    d.Title,
		"code":     d.Code,
		"startsAt": d.StartsAt.UTC().Format(time.RFC3339),
		"customerGets": map[string]any{
			// A Float from 0 to 1. Percent is not money, and n/100 for
			// n in 1..100 prints exactly as the decimal it means.
			"value": map[string]any{"percentage": float64(d.Percent) / 100},
			"items": map[string]any{"all": true},
		},
		"appliesOncePerCustomer": d.OncePerCustomer,
	}
	// customerSelection gave way to context in 2025-04; versions are dated
	// strings, so they compare in order ("unstable" sorts after them all).
	if a.version >= "2025-04" {
		input["context"] = map[string]any{"all": "ALL"}
	} else {
		input["customerSelection"] = map[string]any{"all": true}
	}
	if !d.EndsAt.IsZero() {
		input["endsAt"] = d.EndsAt.UTC().Format(time.RFC3339)
	}
	if d.UsageLimit > 0 {
		input["usageLimit"] = d.UsageLimit
	}
	var out struct {
		Create struct {
			Node *struct {
				ID           string `json:"id"`
				CodeDiscount struct {
					Codes struct {
						Nodes []struct {
							Code string `json:"code"`
						} `json:"nodes"`
					} `json:"codes"`
				} `json:"codeDiscount"`
			} `json:"codeDiscountNode"`
			UserErrors UserErrors `json:"userErrors"`
		} `json:"discountCodeBasicCreate"`
	}
	if err := a.do(ctx, discountCodeBasicCreate, map[string]any{"basicCodeDiscount": input}, &out); err != nil {
		return Discount{}, err
	}
	if len(out.Create.UserErrors) > 0 {
		return Discount{}, out.Create.UserErrors
	}
	if out.Create.Node == nil {
		return Discount{}, errors.New("shopify: discountCodeBasicCreate returned no node and no userErrors")
	}
	got := Discount{ID: out.Create.Node.ID, Code: d.Code}
	if n := out.Create.Node.CodeDiscount.Codes.Nodes; len(n) > 0 {
		got.Code = n[0].Code
	}
	return got, nil
}

// CreateUniquePercentCode creates a code PREFIX-XXXXXX, drawing a new random
// suffix when Shopify says the code is taken, up to attempts times. rnd is
// the randomness (crypto/rand.Reader when nil).
func (a *Admin) CreateUniquePercentCode(ctx context.Context, prefix string, d PercentDiscount, attempts int, rnd io.Reader) (Discount, error) {
	var err error
	for range max(attempts, 1) {
		if d.Code, err = NewCode(prefix, rnd); err != nil {
			return Discount{}, err
		}
		var got Discount
		got, err = a.CreatePercentCode(ctx, d)
		var ue UserErrors
		if errors.As(err, &ue) && ue.Taken() {
			continue
		}
		return got, err
	}
	return Discount{}, fmt.Errorf("shopify: no free code after %d attempts: %w", attempts, err)
}

// codeAlphabet leaves out 0/O and 1/I/L, which people misread from a video.
const codeAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

// NewCode returns PREFIX-XXXXXX with six characters from codeAlphabet
// (31^6, about 887 million codes per prefix).
func NewCode(prefix string, rnd io.Reader) (string, error) {
	if rnd == nil {
		rnd = rand.Reader
	}
	prefix = strings.ToUpper(strings.TrimSpace(prefix))
	var b [6]byte
	out := make([]byte, 0, 6)
	for len(out) < 6 {
		if _, err := io.ReadFull(rnd, b[:]); err != nil {
			return "", fmt.Errorf("shopify: random code: %w", err)
		}
		for _, c := range b {
			// Reject bytes that would bias the draw: 248 = 8 * 31.
			if c < 248 && len(out) < 6 {
				out = append(out, codeAlphabet[int(c)%len(codeAlphabet)])
			}
		}
	}
	if prefix == "" {
		return string(out), nil
	}
	return prefix + "-" + string(out), nil
}
