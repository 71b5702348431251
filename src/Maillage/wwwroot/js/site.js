// Progressive enhancements only: every page works without this file.
(function () {
  "use strict";
  // Bring the error summary into view and focus so that screen readers announce it.
  var summary = document.getElementById("erreurs");
  if (summary) {
    summary.focus();
  }
  // Ask for confirmation before destructive actions (the server still validates everything).
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) {
        event.preventDefault();
      }
    });
  });
})();
