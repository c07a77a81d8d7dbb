package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"testing"

	"github.com/chorushq/chorus/internal/store/storetest"
)

// TestAPISchemasNameRoutes catches a schema entry whose route was renamed
// or misspelt, which would leave the route undocumented without a failure.
func TestAPISchemasNameRoutes(t *testing.T) {
	a := newApp(t, storetest.New(t))
	routes := map[string]bool{}
	for _, rt := range a.srv.routes {
		routes[rt.method+" "+rt.pattern] = true
	}
	for key := range apiSchemas {
		if !routes[key] {
			t.Errorf("apiSchemas names %q, which is not a route", key)
		}
	}
}

// TestAPISchemasMatchAnswers compares the top-level fields of real answers
// with the properties their schema declares, both ways.
func TestAPISchemasMatchAnswers(t *testing.T) {
	a := newApp(t, storetest.New(t))
	ids := a.objects()
	a.json("admin", "PATCH", fmt.Sprintf("/api/v1/members/%d", ids["member"]), `{"role":"member"}`, http.StatusOK, nil) // an audit event
	tests := []struct {
		method, path, pattern, body string
	}{
		{"GET", "/api/v1/me", "/api/v1/me", ""},
		{"GET", "/api/v1/workspace", "/api/v1/workspace", ""},
		{"GET", "/api/v1/members", "/api/v1/members", ""},
		{"PATCH", fmt.Sprintf("/api/v1/members/%d", ids["member"]), "/api/v1/members/{id}", `{"role":"viewer"}`},
		{"GET", "/api/v1/tokens", "/api/v1/tokens", ""},
		{"POST", "/api/v1/tokens", "/api/v1/tokens", `{"name":"ci","role":"viewer"}`},
		{"GET", "/api/v1/audit", "/api/v1/audit", ""},
		{"GET", "/api/v1/privacy", "/api/v1/privacy", ""},
		{"PUT", "/api/v1/privacy", "/api/v1/privacy", `{"retention_days": 90}`},
		{"POST", "/api/v1/customers/erase", "/api/v1/customers/erase", `{"email":"nobody@example.test"}`},
		{"POST", fmt.Sprintf("/api/v1/creators/%d/erase", ids["creator"]), "/api/v1/creators/{id}/erase", ""},
		{"GET", fmt.Sprintf("/api/v1/collaborations/%d/codes", ids["collaboration"]), "/api/v1/collaborations/{id}/codes", ""},
		{"GET", fmt.Sprintf("/api/v1/campaigns/%d/incrementality", ids["campaign"]), "/api/v1/campaigns/{id}/incrementality", ""},
		{"GET", fmt.Sprintf("/api/v1/campaigns/%d/surround", ids["campaign"]), "/api/v1/campaigns/{id}/surround", ""},
	}
	all := schemas()
	for _, tt := range tests {
		w := a.do("owner", tt.method, tt.path, "application/json", tt.body)
		if w.Code >= 300 {
			t.Errorf("%s %s: %d %s", tt.method, tt.path, w.Code, trim(w.Body.String()))
			continue
		}
		var got map[string]json.RawMessage
		if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
			t.Errorf("%s %s: %v", tt.method, tt.path, err)
			continue
		}
		name := apiSchemas[tt.method+" "+tt.pattern][1]
		props, _ := all[name].(map[string]any)["properties"].(map[string]any)
		var answered, declared []string
		for k := range got {
			answered = append(answered, k)
		}
		for k := range props {
			declared = append(declared, k)
		}
		sort.Strings(answered)
		sort.Strings(declared)
		// "token" and "user" of /me are either-or: a session has no token.
		if tt.path == "/api/v1/me" {
			answered = append(answered, "token")
			sort.Strings(answered)
		}
		if strings.Join(answered, ",") != strings.Join(declared, ",") {
			t.Errorf("%s %s: answers %v, schema %s declares %v", tt.method, tt.path, answered, name, declared)
		}
	}
}
