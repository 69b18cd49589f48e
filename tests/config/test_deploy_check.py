"""The production settings of the README's Deploying section pass `manage.py check --deploy`,
and behind the TLS proxy a worker redirects to HTTPS and sends HSTS."""

import re
import secrets

from tests.commands import ROOT, run_manage

PLACEHOLDER = re.compile(r"<[^>]*>")


def readme_production_environment():
    """The variables of the first sh block of the README's Deploying section, placeholders
    (<...>) filled in: a new secret key, "x" for anything else."""
    deploying = (ROOT / "README.md").read_text().split("## Deploying", 1)[1]
    block = deploying.split("```sh\n", 1)[1].split("```", 1)[0]
    environment = {}
    for line in filter(str.strip, block.splitlines()):
        name, _, value = line.strip().partition("=")
        if name == "SECRET_KEY":
            value = secrets.token_urlsafe(50)
        environment[name] = PLACEHOLDER.sub("x", value)
    return environment


def test_readme_production_environment_is_the_one_deployed():
    environment = readme_production_environment()

    assert sorted(environment) == sorted(
        [
            *("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS"),
            *(
                "BEHIND_TLS_PROXY",
                "TRUSTED_PROXIES",
                "DATABASE_URL",
                "REDIS_URL",
                "MEDIA_ROOT",
                "STATIC_ROOT",
            ),
            *("EMAIL_URL", "DEFAULT_FROM_EMAIL"),
        ]
    )
    assert (environment["DEBUG"], environment["BEHIND_TLS_PROXY"]) == ("0", "1")


def test_deploy_check_with_readme_production_settings_finds_no_issue():
    result = run_manage("check", "--deploy", inherit=False, **readme_production_environment())

    assert (result.returncode, result.stdout.strip(), result.stderr) == (
        0,
        "System check identified no issues (0 silenced).",
        "",
    )


PROBE = (
    "from django.test import Client; c = Client(HTTP_HOST='catalog.example.org'); "
    "secure = c.get('/healthz', secure=True); plain = c.get('/en/about'); "
    "probe = c.get('/healthz'); "
    "print(secure.headers.get('Strict-Transport-Security'), plain.status_code, plain['Location'], "
    "probe.status_code, probe.headers.get('Strict-Transport-Security'))"
)


def test_behind_tls_proxy_redirects_to_https_and_sends_hsts_but_not_to_probes():
    environment = {**readme_production_environment(), "HSTS_SECONDS": "600", "HSTS_PRELOAD": "0"}

    result = run_manage("shell", "-c", PROBE, inherit=False, **environment)

    assert result.stdout.strip().splitlines()[-1] == (
        "max-age=600; includeSubDomains 301 https://catalog.example.org/en/about 200 None"
    )
