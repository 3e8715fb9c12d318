// The subtitle editor: cue list, timeline, warnings, versions, flags, drafts.
(function () {
  "use strict";

  var root = document.getElementById("editor");
  if (!root) { return; }
  var video = document.getElementById("player");
  var caption = document.getElementById("caption");
  var list = document.getElementById("cue-list");
  var template = document.getElementById("cue-template");
  var statusBox = document.getElementById("status");
  var conflictBox = document.getElementById("conflict");
  var timeline = document.querySelector("#timeline .timeline-inner");
  var messages = JSON.parse(document.getElementById("editor-messages").textContent);
  var csrf = document.querySelector('meta[name="csrf-token"]').content;
  var draftKey = "academy-editor:" + root.dataset.track;
  var PIXELS_PER_SECOND = 80;

  var state = { track: null, cues: [], rules: null, flags: [], provenance_labels: {}, base: 0, selected: 0, dirty: false };

  function say(text, name) { return (messages[name] || text || "").replace("{n}", text); }
  function status(text) { statusBox.textContent = text; }

  // ---- times ----
  function formatTime(seconds) {
    var ms = Math.round(seconds * 1000);
    var h = Math.floor(ms / 3600000), m = Math.floor(ms / 60000) % 60;
    var s = Math.floor(ms / 1000) % 60, rest = ms % 1000;
    var text = (h ? h + ":" + String(m).padStart(2, "0") : String(m)) + ":" +
      String(s).padStart(2, "0") + "." + String(rest).padStart(3, "0");
    return text;
  }
  function parseTime(text) {
    var parts = String(text).trim().replace(",", ".").split(":");
    if (!parts.length || parts.length > 3) { return NaN; }
    var seconds = 0;
    for (var i = 0; i < parts.length; i++) {
      if (!/^\d+(\.\d+)?$/.test(parts[i])) { return NaN; }
      seconds = seconds * 60 + parseFloat(parts[i]);
    }
    return Math.round(seconds * 1000) / 1000;
  }

  // ---- the same rules as the pipeline (transcripts/cues.py) ----
  var WIDE = /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/;
  function displayWidth(text) {
    var width = 0;
    for (var ch of text) { width += WIDE.test(ch) ? 2 : 1; }
    return width;
  }
  function warningsFor(index) {
    var cue = state.cues[index], rules = state.rules, found = [];
    var lines = cue.text.split("\n"), duration = cue.end - cue.start;
    if (!(duration > 0)) { return [messages.bad_time]; }
    if (lines.length > rules.max_lines) { found.push(say(rules.max_lines, "lines")); }
    if (lines.some(function (l) { return displayWidth(l) > rules.max_line_width; })) {
      found.push(say(rules.max_line_width, "width"));
    }
    if (duration < rules.min_duration) { found.push(say(rules.min_duration, "short")); }
    if (duration > rules.max_duration) { found.push(say(rules.max_duration, "long")); }
    var speed = cue.text.replace(/\s+/g, "").length / duration;
    if (speed > rules.max_chars_per_second) { found.push(say(speed.toFixed(1), "speed")); }
    if (index > 0 && cue.start < state.cues[index - 1].end) { found.push(messages.overlap); }
    return found;
  }

  // ---- drafts: nothing typed is lost on reload ----
  function saveDraft() {
    try {
      localStorage.setItem(draftKey, JSON.stringify({ base: state.base, cues: state.cues }));
    } catch (ignored) { /* storage full or disabled: the page still works */ }
  }
  function loadDraft() {
    try { return JSON.parse(localStorage.getItem(draftKey) || "null"); } catch (e) { return null; }
  }
  function clearDraft() { localStorage.removeItem(draftKey); }

  function changed() {
    state.dirty = true;
    saveDraft();
    status(messages.unsaved);
  }

  // ---- rendering ----
  function renderRow(index) {
    var cue = state.cues[index], row = list.children[index];
    row.dataset.uid = cue.uid || "";
    row.querySelector(".num").textContent = index + 1;
    var start = row.querySelector(".start"), end = row.querySelector(".end");
    if (document.activeElement !== start) { start.value = formatTime(cue.start); }
    if (document.activeElement !== end) { end.value = formatTime(cue.end); }
    var text = row.querySelector(".text");
    if (text.value !== cue.text) { text.value = cue.text; }
    var provenance = row.querySelector(".provenance");
    provenance.textContent = state.provenance_labels[cue.provenance] || cue.provenance;
    provenance.dataset.provenance = cue.provenance;
    row.querySelector(".stale").hidden = !cue.is_stale;
    row.querySelector(".flagged").hidden = !state.flags.some(function (f) { return f.cue_uid === cue.uid; });
    var source = row.querySelector(".source");
    source.hidden = !cue.source_text;
    highlightTerms(source, cue.source_text || "");
    var suggestion = row.querySelector(".suggestion");
    var offer = cue.suggestion && cue.suggestion.text !== cue.text ? cue.suggestion : null;
    suggestion.hidden = !offer;
    if (offer) {
      suggestion.querySelector(".suggestion-label").textContent = say(offer.score, "memory");
      suggestion.querySelector(".suggestion-text").textContent = offer.text;
    }
    var warnings = row.querySelector(".warnings");
    warnings.replaceChildren.apply(warnings, warningsFor(index).map(function (w) {
      var item = document.createElement("li");
      item.textContent = w;
      return item;
    }));
    row.classList.toggle("selected", index === state.selected);
  }

  // Glossary terms in the source text, marked with the translation they require.
  function highlightTerms(element, text) {
    var terms = (state.glossary || []).map(function (t) { return t.term; });
    element.replaceChildren();
    if (!terms.length) { element.textContent = text; return; }
    var escaped = terms.map(function (t) { return t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); });
    var pattern = new RegExp("(" + escaped.join("|") + ")", "giu");
    text.split(pattern).forEach(function (part, index) {
      if (index % 2 === 0) { element.append(part); return; }
      var entry = state.glossary.find(function (t) { return t.term.toLocaleLowerCase() === part.toLocaleLowerCase(); });
      var mark = document.createElement("mark");
      mark.textContent = part;
      mark.title = say(entry ? entry.translation : part, "term");
      element.appendChild(mark);
    });
  }

  function renderList() {
    while (list.children.length < state.cues.length) {
      var row = template.content.firstElementChild.cloneNode(true);
      row.querySelector(".text").dir = root.dataset.direction === "rtl" ? "rtl" : "auto";
      list.appendChild(row);
    }
    while (list.children.length > state.cues.length) { list.lastElementChild.remove(); }
    for (var i = 0; i < state.cues.length; i++) { renderRow(i); }
    renderTimeline();
  }

  function renderTimeline() {
    var last = state.cues.length ? state.cues[state.cues.length - 1].end : 0;
    var length = Math.max(last, video && video.duration ? video.duration : 0) + 2;
    timeline.style.width = Math.ceil(length * PIXELS_PER_SECOND) + "px";
    timeline.replaceChildren();
    state.cues.forEach(function (cue, index) {
      var block = document.createElement("div");
      block.className = "block" + (index === state.selected ? " selected" : "");
      block.style.insetInlineStart = cue.start * PIXELS_PER_SECOND + "px";
      block.style.width = Math.max(4, (cue.end - cue.start) * PIXELS_PER_SECOND) + "px";
      block.textContent = cue.text;
      block.dir = "auto";  // the track's text reads in its own direction
      block.dataset.index = index;
      ["start", "end"].forEach(function (edge) {
        var handle = document.createElement("span");
        handle.className = "handle " + edge;
        handle.dataset.edge = edge;
        block.appendChild(handle);
      });
      timeline.appendChild(block);
    });
    var head = document.createElement("div");
    head.className = "playhead";
    timeline.appendChild(head);
    movePlayhead();
  }

  function movePlayhead() {
    var head = timeline.querySelector(".playhead");
    if (head && video) { head.style.insetInlineStart = video.currentTime * PIXELS_PER_SECOND + "px"; }
  }

  function select(index, focus) {
    if (!state.cues.length) { return; }
    state.selected = Math.max(0, Math.min(index, state.cues.length - 1));
    Array.prototype.forEach.call(list.children, function (row, i) {
      row.classList.toggle("selected", i === state.selected);
    });
    timeline.querySelectorAll(".block").forEach(function (block, i) {
      block.classList.toggle("selected", i === state.selected);
    });
    var row = list.children[state.selected];
    row.scrollIntoView({ block: "nearest" });
    if (focus) { row.querySelector(".text").focus(); }
  }

  // ---- editing operations ----
  function cueAt(index) { return state.cues[index]; }

  function split() {
    var index = state.selected, cue = cueAt(index);
    if (!cue) { return; }
    var area = list.children[index].querySelector(".text");
    // A toolbar click takes the focus away: use where the cursor last was.
    var at = document.activeElement === area ? area.selectionStart
      : (state.caret && state.caret.index === index ? state.caret.at : Math.floor(cue.text.length / 2));
    var first = cue.text.slice(0, at).trim(), second = cue.text.slice(at).trim();
    if (!first || !second) { return; }
    var inside = video && video.currentTime > cue.start + 0.1 && video.currentTime < cue.end - 0.1;
    var time = inside ? video.currentTime : cue.start + (cue.end - cue.start) * (at / cue.text.length);
    time = Math.round(time * 1000) / 1000;
    var next = { uid: null, start: time, end: cue.end, text: second, provenance: "human" };
    cue.end = time;
    cue.text = first;
    cue.provenance = "human";
    state.cues.splice(index + 1, 0, next);
    renderList();
    changed();
    select(index + 1, true);
  }

  function merge() {
    var index = state.selected, cue = cueAt(index), next = cueAt(index + 1);
    if (!cue || !next) { return; }
    cue.text = (cue.text + " " + next.text).replace(/\s+\n/g, "\n").trim();
    cue.end = Math.max(cue.end, next.end);
    cue.provenance = "human";
    state.cues.splice(index + 1, 1);
    renderList();
    changed();
    select(index, true);
  }

  function insert() {
    var index = state.selected, cue = cueAt(index);
    var start = cue ? cue.end : (video ? video.currentTime : 0);
    var following = cueAt(index + 1);
    var end = following ? Math.min(start + 2, following.start) : start + 2;
    if (end - start < 0.2) { end = start + 1; }
    var fresh = { uid: null, start: start, end: end, text: "…", provenance: "human" };
    state.cues.splice(cue ? index + 1 : 0, 0, fresh);
    renderList();
    changed();
    select(cue ? index + 1 : 0, true);
    list.children[state.selected].querySelector(".text").select();
  }

  function remove() {
    if (!cueAt(state.selected)) { return; }
    state.cues.splice(state.selected, 1);
    renderList();
    changed();
    select(Math.min(state.selected, state.cues.length - 1), true);
  }

  var stopAt = null;
  function playCue() {
    var cue = cueAt(state.selected);
    if (!cue || !video) { return; }
    video.currentTime = cue.start;
    stopAt = cue.end;
    video.play();
  }

  function setEdge(edge) {
    var cue = cueAt(state.selected);
    if (!cue || !video) { return; }
    cue[edge] = Math.round(video.currentTime * 1000) / 1000;
    cue.provenance = "human";
    renderList();
    changed();
  }

  // ---- server ----
  function request(method, url, body) {
    return fetch(url, {
      method: method,
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": csrf },
      body: body === undefined ? undefined : JSON.stringify(body),
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        return { status: response.status, data: data };
      });
    });
  }

  function payload() {
    return state.cues.map(function (c) { return { uid: c.uid, start: c.start, end: c.end, text: c.text }; });
  }

  function accept(data) {
    state.track = data.track;
    state.cues = data.cues;
    state.rules = data.rules;
    state.flags = data.flags;
    state.glossary = data.glossary || [];
    state.provenance_labels = data.provenance_labels || {};
    state.base = data.track.version;
    state.dirty = false;
    conflictBox.hidden = true;
    clearDraft();
    renderList();
    renderFlags();
    loadVersions();
    var retranslate = root.querySelector('[data-action="retranslate"]');
    retranslate.hidden = !data.cues.some(function (c) { return c.is_stale; });
  }

  function save(base) {
    var body = { version: base === undefined ? state.base : base, cues: payload() };
    return request("PUT", root.dataset.stateUrl, body).then(function (result) {
      if (result.status === 200) {
        accept(result.data);
        status(say(result.data.track.version, "saved"));
      } else if (result.status === 409) {
        showConflict(result.data);
      } else {
        status(messages.error.replace("{error}", result.data.error || result.status));
      }
    }).catch(function () { status(messages.network); });
  }

  var theirs = null;
  function showConflict(data) {
    if (!data.current) { status(data.error); return; }
    theirs = data.current;
    conflictBox.querySelector(".conflict-message").textContent = data.error;
    conflictBox.hidden = false;
    showComparison(theirs.cues, state.cues, say(theirs.track.version, "version"));
  }

  function retranslate() {
    if (!mayDiscard()) { return; }
    var uids = state.cues.filter(function (c) { return c.is_stale; }).map(function (c) { return c.uid; });
    request("POST", root.dataset.retranslateUrl, { version: state.base, uids: uids }).then(function (result) {
      if (result.status === 200) { accept(result.data); status(say(result.data.track.version, "saved")); }
      else { status(result.data.error || String(result.status)); }
    });
  }

  // ---- versions and comparison ----
  function versionUrl(template, number) { return template.replace(/\/0(\.json|\/restore)$/, "/" + number + "$1"); }

  function loadVersions() {
    request("GET", root.dataset.versionsUrl).then(function (result) {
      var box = document.getElementById("versions");
      box.replaceChildren();
      (result.data.versions || []).forEach(function (version) {
        var item = document.createElement("li");
        var when = new Date(version.created_at).toLocaleString();
        item.textContent = say(version.number, "version") + " · " + version.author + " · " + when + " ";
        var compare = document.createElement("button");
        compare.type = "button";
        compare.className = "small";
        compare.textContent = messages.compare;
        compare.addEventListener("click", function () { compareWith(version.number); });
        var restore = document.createElement("button");
        restore.type = "button";
        restore.className = "small";
        restore.textContent = messages.restore;
        restore.dataset.version = version.number;
        restore.addEventListener("click", function () { restoreVersion(version.number); });
        item.append(compare, " ", restore);
        box.appendChild(item);
      });
    });
  }

  function compareWith(number) {
    request("GET", versionUrl(root.dataset.versionUrl, number)).then(function (result) {
      showComparison(result.data.cues, state.cues, say(number, "version"));
    });
  }

  function showComparison(older, newer, title) {
    var box = document.getElementById("comparison");
    var before = {}, rows = [];
    older.forEach(function (c) { before[c.uid] = c; });
    newer.forEach(function (c) {
      var old = c.uid && before[c.uid];
      if (!old) { rows.push([messages.added, "", c]); return; }
      delete before[c.uid];
      if (old.text !== c.text || old.start !== c.start || old.end !== c.end) { rows.push([messages.changed, old, c]); }
    });
    Object.keys(before).forEach(function (uid) { rows.push([messages.removed, before[uid], ""]); });
    var heading = document.createElement("h3");
    heading.textContent = title;
    box.replaceChildren(heading);
    if (!rows.length) { box.append(messages.same); }
    var table = document.createElement("table");
    var head = document.createElement("tr");
    ["", title, messages.yours].forEach(function (text) {
      var cell = document.createElement("th");
      cell.textContent = text;
      head.appendChild(cell);
    });
    table.appendChild(head);
    rows.forEach(function (row) {
      var tr = document.createElement("tr");
      [row[0], row[1] && formatTime(row[1].start) + " " + row[1].text, row[2] && formatTime(row[2].start) + " " + row[2].text]
        .forEach(function (text, i) {
          var cell = document.createElement("td");
          cell.textContent = text || "";
          if (i === 1) { cell.className = "old"; }
          if (i === 2) { cell.className = "new"; }
          tr.appendChild(cell);
        });
      table.appendChild(tr);
    });
    box.appendChild(table);
    box.hidden = false;
  }

  function restoreVersion(number) {
    if (!mayDiscard()) { return; }
    request("POST", versionUrl(root.dataset.restoreUrl, number), { version: state.base }).then(function (result) {
      if (result.status === 200) { accept(result.data); status(say(result.data.track.version, "saved")); }
      else if (result.status === 409) { showConflict(result.data); }
      else { status(result.data.error || String(result.status)); }
    });
  }

  // ---- flags ----
  function renderFlags() {
    var box = document.getElementById("flags");
    box.replaceChildren();
    document.getElementById("no-flags").hidden = state.flags.length > 0;
    state.flags.forEach(function (flag) {
      var item = document.createElement("li");
      var quote = document.createElement("q");
      quote.textContent = flag.cue_text;
      item.append(quote, " — " + flag.comment + " (" + flag.reporter + ") ");
      var go = document.createElement("button");
      go.type = "button";
      go.className = "small";
      go.textContent = messages.goto;
      go.addEventListener("click", function () {
        var index = state.cues.findIndex(function (c) { return c.uid === flag.cue_uid; });
        if (index >= 0) { select(index, true); }
      });
      var resolve = document.createElement("button");
      resolve.type = "button";
      resolve.className = "small";
      resolve.textContent = messages.resolve;
      resolve.addEventListener("click", function () {
        var url = root.dataset.resolveUrl.replace(/\/0\/resolve$/, "/" + flag.id + "/resolve");
        request("POST", url, {}).then(function () {
          state.flags = state.flags.filter(function (f) { return f.id !== flag.id; });
          renderFlags();
          renderList();
        });
      });
      item.append(go, " ", resolve);
      box.appendChild(item);
    });
  }

  // ---- events ----
  function rememberCaret(event) {
    if (!event.target.classList.contains("text")) { return; }
    var row = event.target.closest(".cue-row");
    state.caret = { index: Array.prototype.indexOf.call(list.children, row), at: event.target.selectionStart };
  }
  ["keyup", "mouseup", "focusout"].forEach(function (name) { list.addEventListener(name, rememberCaret); });

  // Replacing the page's cues with the server's must not lose unsaved typing silently.
  function mayDiscard() { return !state.dirty || window.confirm(messages.discard); }

  list.addEventListener("focusin", function (event) {
    var row = event.target.closest(".cue-row");
    if (row) { select(Array.prototype.indexOf.call(list.children, row), false); }
  });

  list.addEventListener("input", function (event) {
    var row = event.target.closest(".cue-row");
    var index = Array.prototype.indexOf.call(list.children, row), cue = state.cues[index];
    if (event.target.classList.contains("text")) {
      cue.text = event.target.value;
    } else {
      var edge = event.target.classList.contains("start") ? "start" : "end";
      var value = parseTime(event.target.value);
      event.target.classList.toggle("invalid", isNaN(value));
      if (isNaN(value)) { return; }
      cue[edge] = value;
    }
    cue.provenance = "human";
    renderRow(index);
    if (index + 1 < state.cues.length) { renderRow(index + 1); }
    renderTimeline();
    changed();
  });

  list.addEventListener("click", function (event) {
    if (!event.target.classList.contains("use-suggestion")) { return; }
    var index = Array.prototype.indexOf.call(list.children, event.target.closest(".cue-row"));
    var cue = state.cues[index];
    cue.text = cue.suggestion.text;
    cue.provenance = "human";
    renderRow(index);
    changed();
  });

  list.addEventListener("change", function (event) {
    if (event.target.matches(".start, .end")) {
      var index = Array.prototype.indexOf.call(list.children, event.target.closest(".cue-row"));
      event.target.value = formatTime(state.cues[index][event.target.classList.contains("start") ? "start" : "end"]);
      event.target.classList.remove("invalid");
    }
  });

  var actions = {
    save: function () { save(); }, split: split, merge: merge, insert: insert, delete: remove,
    play: playCue, retranslate: retranslate,
    overwrite: function () { save(theirs.track.version); },
    theirs: function () { if (window.confirm(messages.discard)) { accept(theirs); } },
  };
  root.querySelectorAll("[data-action]").forEach(function (button) {
    button.addEventListener("click", function () { actions[button.dataset.action](); });
  });

  var keys = {
    s: split, m: merge, i: insert, d: remove, p: playCue,
    ",": function () { setEdge("start"); }, ".": function () { setEdge("end"); },
    k: function () { if (video) { video.paused ? video.play() : video.pause(); } },
    ArrowDown: function () { select(state.selected + 1, true); },
    ArrowUp: function () { select(state.selected - 1, true); },
  };
  document.addEventListener("keydown", function (event) {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "s") {
      event.preventDefault();
      save();
      return;
    }
    var key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
    if (event.altKey && keys[key]) {
      event.preventDefault();
      keys[key]();
    }
  });

  // Drag a cue's edge on the timeline to change its timing.
  var drag = null;
  timeline.addEventListener("pointerdown", function (event) {
    var block = event.target.closest(".block");
    if (!block) { return; }
    var index = Number(block.dataset.index);
    select(index, false);
    if (event.target.dataset.edge) {
      drag = { index: index, edge: event.target.dataset.edge, x: event.clientX, value: state.cues[index][event.target.dataset.edge] };
      event.preventDefault();
    } else if (video) {
      video.currentTime = state.cues[index].start;
    }
  });
  document.addEventListener("pointermove", function (event) {
    if (!drag) { return; }
    var direction = getComputedStyle(timeline).direction === "rtl" ? -1 : 1;
    var cue = state.cues[drag.index];
    var value = drag.value + direction * (event.clientX - drag.x) / PIXELS_PER_SECOND;
    value = Math.max(0, Math.round(value * 1000) / 1000);
    if (drag.edge === "start") { cue.start = Math.min(value, cue.end - 0.1); } else { cue.end = Math.max(value, cue.start + 0.1); }
    cue.provenance = "human";
    renderRow(drag.index);
    var block = timeline.children[drag.index];
    block.style.insetInlineStart = cue.start * PIXELS_PER_SECOND + "px";
    block.style.width = (cue.end - cue.start) * PIXELS_PER_SECOND + "px";
  });
  document.addEventListener("pointerup", function () {
    if (drag) { drag = null; renderList(); changed(); }
  });

  if (video) {
    video.addEventListener("timeupdate", function () {
      var now = video.currentTime;
      if (stopAt !== null && now >= stopAt) { video.pause(); stopAt = null; }
      var index = state.cues.findIndex(function (c) { return now >= c.start && now < c.end; });
      caption.textContent = index >= 0 ? state.cues[index].text : "";
      Array.prototype.forEach.call(list.children, function (row, i) { row.classList.toggle("playing", i === index); });
      if (index >= 0 && index !== state.playing) {
        state.playing = index;
        var focused = document.activeElement && list.contains(document.activeElement);
        if (!focused) { list.children[index].scrollIntoView({ block: "nearest" }); }
      }
      movePlayhead();
    });
    video.addEventListener("loadedmetadata", renderTimeline);
  }

  window.addEventListener("beforeunload", function (event) {
    if (state.dirty) { saveDraft(); event.preventDefault(); }
  });

  request("GET", root.dataset.stateUrl).then(function (result) {
    var draft = loadDraft();
    accept(result.data);
    if (draft && draft.cues && JSON.stringify(draft.cues) !== JSON.stringify(result.data.cues)) {
      state.cues = draft.cues;
      state.base = draft.base;
      state.dirty = true;
      saveDraft();
      renderList();
      status(draft.base === result.data.track.version ? messages.restored_draft : messages.old_draft);
    }
    select(0, false);
  });
})();
