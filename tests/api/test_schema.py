"""The OpenAPI schema at /api/v1/schema/ and its browsable docs, served from local files."""

import re

from django.core.management import call_command


def test_schema_answers_openapi_3_with_every_endpoint(db, client):
    response = client.get("/api/v1/schema/", headers={"Accept": "application/json"})

    assert response.status_code == 200
    paths = sorted(response.json()["paths"])
    assert response.json()["openapi"].startswith("3.")
    assert paths == [
        "/api/v1/",
        "/api/v1/alliances/",
        "/api/v1/alliances/{slug}/",
        "/api/v1/co-productions/",
        "/api/v1/film-weeks/",
        "/api/v1/film-weeks/{slug}/",
        "/api/v1/films/",
        "/api/v1/films/{slug}/",
        "/api/v1/institutions/",
        "/api/v1/institutions/{slug}/",
        "/api/v1/jury-services/",
        "/api/v1/people/",
        "/api/v1/people/{slug}/",
        "/api/v1/screenings/",
        "/api/v1/sessions/",
        "/api/v1/tours/",
        "/api/v1/tours/{slug}/",
        "/api/v1/venues/",
        "/api/v1/venues/{slug}/",
    ]


def test_schema_validates_without_warnings(db, tmp_path):
    # --fail-on-warn: a filter or field whose type drf-spectacular has to guess fails here.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", tmp_path / "api.yaml")

    assert "/api/v1/films/" in (tmp_path / "api.yaml").read_text()


def test_docs_load_their_scripts_from_this_site(db, client):
    response = client.get("/api/v1/docs/")

    sources = re.findall(r'(?:src|href)="([^"]+)"', response.content.decode())
    assert response.status_code == 200
    assert sources
    assert [source for source in sources if "//" in source] == []


def test_api_root_links_to_the_lists_schema_and_docs(db, client):
    response = client.get("/api/v1/")

    assert response.json() == {
        "film-list": "http://testserver/api/v1/films/",
        "person-list": "http://testserver/api/v1/people/",
        "film-week-list": "http://testserver/api/v1/film-weeks/",
        "venue-list": "http://testserver/api/v1/venues/",
        "screening-list": "http://testserver/api/v1/screenings/",
        "session-list": "http://testserver/api/v1/sessions/",
        "tour-list": "http://testserver/api/v1/tours/",
        "jury-service-list": "http://testserver/api/v1/jury-services/",
        "co-productions": "http://testserver/api/v1/co-productions/",
        "alliance-list": "http://testserver/api/v1/alliances/",
        "institution-list": "http://testserver/api/v1/institutions/",
        "schema": "http://testserver/api/v1/schema/",
        "docs": "http://testserver/api/v1/docs/",
    }


def test_schema_documents_400_for_query_parameters_and_404_for_keys(db, client):
    operations = client.get("/api/v1/schema/?format=json").json()["paths"].values()

    undocumented = [
        (operation["operationId"], code)
        for path in operations
        for operation in path.values()
        for place, code in [("query", "400"), ("path", "404")]
        if place in {parameter["in"] for parameter in operation.get("parameters", [])}
        and code not in operation["responses"]
    ]
    assert undocumented == []


def test_api_address_no_pattern_matches_is_a_json_404(db, client):
    response = client.get("/api/v1/films/not a slug/")

    assert [response.status_code, response.json()] == [404, {"detail": "Not found."}]


def test_page_address_no_pattern_matches_is_the_html_404(db, client):
    response = client.get("/en/no-such-page/")

    assert [response.status_code, response["Content-Type"]] == [404, "text/html; charset=utf-8"]
