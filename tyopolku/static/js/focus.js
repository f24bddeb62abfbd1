// After a save the page opens at the new row (e.g. #visit-12). The browser scrolls there but
// leaves the focus at the top: move the keyboard and screen-reader focus to the row too.
// Only elements made focusable for this (tabindex="-1") are focused.
document.addEventListener("DOMContentLoaded", () => {
  const id = decodeURIComponent(window.location.hash.slice(1));
  const target = id ? document.getElementById(id) : null;
  if (target && target.getAttribute("tabindex") === "-1") {
    target.focus();
  }
});
