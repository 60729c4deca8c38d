/* Kamitaiou's few behaviours, kept out of the templates: the Content-Security-Policy allows
   no inline scripts or on*= handlers, and htmx runs with allowEval off (no hx-on, no js: values). */
(function () {
  "use strict";

  // <select data-autosubmit>: submit its form on change (the language switch).
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el instanceof HTMLSelectElement && el.hasAttribute("data-autosubmit") && el.form) {
      el.form.submit();
    }
  });

  // <input data-select-on-click>: select the whole value to copy it (calendar address).
  document.addEventListener("click", function (event) {
    var el = event.target;
    if (el instanceof HTMLInputElement && el.hasAttribute("data-select-on-click")) {
      el.select();
    }
  });

  // data-drafting-from="ID": the heartbeat says whether that field holds a draft.
  document.addEventListener("htmx:configRequest", function (event) {
    var elt = event.detail.elt;
    var id = elt && elt.getAttribute && elt.getAttribute("data-drafting-from");
    if (id) {
      var field = document.getElementById(id);
      event.detail.parameters.drafting = field && field.value.trim() ? "1" : "0";
    }
  });

  // data-swap-400: a 400 answer carries the form with its errors; show it.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var elt = event.detail.elt;
    if (event.detail.xhr.status === 400 && elt && elt.closest && elt.closest("[data-swap-400]")) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
})();
