package web

import "net/http"

// routeTable is every route with the permission it needs. The authorization
// test and the API document are generated from it, so a route added here is
// tested and documented without further work.
func (s *Server) routeTable() []route {
	const importMax = 512 << 20
	return []route{
		// Pages.
		{method: "GET", pattern: "/{$}", perm: SignedIn, h: s.home, summary: "dashboard, or the portal for creators"},
		{method: "GET", pattern: "/login", perm: Public, h: s.loginPage, summary: "sign-in form"},
		{method: "POST", pattern: "/login", perm: Public, h: s.login, summary: "sign in"},
		{method: "POST", pattern: "/logout", perm: SignedIn, h: s.logout, summary: "sign out"},
		{method: "POST", pattern: "/workspace", perm: SignedIn, h: s.switchWorkspace, summary: "switch workspace"},
		{method: "GET", pattern: "/static/{file...}", perm: Public, h: s.serveStatic, summary: "static assets"},

		{method: "GET", pattern: "/creators", perm: ViewerUp, h: s.creatorsPage, summary: "creator list"},
		{method: "GET", pattern: "/creators/new", perm: MemberUp, h: s.creatorNewPage, summary: "new creator form"},
		{method: "POST", pattern: "/creators", perm: MemberUp, h: s.creatorCreateForm, summary: "create a creator"},
		{method: "GET", pattern: "/creators/{id}", perm: ViewerUp, h: s.creatorPage, summary: "creator profile"},
		{method: "POST", pattern: "/creators/{id}", perm: MemberUp, h: s.creatorUpdateForm, summary: "update a creator"},
		{method: "POST", pattern: "/creators/{id}/delete", perm: AdminUp, h: s.creatorDeleteForm, summary: "delete a creator"},
		{method: "GET", pattern: "/import", perm: MemberUp, h: s.importPage, summary: "import form"},
		{method: "POST", pattern: "/import", perm: MemberUp, h: s.importForm, summary: "import creators", maxBody: importMax},

		{method: "GET", pattern: "/campaigns", perm: ViewerUp, h: s.campaignsPage, summary: "campaign list"},
		{method: "GET", pattern: "/campaigns/new", perm: MemberUp, h: s.campaignNewPage, summary: "new campaign form"},
		{method: "POST", pattern: "/campaigns", perm: MemberUp, h: s.campaignCreateForm, summary: "create a campaign"},
		{method: "GET", pattern: "/campaigns/{id}", perm: ViewerUp, h: s.campaignPage, summary: "campaign with its pipeline"},
		{method: "POST", pattern: "/campaigns/{id}/collaborations", perm: MemberUp, h: s.collabCreateForm, summary: "add creators to a campaign"},
		{method: "POST", pattern: "/campaigns/{id}/variants", perm: MemberUp, h: s.variantCreateForm, summary: "add a variant"},
		{method: "POST", pattern: "/collaborations/{id}/move", perm: MemberUp, h: s.collabMoveForm, summary: "move a collaboration"},

		{method: "GET", pattern: "/settings", perm: ViewerUp, h: s.settingsPage, summary: "workspace settings"},
		{method: "POST", pattern: "/settings", perm: AdminUp, h: s.settingsForm, summary: "save workspace settings"},
		{method: "POST", pattern: "/settings/tokens", perm: AdminUp, h: s.tokenCreateForm, summary: "create an API token"},
		{method: "POST", pattern: "/settings/tokens/{id}/revoke", perm: AdminUp, h: s.tokenRevokeForm, summary: "revoke an API token"},

		// JSON API.
		{method: "GET", pattern: "/api/v1/openapi.json", perm: Public, h: s.openAPI, summary: "this API document"},
		{method: "GET", pattern: "/api/v1/me", perm: SignedIn, h: s.apiMe, summary: "the caller and workspace"},
		{method: "GET", pattern: "/api/v1/workspace", perm: ViewerUp, h: s.apiWorkspace, summary: "workspace settings"},
		{method: "PATCH", pattern: "/api/v1/workspace", perm: AdminUp, h: s.apiWorkspacePatch, summary: "change workspace settings"},
		{method: "GET", pattern: "/api/v1/creators", perm: ViewerUp, h: s.apiCreators, summary: "list creators"},
		{method: "POST", pattern: "/api/v1/creators", perm: MemberUp, h: s.apiCreatorCreate, summary: "create a creator with accounts"},
		{method: "GET", pattern: "/api/v1/creators/{id}", perm: ViewerUp, h: s.apiCreator, summary: "get a creator"},
		{method: "PATCH", pattern: "/api/v1/creators/{id}", perm: MemberUp, h: s.apiCreatorPatch, summary: "change a creator"},
		{method: "DELETE", pattern: "/api/v1/creators/{id}", perm: AdminUp, h: s.apiCreatorDelete, summary: "delete a creator"},
		{method: "POST", pattern: "/api/v1/creators/{id}/accounts", perm: MemberUp, h: s.apiAccountCreate, summary: "add an account to a creator"},
		{method: "PATCH", pattern: "/api/v1/accounts/{id}", perm: MemberUp, h: s.apiAccountPatch, summary: "change an account's counts, profile or audience"},
		{method: "DELETE", pattern: "/api/v1/accounts/{id}", perm: AdminUp, h: s.apiAccountDelete, summary: "remove an account"},
		{method: "POST", pattern: "/api/v1/creators/import", perm: MemberUp, h: s.apiImport, summary: "import creators from CSV or JSON Lines", maxBody: importMax},
		{method: "GET", pattern: "/api/v1/campaigns", perm: ViewerUp, h: s.apiCampaigns, summary: "list campaigns"},
		{method: "POST", pattern: "/api/v1/campaigns", perm: MemberUp, h: s.apiCampaignCreate, summary: "create a campaign"},
		{method: "GET", pattern: "/api/v1/campaigns/{id}", perm: ViewerUp, h: s.apiCampaign, summary: "get a campaign"},
		{method: "PATCH", pattern: "/api/v1/campaigns/{id}", perm: MemberUp, h: s.apiCampaignPatch, summary: "change a campaign"},
		{method: "DELETE", pattern: "/api/v1/campaigns/{id}", perm: AdminUp, h: s.apiCampaignDelete, summary: "delete a campaign"},
		{method: "POST", pattern: "/api/v1/campaigns/{id}/variants", perm: MemberUp, h: s.apiVariantCreate, summary: "add a variant"},
		{method: "GET", pattern: "/api/v1/collaborations", perm: ViewerUp, h: s.apiCollabs, summary: "list collaborations"},
		{method: "POST", pattern: "/api/v1/collaborations", perm: MemberUp, h: s.apiCollabCreate, summary: "add a creator to a campaign"},
		{method: "GET", pattern: "/api/v1/collaborations/{id}", perm: ViewerUp, h: s.apiCollab, summary: "get a collaboration with its history"},
		{method: "PATCH", pattern: "/api/v1/collaborations/{id}", perm: MemberUp, h: s.apiCollabPatch, summary: "change a collaboration's terms"},
		{method: "POST", pattern: "/api/v1/collaborations/{id}/move", perm: MemberUp, h: s.apiCollabMove, summary: "move a collaboration in the pipeline"},
		{method: "DELETE", pattern: "/api/v1/collaborations/{id}", perm: AdminUp, h: s.apiCollabDelete, summary: "remove a collaboration"},
		{method: "GET", pattern: "/api/v1/tokens", perm: AdminUp, h: s.apiTokens, summary: "list API tokens"},
		{method: "POST", pattern: "/api/v1/tokens", perm: AdminUp, h: s.apiTokenCreate, summary: "create an API token (the secret is shown once)"},
		{method: "DELETE", pattern: "/api/v1/tokens/{id}", perm: AdminUp, h: s.apiTokenRevoke, summary: "revoke an API token"},
		{method: "GET", pattern: "/api/v1/members", perm: AdminUp, h: s.apiMembers, summary: "list users and roles"},

		// Measurement: links, the redirect and clicks.
		// GET /c/{slug} is answered by the redirector before this table (see Server.Handler).
		{method: "GET", pattern: "/campaigns/{id}/links", perm: ViewerUp, h: s.linksPage, summary: "a campaign's tracked links with QR codes and clicks"},
		{method: "POST", pattern: "/collaborations/{id}/links", perm: MemberUp, h: s.linkCreateForm, summary: "generate a tracked link"},
		{method: "POST", pattern: "/links/{id}", perm: MemberUp, h: s.linkUpdateForm, summary: "change a link's destination or UTM parameters"},
		{method: "POST", pattern: "/links/{id}/delete", perm: MemberUp, h: s.linkDeleteForm, summary: "delete a tracked link"},
		{method: "GET", pattern: "/api/v1/collaborations/{id}/links", perm: ViewerUp, h: s.apiLinks, summary: "list a collaboration's tracked links with click totals"},
		{method: "POST", pattern: "/api/v1/collaborations/{id}/links", perm: MemberUp, h: s.apiLinkCreate, summary: "create a tracked link (random slug unless given; UTM by convention unless given)"},
		{method: "GET", pattern: "/api/v1/links/{id}", perm: ViewerUp, h: s.apiLink, summary: "get a tracked link"},
		{method: "PATCH", pattern: "/api/v1/links/{id}", perm: MemberUp, h: s.apiLinkPatch, summary: "change a link's destination, variant or UTM parameters (the slug stays)"},
		{method: "DELETE", pattern: "/api/v1/links/{id}", perm: MemberUp, h: s.apiLinkDelete, summary: "delete a tracked link and its clicks"},
		{method: "GET", pattern: "/api/v1/links/{id}/qr.png", perm: ViewerUp, h: s.apiLinkQRPNG, summary: "QR code of the short link, PNG"},
		{method: "GET", pattern: "/api/v1/links/{id}/qr.svg", perm: ViewerUp, h: s.apiLinkQRSVG, summary: "QR code of the short link, SVG"},
		{method: "GET", pattern: "/api/v1/links/{id}/clicks", perm: ViewerUp, h: s.apiLinkClicks, summary: "a link's human and bot clicks, total and per day (?from=&to= dates)"},
		{method: "GET", pattern: "/api/v1/campaigns/{id}/clicks", perm: ViewerUp, h: s.apiCampaignClicks, summary: "a campaign's clicks, total, per day and per collaboration"},

		// Measurement: codes, orders, webhooks, surveys, attribution.
		{method: "POST", pattern: "/hooks/shopify/{workspace}", perm: Signed, h: s.shopifyHook, summary: "Shopify order webhooks (orders/create, orders/paid, refunds/create), HMAC-verified", maxBody: webhookMax},
		{method: "POST", pattern: "/hooks/woocommerce/{workspace}", perm: Signed, h: s.wooHook, summary: "WooCommerce order webhooks and pings, HMAC-verified", maxBody: webhookMax},
		{method: "GET", pattern: "/s/{workspace}", perm: Public, h: s.surveyFormPage, summary: "post-purchase survey form (?order=ID), embeddable"},
		{method: "POST", pattern: "/s/{workspace}", perm: Public, h: s.surveyForm, summary: "answer the post-purchase survey"},
		{method: "GET", pattern: "/campaigns/{id}/attribution", perm: ViewerUp, h: s.campaignAttributionPage, summary: "a campaign's discount codes and attribution report"},
		{method: "POST", pattern: "/collaborations/{id}/codes", perm: MemberUp, h: s.codeCreateForm, summary: "issue a discount code"},
		{method: "POST", pattern: "/settings/integrations", perm: AdminUp, h: s.integrationsForm, summary: "save shop integration secrets"},
		{method: "GET", pattern: "/api/v1/collaborations/{id}/codes", perm: ViewerUp, h: s.apiCodes, summary: "list a collaboration's discount codes"},
		{method: "POST", pattern: "/api/v1/collaborations/{id}/codes", perm: MemberUp, h: s.apiCodeCreate, summary: "issue a discount code (from the handle and offer unless given; also in Shopify when configured)"},
		{method: "POST", pattern: "/api/v1/conversions", perm: MemberUp, h: s.apiConversionCreate, summary: "record an order (idempotent on order_id)"},
		{method: "POST", pattern: "/api/v1/surveys", perm: MemberUp, h: s.apiSurveyCreate, summary: "record a post-purchase survey answer (once per order)"},
		{method: "GET", pattern: "/api/v1/campaigns/{id}/report", perm: ViewerUp, h: s.apiCampaignReport, summary: "attribution report: default model beside ?model=first|last|linear|time_decay|position|markov|shapley; ?format=csv"},
		{method: "GET", pattern: "/api/v1/integrations", perm: AdminUp, h: s.apiIntegrations, summary: "which shop integration secrets are set (never their values)"},
		{method: "PUT", pattern: "/api/v1/integrations", perm: AdminUp, h: s.apiIntegrationsPut, summary: "set shop integration secrets (absent: unchanged; empty: removed)"},

		// Vetting and discovery.

		// Campaign operations: briefs, outreach, deliverables, review, rights, payouts, portal.

		// Learn and scale: post metrics, reports, experiments, recommendations.
	}
}

func (s *Server) serveStatic(w http.ResponseWriter, r *http.Request, c *Caller) error {
	if r.URL.Query().Get("v") != "" {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	}
	http.ServeFileFS(w, r, s.static, r.PathValue("file"))
	return nil
}
