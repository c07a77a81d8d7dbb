// Small progressive enhancements; every page works without them.
"use strict";
document.addEventListener("change", (e) => {
  const el = e.target;
  if (el.matches("select[data-autosubmit]")) el.form.requestSubmit();
});
document.addEventListener("submit", (e) => {
  const f = e.target;
  if (f.dataset.confirm && !window.confirm(f.dataset.confirm)) e.preventDefault();
});
