"""The programme page and its feed: items from the URL's code, by day, conflicts named, films
with their upcoming screenings, removed items, drafts never shown, bad codes refused."""

import base64
import datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.urls import reverse
from django.utils import translation

from core.models import Status
from filmweek.models import ActivityKind
from screenings import services
from screenings.models import Screening
from screenings.programme_code import MAX_ITEMS, Item, decode, encode
from tests.factories import (
    days_from_now,
    make_activity,
    make_activity_session,
    make_film,
    make_film_week,
    make_person,
    make_screening,
    make_venue,
)

pytestmark = pytest.mark.django_db

PUBLISHED = {"status": Status.PUBLISHED}
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def week():
    """A published film week of a year either side of today, so that any day near it may be
    scheduled (a film week without dates takes only days of its year)."""
    today = datetime.date.today()
    return make_film_week(
        name_en="Film Week",
        year=today.year,
        starts_on=today - datetime.timedelta(days=366),
        ends_on=today + datetime.timedelta(days=366),
        **PUBLISHED,
    )


@pytest.fixture
def venue():
    return make_venue(
        name_en="Art Centre", slug="art-centre", time_zone="Asia/Shanghai", **PUBLISHED
    )


def screen(venue, week, title, starts, hours=2, **kw):
    kw.setdefault("film", make_film(title_en=title, title_zh=f"{title}（中文）", **PUBLISHED))
    return make_screening(
        venue=venue,
        film_week=week,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=hours),
        **kw,
    )


def page_url(items, language="en"):
    with translation.override(language):
        return f"{reverse('programme')}?items={encode(items)}"


def feed_url(items, language="en"):
    with translation.override(language):
        return f"{reverse('programme-calendar')}?items={encode(items)}"


def item(slot):
    return Item("s" if slot.is_screening else "a", slot.pk)


def titles_by_day(response):
    return [[slot.title for slot in day.slots] for day in response.context["programme"].days]


def events(response):
    assert response.status_code == 200
    calendar = icalendar.Calendar.from_ical(response.content)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


# The page


def test_programme_page_lists_starred_slots_by_day_in_time_order(client, venue, week):
    late = screen(venue, week, "Late", days_from_now(2, hour=20))
    early = screen(venue, week, "Early", days_from_now(2, hour=10))
    other_day = screen(venue, week, "Next day", days_from_now(3))
    session = make_activity_session(
        activity=make_activity(film_week=week, title_en="Forum"),
        venue=venue,
        starts_at=days_from_now(2, hour=13),
        ends_at=days_from_now(2, hour=14),
    )
    screen(venue, week, "Not starred", days_from_now(2, hour=15))

    response = client.get(page_url({item(late), item(early), item(other_day), item(session)}))

    assert response.status_code == 200
    assert titles_by_day(response) == [["Early", "Forum", "Late"], ["Next day"]]


def test_programme_page_in_chinese_shows_chinese_titles(client, venue, week):
    screening = screen(venue, week, "Five Hundred Miles", days_from_now(2))

    response = client.get(page_url({item(screening)}, "zh-hans"))

    assert response.status_code == 200
    assert titles_by_day(response) == [["Five Hundred Miles（中文）"]]
    assert "我的日程" in response.content.decode()


def test_programme_page_names_the_conflicts_of_overlapping_slots(client, venue, week):
    other_venue = make_venue(name_en="Grand Theatre", time_zone="Asia/Shanghai", **PUBLISHED)
    first = screen(venue, week, "First", days_from_now(2, hour=19))
    second = screen(other_venue, week, "Second", days_from_now(2, hour=20))
    after = screen(venue, week, "After", days_from_now(2, hour=21))  # starts as First ends

    response = client.get(page_url({item(first), item(second), item(after)}))

    programme = response.context["programme"]
    conflicts = {
        slot.title: [other.title for other in slot.conflicts] for slot in programme.days[0].slots
    }
    assert conflicts == {"First": ["Second"], "Second": ["First", "After"], "After": ["Second"]}
    assert programme.conflict_count == 3
    assert (
        '<p class="slot-conflict">Overlaps with: Second (Grand Theatre, 20:00)</p>'
        in response.content.decode()
    )


def test_programme_page_cancelled_slot_is_shown_struck_through_without_conflict(
    client, venue, week
):
    first = screen(venue, week, "First", days_from_now(2, hour=19))
    other_venue = make_venue(time_zone="Asia/Shanghai", **PUBLISHED)
    cancelled = screen(
        other_venue, week, "Called off", days_from_now(2, hour=19), state=Screening.State.CANCELLED
    )

    response = client.get(page_url({item(first), item(cancelled)}))

    slots = response.context["programme"].days[0].slots
    assert [(slot.title, slot.conflicts) for slot in slots] == [("First", []), ("Called off", [])]
    assert "<s><a" in response.content.decode()


def test_programme_page_shows_a_moved_screening_as_moved_at_its_new_time(client, venue, week):
    screening = screen(venue, week, "Moved film", days_from_now(2, hour=10))
    services.screening_update(
        screening=screening,
        starts_at=days_from_now(3, hour=15),
        ends_at=days_from_now(3, hour=17),
        state=Screening.State.MOVED,
    )

    response = client.get(page_url({item(screening)}))

    [day] = response.context["programme"].days
    assert day.day == days_from_now(3).date()
    assert 'badge-moved">Moved</span>' in response.content.decode()


def test_programme_page_lists_starred_films_with_their_upcoming_screenings(client, venue, week):
    film = make_film(title_en="Starred film", **PUBLISHED)
    screen(venue, week, "", days_from_now(-3), film=film)  # over
    coming = screen(venue, week, "", days_from_now(4), film=film)

    response = client.get(page_url({Item("f", film.pk)}))

    [shown] = response.context["programme"].films
    assert (shown.title, [screening.pk for screening in shown.upcoming_screenings]) == (
        "Starred film",
        [coming.pk],
    )


def test_programme_page_never_shows_drafts_and_lists_them_as_missing(client, venue, week):
    draft_film = make_film(title_en="Secret draft film")
    draft_screening = screen(
        venue, week, "Secret draft screening", days_from_now(2), film=draft_film
    )
    draft_venue = make_venue(name_en="Secret venue", **{"status": Status.DRAFT})
    draft_session = make_activity_session(
        activity=make_activity(film_week=week, title_en="Secret session"),
        venue=draft_venue,
        starts_at=days_from_now(2),
        ends_at=days_from_now(2, hour=20),
    )
    items = {Item("f", draft_film.pk), item(draft_screening), item(draft_session)}

    response = client.get(page_url(items))

    programme = response.context["programme"]
    assert (programme.days, programme.films) == ([], [])
    assert programme.missing == sorted(items)
    assert "Secret" not in response.content.decode()


def test_programme_page_lists_deleted_items_as_missing(client, venue, week):
    screening = screen(venue, week, "Deleted", days_from_now(2))
    starred = item(screening)
    screening.delete()

    response = client.get(page_url({starred}))

    assert response.context["programme"].missing == [starred]
    assert "No longer in the catalog" in response.content.decode()


def test_programme_page_offers_share_and_subscribe_links_of_its_code(client, venue, week):
    screening = screen(venue, week, "Shared", days_from_now(2))
    code = encode({item(screening)})

    response = client.get(page_url({item(screening)}))

    assert (response.context["share_url"], response.context["calendar_url"]) == (
        f"http://testserver/en/programme/?items={code}",
        f"http://testserver/en/programme/calendar.ics?items={code}",
    )


def test_programme_page_without_items_explains_and_has_no_code(client):
    response = client.get("/en/programme/")

    assert (response.status_code, response.context["code"], response.context["item_count"]) == (
        200,
        "",
        0,
    )
    assert "data-programme-stored" in response.content.decode()


def test_programme_page_add_redirects_to_the_code_of_the_new_programme(client):
    code = encode({Item("s", 4)})

    response = client.get(f"/en/programme/?items={code}&add=f12&add=a7")

    assert response.status_code == 302
    assert response["Location"] == page_url({Item("s", 4), Item("f", 12), Item("a", 7)})


def test_programme_page_remove_redirects_to_the_code_without_the_item(client):
    code = encode({Item("s", 4), Item("f", 12)})

    response = client.get(f"/zh-hans/programme/?items={code}&remove=s4")

    assert response.status_code == 302
    assert response["Location"] == page_url({Item("f", 12)}, "zh-hans")


def test_programme_page_remove_the_last_item_keeps_an_empty_code(client):
    response = client.get(f"/en/programme/?items={encode({Item('s', 4)})}&remove=s4")

    assert decode(response["Location"].split("items=")[1]) == frozenset()


def full_programme():
    return {Item("s", pk) for pk in range(1, MAX_ITEMS + 1)}


def code_of_101_films():
    data = bytes([MAX_ITEMS + 1] + [1] * (MAX_ITEMS + 1) + [0, 0])
    return "1" + base64.urlsafe_b64encode(data).decode().rstrip("=")


# What the page says of each way its address can be wrong, in English and in Chinese.
DAMAGE = {
    "truncated": (
        "items=1AQ",
        "This programme address ends too early: part of it is missing.",
        "此日程链接提前结束，缺少了一部分。",
    ),
    "bad-base64": (
        "items=1AA*A",
        "This programme address has characters that programme addresses never have,",
        "此日程链接含有日程链接中不会出现的字符，",
    ),
    "unknown-version": (
        "items=2AAAA",
        "This programme address does not begin as the addresses of this site's programmes",
        "此日程链接的开头与本站日程链接不符：",
    ),
    "not-canonical": (
        "items=1AAAAAA",
        "This programme address was altered: this site never writes",
        "此日程链接已被改动：",
    ),
    "too-long": (
        "items=1" + "A" * 5000,
        "longer than the address of any programme of at most 100 items.",
        "此日程链接比任何不超过100项的日程链接都长。",
    ),
    "too-many": (
        f"items={code_of_101_films()}",
        "This programme address holds 101 items, more than the 100 a programme can hold:",
        "此日程链接包含101项，超过了日程最多可收藏的100项：",
    ),
    "unknown-item": (
        "add=x1",
        "A link that adds or removes an item of this programme is damaged:",
        "添加或移除日程项的链接已损坏：",
    ),
}


@pytest.mark.parametrize("reason", DAMAGE)
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_programme_page_damaged_address_is_a_400_naming_its_damage(client, language, reason):
    query, english, chinese = DAMAGE[reason]

    response = client.get(f"/{language}/programme/?{query}")

    assert (response.status_code, response.context["reason"]) == (400, reason)
    assert (english if language == "en" else chinese) in response.content.decode()


@pytest.mark.parametrize("query", ["remove=s0", "add=f", "add=s1&remove=f012"])
def test_programme_page_malformed_item_token_is_a_400_naming_it(client, query):
    response = client.get(f"/en/programme/?{query}")

    assert (response.status_code, response.context["reason"]) == (400, "unknown-item")


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "Your programme is full (100 items). Remove one to add another."),
        ("zh-hans", "您的日程已满（100项）。请先移除一项，再添加新的。"),
    ],
)
def test_programme_page_adding_to_a_full_programme_shows_it_unchanged_and_says_why(
    client, language, message
):
    code = encode(full_programme())

    response = client.get(f"/{language}/programme/?items={code}&add=f1")

    assert (response.status_code, response.context["full"]) == (400, True)
    assert (response.context["item_count"], response.context["code"]) == (MAX_ITEMS, code)
    html = response.content.decode()
    assert f'<p class="programme-warning" role="alert">{message}</p>' in html
    assert "data-programme-stored" not in html  # the browser's programme does not replace it


def test_programme_page_adding_past_the_maximum_without_a_code_keeps_the_page_in_place(client):
    adds = "&".join(f"add=f{pk}" for pk in range(1, MAX_ITEMS + 2))

    response = client.get(f"/en/programme/?{adds}")

    assert (response.status_code, response.context["full"]) == (400, True)
    assert "data-programme-stored" not in response.content.decode()


def test_programme_page_full_programme_still_takes_an_item_it_has_and_a_swap(client):
    items = full_programme()
    code = encode(items)

    again = client.get(f"/en/programme/?items={code}&add=s1")
    swapped = client.get(f"/en/programme/?items={code}&remove=s1&add=f1")

    assert again["Location"] == page_url(items)
    assert swapped["Location"] == page_url(items - {Item("s", 1)} | {Item("f", 1)})


def test_programme_page_not_full_has_no_full_message(client):
    response = client.get(page_url({Item("s", 1)}))

    assert response.context["full"] is False
    assert 'role="alert"' not in response.content.decode()


@pytest.mark.parametrize("rows", [1, 3])
def test_programme_page_queries_same_for_1_and_3_items_of_each_kind(
    client, venue, week, django_assert_num_queries, rows
):
    items = set()
    for index in range(rows):
        film = make_film(**PUBLISHED)
        screening = screen(venue, week, f"Film {index}", days_from_now(index + 1), film=film)
        screening.guests.add(make_person(**PUBLISHED))
        session = make_activity_session(
            activity=make_activity(film_week=week),
            venue=venue,
            starts_at=days_from_now(index + 1, hour=10),
            ends_at=days_from_now(index + 1, hour=11),
        )
        items |= {item(screening), item(session), Item("f", film.pk)}

    # The screenings and the sessions (each with venue and film week joined) and the
    # screenings' guests; the films, their upcoming screenings and those screenings' guests.
    with django_assert_num_queries(6):
        response = client.get(page_url(items))

    assert len(response.context["programme"].films) == rows


# The feed


def test_programme_feed_has_the_starred_slots_as_events(client, venue, week):
    screening = screen(venue, week, "Starred", days_from_now(2))
    session = make_activity_session(
        activity=make_activity(film_week=week, title_en="Forum"),
        venue=venue,
        starts_at=days_from_now(2, hour=10),
        ends_at=days_from_now(2, hour=11),
    )
    screen(venue, week, "Not starred", days_from_now(3))

    response = client.get(feed_url({item(screening), item(session)}))

    found = events(response)
    assert {uid: str(event["SUMMARY"]) for uid, event in found.items()} == {
        f"screening-{screening.pk}@film-alliance-catalog": "Starred",
        f"activity-session-{session.pk}@film-alliance-catalog": "Forum",
    }
    assert response["Content-Disposition"] == 'inline; filename="programme-en.ics"'


def test_programme_feed_in_chinese_has_the_chinese_titles(client, venue, week):
    screening = screen(venue, week, "Starred", days_from_now(2))

    found = events(client.get(feed_url({item(screening)}, "zh-hans")))

    assert [str(event["SUMMARY"]) for event in found.values()] == ["Starred（中文）"]


def test_programme_feed_in_chinese_orders_and_punctuates_each_text(client):
    week = make_film_week(
        name_en="Belt and Road Film Week",
        name_zh="“一带一路”电影周",
        year=2023,
        starts_on=None,
        ends_on=None,
        **PUBLISHED,
    )
    venue = make_venue(
        name_en="Shanghai Film Art Centre",
        name_zh="上海影城",
        city_en="Shanghai",
        city_zh="上海",
        address="新华路160号",
        time_zone="Asia/Shanghai",
        **PUBLISHED,
    )
    screening = screen(
        venue,
        week,
        "Five Hundred Miles",
        days_from_now(2),
        section_zh="全景",
        language_note_zh="普通话，中文字幕",
        ticket_url="https://tickets.example.org/42",
        state=Screening.State.SOLD_OUT,
    )
    screening.guests.add(
        make_person(name_en="Su Lun", name_zh="苏伦", **PUBLISHED),
        make_person(name_en="Zhang Yang", name_zh="张扬", **PUBLISHED),
    )
    session = make_activity_session(
        activity=make_activity(film_week=week, kind=ActivityKind.FORUM, title_zh="电影产业论坛"),
        venue=make_venue(name_zh="青岛东方影都", city_zh="青岛", address="", **PUBLISHED),
        starts_at=days_from_now(3, hour=10),
        ends_at=days_from_now(3, hour=12),
    )

    response = client.get(feed_url({item(screening), item(session)}, "zh-hans"))

    calendar = icalendar.Calendar.from_ical(response.content)
    found = events(response)
    shown = found[f"screening-{screening.pk}@film-alliance-catalog"]
    held = found[f"activity-session-{session.pk}@film-alliance-catalog"]
    assert calendar["X-WR-CALNAME"] == "我的日程"
    assert shown["LOCATION"] == "上海影城（上海，新华路160号）"
    assert shown["DESCRIPTION"] == (
        "单元：全景\n语言：普通话，中文字幕\n映后交流嘉宾：苏伦、张扬\n"
        "购票：https://tickets.example.org/42\n2023年“一带一路”电影周\n已售罄"
    )
    assert (held["SUMMARY"], held["LOCATION"]) == ("电影产业论坛", "青岛东方影都（青岛）")
    assert held["DESCRIPTION"] == "论坛\n2023年“一带一路”电影周"


def test_programme_feed_follows_a_moved_and_a_cancelled_screening(client, venue, week):
    moved = screen(venue, week, "Moved", days_from_now(2, hour=10))
    cancelled = screen(venue, week, "Cancelled", days_from_now(2, hour=14))
    url = feed_url({item(moved), item(cancelled)})
    before = events(client.get(url))

    services.screening_update(
        screening=moved,
        starts_at=days_from_now(3, hour=15),
        ends_at=days_from_now(3, hour=17),
        state=Screening.State.MOVED,
    )
    services.screening_cancel(screening=cancelled)
    after = events(client.get(url))

    moved_uid = f"screening-{moved.pk}@film-alliance-catalog"
    cancelled_uid = f"screening-{cancelled.pk}@film-alliance-catalog"
    assert (before[moved_uid]["SEQUENCE"], after[moved_uid]["SEQUENCE"]) == (0, 1)
    assert after[moved_uid].decoded("DTSTART") == days_from_now(3, hour=15)
    assert (after[cancelled_uid]["STATUS"], after[cancelled_uid]["SEQUENCE"]) == ("CANCELLED", 1)


def test_programme_feed_never_has_drafts(client, venue, week):
    draft = screen(venue, week, "Draft", days_from_now(2), film=make_film(title_en="Draft"))
    published = screen(venue, week, "Published", days_from_now(3))

    found = events(client.get(feed_url({item(draft), item(published)})))

    assert [str(event["SUMMARY"]) for event in found.values()] == ["Published"]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize(
    "query", ["", "items=", "items=2AAAA", "items=1AAA", "items=1AAAA%00", "items=" + "A" * 5000]
)
def test_programme_feed_bad_code_is_a_404(client, language, query):
    response = client.get(f"/{language}/programme/calendar.ics?{query}")

    assert response.status_code == 404


@pytest.mark.parametrize("rows", [1, 3])
def test_programme_feed_queries_same_for_1_and_3_items_of_each_kind(
    client, venue, week, django_assert_num_queries, rows
):
    items = set()
    for index in range(rows):
        screening = screen(venue, week, f"Film {index}", days_from_now(index + 1))
        screening.guests.add(make_person(**PUBLISHED))
        session = make_activity_session(
            activity=make_activity(film_week=week),
            venue=venue,
            starts_at=days_from_now(index + 1, hour=10),
            ends_at=days_from_now(index + 1, hour=11),
        )
        items |= {item(screening), item(session)}

    # The screenings and the sessions (each with venue and film week joined), the guests.
    with django_assert_num_queries(3):
        response = client.get(feed_url(items))

    assert len(events(response)) == 2 * rows


@pytest.mark.usefixtures("page_cache_on")
def test_programme_feed_from_the_page_cache_is_renewed_by_a_moved_screening(client, venue, week):
    screening = screen(venue, week, "Moved", days_from_now(2, hour=10))
    url = feed_url({item(screening)})
    first = client.get(url)
    cached = client.get(url, headers={"if-none-match": first["ETag"]})

    services.screening_update(
        screening=screening, starts_at=days_from_now(2, hour=12), ends_at=days_from_now(2, hour=14)
    )
    [after] = events(client.get(url)).values()

    assert cached.status_code == 304
    assert (after["SEQUENCE"], after.decoded("DTSTART")) == (1, days_from_now(2, hour=12))


@pytest.mark.usefixtures("page_cache_on")
def test_programme_page_from_the_page_cache_by_address(client, venue, week):
    first = screen(venue, week, "First", days_from_now(2))
    second = screen(venue, week, "Second", days_from_now(3))

    pages = [client.get(page_url({item(first)})), client.get(page_url({item(second)}))]

    assert [page["ETag"] != "" for page in pages] == [True, True]
    assert pages[0]["ETag"] != pages[1]["ETag"]
    assert ["First" in pages[0].content.decode(), "First" in pages[1].content.decode()] == [
        True,
        False,
    ]
