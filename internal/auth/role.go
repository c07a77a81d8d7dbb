// Package auth holds roles, password hashing and the secrets behind sessions
// and API tokens.
package auth

import "fmt"

// Role is a user's or token's role in a workspace.
type Role string

const (
	Owner   Role = "owner"
	Admin   Role = "admin"
	Member  Role = "member"
	Viewer  Role = "viewer"
	Creator Role = "creator" // sees only the creator portal
)

// rank orders the workspace roles; a route needing rank r admits every role
// of rank >= r. The creator role has no rank: it never passes a staff check.
var rank = map[Role]int{Viewer: 1, Member: 2, Admin: 3, Owner: 4}

// ParseRole validates a role name.
func ParseRole(s string) (Role, error) {
	r := Role(s)
	if _, ok := rank[r]; ok || r == Creator {
		return r, nil
	}
	return "", fmt.Errorf("role %q: must be one of owner, admin, member, viewer, creator", s)
}

// AtLeast reports whether r grants what min grants. Creator grants nothing
// but Creator.
func (r Role) AtLeast(min Role) bool {
	if min == Creator {
		return r == Creator
	}
	rr, ok := rank[r]
	return ok && rr >= rank[min]
}
