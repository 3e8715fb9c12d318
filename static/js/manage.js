// Upload with a progress bar, then follow the job until it finishes.
(function () {
  "use strict";

  var form = document.getElementById("upload-form");
  var bar = document.getElementById("upload-progress");
  var errorBox = document.getElementById("upload-error");

  function showError(text) {
    errorBox.textContent = text;
    errorBox.hidden = false;
    form.querySelector("button").disabled = false;
  }

  if (form && window.FormData) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var button = form.querySelector("button");
      if (button.disabled) { return; }
      button.disabled = true;
      errorBox.hidden = true;
      bar.hidden = false;
      var request = new XMLHttpRequest();
      request.open("POST", form.action);
      request.setRequestHeader("Accept", "application/json");
      request.upload.onprogress = function (e) {
        if (e.lengthComputable) { bar.value = (100 * e.loaded) / e.total; }
      };
      request.onload = function () {
        var body = {};
        try { body = JSON.parse(request.responseText); } catch (ignored) { body = {}; }
        if (request.status === 202) { window.location.reload(); return; }
        showError(body.error || request.statusText);
      };
      request.onerror = function () { showError(form.dataset.networkError || "Network error"); };
      request.send(new FormData(form));
    });
  }

  var job = document.getElementById("job");
  var url = job && job.dataset.statusUrl;
  if (!url) { return; }

  // Latin digits, as the server's Babel formats them for these locales.
  var percent = window.Intl
    ? new Intl.NumberFormat(document.documentElement.lang + "-u-nu-latn", { style: "percent" })
    : { format: function (n) { return Math.round(100 * n) + "%"; } };

  function render(status) {
    var step = document.getElementById("job-step");
    step.textContent = status.step_label;
    step.dataset.state = status.state;
    document.getElementById("job-progress").value = status.progress;
    document.getElementById("job-percent").textContent = percent.format(status.progress / 100);
    document.getElementById("job-message").textContent = status.message;
    document.getElementById("retry-form").hidden = status.state !== "failed";
  }

  function poll(previousState) {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (status) {
        render(status);
        if (!status.is_finished) { setTimeout(function () { poll(status.state); }, 2000); }
        else if (previousState && previousState !== status.state) { window.location.reload(); }
      })
      .catch(function () { setTimeout(poll, 5000); });
  }
  var initial = document.getElementById("job-step").dataset.state;
  if (initial !== "done" && initial !== "failed") { poll(initial); }
})();
