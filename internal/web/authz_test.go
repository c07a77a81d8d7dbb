package web

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/chorushq/chorus/internal/store/storetest"
)

// TestAuthorizationMatrix walks every route of the table as every kind of
// caller and asserts the status: anonymous callers are sent to sign in,
// roles below the route's need get 403, creators see no staff route (404),
// staff no portal route (404), and another workspace's objects are 404.
func TestAuthorizationMatrix(t *testing.T) {
	storetest.Each(t, func(t *testing.T, f *storetest.Fixture) {
		a := newApp(t, f)
		actors := []string{"", "other", "owner", "admin", "member", "viewer", "creator"}
		rank := map[string]int{"viewer": 1, "member": 2, "admin": 3, "owner": 4}
		for _, rt := range a.srv.routes {
			for _, actor := range actors {
				a.signInAll() // sign-out routes end sessions
				ids := a.objects()
				path := strings.NewReplacer("{id}", fmt.Sprint(ids[idKind(rt.pattern)]), "{file...}", "app.css", "{$}", "").Replace(rt.pattern)
				w := a.do(actor, rt.method, path, "application/json", bodyFor(rt.method))
				api := strings.HasPrefix(rt.pattern, "/api/")
				name := fmt.Sprintf("%s %s as %q", rt.method, path, actor)

				var want int // 0: allowed, the handler decides (not 401, 403, 404 or 5xx)
				switch {
				case rt.method == "POST" && rt.pattern == "/login":
					want = http.StatusUnauthorized // no credentials in the body
				case rt.perm == Public && strings.Contains(path, "{token}"):
					// A secret in the path (a brief's share token) that the
					// walk cannot know: an unknown one is 404 for everyone.
					want = http.StatusNotFound
				case rt.perm == Public || rt.perm == Signed:
				case actor == "" && api:
					want = http.StatusUnauthorized
				case actor == "":
					want = http.StatusSeeOther
				case rt.perm == SignedIn:
				case rt.perm == CreatorOnly && actor != "creator":
					want = http.StatusNotFound
				case actor == "creator":
					want = http.StatusNotFound
				case actor == "other":
					// The owner of another workspace passes the role check;
					// objects of the first workspace must be invisible.
					if strings.Contains(rt.pattern, "{id}") {
						want = http.StatusNotFound
					}
				case rank[actor] < rank[string(rt.perm.role())]:
					want = http.StatusForbidden
				}
				if want != 0 {
					if w.Code != want {
						t.Errorf("%s: status %d, want %d (%s)", name, w.Code, want, trim(w.Body.String()))
					}
					if want == http.StatusSeeOther && !strings.HasPrefix(w.Header().Get("Location"), "/login?next=") {
						t.Errorf("%s: redirected to %q, want the sign-in page", name, w.Header().Get("Location"))
					}
					continue
				}
				switch {
				case w.Code == http.StatusUnauthorized, w.Code == http.StatusForbidden, w.Code == http.StatusNotFound, w.Code >= 500:
					t.Errorf("%s: status %d, want it allowed (%s)", name, w.Code, trim(w.Body.String()))
				}
			}
		}
	})
}

// idKind says which object a route's {id} names.
func idKind(pattern string) string {
	for _, k := range []string{"creator", "campaign", "collaboration", "token", "account", "link", "post", "member", "import", "sync"} {
		if strings.Contains(pattern, "/"+k+"s/{id}") {
			return k
		}
	}
	return ""
}

func bodyFor(method string) string {
	switch method {
	case "POST", "PATCH", "PUT":
		return "{}"
	}
	return ""
}

func trim(s string) string {
	if len(s) > 160 {
		return s[:160] + "…"
	}
	return s
}

func TestEveryRouteIsInTheTableOnce(t *testing.T) {
	a := newApp(t, storetest.New(t))
	seen := map[string]bool{}
	for _, rt := range a.srv.routes {
		k := rt.method + " " + rt.pattern
		if seen[k] {
			t.Errorf("route %s listed twice", k)
		}
		seen[k] = true
		if rt.summary == "" {
			t.Errorf("route %s has no summary", k)
		}
	}
}
