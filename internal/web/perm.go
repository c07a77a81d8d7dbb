package web

import "github.com/chorushq/chorus/internal/auth"

// Perm is what a route requires of its caller.
type Perm int

const (
	// Public routes answer anyone: sign-in, the redirect, static files.
	Public Perm = iota
	// Signed routes need a signature (webhooks) checked by the handler.
	Signed
	// SignedIn needs any signed-in user, whatever their role.
	SignedIn
	// ViewerUp and the rest need a staff role of at least that rank in the
	// current workspace.
	ViewerUp
	MemberUp
	AdminUp
	OwnerOnly
	// CreatorOnly is the creator portal.
	CreatorOnly
)

func (p Perm) String() string {
	return [...]string{"public", "signed", "signed-in", "viewer", "member", "admin", "owner", "creator"}[p]
}

// role is the least role a Perm needs, for the staff perms.
func (p Perm) role() auth.Role {
	switch p {
	case ViewerUp:
		return auth.Viewer
	case MemberUp:
		return auth.Member
	case AdminUp:
		return auth.Admin
	case OwnerOnly:
		return auth.Owner
	case CreatorOnly:
		return auth.Creator
	}
	return ""
}
