// Enhancements only: every page works without this file.
(function () {
  "use strict";
  // Move focus to a form's error summary so screen-reader users hear what to fix first.
  var summary = document.getElementById("form-errors");
  if (summary) summary.focus();
})();
