"""/metrics for Prometheus: off by default; when on, only for the allowed addresses (REMOTE_ADDR,
never X-Forwarded-For); django-prometheus installed only then."""

import pytest

from tests.commands import run_manage


def test_metrics_off_answers_404(client):
    response = client.get("/metrics", REMOTE_ADDR="127.0.0.1")

    assert response.status_code == 404


@pytest.mark.parametrize("address", ["127.0.0.1", "::1"])
def test_metrics_on_from_an_allowed_address_gives_prometheus_text(client, settings, address):
    settings.METRICS = True

    response = client.get("/metrics", REMOTE_ADDR=address)

    content_type = response["Content-Type"].split(";")[0]  # Prometheus' text exposition format
    assert (response.status_code, content_type) == (200, "text/plain")
    assert "# TYPE process_cpu_seconds_total counter" in response.content.decode()


def test_metrics_on_from_another_address_answers_404(client, settings):
    settings.METRICS = True

    response = client.get("/metrics", REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR="127.0.0.1")

    assert response.status_code == 404


def test_metrics_allowed_networks_take_cidr_blocks(client, settings):
    settings.METRICS = True
    settings.METRICS_ALLOWED = ["10.0.0.0/8", "2001:db8::/32"]

    inside = client.get("/metrics", REMOTE_ADDR="10.20.30.40").status_code
    inside_v6 = client.get("/metrics", REMOTE_ADDR="2001:db8::7").status_code
    local = client.get("/metrics", REMOTE_ADDR="127.0.0.1").status_code

    assert (inside, inside_v6, local) == (200, 200, 404)


SHOW = (
    "from django.conf import settings; from django.test import Client; "
    "r = Client().get('/metrics', REMOTE_ADDR='127.0.0.1', HTTP_HOST='localhost'); "
    "print([m for m in settings.MIDDLEWARE if 'prometheus' in m], "
    "'django_prometheus' in settings.INSTALLED_APPS, r.status_code, "
    "'django_http_requests_before_middlewares_total' in r.content.decode())"
)


def test_metrics_on_installs_django_prometheus_around_the_middleware():
    result = run_manage("shell", "-c", SHOW, DEBUG="1", METRICS="1")

    assert result.stdout.strip().splitlines()[-1] == (
        "['django_prometheus.middleware.PrometheusBeforeMiddleware', "
        "'django_prometheus.middleware.PrometheusAfterMiddleware'] True 200 True"
    )


def test_metrics_off_installs_nothing_of_django_prometheus():
    result = run_manage("shell", "-c", SHOW, DEBUG="1", METRICS="0")

    assert result.stdout.strip().splitlines()[-1] == "[] False 404 False"


def test_metrics_allowed_malformed_stops_start_up_with_one_line():
    result = run_manage("check", DEBUG="1", METRICS_ALLOWED="127.0.0.1,not-an-address")

    assert (result.returncode, result.stderr.strip()) == (
        1,
        "Configuration error: METRICS_ALLOWED is malformed ('127.0.0.1,not-an-address'): "
        "'not-an-address' does not appear to be an IPv4 or IPv6 network",
    )
