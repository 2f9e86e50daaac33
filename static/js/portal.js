// Enhancements only: every page works without this file.
(function () {
  "use strict";
  // Move focus to a form's error summary so screen-reader users hear what to fix first.
  var summary = document.getElementById("form-errors");
  if (summary) summary.focus();

  // Print buttons appear only where they can work.
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });

  // On a phone, fold the filter panel so the results come first; it opens with a tap.
  if (window.matchMedia("(max-width: 47.99rem)").matches) {
    document.querySelectorAll("details[data-collapse-on-phone]").forEach(function (panel) {
      panel.open = false;
    });
  }

  // "Show 12 results" counts the filters as they are; once one changes, the
  // count is unknown until the form is sent, so the button stops claiming it.
  document.querySelectorAll("[data-results-button]").forEach(function (button) {
    if (!button.form) return;
    button.form.addEventListener("change", function () {
      button.textContent = button.getAttribute("data-results-button");
    });
  });
})();
