import pytest

API = "/api/v1/"


@pytest.fixture
def get_json(client):
    """GET an API address; (status code, parsed JSON)."""

    def get(path, params=None, **kwargs):
        response = client.get(API + path, params or {}, **kwargs)
        return response.status_code, response.json()

    return get
