// Swagger UI builds its page in the browser; two of its widgets miss what a
// keyboard or screen-reader user needs. Fix each as it appears:
// - a code sample that scrolls sideways must take focus, so it can be scrolled
//   with the arrow keys (WCAG 2.1.1);
// - the examples menu needs a name (WCAG 4.1.2).
(function () {
  "use strict";
  function fix(root) {
    root.querySelectorAll(".highlight-code > pre, .microlight").forEach(function (block) {
      if (!block.hasAttribute("tabindex")) {
        block.setAttribute("tabindex", "0");
      }
    });
    root.querySelectorAll("select:not([aria-label]):not([aria-labelledby])").forEach(function (menu) {
      if (!menu.id || !document.querySelector('label[for="' + menu.id + '"]')) {
        menu.setAttribute("aria-label", menu.classList.contains("examples-select-element") ? "Example" : "Choose");
      }
    });
  }
  var target = document.getElementById("swagger-ui");
  if (!target || !window.MutationObserver) {
    return;
  }
  new MutationObserver(function () { fix(target); }).observe(target, { childList: true, subtree: true });
  fix(target);
})();
