import pytest
from django.core.management import call_command
from django.utils import translation

DEMO_PASSWORD = "demo-password-for-tests"


@pytest.fixture
def demo(db, settings, monkeypatch):
    """The demo data of the source texts, loaded as `make run` loads it."""
    settings.DEBUG = True
    monkeypatch.setenv("DEMO_PASSWORD", DEMO_PASSWORD)
    call_command("load_demo", verbosity=0)
    settings.DEBUG = False


@pytest.fixture(autouse=True)
def _english_after_each_test():
    """A /zh-hans/ request leaves Chinese active in the worker's thread (LocaleMiddleware does
    not reset it); the tests that run next in the same thread expect English."""
    yield
    translation.activate("en")
