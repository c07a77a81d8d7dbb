// The creator page's score: pick a campaign, see the explained score from
// the API. Text goes in with textContent only, never as markup.
"use strict";
(() => {
  const box = document.querySelector(".creator-score[data-creator]");
  if (!box) return;
  const sel = box.querySelector("[data-score-campaigns]");
  const out = box.querySelector("[data-score-output]");
  const el = (tag, text, cls) => {
    const e = document.createElement(tag);
    if (text !== undefined) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  };
  const title = (s) => s.replace(/_/g, " ").replace(/^./, (c) => c.toUpperCase());
  const show = (cs) => {
    out.replaceChildren();
    if (cs.error) { out.append(el("p", cs.error, "muted")); return; }
    const r = cs.result;
    out.append(el("p", `${Math.round(r.score)} / 100${cs.account ? " · figures from " + cs.account : ""}`, "big"));
    const t = el("table", undefined, "parts");
    const head = t.createTHead().insertRow();
    for (const h of ["Component", "Value", "Share of points", "Points", "Evidence"]) {
      const th = el("th", h); th.scope = "col"; head.append(th);
    }
    const body = t.createTBody();
    for (const p of r.parts) {
      const row = body.insertRow();
      if (!p.present) row.className = "muted";
      row.append(el("td", title(p.component)));
      if (p.present) {
        row.append(el("td", p.value.toFixed(2), "n"), el("td", (100 * p.effective_weight).toFixed(1) + "%", "n"),
          el("td", p.points.toFixed(1), "n"), el("td", (p.evidence || []).join("; ")));
      } else {
        const td = el("td", p.missing || "no data"); td.colSpan = 4; row.append(td);
      }
    }
    out.append(t);
    for (const n of r.notes || []) out.append(el("p", n, "muted"));
    for (const w of r.warnings || []) out.append(el("p", "⚠ " + w, "warn"));
  };
  const load = async () => {
    if (!sel.value) return;
    out.replaceChildren(el("p", "Scoring…", "muted"));
    try {
      const r = await fetch(`/api/v1/campaigns/${sel.value}/creators/${box.dataset.creator}/score`, { headers: { Accept: "application/json" } });
      const j = await r.json();
      if (!r.ok) { out.replaceChildren(el("p", j.error || "Could not score.", "muted")); return; }
      show(j);
    } catch { out.replaceChildren(el("p", "Could not reach the server.", "muted")); }
  };
  sel.addEventListener("change", load);
  (async () => {
    try {
      const r = await fetch(sel.dataset.scoreCampaigns, { headers: { Accept: "application/json" } });
      if (!r.ok) return;
      const j = await r.json();
      const list = Array.isArray(j) ? j : (j.campaigns || []);
      const want = new URLSearchParams(window.location.search).get("campaign");
      for (const c of list) {
        const o = el("option", c.name); o.value = c.id;
        if (String(c.id) === want) o.selected = true;
        sel.append(o);
      }
      load();
    } catch { /* the select stays empty */ }
  })();
})();
