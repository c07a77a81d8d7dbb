// Follows a vetting run on the discover page by polling its status, so the
// page can be left and come back to; without script the page shows the
// status as of loading.
"use strict";
(() => {
  const box = document.querySelector("[data-vetting-status]");
  if (!box || !box.hasAttribute("data-running")) return;
  const field = (n) => box.querySelector(`[data-field="${n}"]`);
  const tick = async () => {
    let st;
    try {
      const r = await fetch(box.dataset.vettingStatus, { headers: { Accept: "application/json" } });
      if (!r.ok) return;
      st = await r.json();
    } catch { return; }
    field("progress").value = st.percent;
    field("count").textContent = `${st.done} of ${st.total} steps`;
    if (st.status === "running" && !st.stalled) {
      setTimeout(tick, 1500);
      return;
    }
    field("label").textContent = st.status === "done" ? "Vetting finished:" : (st.stalled ? "Vetting stalled at" : "Vetting failed:");
    if (st.status === "done") window.location.reload();
  };
  setTimeout(tick, 1000);
})();
