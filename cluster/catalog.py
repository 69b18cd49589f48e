"""What the drills need from the demo catalog: films to edit through the admin, pages to ask
for, and a signed-in staff browser (bench/saver.py's, which posts forms as a browser does)."""

import re

from bench.saver import Browser, log_in
from cluster.topology import DATABASE

LINKS = re.compile(r'href="(/en/(?:films|people|institutions|film-weeks)/[-\w]+/)"')
LIST_PAGES = [
    "/en/", "/zh-hans/", "/en/films/", "/zh-hans/films/", "/en/people/", "/en/members/",
    "/en/film-weeks/", "/en/schedule/", "/en/tours/", "/en/awards/", "/en/co-productions/",
]  # fmt: skip


def films(cluster, count):
    """(pk, slug) of `count` published films."""
    return cluster.primary.execute(
        f"SELECT id, slug FROM filmweek_film WHERE status = 'published' ORDER BY id LIMIT {count}",
        DATABASE,
    )


def film_form(pk):
    """The admin change form of a film, as bench/saver.save takes it."""
    return {
        "change": f"/admin/filmweek/film/{pk}/change/",
        "form": "film_form",
        "field": "title_en",
    }


def film_page(slug):
    return f"/en/films/{slug}/"


def pages(cluster):
    """The list pages and the records they link to: what a visitor browses."""
    browser = Browser(cluster.ports.nginx)
    found = []
    for path in LIST_PAGES[:6]:
        found += LINKS.findall(browser.get(path).body)[:3]
    return LIST_PAGES + sorted(set(found))


def staff_browser(cluster, port=None):
    browser = Browser(port or cluster.ports.nginx)
    log_in(browser, "admin", cluster.demo_password)
    return browser
