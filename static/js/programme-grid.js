// The programme grid (templates/admin/screenings/programme_grid.html): drag a block to another
// slot to move it. The server decides (screenings/admin_grid.py); a refusal is shown on the grid
// and the block stays where it was. Without this script the grid is a table of links.
(function () {
  "use strict";

  function init() {
    var table = document.querySelector(".programme-grid[data-move-url]");
    if (!table) return;
    var message = document.querySelector(".programme-grid-message");
    var token = document.querySelector(".programme-grid-bulk input[name=csrfmiddlewaretoken]");
    var dragged = null;

    function show(text, refused) {
      message.textContent = text;
      message.hidden = false;
      message.classList.toggle("is-refused", refused);
    }

    table.addEventListener("dragstart", function (event) {
      dragged = event.target.closest(".programme-grid-block[draggable]");
      if (dragged) event.dataTransfer.setData("text/plain", dragged.dataset.id);
    });
    table.addEventListener("dragover", function (event) {
      if (dragged && event.target.closest(".programme-grid-cell")) event.preventDefault();
    });
    table.addEventListener("drop", function (event) {
      var cell = event.target.closest(".programme-grid-cell");
      if (!dragged || !cell) return;
      event.preventDefault();
      var block = dragged;
      dragged = null;
      if (block.parentNode === cell) return; // dropped where it was: nothing to move
      // Keep the minutes past the hour: a 19:30 film dropped on 21:00 starts at 21:30.
      var minute = ("0" + block.dataset.minute).slice(-2);
      var body = new URLSearchParams({
        kind: block.dataset.kind,
        id: block.dataset.id,
        version: block.dataset.version,
        venue: cell.dataset.venue,
        starts_at: cell.dataset.start.slice(0, -2) + minute,
      });
      fetch(table.dataset.moveUrl, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { "X-CSRFToken": token.value },
      })
        .then(function (response) {
          return response.json();
        })
        .then(function (answer) {
          if (!answer.ok) {
            show(answer.error, true);
            block.classList.add("is-refused");
            return;
          }
          block.dataset.version = answer.version;
          var time = block.querySelector(".programme-grid-time");
          if (time) time.textContent = answer.time;
          var box = block.querySelector("input[name=slots]");
          if (box) box.value = [block.dataset.kind, block.dataset.id, answer.version].join(":");
          block.classList.remove("is-refused");
          var empty = cell.querySelector(".programme-grid-add");
          if (empty) empty.remove();
          cell.appendChild(block);
          show(answer.when, false);
        })
        .catch(function () {
          show(table.dataset.failed, true);
        });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
