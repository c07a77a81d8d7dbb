package platform

import (
	"errors"
	"fmt"
	"testing"
	"time"
)

func TestRateLimitError(t *testing.T) {
	tests := []struct {
		err  *RateLimitError
		want string
	}{
		{&RateLimitError{Platform: YouTube, Reason: "quotaExceeded"}, "youtube: rate limited (quotaExceeded)"},
		{&RateLimitError{Platform: Instagram, Reason: "code 4", RetryAfter: 7 * time.Minute}, "instagram: rate limited (code 4), retry after 7m0s"},
	}
	for _, tt := range tests {
		wrapped := fmt.Errorf("vet: %w", tt.err)
		if !errors.Is(wrapped, ErrRateLimited) || errors.Is(wrapped, ErrNotFound) {
			t.Errorf("%v: errors.Is mismatch", tt.err)
		}
		if tt.err.Error() != tt.want {
			t.Errorf("Error() = %q, want %q", tt.err.Error(), tt.want)
		}
	}
}
