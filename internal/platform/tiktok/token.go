package tiktok

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Token is a client access token.
type Token struct {
	AccessToken string
	ExpiresAt   time.Time
}

// ClientToken exchanges the research client's key and secret for a client
// access token (grant_type client_credentials), as described in
// https://developers.tiktok.com/doc/client-access-token-management.
// baseURL defaults to DefaultBaseURL.
func ClientToken(ctx context.Context, baseURL, clientKey, clientSecret string, hc *http.Client) (Token, error) {
	if baseURL == "" {
		baseURL = DefaultBaseURL
	}
	if hc == nil {
		hc = http.DefaultClient
	}
	form := url.Values{"client_key": {clientKey}, "client_secret": {clientSecret}, "grant_type": {"client_credentials"}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimRight(baseURL, "/")+"/v2/oauth/token/", strings.NewReader(form.Encode()))
	if err != nil {
		return Token{}, fmt.Errorf("tiktok: %w", err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	start := time.Now()
	resp, err := hc.Do(req)
	if err != nil {
		return Token{}, fmt.Errorf("tiktok: token: %w", err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return Token{}, fmt.Errorf("tiktok: token: %w", err)
	}
	var t struct {
		AccessToken string `json:"access_token"`
		ExpiresIn   int64  `json:"expires_in"`
		Error       string `json:"error"`
		Description string `json:"error_description"`
		LogID       string `json:"log_id"`
	}
	if err := json.Unmarshal(raw, &t); err != nil {
		return Token{}, fmt.Errorf("tiktok: token: HTTP %d: %w", resp.StatusCode, err)
	}
	if t.Error != "" || t.AccessToken == "" {
		return Token{}, &APIError{Status: resp.StatusCode, Code: t.Error, Message: t.Description, LogID: t.LogID}
	}
	return Token{AccessToken: t.AccessToken, ExpiresAt: start.Add(time.Duration(t.ExpiresIn) * time.Second)}, nil
}
