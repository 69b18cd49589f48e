import pytest
from django.core.management import call_command

DEMO_PASSWORD = "demo-password-for-tests"


@pytest.fixture
def demo(db, settings, monkeypatch):
    """The demo data of the source texts, loaded as `make run` loads it."""
    settings.DEBUG = True
    monkeypatch.setenv("DEMO_PASSWORD", DEMO_PASSWORD)
    call_command("load_demo", verbosity=0)
    settings.DEBUG = False
