"""The visitor mix's editor: every two seconds, a staff member saves a popular film or person
through the real admin over HTTP, then an anonymous visitor checks that the pages showing it
(served from the page cache) show the change.

Each save opens the change form, takes every field a browser would send (html.parser: inputs,
selects, textareas, inline formsets' management fields, the hidden `expected_version`), puts a
new marked value in the English title or name, and posts it back: a 302 is a save. The value
carries a counter read from the current one ("Title (bench edit 7)" becomes "... 8)"), so every
save changes it, in later runs too. The plan (which records, which pages) is bench_mixes'.
"""

import html
import http.client
import http.cookies
import re
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import quote, urlencode

MARK = re.compile(r" \(bench edit (\d+)\)$")
INTERVAL_SECONDS = 2.0
TIMEOUT_SECONDS = 60
PROBLEMS_KEPT = 5
UNSENT_INPUTS = {"submit", "button", "image", "reset", "file"}


def next_value(current):
    """The current value with its bench mark counted one further (or a first mark)."""
    match = MARK.search(current)
    count = int(match.group(1)) + 1 if match else 1
    base = current[: match.start()] if match else current
    return f"{base} (bench edit {count})"


class FormFields(HTMLParser):
    """The (name, value) pairs a browser submits from the form with the given id: text and
    hidden inputs, ticked boxes, selected options (a single select without one sends its
    first), textareas; neither disabled fields, buttons nor files."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.fields = []
        self.select = None  # [name, multiple, [(value, selected)]], while in a select
        self.option = None  # [value or None, selected, text], while in an option
        self.textarea = None  # [name, text], while in a textarea

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside:
            return
        sent = attrs.get("name") and "disabled" not in attrs
        if tag == "input" and sent:
            self.input(attrs)
        elif tag == "select":
            self.select = [attrs.get("name"), "multiple" in attrs, []] if sent else None
        elif tag == "option" and self.select:
            self.option = [attrs.get("value"), "selected" in attrs, ""]
        elif tag == "textarea" and sent:
            self.textarea = [attrs["name"], ""]

    def input(self, attrs):
        kind = (attrs.get("type") or "text").lower()
        if kind in UNSENT_INPUTS or (kind in ("checkbox", "radio") and "checked" not in attrs):
            return
        default = "on" if kind in ("checkbox", "radio") else ""
        self.fields.append((attrs["name"], attrs.get("value") or default))

    def handle_data(self, data):
        for open_element in (self.option, self.textarea):
            if open_element:
                open_element[-1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "option" and self.option:
            self.close_option()
        elif tag == "select" and self.select:
            self.close_select()
        elif tag == "textarea" and self.textarea:
            name, text = self.textarea
            # A browser drops the newline right after <textarea> (Django writes one).
            self.fields.append((name, text.removeprefix("\r").removeprefix("\n")))
            self.textarea = None

    def close_option(self):
        value, selected, text = self.option
        self.select[2].append((text.strip() if value is None else value, selected))
        self.option = None

    def close_select(self):
        if self.option:
            self.close_option()
        name, multiple, options = self.select
        chosen = [value for value, selected in options if selected]
        if not chosen and not multiple and options:
            chosen = [options[0][0]]
        self.fields += [(name, value) for value in chosen]
        self.select = None


def form_fields(page, form_id):
    parser = FormFields(form_id)
    parser.feed(page)
    parser.close()
    return parser.fields


def replaced(fields, name, value):
    """`fields` with `name` set to `value` (it must be there)."""
    if name not in dict(fields):
        raise SaveFailed(f"the form has no field {name}")
    return [(key, value if key == name else old) for key, old in fields]


class SaveFailed(Exception):
    pass


@dataclass(frozen=True)
class Response:
    status: int
    body: str


class Browser:
    """HTTP/1.1 to one server with its cookies kept (Python's CookieJar would not send the
    session cookie, which is Secure, over plain HTTP; a browser does to 127.0.0.1)."""

    def __init__(self, port):
        self.port = port
        self.cookies = {}

    def request(self, method, path, form=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT_SECONDS)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body, headers)
            response = connection.getresponse()
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in http.cookies.SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            return Response(response.status, response.read().decode(errors="replace"))
        finally:
            connection.close()

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, form):
        return self.request("POST", path, form)


@dataclass
class Saves:
    saves: int = 0
    stale: int = 0  # pages checked after a save that did not show its new value
    errors: int = 0  # saves refused or failed, and pages that did not answer 200
    problems: list = field(default_factory=list)  # the first few, for the report

    def note(self, problem):
        if len(self.problems) < PROBLEMS_KEPT:
            self.problems.append(problem)

    def failed(self, problem):
        self.errors += 1
        self.note(problem)


def log_in(browser, username, password):
    page = browser.get("/admin/login/")
    hidden = [
        pair for pair in form_fields(page.body, "login-form") if pair[0] == "csrfmiddlewaretoken"
    ]
    form = [*hidden, ("username", username), ("password", password)]
    if browser.post("/admin/login/?next=/admin/", form).status != 302:
        raise SaveFailed(f"{username} could not log in")


def save(browser, entry):
    """Save the entry's record with a new value; returns the value."""
    opened = browser.get(entry["change"])
    if opened.status != 200:
        raise SaveFailed(f"{entry['change']} answered {opened.status}")
    fields = form_fields(opened.body, entry["form"])
    value = next_value(dict(fields).get(entry["field"], ""))
    clicked = ("_save", "Save")  # the button a browser sends with the form
    answer = browser.post(entry["change"], [*replaced(fields, entry["field"], value), clicked])
    if answer.status != 302:
        raise SaveFailed(f"saving {entry['change']} answered {answer.status}, not 302")
    return value


def pages_to_check(entry, value):
    pages = list(entry["pages"])
    if entry["search"]:
        pages.append(f"{entry['search']}?q={quote(value)}")
    return pages


class Saver:
    """Saves the plan's records in turn, one every `interval` seconds while running(), and
    counts saves, stale pages and errors."""

    def __init__(self, port, plan, username, password, interval=INTERVAL_SECONDS):
        self.port, self.plan, self.interval = port, plan, interval
        self.username, self.password = username, password
        self.browser = None
        self.turn = 0
        self.counts = Saves()

    def log_in(self):
        self.browser = Browser(self.port)
        log_in(self.browser, self.username, self.password)

    def save_next(self):
        entry = self.plan[self.turn % len(self.plan)]
        self.turn += 1
        try:
            if self.browser is None:
                self.log_in()
            value = save(self.browser, entry)
        except (SaveFailed, OSError, http.client.HTTPException) as problem:
            self.browser = None  # log in again next time
            self.counts.failed(str(problem))
            return
        self.counts.saves += 1
        for path in pages_to_check(entry, value):
            self.check(path, value)

    def check(self, path, value):
        """Anonymous, without cookies: the page a visitor gets, from the page cache."""
        try:
            page = Browser(self.port).get(path)
        except (OSError, http.client.HTTPException) as problem:
            self.counts.failed(f"{path}: {problem!r}")
            return
        if page.status != 200:
            self.counts.failed(f"{path} answered {page.status} after a save")
        elif value not in html.unescape(page.body):
            self.counts.stale += 1
            self.counts.note(f"{path} did not show {value!r}")

    def run(self, stop):
        """A save now and one every `interval` seconds until `stop` is set; the save under way
        then is finished."""
        next_save = time.monotonic()
        while not stop.is_set():
            self.save_next()
            next_save += self.interval
            stop.wait(max(0.0, next_save - time.monotonic()))

    @contextmanager
    def running(self):
        stop = threading.Event()
        thread = threading.Thread(target=self.run, args=(stop,), daemon=True)
        thread.start()
        try:
            yield self
        finally:
            stop.set()
            thread.join()
