import pytest

API = "/api/v1/"


@pytest.fixture
def get_json(client):
    """GET an API address; (status code, parsed JSON)."""

    def get(path, params=None, **kwargs):
        response = client.get(API + path, params or {}, **kwargs)
        return response.status_code, response.json()

    return get


class Clock:
    """The time the API's rate limits read; `advance` moves it on."""

    def __init__(self, now):
        self.now = now

    def time(self):
        return self.now

    def advance(self, seconds):
        self.now += seconds


@pytest.fixture
def clock(monkeypatch):
    """The rate limits' clock stopped 35 seconds into a minute (a request refused now may come
    back in 25 seconds), so that no test's requests fall in two windows."""
    from core.views import requests

    stopped = Clock(1_000_000_055.0)  # 1_000_000_020 is a whole minute
    monkeypatch.setattr(requests, "time", stopped)
    return stopped


@pytest.fixture
def throttle_off(settings):
    """No API rate limit: for a test that sends more requests than a client may in a minute."""
    settings.API_RATE_ANON = "off"
    settings.API_RATE_KEY = "off"
