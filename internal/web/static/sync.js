// Follows a platform sync on its page: polls the job's JSON and updates the
// progress bar, the summary and each account's row, then reloads once the
// job has ended so that the page shows its final state. Without script the
// page shows the job as of loading.
"use strict";
(() => {
  const box = document.querySelector("[data-sync-job]");
  const moving = (status) => status === "queued" || status === "running";
  if (!box || !moving(box.dataset.status)) return;
  const url = `/api/v1/syncs/${box.dataset.syncJob}`;
  const summary = document.getElementById("sync-summary");
  const bar = document.getElementById("sync-progress");
  const show = (job) => {
    // Only changed text, so that screen readers hear news, not repeats.
    if (summary.textContent !== job.summary) summary.textContent = job.summary;
    bar.value = job.percent;
    bar.textContent = `${job.percent}%`;
    for (const e of job.entries || []) {
      const row = document.querySelector(`tr[data-entry="${e.id}"]`);
      if (!row) continue;
      const badge = row.querySelector('[data-field="status"]');
      badge.textContent = e.status;
      badge.className = `badge sync-${e.status}`;
      row.querySelector('[data-field="summary"]').textContent = e.summary;
      const handle = row.querySelector('[data-field="handle"]');
      if (e.creator_id && !handle.querySelector("a")) {
        const a = document.createElement("a");
        a.href = `/creators/${e.creator_id}`;
        a.textContent = handle.dataset.handle;
        handle.replaceChildren(a);
      }
    }
  };
  let delay = 1000;
  const tick = async () => {
    try {
      const r = await fetch(url, { headers: { Accept: "application/json" } });
      if (r.ok) {
        const job = await r.json();
        show(job);
        if (!moving(job.status)) {
          window.location.reload();
          return;
        }
        delay = 1000;
      } else {
        delay = Math.min(delay * 2, 15000);
      }
    } catch {
      // A restarting server or a network blip: ask again, less often.
      delay = Math.min(delay * 2, 15000);
    }
    setTimeout(tick, delay);
  };
  setTimeout(tick, delay);
})();
