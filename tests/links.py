"""Following a page's links in tests, as a visitor would."""

import re


def follow(client, url, response, rel):
    """The response of the page that the link `rel` ("next" or "prev") of `response`, a page at
    `url`, leads to (its href is a query string: "?after=...")."""
    href = re.search(rf'<a rel="{rel}" href="([^"]*)"', response.content.decode()).group(1)
    return client.get(url + href.replace("&amp;", "&"))
