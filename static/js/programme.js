// My programme, kept in this browser (localStorage) as a list of item tokens ("f12": film 12,
// "s3": screening 3, "a7": activity session 7; see screenings/programme_code.py).
// - A star (a[data-programme-item]) becomes a toggle button: pressed when its item is kept.
//   Without JavaScript it stays a link to the programme page with its item added.
// - A star that cannot add its item (the programme is full) says so in the page's status
//   ([data-programme-status], a live region): a star that did nothing would look broken.
// - A "remove" link (a[data-programme-remove]) also drops its item from the browser's list,
//   then goes on to the server's page without it.
// - The programme page without items in its address ([data-programme-stored]) moves to the
//   browser's programme: ?add=...&add=..., which the server redirects to its compact address.
(() => {
  const KEY = "film-alliance-programme";
  const TOKEN = /^[fsa][1-9][0-9]{0,18}$/;
  const MAX_ITEMS = 100; // screenings.programme_code.MAX_ITEMS
  const MAX_ID = 9223372036854775807n; // screenings.programme_code.MAX_ID
  const valid = (token) => TOKEN.test(token) && BigInt(token.slice(1)) <= MAX_ID;

  const load = () => {
    try {
      const stored = JSON.parse(window.localStorage.getItem(KEY) || "[]");
      return Array.isArray(stored) ? stored.filter(valid) : [];
    } catch {
      return []; // storage refused (private mode) or not a list: an empty programme
    }
  };
  const save = (tokens) => {
    try {
      window.localStorage.setItem(KEY, JSON.stringify(tokens));
    } catch {
      // Storage refused: the star still shows the state for this page.
    }
  };

  const show = (star, kept) => star.setAttribute("aria-pressed", kept ? "true" : "false");

  const status = document.querySelector("[data-programme-status]");
  let saying;
  const say = (message) => {
    if (!status) return;
    // Emptied first, so that a screen reader announces the same message again.
    window.clearTimeout(saying);
    status.textContent = "";
    if (message) saying = window.setTimeout(() => (status.textContent = message), 100);
  };

  const stars = document.querySelectorAll("a[data-programme-item]");
  const kept = new Set(load());
  stars.forEach((star) => {
    star.setAttribute("role", "button");
    show(star, kept.has(star.dataset.programmeItem));
  });

  document.addEventListener("click", (event) => {
    const link = event.target.closest("a[data-programme-item], a[data-programme-remove]");
    // A click that opens a new tab or window follows the link as it is.
    if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) return;
    const tokens = load();
    if (link.dataset.programmeRemove) {
      save(tokens.filter((token) => token !== link.dataset.programmeRemove));
      return; // the link itself shows the programme without the item
    }
    event.preventDefault();
    const item = link.dataset.programmeItem;
    const keep = !tokens.includes(item);
    if (keep && tokens.length >= MAX_ITEMS) {
      say(status && status.dataset.programmeFull);
      return;
    }
    say("");
    const changed = keep ? [...tokens, item] : tokens.filter((token) => token !== item);
    save(changed);
    document.querySelectorAll("a[data-programme-item]").forEach((star) => {
      if (star.dataset.programmeItem === item) show(star, keep);
    });
  });

  // A button is pressed with Space too; a link only with Enter. Escape dismisses the status.
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") say("");
    const star = event.target.closest && event.target.closest("a[data-programme-item]");
    if (star && event.key === " ") {
      event.preventDefault();
      star.click();
    }
  });

  const page = document.querySelector("[data-programme-stored]");
  const stored = load();
  if (page && stored.length) {
    const query = stored.map((token) => `add=${token}`).join("&");
    window.location.replace(`${page.dataset.programmePage}?${query}`);
  }
})();
