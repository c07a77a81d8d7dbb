// Drag and drop on the pipeline board. Without this file the move buttons
// and the bulk form do the same work; with it, dropping a card on a column
// posts the card's own move form (to /collaborations/bulk) with the
// column's status, and updates the card in place from the answer.
"use strict";
(() => {
  const board = document.querySelector("[data-board]");
  if (!board) return;
  const status = document.querySelector(".board-status");
  const say = (msg) => { if (status) status.textContent = msg; };
  const title = (s) => { s = s.replace(/_/g, " "); return s.charAt(0).toUpperCase() + s.slice(1); };
  let dragged = null;

  board.addEventListener("dragstart", (e) => {
    const card = e.target.closest("[data-collab]");
    if (!card) return;
    dragged = card;
    card.classList.add("dragging");
    e.dataTransfer.effectAllowed = "move";
    e.dataTransfer.setData("text/plain", card.dataset.collab);
  });
  board.addEventListener("dragend", () => {
    if (dragged) dragged.classList.remove("dragging");
    dragged = null;
    board.querySelectorAll(".drop-target").forEach((c) => c.classList.remove("drop-target"));
  });
  board.addEventListener("dragover", (e) => {
    const col = e.target.closest("[data-status]");
    if (!col || !dragged) return;
    e.preventDefault();
    board.querySelectorAll(".drop-target").forEach((c) => { if (c !== col) c.classList.remove("drop-target"); });
    col.classList.add("drop-target");
  });
  board.addEventListener("drop", async (e) => {
    const col = e.target.closest("[data-status]");
    const card = dragged;
    if (!col || !card) return;
    e.preventDefault();
    col.classList.remove("drop-target");
    const from = card.closest("[data-status]");
    if (from === col) return;
    const form = card.querySelector("form.moves");
    if (!form) return;
    const body = new URLSearchParams(new FormData(form));
    body.set("to", col.dataset.status);
    card.setAttribute("aria-busy", "true");
    try {
      // form.action would be the input named "action", not the attribute.
      const res = await fetch(form.getAttribute("action"), {
        method: "POST", body, credentials: "same-origin",
        headers: { "Accept": "application/json" },
      });
      const data = await res.json();
      if (!res.ok) {
        const why = (data.fields && data.fields.length) ? data.fields.map((f) => f.message).join("; ") : data.error;
        say("Not moved: " + why);
        return;
      }
      const k = data.updated[0];
      col.appendChild(card);
      renderMoves(card, k.moves);
      count(from); count(col);
      say(card.querySelector("a").textContent + " moved to " + title(k.status) + ".");
    } catch (err) {
      say("Not moved: " + err.message);
    } finally {
      card.removeAttribute("aria-busy");
    }
  });

  function count(col) {
    const n = col.querySelectorAll("[data-collab]").length;
    const el = col.querySelector("[data-count]");
    if (el) el.textContent = String(n);
  }

  function renderMoves(card, moves) {
    const form = card.querySelector("form.moves");
    if (!form) return;
    form.querySelectorAll("button").forEach((b) => b.remove());
    for (const m of moves) {
      const b = document.createElement("button");
      b.type = "submit"; b.name = "to"; b.value = m; b.className = "small";
      b.textContent = "→ " + title(m);
      form.appendChild(b);
    }
  }
})();
