// Draft forms: refuse files larger than the server accepts before they are
// sent, so nothing typed is lost to an oversized upload.
document.querySelectorAll("form[data-upload-max]").forEach((form) => {
  const max = Number(form.dataset.uploadMax);
  const input = form.querySelector("input[type=file]");
  const msg = form.querySelector(".upload-error");
  if (!input || !msg || !max) return;
  const check = () => {
    const big = Array.from(input.files).filter((f) => f.size > max);
    msg.hidden = big.length === 0;
    msg.textContent = big.map((f) => `${f.name} is larger than ${max.toLocaleString()} bytes.`).join(" ");
    return big.length === 0;
  };
  input.addEventListener("change", check);
  form.addEventListener("submit", (e) => {
    if (!check()) e.preventDefault();
  });
});
