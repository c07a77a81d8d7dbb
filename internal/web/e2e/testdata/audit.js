// Accessibility and readability checks over the current page, run by the
// browser tests on every page they visit. It returns a list of problems,
// each naming the element, so that a failure says what to fix.
(() => {
  const problems = [];
  const describe = (el) => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += "#" + el.id;
    if (el.getAttribute("name")) s += "[name=" + el.getAttribute("name") + "]";
    const text = (el.textContent || "").trim().replace(/\s+/g, " ").slice(0, 40);
    if (text) s += ' "' + text + '"';
    return s;
  };
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    const cs = getComputedStyle(el);
    return r.width > 1 && r.height > 1 && cs.visibility !== "hidden" && cs.display !== "none";
  };
  const named = (el) =>
    (el.getAttribute("aria-label") || "").trim() !== "" ||
    (el.getAttribute("aria-labelledby") || "").trim() !== "" ||
    (el.getAttribute("title") || "").trim() !== "";

  // The document.
  if (!document.documentElement.lang) problems.push("html has no lang attribute");
  if (!document.title.trim()) problems.push("the page has no title");
  const mains = document.querySelectorAll("main");
  if (mains.length !== 1) problems.push(mains.length + " main landmarks, want 1");
  const h1s = document.querySelectorAll("h1");
  if (h1s.length !== 1) problems.push(h1s.length + " h1 headings, want 1");
  const skip = document.querySelector("a.skip[href^='#']");
  if (!skip) problems.push("no skip link");
  else if (!document.getElementById(skip.getAttribute("href").slice(1))) problems.push("the skip link points nowhere");
  if (document.documentElement.scrollWidth > window.innerWidth + 1) {
    problems.push("the page scrolls sideways: " + document.documentElement.scrollWidth + " px wide in a " + window.innerWidth + " px window");
  }
  const ids = {};
  for (const el of document.querySelectorAll("[id]")) {
    if (ids[el.id]) problems.push("duplicate id " + el.id);
    ids[el.id] = true;
  }
  // A message is said once (a screen reader would read it twice).
  const said = {};
  for (const el of document.querySelectorAll("[role=status], [role=alert]")) {
    const text = el.textContent.trim().replace(/\s+/g, " ");
    if (text && said[text]) problems.push('the message "' + text.slice(0, 60) + '" shows twice');
    said[text] = true;
  }
  // Several navigation landmarks are told apart by their labels.
  const navs = [...document.querySelectorAll("nav")];
  if (navs.length > 1) {
    const names = navs.map((n) => (n.getAttribute("aria-label") || (n.getAttribute("aria-labelledby") && document.getElementById(n.getAttribute("aria-labelledby"))?.textContent) || "").trim());
    names.forEach((n, i) => { if (!n) problems.push("navigation " + (i + 1) + " of " + navs.length + " has no label"); });
    if (new Set(names).size !== names.length) problems.push("navigation landmarks share a label: " + names.join(", "));
  }
  // Headings go down one level at a time.
  let last = 0;
  for (const h of document.querySelectorAll("h1, h2, h3, h4, h5, h6")) {
    const level = +h.tagName[1];
    if (last && level > last + 1) problems.push("heading " + describe(h) + " skips from h" + last + " to h" + level);
    last = level;
  }

  // Every form control has a name a screen reader can read.
  for (const el of document.querySelectorAll("input, select, textarea")) {
    const type = (el.getAttribute("type") || "").toLowerCase();
    if (["hidden", "submit", "button", "reset", "image"].includes(type)) continue;
    const labelled = [...(el.labels || [])].some((l) => l.textContent.trim() !== "") || named(el);
    if (!labelled) problems.push("form control " + describe(el) + " has no label");
  }
  for (const el of document.querySelectorAll("button, input[type=submit], input[type=button]")) {
    if (!(el.textContent || el.value || "").trim() && !named(el)) problems.push("button " + describe(el) + " has no name");
  }
  for (const el of document.querySelectorAll("a[href]")) {
    const imgAlt = [...el.querySelectorAll("img[alt]")].some((i) => i.alt.trim() !== "");
    if (!el.textContent.trim() && !imgAlt && !named(el)) problems.push("link to " + el.getAttribute("href") + " has no text");
  }
  for (const el of document.querySelectorAll("img")) {
    if (!el.hasAttribute("alt")) problems.push("image " + el.getAttribute("src") + " has no alt attribute");
  }
  for (const el of document.querySelectorAll("table")) {
    if (!el.querySelector("th")) problems.push("table without header cells");
  }
  for (const el of document.querySelectorAll("th")) {
    if (!el.textContent.trim() && !named(el)) problems.push("empty table header cell in column " + (el.cellIndex + 1));
  }

  // Text contrast, WCAG 2 AA: 4.5:1, or 3:1 for large text. The background
  // is the first opaque one up the tree, white at the top.
  const rgba = (s) => {
    const m = s.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
  };
  const lum = (c) => {
    const ch = [c.r, c.g, c.b].map((v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2];
  };
  const blend = (fg, bg) => ({
    r: fg.r * fg.a + bg.r * (1 - fg.a),
    g: fg.g * fg.a + bg.g * (1 - fg.a),
    b: fg.b * fg.a + bg.b * (1 - fg.a),
    a: 1,
  });
  const background = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const cs = getComputedStyle(e);
      if (cs.backgroundImage !== "none") return null; // cannot tell
      const c = rgba(cs.backgroundColor);
      if (c && c.a >= 0.99) return c;
    }
    return { r: 255, g: 255, b: 255, a: 1 };
  };
  let reported = 0;
  for (const el of document.querySelectorAll("body *")) {
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim() !== "");
    if (!own || !visible(el) || el.closest("[disabled], .sr-only, option, noscript, script, style")) continue;
    const cs = getComputedStyle(el);
    const bg = background(el);
    const fgc = rgba(cs.color);
    if (!bg || !fgc) continue;
    const fg = blend(fgc, bg);
    const l1 = lum(fg), l2 = lum(bg);
    const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
    const size = parseFloat(cs.fontSize);
    const large = size >= 24 || (size >= 18.66 && +cs.fontWeight >= 700);
    const need = large ? 3 : 4.5;
    if (ratio < need && reported++ < 5) {
      problems.push("text " + describe(el) + " has contrast " + ratio.toFixed(2) + ":1 (" + cs.color + " on " +
        "rgb(" + [bg.r, bg.g, bg.b].map(Math.round).join(", ") + ")), want " + need + ":1");
    }
  }
  return problems;
})()
