package web

import (
	"net/http"
	"regexp"
	"strings"
)

var pathParam = regexp.MustCompile(`\{([a-z_]+)(\.\.\.)?\}`)

// apiSchemas names the request and response body of API routes whose bodies
// are one of the main types; the others are described as plain objects.
var apiSchemas = map[string][2]string{
	"POST /api/v1/creators":                 {"Creator", "Creator"},
	"GET /api/v1/creators/{id}":             {"", "Creator"},
	"PATCH /api/v1/creators/{id}":           {"CreatorPatch", "Creator"},
	"POST /api/v1/campaigns":                {"Campaign", "Campaign"},
	"GET /api/v1/campaigns/{id}":            {"", "Campaign"},
	"PATCH /api/v1/campaigns/{id}":          {"Campaign", "Campaign"},
	"POST /api/v1/collaborations":           {"Collaboration", "Collaboration"},
	"GET /api/v1/collaborations/{id}":       {"", "Collaboration"},
	"PATCH /api/v1/collaborations/{id}":     {"Collaboration", "Collaboration"},
	"POST /api/v1/collaborations/{id}/move": {"Move", "Collaboration"},
	// Measurement part A: tracked links and clicks.
	"GET /api/v1/collaborations/{id}/links":  {"", "Links"},
	"POST /api/v1/collaborations/{id}/links": {"LinkInput", "Link"},
	"GET /api/v1/links/{id}":                 {"", "Link"},
	"PATCH /api/v1/links/{id}":               {"LinkPatch", "Link"},
	"GET /api/v1/links/{id}/clicks":          {"", "ClickReport"},
	"GET /api/v1/campaigns/{id}/clicks":      {"", "ClickReport"},
	// Campaign operations (ops part A).
	"GET /api/v1/campaigns/{id}/brief":              {"", "Brief"},
	"PUT /api/v1/campaigns/{id}/brief":              {"Brief", "Brief"},
	"POST /api/v1/collaborations/{id}/deliverables": {"DeliverableInput", "Deliverable"},
	"POST /api/v1/collaborations/{id}/messages":     {"MessageInput", "Message"},
	"POST /api/v1/templates":                        {"Template", "Template"},
	// Measurement part B: orders, codes, surveys, attribution.
	"POST /api/v1/conversions":               {"ConversionInput", "ConversionResult"},
	"POST /api/v1/surveys":                   {"SurveyInput", "SurveyResult"},
	"POST /api/v1/collaborations/{id}/codes": {"CodeInput", "DiscountCode"},
	"GET /api/v1/campaigns/{id}/report":      {"", "Report"},
	"GET /api/v1/integrations":               {"", "Integrations"},
	"PUT /api/v1/integrations":               {"IntegrationsInput", "Integrations"},
	// Campaign operations part B: review, rights, payouts.
	"GET /api/v1/collaborations/{id}/drafts":  {"", "Drafts"},
	"POST /api/v1/collaborations/{id}/drafts": {"DraftInput", "DraftVersion"},
	"GET /api/v1/rights":                      {"", "Rights"},
	"GET /api/v1/rights/winners":              {"", "Winners"},
	"GET /api/v1/payouts":                     {"", "Ledger"},
	"POST /api/v1/payouts/runs":               {"PayoutRunInput", "PayoutRunResult"},
	// Learn and scale: post metrics, reports, experiments, recommendations.
	"POST /api/v1/posts":                         {"PostInput", "Post"},
	"GET /api/v1/posts/{id}":                     {"", "PostSnapshots"},
	"POST /api/v1/posts/{id}/snapshots":          {"SnapshotsInput", ""},
	"GET /api/v1/campaigns/{id}/analytics":       {"", "Analytics"},
	"GET /api/v1/campaigns/{id}/experiment":      {"", "Experiment"},
	"GET /api/v1/campaigns/{id}/recommendations": {"", "Recommendations"},
	"GET /api/v1/campaigns/{id}/incrementality":  {"", "Incrementality"},
	"GET /api/v1/campaigns/{id}/surround":        {"", "Surround"},
	// Workspace, members, tokens, audit and privacy.
	"GET /api/v1/me":                        {"", "Me"},
	"GET /api/v1/workspace":                 {"", "Workspace"},
	"PATCH /api/v1/workspace":               {"WorkspacePatch", "Workspace"},
	"GET /api/v1/members":                   {"", "Members"},
	"PATCH /api/v1/members/{id}":            {"MemberInput", "Member"},
	"POST /api/v1/members/invites":          {"StaffInviteInput", "StaffInvite"},
	"GET /api/v1/tokens":                    {"", "Tokens"},
	"POST /api/v1/tokens":                   {"TokenInput", "TokenCreated"},
	"GET /api/v1/audit":                     {"", "AuditEvents"},
	"GET /api/v1/privacy":                   {"", "Privacy"},
	"PUT /api/v1/privacy":                   {"Privacy", "Privacy"},
	"POST /api/v1/creators/{id}/erase":      {"", "CreatorErased"},
	"POST /api/v1/customers/erase":          {"CustomerEraseInput", "CustomerErased"},
	"GET /api/v1/collaborations/{id}/codes": {"", "DiscountCodes"},
	// Vetting and discovery.
	"GET /api/v1/discover":                                  {"", "Discovery"},
	"GET /api/v1/vetting/run":                               {"", "VettingRun"},
	"POST /api/v1/vetting/run":                              {"", "VettingRun"},
	"GET /api/v1/campaigns/{id}/creators/{creatorID}/score": {"", "CreatorScore"},
	"GET /api/v1/campaigns/{id}/shortlist":                  {"", "Shortlist"},
	"GET /api/v1/syncs":                                     {"", "Syncs"},
	"POST /api/v1/syncs":                                    {"SyncInput", "Sync"},
	"GET /api/v1/syncs/{id}":                                {"", "Sync"},
}

// openAPIDoc builds the OpenAPI 3 document from the route table, so that it
// cannot fall out of step with the routes.
func (s *Server) openAPIDoc() map[string]any {
	paths := map[string]any{}
	for _, rt := range s.routes {
		if !strings.HasPrefix(rt.pattern, "/api/") {
			continue
		}
		item, _ := paths[rt.pattern].(map[string]any)
		if item == nil {
			item = map[string]any{}
			paths[rt.pattern] = item
		}
		op := map[string]any{
			"summary":             rt.summary,
			"operationId":         strings.ToLower(rt.method) + strings.NewReplacer("/api/v1", "", "/", "_", "{", "", "}", "", ".", "_").Replace(rt.pattern),
			"x-chorus-permission": rt.perm.String(),
			"responses": map[string]any{
				"default": map[string]any{"description": "error", "content": jsonContent("Error")},
			},
		}
		key := rt.method + " " + rt.pattern
		sch := apiSchemas[key]
		okStatus := "200"
		switch rt.method {
		case "POST":
			if sch[1] != "" && !strings.HasSuffix(rt.pattern, "/move") {
				okStatus = "201"
			}
		case "DELETE":
			okStatus = "204"
		}
		resp := map[string]any{"description": "success"}
		if okStatus != "204" {
			resp["content"] = jsonContent(sch[1])
		}
		op["responses"].(map[string]any)[okStatus] = resp
		if sch[0] != "" || rt.method == "POST" || rt.method == "PATCH" {
			op["requestBody"] = map[string]any{"required": true, "content": jsonContent(sch[0])}
		}
		if rt.perm == Public {
			op["security"] = []any{}
		}
		var params []any
		for _, m := range pathParam.FindAllStringSubmatch(rt.pattern, -1) {
			params = append(params, map[string]any{"name": m[1], "in": "path", "required": true, "schema": map[string]any{"type": "integer"}})
		}
		if params != nil {
			op["parameters"] = params
		}
		item[strings.ToLower(rt.method)] = op
	}
	return map[string]any{
		"openapi": "3.0.3",
		"info": map[string]any{"title": "Chorus API", "version": "1",
			"description": "Every request acts in one workspace: the API token's, or the signed-in session's current one. Money is in integer minor units with an ISO 4217 currency."},
		"servers":  []any{map[string]any{"url": "/"}},
		"security": []any{map[string]any{"bearer": []any{}}, map[string]any{"session": []any{}}},
		"paths":    paths,
		"components": map[string]any{
			"securitySchemes": map[string]any{
				"bearer":  map[string]any{"type": "http", "scheme": "bearer", "description": "an API token from Settings or `chorus token create`"},
				"session": map[string]any{"type": "apiKey", "in": "cookie", "name": sessionCookie},
			},
			"schemas": schemas(),
		},
	}
}

func jsonContent(schema string) map[string]any {
	s := map[string]any{"type": "object"}
	if schema != "" {
		s = map[string]any{"$ref": "#/components/schemas/" + schema}
	}
	return map[string]any{"application/json": map[string]any{"schema": s}}
}

func obj(props map[string]any, required ...string) map[string]any {
	o := map[string]any{"type": "object", "properties": props}
	if len(required) > 0 {
		o["required"] = required
	}
	return o
}

var (
	str   = map[string]any{"type": "string"}
	integ = map[string]any{"type": "integer", "format": "int64"}
	num   = map[string]any{"type": "number"}
	nint  = map[string]any{"type": "integer", "format": "int64", "nullable": true}
	nbool = map[string]any{"type": "boolean", "nullable": true}
	strs  = map[string]any{"type": "array", "items": str}
	date  = map[string]any{"type": "string", "format": "date-time", "nullable": true}
	share = map[string]any{"type": "object", "additionalProperties": num}
	nnum  = map[string]any{"type": "number", "nullable": true}
	// apiRole is a staff role; creators have the portal, not the API.
	apiRole = map[string]any{"type": "string", "enum": []string{"owner", "admin", "member", "viewer", "creator"}}
	// Report rows and recommendations, shared by several schemas.
	apiRowRef = map[string]any{"$ref": "#/components/schemas/MetricRow"}
	apiRows   = map[string]any{"type": "array", "items": apiRowRef}
	apiRecs   = map[string]any{"type": "array", "items": obj(map[string]any{"kind": str, "id": str, "name": str, "action": str,
		"reason": str, "spend_minor": integ, "conversions": integ, "share": num, "allocation_minor": integ, "cpa_minor": nnum,
		"cpa_low_minor": nnum, "cpa_high_minor": nnum, "prob_below_target": num})}
)

func schemas() map[string]any {
	account := obj(map[string]any{"id": integ, "platform": str, "handle": str, "url": str, "followers": nint, "following": nint,
		"media_count": nint, "biography": str, "has_profile_pic": nbool, "is_private": nbool,
		"audience":   obj(map[string]any{"country": share, "age": share, "gender": share}),
		"rate_minor": nint, "rate_currency": str}, "platform", "handle")
	return map[string]any{
		"Error": obj(map[string]any{"error": str, "fields": map[string]any{"type": "array", "nullable": true,
			"items": obj(map[string]any{"field": str, "message": str})}}, "error"),
		"Account": account,
		"Creator": obj(map[string]any{"id": integ, "name": str, "email": str, "country": str, "niche_tags": strs, "notes": str,
			"accounts": map[string]any{"type": "array", "items": map[string]any{"$ref": "#/components/schemas/Account"}}}, "name"),
		"CreatorPatch": obj(map[string]any{"name": str, "email": str, "country": str, "niche_tags": strs, "notes": str}),
		"Campaign": obj(map[string]any{"id": integ, "slug": str, "name": str, "goal": str, "status": str, "budget_minor": integ,
			"currency": str, "starts_at": date, "ends_at": date, "brief": map[string]any{"type": "object"},
			"variants": map[string]any{"type": "array", "items": obj(map[string]any{"id": integ, "name": str, "kind": str, "description": str})}}, "name"),
		"Collaboration": obj(map[string]any{"id": integ, "campaign_id": integ, "creator_id": integ, "variant_id": nint, "owner_id": nint,
			"status": str, "fee_minor": integ, "seeding_minor": integ, "amplification_minor": integ, "commission_bps": integ}),
		"Move": obj(map[string]any{"to": str, "note": str}, "to"),
		// Measurement part A: tracked links and clicks. Omitted UTM fields
		// follow the conventions; clicks are humans and bots from the rollups.
		"LinkInput": obj(map[string]any{"slug": str, "destination": str, "variant_id": nint, "utm_source": str, "utm_medium": str,
			"utm_campaign": str, "utm_content": str}, "destination"),
		"LinkPatch": obj(map[string]any{"destination": str, "variant_id": nint, "utm_source": str, "utm_medium": str,
			"utm_campaign": str, "utm_content": str}),
		"Link": obj(map[string]any{"id": integ, "collaboration_id": integ, "campaign_id": integ, "variant_id": nint, "slug": str,
			"destination": str, "utm_source": str, "utm_medium": str, "utm_campaign": str, "utm_content": str, "created_at": date,
			"updated_at": date, "short_url": str, "example_location": str, "clicks": obj(map[string]any{"humans": integ, "bots": integ})}),
		"Links": obj(map[string]any{"links": map[string]any{"type": "array", "items": map[string]any{"$ref": "#/components/schemas/Link"}}}),
		"ClickReport": obj(map[string]any{"from": date, "to": date, "totals": obj(map[string]any{"humans": integ, "bots": integ}),
			"days":             map[string]any{"type": "array", "items": obj(map[string]any{"day": date, "humans": integ, "bots": integ})},
			"by_collaboration": map[string]any{"type": "object", "additionalProperties": obj(map[string]any{"humans": integ, "bots": integ})}}),
		// Campaign operations (ops part A).
		"Brief": obj(map[string]any{"product": str, "description": str, "key_messages": strs, "dos": strs, "donts": strs,
			"hashtags": strs, "keywords": strs, "disclosure": str, "banned_claims": strs, "claim_categories": strs,
			"formats": strs, "competitors": strs, "deadline": date, "target_country": share, "target_age": share, "target_gender": share}),
		"DeliverableInput": obj(map[string]any{"kind": str, "platform": str, "due": str, "status": str}, "kind", "platform", "due"),
		"Deliverable": obj(map[string]any{"id": integ, "collaboration_id": integ, "kind": str, "platform": str, "due": date, "status": str,
			"submitted_at": date, "approved_at": date, "live_at": date, "missed_at": date, "reminded_at": date}),
		"MessageInput": obj(map[string]any{"template": integ, "subject": str, "body": str, "offer": str, "link": str, "code": str}),
		"Message": obj(map[string]any{"id": integ, "collaboration_id": integ, "deliverable_id": nint, "kind": str, "to": str,
			"subject": str, "text": str, "status": str, "error": str, "attempts": integ, "message_id": str, "sent_at": date}),
		"Template": obj(map[string]any{"id": integ, "name": str, "subject": str, "body": str}, "name", "subject", "body"),
		// Measurement part B: orders, codes, surveys, attribution.
		"ConversionInput": obj(map[string]any{"order_id": str, "value": str, "currency": str, "click_id": str, "code": str,
			"customer_ref": str, "time": str, "new_customer": nbool}, "order_id", "value", "currency"),
		"Conversion": obj(map[string]any{"id": integ, "order_id": str, "provider": str, "time": date, "currency": str, "total_minor": integ,
			"refunded_minor": integ, "codes": strs, "click_id": str, "new_customer": nbool, "paid": nbool, "test": nbool,
			"collaboration_id": integ, "rule": str, "reason": str, "platform": str, "credit_conversions": num, "credit_minor": integ}),
		"ConversionResult": obj(map[string]any{"conversion": map[string]any{"$ref": "#/components/schemas/Conversion"}, "created": nbool}),
		"SurveyInput":      obj(map[string]any{"order_id": str, "answer": str}, "order_id", "answer"),
		"SurveyResult": obj(map[string]any{"created": nbool, "conversion": map[string]any{"$ref": "#/components/schemas/Conversion"},
			"survey": obj(map[string]any{"id": integ, "order_id": str, "answer": str, "collaboration_id": integ, "platform": str,
				"matched": str, "confidence": num})}),
		"CodeInput":    obj(map[string]any{"code": str, "percent": integ, "shopify": nbool}),
		"DiscountCode": obj(map[string]any{"id": integ, "collaboration_id": integ, "code": str, "percent": integ, "shopify_id": str, "created_at": date, "creator_name": str}),
		"Report": obj(map[string]any{"campaign_id": integ, "currency": str, "model": str, "journeys": integ, "other_currency_conversions": num,
			"campaign":       map[string]any{"$ref": "#/components/schemas/ReportRow"},
			"collaborations": map[string]any{"type": "array", "items": map[string]any{"$ref": "#/components/schemas/ReportRow"}},
			"creators":       map[string]any{"type": "array", "items": map[string]any{"$ref": "#/components/schemas/ReportRow"}},
			"variants":       map[string]any{"type": "array", "items": map[string]any{"$ref": "#/components/schemas/ReportRow"}}}),
		"ReportRow": obj(map[string]any{"id": integ, "name": str, "human_clicks": integ,
			"default": map[string]any{"$ref": "#/components/schemas/Metrics"}, "model": map[string]any{"$ref": "#/components/schemas/Metrics"}}),
		"Metrics":           obj(map[string]any{"conversions": num, "revenue_minor": integ, "new_customers": num}),
		"IntegrationsInput": obj(map[string]any{"shopify_webhook_secret": str, "shopify_shop": str, "shopify_admin_token": str, "woocommerce_webhook_secret": str}),
		"Integrations": obj(map[string]any{"shopify_webhook_url": str, "woocommerce_webhook_url": str, "server_has_secret": nbool,
			"secrets": map[string]any{"type": "array", "items": obj(map[string]any{"name": str, "label": str, "set": nbool})}}),
		// Campaign operations part B: review, rights, payouts.
		"DraftInput": obj(map[string]any{"draft_id": integ, "title": str, "caption": str, "post_urls": strs}),
		"DraftVersion": obj(map[string]any{"id": integ, "draft_id": integ, "version": integ, "caption": str, "post_urls": strs, "created_at": date,
			"report": obj(map[string]any{"status": str, "results": map[string]any{"type": "array", "items": obj(map[string]any{"check": str, "status": str,
				"reason": str, "missing": strs, "spans": map[string]any{"type": "array", "items": obj(map[string]any{"start": integ, "end": integ})}})}}),
			"media":   map[string]any{"type": "array", "items": obj(map[string]any{"id": integ, "name": str, "content_type": str, "size": integ})},
			"reviews": map[string]any{"type": "array", "items": obj(map[string]any{"id": integ, "decision": str, "comment": str, "user_email": str, "at": date})}}),
		"Drafts": obj(map[string]any{"drafts": map[string]any{"type": "array", "items": obj(map[string]any{"id": integ, "collaboration_id": integ,
			"title": str, "status": str, "versions": map[string]any{"type": "array", "items": map[string]any{"$ref": "#/components/schemas/DraftVersion"}}})}}),
		"Rights": obj(map[string]any{"rights": map[string]any{"type": "array", "items": obj(map[string]any{"id": integ, "collaboration_id": integ,
			"draft_id": nint, "post_id": nint, "channels": strs, "territory": str, "starts_at": date, "ends_at": date, "exclusive": nbool,
			"fee_minor": integ, "currency": str, "creator_name": str, "asset": str})}}),
		"Winners": obj(map[string]any{"winners": map[string]any{"type": "array", "items": obj(map[string]any{"post_id": integ, "post_url": str,
			"platform": str, "handle": str, "creator_name": str, "clicks": integ, "orders": num, "engagements": integ, "rights_ends_at": date})}}),
		"Ledger": obj(map[string]any{"ledger": map[string]any{"type": "array", "items": obj(map[string]any{"id": integ, "collaboration_id": integ,
			"run_key": str, "kind": str, "amount_minor": integ, "currency": str, "note": str, "at": date, "creator_name": str, "campaign_name": str})}}),
		"PayoutRunInput": obj(map[string]any{"key": str}, "key"),
		"PayoutRunResult": obj(map[string]any{"existed": nbool, "run": obj(map[string]any{"id": integ, "key": str, "created_at": date,
			"paid": integ, "entries": integ})}),
		// Learn and scale. Ratios are null when their denominator is zero.
		"PostInput": obj(map[string]any{"collaboration_id": integ, "account_id": integ, "platform": str, "url": str, "kind": str,
			"caption": str, "sponsored": nbool, "published_at": date}, "collaboration_id", "published_at"),
		"Post": obj(map[string]any{"id": integ, "account_id": integ, "collaboration_id": nint, "platform": str, "url": str, "kind": str,
			"caption": str, "sponsored": nbool, "published_at": date}),
		"Snapshot": obj(map[string]any{"at": date, "views": nint, "impressions": nint, "reach": nint, "likes": nint, "comments": nint,
			"saves": nint, "shares": nint, "watch_time_s": nint, "completion_rate": map[string]any{"type": "number", "nullable": true},
			"link_clicks": nint}, "at"),
		"SnapshotsInput": obj(map[string]any{"snapshots": map[string]any{"type": "array", "items": map[string]any{"$ref": "#/components/schemas/Snapshot"}}}, "snapshots"),
		"PostSnapshots": obj(map[string]any{"post": map[string]any{"$ref": "#/components/schemas/Post"},
			"snapshots": map[string]any{"type": "array", "items": map[string]any{"$ref": "#/components/schemas/Snapshot"}}}),
		"MetricRow": obj(map[string]any{"key": str, "label": str, "tier": str, "creators": integ, "posts": integ, "reach": integ,
			"impressions": integ, "views": integ, "clicks": integ, "orders": integ, "new_customers": integ, "revenue": integ, "cost": integ,
			"metrics": obj(map[string]any{"er": nnum, "ctr": nnum, "completion": nnum, "cvr": nnum, "cpm": nnum, "cpe": nnum, "cpc": nnum,
				"cpa": nnum, "roas": nnum, "roi": nnum, "aov": nnum})}),
		"Analytics": obj(map[string]any{"campaign": map[string]any{"type": "object"}, "report": obj(map[string]any{"currency": str,
			"total": apiRowRef, "posts": apiRows, "collaborations": apiRows, "creators": apiRows, "variants": apiRows, "tiers": apiRows,
			"tier_comparison": map[string]any{"type": "array", "items": map[string]any{"type": "object"}}}),
			"series": map[string]any{"type": "array", "items": obj(map[string]any{"day": date, "clicks": integ, "orders": integ, "revenue_minor": integ})},
			"funnel": obj(map[string]any{"views": integ, "clicks": integ, "orders": integ})}),
		"Experiment": obj(map[string]any{"currency": str, "notes": strs, "comparisons": map[string]any{"type": "array", "items": obj(map[string]any{
			"metric": str, "unit": str, "leader": str, "decided": nbool, "more_trials": integ, "verdict": str,
			"arms": map[string]any{"type": "array", "items": obj(map[string]any{"name": str, "trials": integ, "successes": integ, "mean": num,
				"lower": num, "upper": num, "prob_best": num, "expected_loss": num})}})}}),
		"Recommendations": obj(map[string]any{"currency": str, "target_cpa_minor": integ, "next_budget_minor": integ, "notes": strs,
			"creators": apiRecs, "variants": apiRecs}),
		// Workspace, members, tokens, audit and privacy. Times are Unix seconds.
		"Workspace": obj(map[string]any{"id": integ, "slug": str, "name": str, "currency": str, "tier_micro": integ, "tier_mid": integ,
			"tier_macro": integ, "tier_mega": integ, "lookback_days": integ, "gross_margin_bps": integ}),
		"WorkspacePatch": obj(map[string]any{"name": str, "currency": str, "tier_micro": integ, "tier_mid": integ,
			"tier_macro": integ, "tier_mega": integ, "lookback_days": integ, "gross_margin_bps": integ}),
		"Me": obj(map[string]any{"workspace": map[string]any{"$ref": "#/components/schemas/Workspace"}, "role": str,
			"user":  obj(map[string]any{"id": integ, "email": str, "name": str}),
			"token": map[string]any{"$ref": "#/components/schemas/Token"}}),
		"Member":           obj(map[string]any{"user_id": integ, "email": str, "name": str, "role": apiRole}),
		"Members":          obj(map[string]any{"members": map[string]any{"type": "array", "items": map[string]any{"$ref": "#/components/schemas/Member"}}}),
		"MemberInput":      obj(map[string]any{"role": apiRole}, "role"),
		"StaffInviteInput": obj(map[string]any{"email": str, "role": apiRole}, "email", "role"),
		"StaffInvite":      obj(map[string]any{"email": str, "role": apiRole, "url": str, "expires_at": date, "mailed": nbool, "note": str}),
		"Token": obj(map[string]any{"id": integ, "name": str, "prefix": str, "role": apiRole, "created_by": nint, "created_at": integ,
			"last_used_at": nint, "revoked_at": nint}),
		"Tokens":       obj(map[string]any{"tokens": map[string]any{"type": "array", "items": map[string]any{"$ref": "#/components/schemas/Token"}}}),
		"TokenInput":   obj(map[string]any{"name": str, "role": map[string]any{"type": "string", "enum": []string{"admin", "member", "viewer"}}}, "name", "role"),
		"TokenCreated": obj(map[string]any{"token": map[string]any{"$ref": "#/components/schemas/Token"}, "secret": str, "note": str}),
		"AuditEvents": obj(map[string]any{"events": map[string]any{"type": "array", "items": obj(map[string]any{"id": integ, "at": integ,
			"actor_user_id": nint, "actor_token_id": nint, "actor": str, "action": str, "object_kind": str, "object_id": nint, "detail": str})}}),
		"Privacy":            obj(map[string]any{"retention_days": integ}, "retention_days"),
		"CreatorErased":      obj(map[string]any{"erased": integ}),
		"CustomerEraseInput": obj(map[string]any{"email": str, "customer_id": str}),
		"CustomerErased":     obj(map[string]any{"orders_anonymised": integ}),
		"DiscountCodes":      obj(map[string]any{"codes": map[string]any{"type": "array", "items": map[string]any{"$ref": "#/components/schemas/DiscountCode"}}}),
		// Vetting and discovery: a search page with explained scores, and
		// the vetting run a page or a script follows.
		"Discovery": obj(map[string]any{"creators": map[string]any{"type": "array", "items": map[string]any{"$ref": "#/components/schemas/DiscoverHit"}},
			"more": map[string]any{"type": "boolean"}, "limit": integ, "offset": integ, "campaign_id": integ}),
		"DiscoverHit": obj(map[string]any{"creator_id": integ, "name": str, "platforms": str, "niche_tags": str, "followers": nint,
			"tier": str, "er": nnum, "real_share": nnum, "score": nnum, "explained": map[string]any{"$ref": "#/components/schemas/CreatorScore"}}),
		"CreatorScore": obj(map[string]any{"creator_id": integ, "name": str, "campaign_id": integ, "account": str, "vetted_at": integ,
			"error": str, "result": obj(map[string]any{"score": num, "notes": strs, "warnings": strs,
				"parts": map[string]any{"type": "array", "items": obj(map[string]any{"component": str, "present": map[string]any{"type": "boolean"},
					"missing": str, "value": num, "weight": num, "effective_weight": num, "points": num, "evidence": strs})}})}),
		"Shortlist": obj(map[string]any{"campaign_id": integ,
			"creators": map[string]any{"type": "array", "items": map[string]any{"$ref": "#/components/schemas/CreatorScore"}}}),
		"VettingRun": obj(map[string]any{"id": integ, "status": map[string]any{"type": "string", "enum": []string{"none", "running", "done", "failed"}},
			"total": integ, "done": integ, "error": str, "started_at": integ, "updated_at": integ, "finished_at": nint,
			"stalled": map[string]any{"type": "boolean"}, "percent": integ}),
		// Platform syncs: a list of accounts fetched in the background.
		"SyncInput": obj(map[string]any{"platform": str, "handles": strs}, "handles"),
		"Sync": obj(map[string]any{"id": integ, "user_id": nint, "started_by": str,
			"status": map[string]any{"type": "string", "enum": []string{"queued", "running", "done", "failed", "interrupted"}},
			"total":  integ, "done": integ, "failed": integ, "percent": integ, "message": str, "summary": str, "stalled": map[string]any{"type": "boolean"},
			"created_at": integ, "started_at": nint, "updated_at": integ, "finished_at": nint,
			"entries": map[string]any{"type": "array", "items": obj(map[string]any{"id": integ, "position": integ, "platform": str, "handle": str,
				"status":     map[string]any{"type": "string", "enum": []string{"queued", "running", "done", "failed", "skipped"}},
				"creator_id": nint, "account_id": nint, "creator_added": map[string]any{"type": "boolean"}, "posts_added": integ, "posts_seen": integ,
				"comments_added": integ, "error": str, "finished_at": nint, "summary": str})}}),
		"Syncs": obj(map[string]any{"syncs": map[string]any{"type": "array", "items": map[string]any{"$ref": "#/components/schemas/Sync"}}}),
		// Learn and scale: incrementality and surround sound. Counts of
		// orders are estimates (numbers); CPAs are in minor units, null
		// when the estimate or its interval reaches no increment.
		"Incrementality": obj(map[string]any{"currency": str, "attributed_orders": integ, "attributed_cpa_minor": nnum, "cost_minor": integ,
			"pre_post": nullable(obj(map[string]any{"pre_from": date, "from": date, "to": date, "actual_orders": num,
				"forecast_orders": num, "forecast_low": num, "forecast_high": num,
				"incremental_orders": num, "incremental_low": num, "incremental_high": num,
				"incremental_cpa_minor": nnum, "incremental_cpa_low_minor": nnum, "incremental_cpa_high_minor": nnum,
				"significant": map[string]any{"type": "boolean"}, "verdict": str})),
			"holdout_regions": strs,
			"region_holdout": nullable(obj(map[string]any{"pre_from": date, "from": date, "to": date,
				"regions":                 map[string]any{"type": "array", "items": map[string]any{"type": "object"}},
				"exposed_baseline_orders": integ, "exposed_campaign_orders": integ, "held_out_baseline_orders": integ, "held_out_campaign_orders": integ,
				"lift": num, "lift_low": num, "lift_high": num,
				"incremental_orders": num, "incremental_low": num, "incremental_high": num,
				"incremental_cpa_minor": nnum, "incremental_cpa_low_minor": nnum, "incremental_cpa_high_minor": nnum,
				"dispersion": num, "significant": map[string]any{"type": "boolean"}, "verdict": str})),
			"notes": strs}),
		"Surround": obj(map[string]any{"from": date, "to": date, "brand_terms": strs, "competitors": strs,
			"weeks":          map[string]any{"type": "array", "items": map[string]any{"type": "object"}},
			"coverage":       map[string]any{"type": "array", "items": map[string]any{"type": "object"}},
			"share_of_voice": map[string]any{"type": "array", "items": map[string]any{"type": "object"}},
			"journeys":       map[string]any{"type": "array", "items": map[string]any{"type": "object"}},
			"visitors": obj(map[string]any{"weeks": map[string]any{"type": "array", "items": map[string]any{"type": "object"}},
				"one_creator": map[string]any{"type": "object"}, "two_or_more": map[string]any{"type": "object"}, "ratio": map[string]any{"type": "object"}}),
			"notes": strs}),
	}
}

// nullable marks a schema as allowing null.
func nullable(sch map[string]any) map[string]any {
	sch["nullable"] = true
	return sch
}

func (s *Server) openAPI(w http.ResponseWriter, r *http.Request, c *Caller) error {
	return writeJSON(w, http.StatusOK, s.openAPIDoc())
}
