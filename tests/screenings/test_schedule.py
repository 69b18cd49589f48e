"""The schedule page: screenings and activity sessions of a film week by day, then venue; its
filters, the time zone switch, and malformed query strings that still get a page."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db.models.signals import post_init
from pytest_django.asserts import assertInHTML

from core.models import Status
from filmweek.models import ActivityKind, FilmCountry
from screenings import queries
from screenings.models import Screening
from tests.factories import (
    make_activity,
    make_activity_session,
    make_country,
    make_film,
    make_film_week,
    make_person,
    make_screening,
    make_venue,
)

pytestmark = pytest.mark.django_db

PUBLISHED = {"status": Status.PUBLISHED}
SHANGHAI = ZoneInfo("Asia/Shanghai")
BERLIN = ZoneInfo("Europe/Berlin")
URL = "/en/schedule/"


def shanghai(day, hour, minute=0):
    return datetime.datetime(2023, 6, day, hour, minute, tzinfo=SHANGHAI)


def shown(response):
    """[(day, [(venue, [title, ...]), ...]), ...] as the page groups them."""
    return [
        (
            schedule_day.day.isoformat(),
            [
                (block.venue.name_en, [slot.title for slot in block.slots])
                for block in schedule_day.venues
            ],
        )
        for schedule_day in response.context["days"]
    ]


def titles(response):
    return [
        title for _day, venues in shown(response) for _venue, names in venues for title in names
    ]


@pytest.fixture
def week():
    return make_film_week(
        name_en="Belt and Road Film Week", year=2023, slug="brfw-2023", **PUBLISHED
    )


@pytest.fixture
def venues():
    return {
        "art": make_venue(
            name_en="Shanghai Film Art Centre", city_en="Shanghai", slug="art-centre", **PUBLISHED
        ),
        "grand": make_venue(name_en="Grand Theatre", city_en="Shanghai", slug="grand", **PUBLISHED),
        "qingdao": make_venue(
            name_en="Oriental Movie Metropolis", city_en="Qingdao", slug="oriental", **PUBLISHED
        ),
    }


def screen(week, venue, title, starts, hours=2, **kw):
    kw.setdefault("film", make_film(title_en=title, **PUBLISHED))
    return make_screening(
        film_week=week,
        venue=venue,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=hours),
        **kw,
    )


def session(week, venue, title, starts, kind=ActivityKind.FORUM):
    return make_activity_session(
        activity=make_activity(film_week=week, title_en=title, kind=kind),
        venue=venue,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=1),
    )


# By day, then venue


def test_schedule_groups_by_day_then_venue_then_time(client, week, venues):
    screen(week, venues["grand"], "Evening", shanghai(12, 19))
    screen(week, venues["art"], "Afternoon", shanghai(12, 14))
    screen(week, venues["art"], "Morning", shanghai(12, 10))
    session(week, venues["qingdao"], "Forum", shanghai(12, 9))
    screen(week, venues["art"], "Next day", shanghai(13, 10))

    response = client.get(URL)

    assert response.status_code == 200
    assert shown(response) == [
        (
            "2023-06-12",
            [
                ("Oriental Movie Metropolis", ["Forum"]),
                ("Grand Theatre", ["Evening"]),
                ("Shanghai Film Art Centre", ["Morning", "Afternoon"]),
            ],
        ),
        ("2023-06-13", [("Shanghai Film Art Centre", ["Next day"])]),
    ]


def test_schedule_screening_crossing_midnight_is_on_the_day_it_starts(client, week, venues):
    screen(week, venues["art"], "Late show", shanghai(12, 23, 30))

    response = client.get(URL)

    assert shown(response) == [("2023-06-12", [("Shanghai Film Art Centre", ["Late show"])])]
    assertInHTML(
        '<small class="slot-next-day">ends June 13, 2023</small>', response.content.decode()
    )


def test_schedule_shows_venue_local_time_with_the_zone_named(client, week):
    berlin = make_venue(name_en="Kino", time_zone="Europe/Berlin", **PUBLISHED)
    screen(week, berlin, "Five Hundred Miles", datetime.datetime(2023, 6, 12, 19, 0, tzinfo=BERLIN))

    html = client.get(URL).content.decode()

    assertInHTML('<p class="zone-note">Times in Europe/Berlin (UTC+0200)</p>', html)
    assertInHTML(
        '<span class="slot-hours"><time datetime="2023-06-12T19:00:00+02:00">19:00</time>–'
        '<time datetime="2023-06-12T21:00:00+02:00">21:00</time></span>',
        html,
    )


def test_schedule_row_after_a_dst_change_names_its_own_offset(client):
    week = make_film_week(
        starts_on=datetime.date(2024, 3, 25), ends_on=datetime.date(2024, 3, 31), **PUBLISHED
    )
    berlin = make_venue(time_zone="Europe/Berlin", **PUBLISHED)
    screen(week, berlin, "Before", datetime.datetime(2024, 3, 31, 0, 0, tzinfo=BERLIN), hours=1)
    screen(week, berlin, "After", datetime.datetime(2024, 3, 31, 10, 0, tzinfo=BERLIN))

    html = client.get(URL).content.decode()

    assertInHTML('<p class="zone-note">Times in Europe/Berlin (UTC+0100)</p>', html)
    assertInHTML('<small class="slot-zone">UTC+0200</small>', html, count=1)


def test_schedule_switch_to_the_viewers_zone(client, week, venues):
    screen(week, venues["art"], "Late show", shanghai(12, 23, 30))

    response = client.get(URL + "?tz=Europe/Moscow")

    html = response.content.decode()
    assertInHTML('<p class="zone-note">Times in Europe/Moscow (UTC+0300)</p>', html)
    assertInHTML(
        '<span class="slot-hours"><time datetime="2023-06-12T18:30:00+03:00">18:30</time>–'
        '<time datetime="2023-06-12T20:30:00+03:00">20:30</time></span>',
        html,
    )
    assertInHTML('<option value="Europe/Moscow" selected>Europe/Moscow (UTC+03:00)</option>', html)


def test_schedule_viewers_zone_regroups_the_days(client, week, venues):
    """01:00 on the 13th in Shanghai is still the 12th in Berlin."""
    screen(week, venues["art"], "Night", shanghai(13, 1))

    response = client.get(URL + "?tz=Europe/Berlin")

    assert shown(response) == [("2023-06-12", [("Shanghai Film Art Centre", ["Night"])])]


def test_schedule_any_known_zone_may_be_asked_for(client, week, venues):
    screen(week, venues["art"], "Film", shanghai(12, 19))

    response = client.get(URL + "?tz=America/Lima")

    assert response.context["display_zone"] == ZoneInfo("America/Lima")
    assert response.context["filter"].form.errors == {}


def test_schedule_cancelled_screening_kept_and_struck_through(client, week, venues):
    screen(week, venues["art"], "Cancelled film", shanghai(12, 19), state=Screening.State.CANCELLED)

    response = client.get(URL)

    html = response.content.decode()
    assert titles(response) == ["Cancelled film"]
    assert '<li class="slot is-cancelled"' in html
    assertInHTML('<span class="badge badge-cancelled">Cancelled</span>', html)
    assert "<s><a href=" in html


def test_schedule_screening_details_and_calendar_link(client, week, venues):
    screening = screen(
        week,
        venues["art"],
        "Five Hundred Miles",
        shanghai(12, 19),
        section_en="Panorama",
        language_note_en="Mandarin, English subtitles",
        ticket_url="https://tickets.example.org/1",
        state=Screening.State.SOLD_OUT,
    )
    screening.guests.add(make_person(name_en="Su Lun", slug="su-lun", **PUBLISHED))

    html = client.get(URL).content.decode()

    assertInHTML('<span class="slot-detail">Panorama</span>', html)
    assertInHTML('<span class="slot-detail">Mandarin, English subtitles</span>', html)
    assertInHTML(
        '<span class="slot-detail">Q&amp;A with <span class="inline">'
        '<a href="/en/people/su-lun/">Su Lun</a></span></span>',
        html,
    )
    assertInHTML('<span class="badge badge-sold_out">Sold out</span>', html)
    assert html.count(f'href="/en/screenings/{screening.pk}.ics"') == 1


def test_schedule_draft_parts_not_shown(client, week, venues):
    screen(week, venues["art"], "Shown", shanghai(12, 10))
    screen(
        week, venues["art"], "Draft film", shanghai(12, 13), film=make_film(title_en="Draft film")
    )
    screen(week, make_venue(), "At a draft venue", shanghai(12, 16))

    response = client.get(URL)

    assert titles(response) == ["Shown"]


def test_schedule_without_any_schedule_says_so(client):
    response = client.get(URL)

    assert response.status_code == 200
    assert "No screenings or activities are scheduled yet." in response.content.decode()


# The film week shown


def test_schedule_default_week_is_the_one_with_the_soonest_slot_to_come(client, venues):
    today = datetime.date.today()
    past = make_film_week(slug="past", year=2023, **PUBLISHED)
    screen(past, venues["art"], "Past", shanghai(12, 19))
    soon = make_film_week(
        slug="soon",
        year=today.year,
        starts_on=today,
        ends_on=today + datetime.timedelta(days=30),
        **PUBLISHED,
    )
    later_start = datetime.datetime.combine(
        today + datetime.timedelta(days=20), datetime.time(19), tzinfo=SHANGHAI
    )
    screen(soon, venues["art"], "Coming", later_start)

    response = client.get(URL)

    assert response.context["film_week"] == soon
    assert titles(response) == ["Coming"]


def test_schedule_default_week_is_the_latest_when_all_have_ended(client, venues):
    older = make_film_week(slug="older", year=2022, starts_on=None, ends_on=None, **PUBLISHED)
    screen(older, venues["art"], "Older", datetime.datetime(2022, 6, 12, 19, tzinfo=SHANGHAI))
    newer = make_film_week(slug="newer", **PUBLISHED)
    screen(newer, venues["art"], "Newer", shanghai(12, 19))

    response = client.get(URL)

    assert response.context["film_week"] == newer


@pytest.mark.parametrize(
    ("now", "expected", "queries_run"),
    [
        (datetime.datetime(2023, 5, 1, tzinfo=SHANGHAI), "forum-week", 1),  # the session ends first
        (datetime.datetime(2023, 6, 1, tzinfo=SHANGHAI), "film-week", 1),  # only the film is left
        (datetime.datetime(2024, 1, 1, tzinfo=SHANGHAI), "film-week", 2),  # all over: the last
    ],
)
def test_default_film_week_id_one_query_when_a_slot_is_to_come_else_two(
    db, venues, django_assert_num_queries, now, expected, queries_run
):
    forum_week = make_film_week(slug="forum-week", **PUBLISHED)
    session(forum_week, venues["art"], "Forum", datetime.datetime(2023, 5, 20, 10, tzinfo=SHANGHAI))
    film_week = make_film_week(slug="film-week", **PUBLISHED)
    screen(film_week, venues["art"], "Film", datetime.datetime(2023, 6, 20, 19, tzinfo=SHANGHAI))

    with django_assert_num_queries(queries_run):
        chosen = queries.default_film_week_id(now)

    assert chosen == {"forum-week": forum_week.pk, "film-week": film_week.pk}[expected]


def test_default_film_week_id_none_without_slots(db, django_assert_num_queries):
    make_film_week(**PUBLISHED)

    with django_assert_num_queries(2):
        chosen = queries.default_film_week_id()

    assert chosen is None


def test_schedule_film_week_chosen_by_slug(client, week, venues):
    other = make_film_week(slug="other", year=2022, starts_on=None, ends_on=None, **PUBLISHED)
    screen(other, venues["art"], "Other week", datetime.datetime(2022, 6, 12, 19, tzinfo=SHANGHAI))
    screen(week, venues["art"], "This week", shanghai(12, 19))

    response = client.get(URL + "?film_week=other")

    assert titles(response) == ["Other week"]


def test_schedule_offers_the_latest_weeks_and_an_older_one_chosen(client, venues, monkeypatch):
    monkeypatch.setattr(queries, "RECENT_SCHEDULE_WEEKS", 2)
    for year in (2020, 2021, 2022):
        week = make_film_week(slug=f"week-{year}", year=year, **PUBLISHED)
        screen(
            week, venues["art"], f"Film {year}", datetime.datetime(year, 6, 12, 19, tzinfo=SHANGHAI)
        )

    latest = client.get(URL)
    older = client.get(URL + "?film_week=week-2020")

    assert [week.slug for week in latest.context["filter"].film_weeks] == ["week-2022", "week-2021"]
    assert [week.slug for week in older.context["filter"].film_weeks] == [
        "week-2022",
        "week-2021",
        "week-2020",
    ]
    assert titles(older) == ["Film 2020"]


def test_schedule_offers_the_default_week_after_the_latest(client, venues, monkeypatch):
    monkeypatch.setattr(queries, "RECENT_SCHEDULE_WEEKS", 1)
    coming = datetime.datetime.combine(
        datetime.date.today() + datetime.timedelta(days=3), datetime.time(19), tzinfo=SHANGHAI
    )
    older = make_film_week(slug="older", year=2020, starts_on=None, ends_on=None, **PUBLISHED)
    screen(older, venues["art"], "Still to come", coming)
    newer = make_film_week(slug="newer", year=2022, **PUBLISHED)
    screen(newer, venues["art"], "Over", datetime.datetime(2022, 6, 12, 19, tzinfo=SHANGHAI))

    response = client.get(URL)

    assert [week.slug for week in response.context["filter"].film_weeks] == ["newer", "older"]
    assert titles(response) == ["Still to come"]


@pytest.mark.parametrize(("also_slug", "queries_run"), [(None, 1), ("week-2020", 2)])
def test_schedule_film_weeks_read_again_only_for_one_beyond_the_latest(
    db, venues, monkeypatch, django_assert_num_queries, also_slug, queries_run
):
    monkeypatch.setattr(queries, "RECENT_SCHEDULE_WEEKS", 2)
    for year in (2020, 2021, 2022):
        week = make_film_week(slug=f"week-{year}", year=year, **PUBLISHED)
        screen(week, venues["art"], "Film", datetime.datetime(year, 6, 12, 19, tzinfo=SHANGHAI))

    with django_assert_num_queries(queries_run):
        weeks = queries.schedule_film_weeks(also_slug=also_slug)

    expected = ["week-2022", "week-2021"] + ([also_slug] if also_slug else [])
    assert [week.slug for week in weeks] == expected


@pytest.mark.parametrize("value", ["no-such-week", "week\x00", "' OR 1=1 --"])
def test_schedule_unknown_film_week_shows_the_default_with_a_message(client, week, venues, value):
    screen(week, venues["art"], "This week", shanghai(12, 19))

    response = client.get(URL, {"film_week": value})

    assert response.status_code == 200
    assert "Unknown film week: the current one is shown." in response.content.decode()
    assert titles(response) == ["This week"]


def test_schedule_week_with_only_sessions_is_offered(client, week, venues):
    session(week, venues["art"], "Opening forum", shanghai(12, 10))

    response = client.get(URL)

    assert titles(response) == ["Opening forum"]


# Filters


@pytest.fixture
def programme(week, venues):
    china, russia = make_country("CN"), make_country("RU", continent="EU")
    chinese = make_film(title_en="Chinese film", **PUBLISHED)
    FilmCountry.objects.create(film=chinese, country=china)
    russian = make_film(title_en="Russian film", **PUBLISHED)
    FilmCountry.objects.create(film=russian, country=russia)
    screen(week, venues["art"], "Chinese film", shanghai(12, 10), film=chinese)
    screen(week, venues["qingdao"], "Russian film", shanghai(13, 10), film=russian)
    session(week, venues["grand"], "Forum", shanghai(12, 14))
    session(week, venues["qingdao"], "Market", shanghai(13, 14), kind=ActivityKind.MARKET_PROMOTION)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["Forum", "Chinese film", "Russian film", "Market"]),
        ("?day=2023-06-13", ["Russian film", "Market"]),
        ("?venue=oriental", ["Russian film", "Market"]),
        ("?city=Shanghai", ["Forum", "Chinese film"]),
        ("?country=RU", ["Russian film"]),
        ("?kind=film", ["Chinese film", "Russian film"]),
        ("?kind=forum", ["Forum"]),
        ("?kind=market&city=Qingdao", ["Market"]),
        ("?kind=film&day=2023-06-12&city=Qingdao", []),
    ],
)
def test_schedule_filters(client, programme, query, expected):
    response = client.get(URL + query)

    assert titles(response) == expected


def test_schedule_day_links_keep_the_other_filters(client, programme):
    html = client.get(URL + "?kind=film&day=2023-06-12").content.decode()

    assertInHTML(
        '<a href="?kind=film&amp;day=2023-06-13"><span class="weekday">Tue</span> June 13</a>', html
    )
    assertInHTML(
        '<a href="?kind=film&amp;day=2023-06-12" aria-current="page">'
        '<span class="weekday">Mon</span> June 12</a>',
        html,
    )
    assertInHTML('<a href="?kind=film">All days</a>', html)


def test_schedule_nothing_matching_says_so(client, programme):
    response = client.get(URL + "?kind=film&day=2023-06-14")

    assert "Nothing on the schedule matches these filters." in response.content.decode()


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("?day=abc", "day", "Not a date (use YYYY-MM-DD): every day is shown."),
        ("?day=2023-02-30", "day", "Not a date (use YYYY-MM-DD): every day is shown."),
        ("?venue=nowhere", "venue", "Unknown value: this filter is not applied."),
        ("?city=Atlantis", "city", "Unknown value: this filter is not applied."),
        ("?country=ZZ", "country", "Unknown value: this filter is not applied."),
        ("?tz=Mars/Olympus", "tz", "Unknown time zone: each venue's local time is shown."),
        ("?tz=../../etc/passwd", "tz", "Unknown time zone: each venue's local time is shown."),
        ("?film_week=nope", "film_week", "Unknown film week: the current one is shown."),
    ],
)
def test_schedule_malformed_filter_gets_a_message_and_the_rest_applies(
    client, programme, query, field, message
):
    response = client.get(URL + query + "&kind=film")

    assert response.status_code == 200
    assert response.context["filter"].form.errors == {field: [message]}
    assert titles(response) == ["Chinese film", "Russian film"]


def test_schedule_unknown_kind_gets_a_message_and_the_rest_applies(client, programme):
    response = client.get(URL + "?kind=picnic&city=Qingdao")

    assert response.context["filter"].form.errors == {
        "kind": ["Unknown value: this filter is not applied."]
    }
    assert titles(response) == ["Russian film", "Market"]


def test_schedule_malformed_filter_message_is_shown_beside_its_field(client, programme):
    html = client.get(URL + "?venue=nowhere").content.decode()

    assertInHTML(
        '<ul class="errorlist" id="id_venue_error"><li>Unknown value: this filter is not '
        "applied.</li></ul>",
        html,
    )
    assert '<details class="schedule-filters" open>' in html


@pytest.mark.parametrize(
    "query",
    [
        "?day=%00",
        "?venue=%00&city=%00&country=%00&kind=%00&tz=%00&film_week=%00",
        "?day=99999-01-01",
        "?day=0001-01-01&tz=Etc/GMT%2B12",
        "?page=0",
        "?page=-1",
        "?page=1000000000000",
        "?page=abc",
        "?venue=art-centre&venue=grand",
        "?q=" + "x" * 10_000,
        "?sort=unknown&order=%27;drop",
    ],
)
def test_schedule_hostile_query_strings_answer_200(client, programme, query):
    response = client.get(URL + query)

    assert response.status_code == 200


def test_schedule_in_chinese_answers_200(client, programme):
    response = client.get("/zh-hans/schedule/")

    assert response.status_code == 200
    assert response.context["days"][0].day == datetime.date(2023, 6, 12)


# Pages: the order and the page are worked out on plain values, only the page's rows are read


@pytest.fixture
def three_days(week, venues):
    session(week, venues["qingdao"], "Forum", shanghai(12, 9))
    screen(week, venues["art"], "Morning", shanghai(12, 10))
    screen(week, venues["art"], "Next day", shanghai(13, 10))
    screen(week, venues["grand"], "Last day", shanghai(14, 19))


def test_schedule_second_page_goes_on_in_schedule_order(client, three_days, monkeypatch):
    monkeypatch.setattr("screenings.views.SCHEDULE_PAGE", 2)

    first = client.get(URL)
    second = client.get(URL + "?page=2")

    assert (titles(first), titles(second)) == (["Forum", "Morning"], ["Next day", "Last day"])


def test_schedule_day_links_name_the_days_of_every_page(client, three_days, monkeypatch):
    monkeypatch.setattr("screenings.views.SCHEDULE_PAGE", 2)

    response = client.get(URL)

    assert response.context["week_days"] == [
        datetime.date(2023, 6, 12),
        datetime.date(2023, 6, 13),
        datetime.date(2023, 6, 14),
    ]


def test_schedule_reads_the_rows_of_its_page_only(client, three_days, monkeypatch):
    monkeypatch.setattr("screenings.views.SCHEDULE_PAGE", 2)
    loaded = []

    def note(sender, instance, **kwargs):
        loaded.append((sender.__name__, instance.pk))

    post_init.connect(note)
    try:
        response = client.get(URL + "?page=2")
    finally:
        post_init.disconnect(note)

    days = response.context["days"]
    shown = [slot.pk for day in days for block in day.venues for slot in block.slots]
    assert sorted(pk for name, pk in loaded if name == "Screening") == sorted(shown)


# Query counts


def _schedule_with(rows):
    week = make_film_week(**PUBLISHED)
    for index in range(rows):
        venue = make_venue(**PUBLISHED)
        film = make_film(**PUBLISHED)
        FilmCountry.objects.create(film=film, country=make_country(["CN", "RU", "IT"][index]))
        screening = screen(week, venue, f"Film {index}", shanghai(12 + index, 19), film=film)
        screening.guests.add(make_person(**PUBLISHED), make_person(**PUBLISHED))
        session(week, venue, f"Forum {index}", shanghai(12 + index, 10))
    return week


@pytest.mark.parametrize("rows", [1, 3])
def test_schedule_queries_same_for_1_and_3_rows(client, django_assert_num_queries, rows):
    _schedule_with(rows)

    # The page as before (10 queries) and the counts: one query for each of five filters, and
    # two capped counts of every week's screenings and sessions for the film weeks' options.
    with django_assert_num_queries(17):
        response = client.get(URL)

    assert len(titles(response)) == 2 * rows


@pytest.mark.parametrize("rows", [1, 3])
def test_schedule_queries_once_choices_are_cached(client, django_assert_num_queries, rows):
    _schedule_with(rows)
    client.get(URL)  # caches the venue and country choices

    # The default week (soonest slot to come, none here; then the latest: two queries), the
    # weeks offered, the keys of the screenings and of the sessions, then the rows of the page:
    # screenings, sessions and guests.
    with django_assert_num_queries(8):
        response = client.get(URL)

    assert len(titles(response)) == 2 * rows


@pytest.mark.parametrize("rows", [1, 3])
def test_schedule_calendar_queries_same_for_1_and_3_rows(client, django_assert_num_queries, rows):
    _schedule_with(rows)

    # The filters' queries, as for the page (5), then the screenings and the sessions, and what
    # their events name, each read once: venues and film weeks of both, guests.
    with django_assert_num_queries(12):
        response = client.get("/en/schedule/calendar.ics")

    assert response.status_code == 200
