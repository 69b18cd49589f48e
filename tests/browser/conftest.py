"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.
A failing test leaves a full-page screenshot in test-artifacts/."""

import os
import shutil
from pathlib import Path

import pytest

from tests.reference_data import restore_reference_data

# Playwright's sync API runs an event loop in this thread; the ORM calls made by the tests
# themselves (arranging data) are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
# Listens from before a page's first byte: the browser fires one event per violation (an
# inline script, handler, style element or attribute, or a resource from elsewhere).
REPORT_CSP_VIOLATIONS = """
window.cspViolationCount = 0;
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolationCount += 1;
  return window.reportCspViolation(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"} ` +
    `at ${event.sourceFile}:${event.lineNumber}`
  );
});
"""


@pytest.fixture(autouse=True)
def reference_data(transactional_db):
    """Not `serialized_rollback`: once Playwright runs its event loop in this thread, the ORM
    uses another connection object, without Django's serialized copy."""
    restore_reference_data()


@pytest.fixture(autouse=True, scope="module")
def reference_data_after_the_last_flush(django_db_blocker):
    """The tests that follow this module on the same worker expect the migrations' rows too."""
    yield
    with django_db_blocker.unblock():
        restore_reference_data()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser():
    executable = shutil.which("chromium")
    if executable is None:
        pytest.skip("chromium is not installed (apt-get install chromium fonts-noto-cjk)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


def _page(browser, request, **context_options):
    """A page whose Content-Security-Policy violations, on any page it opens, fail the test
    (they are listed in `page.csp_violations` as they happen)."""
    context = browser.new_context(**context_options)
    violations = []
    context.expose_function("reportCspViolation", lambda text: violations.append(text))
    context.add_init_script(REPORT_CSP_VIOLATIONS)
    page = context.new_page()
    page.csp_violations = violations
    page.set_default_timeout(15_000)
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()
    if violations:
        pytest.fail(f"Content-Security-Policy violations: {violations}")


@pytest.fixture
def page(browser, request, live_server):
    """A desktop-sized page; `live_server.url` is the site's address."""
    yield from _page(browser, request, viewport={"width": 1280, "height": 900})


@pytest.fixture
def phone_page(browser, request, live_server):
    """A phone-sized page (390 x 844, touch)."""
    yield from _page(
        browser,
        request,
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    )


@pytest.fixture
def page_without_javascript(browser, request, live_server):
    """A desktop-sized page with JavaScript off: what progressive enhancement falls back to."""
    yield from _page(
        browser, request, viewport={"width": 1280, "height": 900}, java_script_enabled=False
    )
