package instagram

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/chorushq/chorus/internal/platform"
)

// APIError is a Graph API error object
// (https://developers.facebook.com/docs/graph-api/guides/error-handling).
type APIError struct {
	Status  int
	Code    int    `json:"code"`
	Subcode int    `json:"error_subcode"`
	Type    string `json:"type"`
	Message string `json:"message"`
	TraceID string `json:"fbtrace_id"`
}

func (e *APIError) Error() string {
	return fmt.Sprintf("instagram: HTTP %d: %s (code %d, subcode %d, trace %s)", e.Status, e.Message, e.Code, e.Subcode, e.TraceID)
}

// rateLimitCodes are the Graph API throttling codes: 4 application, 17 user,
// 32 page, 613 custom rate limit, 80002 Instagram business use case
// (https://developers.facebook.com/docs/graph-api/overview/rate-limiting).
var rateLimitCodes = map[int]bool{4: true, 17: true, 32: true, 613: true, 80002: true}

// get runs one GET on the account node with the given fields expression.
func (c *Client) get(ctx context.Context, fields string, out any) error {
	return c.getURL(ctx, c.base, url.Values{"fields": {fields}}, out)
}

// getURL runs one GET on a node or edge URL with the query q, to which it
// adds the access token.
func (c *Client) getURL(ctx context.Context, u string, q url.Values, out any) error {
	q.Set("access_token", c.token)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u+"?"+q.Encode(), nil)
	if err != nil {
		return fmt.Errorf("instagram: %w", err)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		// *url.Error would print the URL, and with it the access token.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return fmt.Errorf("instagram: GET %s: %w", strings.TrimPrefix(u, c.root), err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 8<<20))
	if err != nil {
		return fmt.Errorf("instagram: read response: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		var env struct {
			Error *APIError `json:"error"`
		}
		if json.Unmarshal(raw, &env) != nil || env.Error == nil {
			return &APIError{Status: resp.StatusCode, Message: http.StatusText(resp.StatusCode)}
		}
		e := env.Error
		e.Status = resp.StatusCode
		switch {
		case rateLimitCodes[e.Code]:
			return &platform.RateLimitError{Platform: platform.Instagram, Reason: fmt.Sprintf("code %d: %s", e.Code, e.Message), RetryAfter: regainAfter(resp.Header)}
		case e.Code == 110 || e.Subcode == 2207013:
			// Business discovery answers an unknown or non-professional
			// username with "Invalid user id".
			return fmt.Errorf("instagram: %s: %w", e.Message, platform.ErrNotFound)
		}
		return e
	}
	if err := json.Unmarshal(raw, out); err != nil {
		return fmt.Errorf("instagram: decode response: %w", err)
	}
	return nil
}

// regainAfter reads estimated_time_to_regain_access (minutes) from the
// X-Business-Use-Case-Usage header Instagram sends with throttled answers.
func regainAfter(h http.Header) time.Duration {
	var usage map[string][]struct {
		Minutes int `json:"estimated_time_to_regain_access"`
	}
	if json.Unmarshal([]byte(h.Get("X-Business-Use-Case-Usage")), &usage) != nil {
		return 0
	}
	var longest int
	for _, entries := range usage {
		for _, e := range entries {
			longest = max(longest, e.Minutes)
		}
	}
	return time.Duration(longest) * time.Minute
}
