// Package tiktok reads public TikTok creator data through the Research API
// (https://developers.tiktok.com/doc/research-api-get-started): user info,
// video query and video comments. It is the documented API that returns
// public statistics of any creator by username; the Display API only reads
// the account that authorised the app, which is no use for discovery.
// Access needs an approved research client; its client access token comes
// from ClientToken.
package tiktok

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/chorushq/chorus/internal/platform"
)

// DefaultBaseURL is the TikTok API host.
const DefaultBaseURL = "https://open.tiktokapis.com"

// Client calls the Research API with a client access token.
type Client struct {
	base  string
	token string
	http  *http.Client
	now   func() time.Time
}

// New returns a client; baseURL defaults to DefaultBaseURL.
func New(baseURL, accessToken string, hc *http.Client) (*Client, error) {
	if baseURL == "" {
		baseURL = DefaultBaseURL
	}
	if accessToken == "" {
		return nil, errors.New("tiktok: empty access token")
	}
	if hc == nil {
		hc = http.DefaultClient
	}
	return &Client{base: strings.TrimRight(baseURL, "/"), token: accessToken, http: hc, now: time.Now}, nil
}

// APIError is the error object of a v2 response
// (https://developers.tiktok.com/doc/tiktok-api-v2-error-handling).
type APIError struct {
	Status  int
	Code    string `json:"code"`
	Message string `json:"message"`
	LogID   string `json:"log_id"`
}

func (e *APIError) Error() string {
	return fmt.Sprintf("tiktok: HTTP %d: %s: %s (log id %s)", e.Status, e.Code, e.Message, e.LogID)
}

// id accepts a JSON number or string and keeps its digits: video ids exceed
// 2^53 and must not pass through a float.
type id string

func (i *id) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(b), `"`)
	if s == "null" {
		*i = ""
		return nil
	}
	if _, err := strconv.ParseUint(s, 10, 64); err != nil {
		return fmt.Errorf("id %s: not an integer", b)
	}
	*i = id(s)
	return nil
}

// post sends one Research API request and decodes data into out.
func (c *Client) post(ctx context.Context, path, fields string, body, out any) error {
	buf, err := json.Marshal(body)
	if err != nil {
		return fmt.Errorf("tiktok: encode request: %w", err)
	}
	u := c.base + path + "?" + url.Values{"fields": {fields}}.Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, bytes.NewReader(buf))
	if err != nil {
		return fmt.Errorf("tiktok: %w", err)
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.http.Do(req)
	if err != nil {
		return fmt.Errorf("tiktok: POST %s: %w", path, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 8<<20))
	if err != nil {
		return fmt.Errorf("tiktok: read response: %w", err)
	}
	var env struct {
		Data  json.RawMessage `json:"data"`
		Error APIError        `json:"error"`
	}
	jsonErr := json.Unmarshal(raw, &env)
	e := env.Error
	e.Status = resp.StatusCode
	// 429 with rate_limit_exceeded: https://developers.tiktok.com/doc/tiktok-api-v2-rate-limit
	if resp.StatusCode == http.StatusTooManyRequests || strings.Contains(e.Code, "limit_exceeded") {
		reason := e.Code
		if reason == "" {
			reason = "HTTP 429"
		}
		var after time.Duration
		if s, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil {
			after = time.Duration(s) * time.Second
		}
		return &platform.RateLimitError{Platform: platform.TikTok, Reason: reason, RetryAfter: after}
	}
	if jsonErr != nil {
		if resp.StatusCode != http.StatusOK {
			return &APIError{Status: resp.StatusCode, Code: http.StatusText(resp.StatusCode)}
		}
		return fmt.Errorf("tiktok: decode response: %w", jsonErr)
	}
	if resp.StatusCode != http.StatusOK || (e.Code != "" && e.Code != "ok") {
		return &e
	}
	if err := json.Unmarshal(env.Data, out); err != nil {
		return fmt.Errorf("tiktok: decode data: %w", err)
	}
	return nil
}
