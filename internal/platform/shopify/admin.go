package shopify

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Admin calls the Shopify Admin GraphQL API of one shop.
// https://shopify.dev/docs/api/admin-graphql: POST
// {shop}/admin/api/{version}/graphql.json with the X-Shopify-Access-Token
// header.
type Admin struct {
	endpoint string
	version  string
	token    string
	http     *http.Client
}

// NewAdmin returns a client for the shop at shopURL (such as
// "https://chorus-demo.myshopify.com"; tests pass an httptest URL) pinned to
// an API version such as "2025-07". A nil client means http.DefaultClient.
func NewAdmin(shopURL, version, token string, hc *http.Client) (*Admin, error) {
	u, err := url.Parse(strings.TrimRight(shopURL, "/"))
	if err != nil || u.Scheme == "" || u.Host == "" {
		return nil, fmt.Errorf("shopify: shop URL %q: want https://<shop>.myshopify.com", shopURL)
	}
	if version == "" || strings.ContainsAny(version, "/?#") {
		return nil, fmt.Errorf("shopify: API version %q: want a release such as 2025-07", version)
	}
	if token == "" {
		return nil, errors.New("shopify: empty access token")
	}
	if hc == nil {
		hc = http.DefaultClient
	}
	return &Admin{
		endpoint: u.String() + "/admin/api/" + version + "/graphql.json",
		version:  version,
		token:    token,
		http:     hc,
	}, nil
}

// ThrottledError says the shop's query-cost bucket is empty. Shopify answers
// such calls with errors[].extensions.code THROTTLED and the bucket state in
// extensions.cost.throttleStatus
// (https://shopify.dev/docs/api/usage/limits#graphql-admin-api-rate-limits),
// or with HTTP 429 and Retry-After.
type ThrottledError struct {
	RequestedCost float64
	Available     float64
	RestoreRate   float64 // points per second
	RetryAfter    time.Duration
}

func (e *ThrottledError) Error() string {
	return fmt.Sprintf("shopify: throttled (cost %.0f, available %.0f), retry after %s", e.RequestedCost, e.Available, e.RetryAfter)
}

// GraphQLError carries top-level GraphQL errors other than throttling.
type GraphQLError struct {
	Status   int
	Messages []string
}

func (e *GraphQLError) Error() string {
	if len(e.Messages) == 0 {
		return fmt.Sprintf("shopify: HTTP %d", e.Status)
	}
	return fmt.Sprintf("shopify: HTTP %d: %s", e.Status, strings.Join(e.Messages, "; "))
}

type gqlResponse struct {
	Data   json.RawMessage `json:"data"`
	Errors []struct {
		Message    string `json:"message"`
		Extensions struct {
			Code string `json:"code"`
		} `json:"extensions"`
	} `json:"errors"`
	Extensions struct {
		Cost struct {
			RequestedQueryCost float64 `json:"requestedQueryCost"`
			ThrottleStatus     struct {
				MaximumAvailable   float64 `json:"maximumAvailable"`
				CurrentlyAvailable float64 `json:"currentlyAvailable"`
				RestoreRate        float64 `json:"restoreRate"`
			} `json:"throttleStatus"`
		} `json:"cost"`
	} `json:"extensions"`
}

// do posts one GraphQL operation and decodes its data into out.
func (a *Admin) do(ctx context.Context, query string, vars any, out any) error {
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		return fmt.Errorf("shopify: encode request: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, a.endpoint, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("shopify: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Shopify-Access-Token", a.token)
	resp, err := a.http.Do(req)
	if err != nil {
		return fmt.Errorf("shopify: %w", err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	if err != nil {
		return fmt.Errorf("shopify: read response: %w", err)
	}
	var gr gqlResponse
	jsonErr := json.Unmarshal(raw, &gr)
	if resp.StatusCode == http.StatusTooManyRequests {
		te := throttled(gr)
		if s, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil {
			te.RetryAfter = time.Duration(s) * time.Second
		}
		return te
	}
	if jsonErr != nil {
		if resp.StatusCode != http.StatusOK {
			return &GraphQLError{Status: resp.StatusCode}
		}
		return fmt.Errorf("shopify: decode response: %w", jsonErr)
	}
	if len(gr.Errors) > 0 {
		msgs := make([]string, 0, len(gr.Errors))
		for _, e := range gr.Errors {
			if e.Extensions.Code == "THROTTLED" {
				return throttled(gr)
			}
			msgs = append(msgs, e.Message)
		}
		return &GraphQLError{Status: resp.StatusCode, Messages: msgs}
	}
	if resp.StatusCode != http.StatusOK {
		return &GraphQLError{Status: resp.StatusCode}
	}
	if err := json.Unmarshal(gr.Data, out); err != nil {
		return fmt.Errorf("shopify: decode data: %w", err)
	}
	return nil
}

// throttled works out how long until the bucket holds the requested cost.
func throttled(gr gqlResponse) *ThrottledError {
	c := gr.Extensions.Cost
	te := &ThrottledError{
		RequestedCost: c.RequestedQueryCost,
		Available:     c.ThrottleStatus.CurrentlyAvailable,
		RestoreRate:   c.ThrottleStatus.RestoreRate,
		RetryAfter:    time.Second,
	}
	if missing := te.RequestedCost - te.Available; missing > 0 && te.RestoreRate > 0 {
		te.RetryAfter = time.Duration(math.Ceil(missing/te.RestoreRate)) * time.Second
	}
	return te
}
