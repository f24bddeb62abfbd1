// The pages' own behaviour. No script is inline: the Content-Security-Policy allows
// scripts from this site's files only (script-src 'self').
"use strict";

// A form sent back with errors: start at the first wrong field, which names its error.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelector("main [aria-invalid=true]")?.focus();
});

// <button data-print> prints the page (the privacy statement).
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) window.print();
});

// A form with data-upload-progress="<id of a hidden field holding a <progress>>" shows how
// much of the file htmx has sent.
document.addEventListener("htmx:xhr:progress", (event) => {
  const form = event.target.closest("form[data-upload-progress]");
  if (!form || !event.detail.lengthComputable) return;
  const percent = Math.round((100 * event.detail.loaded) / event.detail.total);
  const field = document.getElementById(form.dataset.uploadProgress);
  field.hidden = false;
  const bar = field.querySelector("progress");
  bar.value = percent;
  bar.textContent = percent + " %";
});
