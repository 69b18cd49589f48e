// Suggestions as you type in a search box: an ARIA combobox over the JSON of
// /<lang>/search/suggest/?q= (at most 8 records, from the same search as the search page).
// Arrow keys move through them, Enter opens the one chosen, Escape closes the list. Without
// this script, or when a request fails, the form simply submits to the search page.
(function () {
  "use strict";

  var WAIT_MS = 150;

  function enhance(input) {
    var box = input.parentNode;
    var address = input.getAttribute("data-suggest");
    var list = document.createElement("ul");
    var listId = input.id + "-suggestions";
    var options = [];
    var active = -1;
    var timer = null;
    var pending = null;
    var shownFor = null;

    list.id = listId;
    list.className = "search-suggestions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", input.getAttribute("data-suggest-label") || "");
    list.hidden = true;
    box.classList.add("has-suggestions");
    box.appendChild(list);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
    input.setAttribute("autocomplete", "off");

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function choose(index) {
      options.forEach(function (option, place) {
        option.setAttribute("aria-selected", place === index ? "true" : "false");
      });
      active = index;
      if (index < 0) {
        input.removeAttribute("aria-activedescendant");
      } else {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      }
    }

    function show(found) {
      list.textContent = "";
      options = found.map(function (suggestion, place) {
        var option = document.createElement("li");
        var link = document.createElement("a");
        var kind = document.createElement("span");
        option.id = listId + "-" + place;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        link.href = suggestion.url;
        link.tabIndex = -1;
        link.textContent = suggestion.name;
        kind.className = "search-suggestion-kind";
        kind.textContent = suggestion.kind;
        option.append(link, " ", kind);
        if (suggestion.other_names.length) {
          var other = document.createElement("span");
          other.className = "search-suggestion-other";
          other.textContent = suggestion.other_names.join(" · ");
          option.append(" ", other);
        }
        list.appendChild(option);
        return option;
      });
      active = -1;
      input.removeAttribute("aria-activedescendant");
      list.hidden = options.length === 0;
      input.setAttribute("aria-expanded", options.length ? "true" : "false");
    }

    function ask() {
      var query = input.value.trim();
      if (query === shownFor) {
        return;
      }
      if (pending) {
        pending.abort();
      }
      if (!query) {
        shownFor = query;
        show([]);
        return;
      }
      pending = new AbortController();
      fetch(address + "?q=" + encodeURIComponent(query), {
        signal: pending.signal,
        headers: { Accept: "application/json" },
      })
        .then(function (response) {
          return response.ok ? response.json() : { suggestions: [] };
        })
        .then(function (answer) {
          shownFor = query;
          show(answer.suggestions || []);
        })
        .catch(function () {
          // Aborted by a newer request, or offline: the form still submits.
        });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, WAIT_MS);
    });

    input.addEventListener("keydown", function (event) {
      var open = !list.hidden && options.length > 0;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (!open) {
          if (options.length) {
            list.hidden = false;
            input.setAttribute("aria-expanded", "true");
          }
          return;
        }
        event.preventDefault();
        var step = event.key === "ArrowDown" ? 1 : -1;
        var next = active + step;
        if (next >= options.length) {
          next = 0;
        } else if (next < -1) {
          next = options.length - 1;
        }
        choose(next);
      } else if (event.key === "Enter" && open && active >= 0) {
        event.preventDefault();
        window.location.assign(options[active].querySelector("a").href);
      } else if (event.key === "Escape" && open) {
        event.preventDefault();
        close();
      }
    });

    list.addEventListener("mousedown", function (event) {
      // Keeps the focus in the box until the click has opened the link.
      event.preventDefault();
    });

    input.addEventListener("blur", close);
  }

  document.querySelectorAll("input[data-suggest]").forEach(enhance);
})();
