// Transcript beside the video: click a line to seek, follow playback, search.
(function () {
  "use strict";

  var video = document.getElementById("player");
  var picker = document.getElementById("transcript-language");
  var search = document.getElementById("transcript-search");
  if (!video || !picker) { return; }

  function activeList() {
    return document.querySelector('ol.cues[data-track="' + picker.value + '"]');
  }

  function showTrack() {
    var option = picker.options[picker.selectedIndex];
    var lang = option.getAttribute("lang");
    // Searching an Arabic, Persian or Urdu transcript means typing right to left.
    search.lang = lang;
    search.dir = option.dataset.dir || "auto";
    document.querySelectorAll("ol.cues").forEach(function (list) {
      list.hidden = list.dataset.track !== picker.value;
    });
    for (var i = 0; i < video.textTracks.length; i++) {
      var track = video.textTracks[i];
      track.mode = track.language === lang ? "showing" : "disabled";
    }
  }

  document.querySelectorAll("button.cue").forEach(function (button) {
    button.addEventListener("click", function () {
      video.currentTime = parseFloat(button.dataset.start);
      video.play();
    });
  });

  function followPlayback() {
    var now = video.currentTime;
    var list = activeList();
    if (!list) { return; }
    list.querySelectorAll("button.cue").forEach(function (button) {
      var on = now >= parseFloat(button.dataset.start) && now < parseFloat(button.dataset.end);
      if (on && !button.classList.contains("current")) {
        button.scrollIntoView({ block: "nearest" });
      }
      button.classList.toggle("current", on);
      button.setAttribute("aria-current", on ? "true" : "false");
    });
  }
  video.addEventListener("timeupdate", followPlayback);

  search.addEventListener("input", function () {
    var needle = search.value.trim().toLocaleLowerCase();
    activeList().querySelectorAll("li").forEach(function (item) {
      item.hidden = needle && item.textContent.toLocaleLowerCase().indexOf(needle) === -1;
    });
  });

  picker.addEventListener("change", function () { showTrack(); followPlayback(); });

  // Trainees report a wrong subtitle line; the instructor sees it in the editor.
  var dialog = document.getElementById("flag-dialog");
  var flagged = null;
  document.querySelectorAll("button.flag-button").forEach(function (button) {
    button.addEventListener("click", function () {
      flagged = button;
      document.getElementById("flag-quote").textContent = button.previousElementSibling.textContent.trim();
      document.getElementById("flag-result").textContent = "";
      dialog.querySelector("textarea").value = "";
      dialog.showModal();
    });
  });
  document.getElementById("flag-cancel").addEventListener("click", function () { dialog.close(); });
  document.getElementById("flag-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var comment = dialog.querySelector("textarea").value;
    fetch(flagged.dataset.url, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/json",
        Accept: "application/json",
        "X-CSRFToken": document.querySelector('meta[name="csrf-token"]').content,
      },
      body: JSON.stringify({ cue_uid: flagged.dataset.uid, comment: comment }),
    }).then(function (response) { return response.json(); }).then(function (data) {
      document.getElementById("flag-result").textContent = data.message || data.error;
      if (data.message) { setTimeout(function () { dialog.close(); }, 1200); }
    });
  });
  showTrack();

})();
