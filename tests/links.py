"""Following a page's links in tests, as a visitor would."""

import re


def follow(client, url, response, rel):
    """The response of the page that the link `rel` ("next" or "prev") of `response`, a page at
    `url`, leads to (its href is a query string: "?after=...")."""
    href = re.search(rf'<a rel="{rel}" href="([^"]*)"', response.content.decode()).group(1)
    return client.get(url + href.replace("&amp;", "&"))


FILM_CARD = re.compile(
    r'<li class="card film-card">\s*<h3><a href="/[^/]+/films/([^/"]+)/">([^<]*)<'
)


def film_cards(response):
    """(slug, title) of each film card of a film list page, in order."""
    return FILM_CARD.findall(response.content.decode())


def card_slugs(response):
    return [slug for slug, _title in film_cards(response)]


def card_titles(response):
    return [title for _slug, title in film_cards(response)]
