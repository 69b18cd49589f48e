"""The client address that rate limits count: REMOTE_ADDR, or behind TRUSTED_PROXIES the one
they forwarded (never what the client itself wrote in X-Forwarded-For); IPv6 by its /64."""

import pytest

from core.views.requests import address_group, client_address, parse_rate


@pytest.mark.parametrize(
    ("trusted", "remote", "forwarded", "expected"),
    [
        ([], "203.0.113.7", "198.51.100.1", "203.0.113.7"),
        (["127.0.0.1"], "127.0.0.1", "198.51.100.1", "198.51.100.1"),
        (["127.0.0.1"], "127.0.0.1", "10.9.9.9, 198.51.100.1", "198.51.100.1"),
        (["127.0.0.1", "10.0.0.0/8"], "127.0.0.1", "198.51.100.1, 10.1.2.3", "198.51.100.1"),
        (["127.0.0.1"], "203.0.113.7", "198.51.100.1", "203.0.113.7"),
        (["127.0.0.1"], "127.0.0.1", "", "127.0.0.1"),
    ],
)
def test_client_address_trusts_only_the_proxies_named(
    rf, settings, trusted, remote, forwarded, expected
):
    settings.TRUSTED_PROXIES = trusted
    request = rf.get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)

    assert client_address(request) == expected


@pytest.mark.parametrize(
    ("address", "group"),
    [
        ("203.0.113.7", "203.0.113.7"),
        ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),
        ("not an address", "not an address"),
    ],
)
def test_address_group_takes_ipv6_by_its_64_network(address, group):
    assert address_group(address) == group


@pytest.mark.parametrize(
    ("rate", "parsed"),
    [("60/minute", (60, 60)), (" 5/Day ", (5, 86400)), ("off", None), ("", None)],
)
def test_parse_rate_reads_requests_per_period(rate, parsed):
    assert parse_rate(rate) == parsed


@pytest.mark.parametrize("rate", ["60", "60/fortnight", "0/minute", "-1/minute", "x/hour"])
def test_parse_rate_malformed_says_how_to_write_it(rate):
    with pytest.raises(ValueError, match="use <requests>/<second|minute|hour|day>"):
        parse_rate(rate)
