// A button marked data-once sends its form once: a double click adds nothing.
document.querySelectorAll("form button[data-once]").forEach(function (button) {
  "use strict";
  button.form.addEventListener("submit", function () {
    setTimeout(function () { button.disabled = true; }, 0);
  });
});
