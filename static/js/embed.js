/*
 * Infant Mental Health Portal: a list of our resources on a partner's page.
 *
 *   <div data-imh-resources data-audience="parents-caregivers" data-limit="5">
 *     <a href="https://PORTAL/resources/?audience=parents-caregivers">
 *       Resources for parents from the Infant Mental Health Portal</a>
 *   </div>
 *   <script src="https://PORTAL/static/js/embed.js" async></script>
 *
 * Optional attributes: data-audience, data-topic, data-kind, data-language,
 * data-q (search words), data-limit (1-10), data-heading (a heading above).
 * Without scripts, or if the portal cannot be reached, the link stays.
 * No inline code or styles, so a strict Content-Security-Policy that allows
 * the portal's origin in script-src and connect-src is enough.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !window.fetch) return;
  var portal = new URL(script.src, document.baseURI).origin;
  var FILTERS = ["audience", "topic", "kind", "language", "q"];

  function query(box) {
    var params = new URLSearchParams();
    FILTERS.forEach(function (name) {
      var value = box.getAttribute("data-" + name);
      if (value) params.set(name, value);
    });
    var limit = parseInt(box.getAttribute("data-limit") || "5", 10);
    params.set("page_size", String(Math.min(Math.max(limit || 5, 1), 10)));
    return params.toString();
  }

  function element(tag, text, attributes) {
    var node = document.createElement(tag);
    if (text) node.textContent = text;
    Object.keys(attributes || {}).forEach(function (name) {
      node.setAttribute(name, attributes[name]);
    });
    return node;
  }

  // Words of danger: the API sends the help lines; they come before any result.
  function helpLines(lines) {
    var list = element("ul", null, { "class": "imh-help-now" });
    lines.forEach(function (line) {
      var item = element("li");
      item.appendChild(element("strong", line.name + ": "));
      if (line.phone) {
        item.appendChild(element("a", line.how_to_reach, { href: "tel:" + line.phone }));
      } else {
        item.appendChild(document.createTextNode(line.how_to_reach));
      }
      list.appendChild(item);
    });
    return list;
  }

  function render(box, resources, lines) {
    var fallback = box.querySelector("a");
    var list = element("ul", null, { "class": "imh-resources" });
    resources.forEach(function (resource) {
      var item = element("li");
      item.appendChild(element("a", resource.title, { href: resource.web_url }));
      if (resource.summary) item.appendChild(element("p", resource.summary));
      list.appendChild(item);
    });
    var heading = box.getAttribute("data-heading");
    box.textContent = "";
    if (lines && lines.length) box.appendChild(helpLines(lines));
    if (heading) box.appendChild(element("h2", heading));
    box.appendChild(list);
    // Keep the partner's link as the way to see more.
    if (fallback) box.appendChild(element("p")).appendChild(fallback);
    box.setAttribute("data-imh-ready", "");
  }

  document.querySelectorAll("[data-imh-resources]").forEach(function (box) {
    fetch(portal + "/api/v1/resources/?" + query(box), {
      headers: { Accept: "application/json" },
      credentials: "omit",
    })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (data) {
        if (data.results && data.results.length) {
          render(box, data.results, data.help_now);
        }
      })
      .catch(function () {
        /* The plain link stays: nothing is lost. */
      });
  });
})();
