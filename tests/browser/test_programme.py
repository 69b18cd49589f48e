"""My programme in a real browser, in English and in Chinese: stars kept in the browser, the
programme page built from them, its subscription feed parsed as iCalendar and following a
moved screening; without JavaScript, the star's link keeps the programme in the address; a
full programme says why a star adds nothing, with JavaScript and without."""

import datetime
import re
from zoneinfo import ZoneInfo

import icalendar
import pytest
from playwright.sync_api import expect

from core.models import Status
from screenings import services
from screenings.models import Screening
from screenings.programme_code import MAX_ITEMS, Item, encode
from tests.factories import days_from_now, make_film, make_film_week, make_screening, make_venue

# The live server needs committed data; see tests/browser/test_catalog.py.
pytestmark = pytest.mark.django_db(transaction=True)

PUBLISHED = {"status": Status.PUBLISHED}
SHANGHAI = ZoneInfo("Asia/Shanghai")
WORDS = {
    "en": {"star": "Add to my programme", "heading": "My programme", "subscribe": "Subscribe"},
    "zh-hans": {"star": "加入我的日程", "heading": "我的日程", "subscribe": "订阅"},
}
FULL = {
    "en": "Your programme is full (100 items). Remove one to add another.",
    "zh-hans": "您的日程已满（100项）。请先移除一项，再添加新的。",
}
STORAGE_KEY = "film-alliance-programme"


@pytest.fixture
def screening():
    today = datetime.date.today()  # a film week around today: the screening is moved later
    week = make_film_week(
        name_en="Film Week",
        year=today.year,
        starts_on=today - datetime.timedelta(days=366),
        ends_on=today + datetime.timedelta(days=366),
        **PUBLISHED,
    )
    venue = make_venue(name_en="Art Centre", time_zone="Asia/Shanghai", **PUBLISHED)
    film = make_film(
        slug="five-hundred-miles", title_en="Five Hundred Miles", title_zh="交换人生", **PUBLISHED
    )
    return make_screening(
        film=film,
        film_week=week,
        venue=venue,
        starts_at=days_from_now(3),
        ends_at=days_from_now(3, hour=21),
    )


def star_the_film_and_its_screening(page, base, language):
    page.goto(f"{base}/{language}/films/five-hundred-miles/")
    stars = page.get_by_role("button", name=re.compile(f"^{WORDS[language]['star']}"))
    expect(stars).to_have_count(2)  # the film's, and its screening's among the upcoming ones
    for star in page.locator("a.star").all():
        star.click()
        expect(star).to_have_attribute("aria-pressed", "true")
    expect(stars).to_have_count(0)  # each now reads "In my programme"


def open_my_programme(page, language):
    page.get_by_role("navigation", name=re.compile("Main|主")).get_by_role(
        "link", name=WORDS[language]["heading"]
    ).click()
    expect(page).to_have_url(re.compile(rf"/{language}/programme/\?items=1[\w-]+$"))


def stored(page):
    return page.evaluate(f"JSON.parse(localStorage.getItem('{STORAGE_KEY}'))")


def other_items(count):
    """Tokens of `count` films the catalog does not have."""
    return [f"f{pk}" for pk in range(100_000, 100_000 + count)]


def feed(page, language):
    link = page.get_by_role("link", name=re.compile(f"^{WORDS[language]['subscribe']}"))
    response = page.request.get(link.get_attribute("href"))
    assert response.status == 200
    return icalendar.Calendar.from_ical(response.body())


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_programme_starred_items_show_on_my_programme(page, live_server, screening, language):
    star_the_film_and_its_screening(page, live_server.url, language)

    open_my_programme(page, language)

    expect(page.get_by_role("heading", level=1)).to_have_text(WORDS[language]["heading"])
    title = screening.film.title_en if language == "en" else screening.film.title_zh
    expect(page.locator(".schedule-day .slot-title a")).to_have_text([title])
    expect(page.locator(".programme-film h3 a")).to_have_text([title])
    assert sorted(stored(page)) == sorted([f"f{screening.film_id}", f"s{screening.pk}"])


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_programme_subscribe_link_feed_follows_a_moved_screening(
    page, live_server, screening, language
):
    star_the_film_and_its_screening(page, live_server.url, language)
    open_my_programme(page, language)
    [before] = feed(page, language).walk("VEVENT")

    services.screening_update(
        screening=Screening.objects.get(pk=screening.pk),
        starts_at=days_from_now(4, hour=14),
        ends_at=days_from_now(4, hour=16),
        state=Screening.State.MOVED,
    )
    [after] = feed(page, language).walk("VEVENT")

    assert (
        str(after["UID"]) == str(before["UID"]) == f"screening-{screening.pk}@film-alliance-catalog"
    )
    assert (before["SEQUENCE"], after["SEQUENCE"]) == (0, 1)
    assert after.decoded("DTSTART") == days_from_now(4, hour=14)
    page.reload()
    expect(page.locator(".schedule-day .badge-moved")).to_have_count(1)


def test_programme_unstarring_removes_the_item_from_my_programme(page, live_server, screening):
    star_the_film_and_its_screening(page, live_server.url, "en")
    # Chromium reads the visually hidden part as a block of its own: a space before it.
    film_star = page.get_by_role(
        "button", name=re.compile(r"^In my programme\s?: Five Hundred Miles$")
    )

    film_star.click()
    expect(film_star).to_have_count(0)
    open_my_programme(page, "en")

    expect(page.locator(".programme-film")).to_have_count(0)
    expect(page.locator(".schedule-day .slot-title a")).to_have_text(["Five Hundred Miles"])


def test_programme_without_javascript_the_star_link_keeps_it_in_the_address(
    page_without_javascript, live_server, screening
):
    page = page_without_javascript
    page.goto(f"{live_server.url}/zh-hans/films/five-hundred-miles/")

    page.get_by_role("link", name=re.compile(r"^加入我的日程\s?：交换人生$")).click()

    expect(page).to_have_url(re.compile(r"/zh-hans/programme/\?items=1[\w-]+$"))
    expect(page.locator(".programme-film h3 a")).to_have_text(["交换人生"])
    page.get_by_role("link", name=re.compile("^从此日程中移除")).click()
    expect(page.locator(".programme-film")).to_have_count(0)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_programme_full_star_says_why_it_adds_nothing(page, live_server, screening, language):
    page.goto(f"{live_server.url}/{language}/films/five-hundred-miles/")
    full = [f"s{screening.pk}", *other_items(MAX_ITEMS - 1)]
    page.evaluate(
        "([key, tokens]) => localStorage.setItem(key, JSON.stringify(tokens))", [STORAGE_KEY, full]
    )
    page.reload()
    film_star = page.locator(f'a.star[data-programme-item="f{screening.film_id}"]')
    screening_star = page.locator(f'a.star[data-programme-item="s{screening.pk}"]')
    status = page.locator("[data-programme-status]")

    film_star.click()

    expect(status).to_have_attribute("role", "status")
    expect(status).to_have_text(FULL[language])
    expect(status).to_be_visible()
    expect(film_star).to_have_attribute("aria-pressed", "false")
    assert stored(page) == full
    screening_star.click()  # one less: the message goes, and the film's star can add it
    expect(status).to_have_text("")
    film_star.click()
    expect(film_star).to_have_attribute("aria-pressed", "true")
    assert sorted(stored(page)) == sorted([*other_items(MAX_ITEMS - 1), f"f{screening.film_id}"])


def test_programme_full_status_is_dismissed_with_escape(page, live_server, screening):
    page.goto(f"{live_server.url}/en/films/five-hundred-miles/")
    page.evaluate(
        "([key, tokens]) => localStorage.setItem(key, JSON.stringify(tokens))",
        [STORAGE_KEY, other_items(MAX_ITEMS)],
    )
    page.reload()
    page.locator("a.star").first.click()
    status = page.locator("[data-programme-status]")
    expect(status).to_have_text(FULL["en"])

    page.keyboard.press("Escape")

    expect(status).to_have_text("")


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_programme_full_without_javascript_the_page_says_why_and_keeps_every_item(
    page_without_javascript, live_server, screening, language
):
    page = page_without_javascript
    full = {Item("f", pk) for pk in range(100_000, 100_000 + MAX_ITEMS)}
    address = f"{live_server.url}/{language}/programme/?items={encode(full)}"

    response = page.goto(f"{address}&add=f{screening.film_id}")

    assert response.status == 400
    expect(page.get_by_role("alert")).to_have_text(FULL[language])
    expect(page.locator(".programme-missing li")).to_have_count(MAX_ITEMS)
    expect(
        page.get_by_role("link", name=re.compile(f"^{WORDS[language]['subscribe']}"))
    ).to_have_attribute("href", re.compile(rf"items={encode(full)}$"))
