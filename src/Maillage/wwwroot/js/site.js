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
  // Print buttons: the page carries its own print stylesheet.
  document.querySelectorAll("button[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
