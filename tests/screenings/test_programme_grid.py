"""The programme grid of a film week in the back office: who may see it and move blocks, moves
through the services (conflicts named, stale versions refused), and its query count."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from screenings.models import Screening
from tests.factories import (
    make_activity,
    make_activity_session,
    make_film,
    make_film_week,
    make_screening,
    make_user,
    make_venue,
)

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
MOVE = "/admin/screenings/screening/grid/move/"


def grid_url(film_week):
    return f"/admin/screenings/screening/grid/{film_week.pk}/"


def at(day, hour, minute=0):
    return datetime.datetime(2023, 6, day, hour, minute, tzinfo=SHANGHAI)


def staff_with(*codenames):
    user = make_user(is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="screenings", codename__in=codenames)
    )
    return user


@pytest.fixture
def week():
    return make_film_week()


@pytest.fixture
def venue():
    return make_venue(name_en="Shanghai Film Art Centre")


@pytest.fixture
def first(week, venue):
    film = make_film(title_en="Five Hundred Miles")
    return make_screening(film=film, film_week=week, venue=venue, starts_at=at(12, 19))


@pytest.fixture
def editor(client):
    client.force_login(
        staff_with("view_screening", "change_screening", "add_screening", "view_activitysession")
    )
    return client


def move(client, screening, *, day=12, time="10:00", version=None, venue=None):
    return client.post(
        MOVE,
        {
            "kind": "screening",
            "id": screening.pk,
            "version": version or screening.version,
            "venue": (venue or screening.venue).pk,
            "starts_at": f"2023-06-{day:02d}T{time}",
        },
    )


def test_grid_shows_blocks_in_the_venues_local_hour(editor, week, first):
    session = make_activity_session(
        activity=make_activity(film_week=week, title_en="Industry forum"),
        venue=first.venue,
        starts_at=at(13, 10),
    )

    response = editor.get(grid_url(week))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Shanghai Film Art Centre" in page
    assert '"programme-grid-time">19:00</span> Five Hundred Miles' in page
    assert "120 minutes" in page
    assert "Industry forum" in page
    assert f"/admin/screenings/screening/{first.pk}/change/" in page
    assert f"/admin/screenings/activitysession/{session.pk}/change/" in page


def test_grid_empty_slot_links_to_a_prefilled_add_form(editor, week, first):
    page = editor.get(grid_url(week)).content.decode()
    add = f"/admin/screenings/screening/add/?film_week={week.pk}&amp;venue={first.venue_id}"

    assert f"{add}&amp;starts_at=2023-06-12T10%3A00" in page
    form = (
        editor.get(
            f"/admin/screenings/screening/add/?film_week={week.pk}&venue={first.venue_id}"
            "&starts_at=2023-06-12T10:00"
        )
        .context["adminform"]
        .form
    )
    assert form.initial["starts_at"] == datetime.datetime(2023, 6, 12, 10, 0)
    assert form.initial["ends_at"] == datetime.datetime(2023, 6, 12, 12, 0)


def test_grid_texts_with_markup_escaped(editor, week, venue):
    film = make_film(title_en='<script>alert("film")</script>')
    make_screening(film=film, film_week=week, venue=venue, starts_at=at(12, 19))

    page = editor.get(grid_url(week)).content.decode()

    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&quot;film&quot;)&lt;/script&gt;" in page
    assert 'aria-label="Select &lt;script&gt;' in page


def test_grid_anonymous_redirected_to_login(client, week):
    response = client.get(grid_url(week))

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_grid_staff_without_view_permission_refused(client, week):
    client.force_login(staff_with())

    assert client.get(grid_url(week)).status_code == 403


def test_grid_viewer_sees_but_may_not_move(client, week, first):
    client.force_login(staff_with("view_screening"))

    page = client.get(grid_url(week)).content.decode()
    response = move(client, first)

    assert "Five Hundred Miles" in page
    assert "draggable" not in page
    assert response.status_code == 403
    first.refresh_from_db()
    assert first.starts_at == at(12, 19)


def test_film_week_page_links_to_its_grid(editor, week):
    editor.force_login(make_user(is_staff=True, is_superuser=True))

    page = editor.get(f"/admin/filmweek/filmweek/{week.pk}/change/").content.decode()

    assert grid_url(week) in page


def test_grid_latest_redirects_to_the_newest_film_week(editor, week):
    newer = make_film_week(year=2024, starts_on=None, ends_on=None)

    response = editor.get("/admin/screenings/screening/grid/")

    assert response["Location"] == grid_url(newer)


def test_move_saves_through_the_services_with_history(editor, first):
    response = move(editor, first, day=13, time="10:30")

    assert response.status_code == 200, response.json()
    first.refresh_from_db()
    assert (first.starts_at, first.ends_at) == (at(13, 10, 30), at(13, 12, 30))
    assert response.json() == {
        "ok": True,
        "version": first.version,
        "when": first.local_times_text(),
        "time": "10:30",
    }
    assert first.history.count() == 2


def test_move_onto_another_screening_refused_naming_it(editor, week, first):
    other = make_screening(film_week=week, venue=first.venue, starts_at=at(12, 10))

    response = move(editor, other, time="20:00")

    assert response.status_code == 400
    assert "“Five Hundred Miles”, Shanghai Film Art Centre" in response.json()["error"]
    other.refresh_from_db()
    assert other.starts_at == at(12, 10)


def test_move_with_a_stale_version_refused(editor, first):
    Screening.objects.filter(pk=first.pk).update(version=first.version + 1)

    response = move(editor, first, version=first.version)

    assert response.status_code == 409
    first.refresh_from_db()
    assert first.starts_at == at(12, 19)


def test_move_outside_the_film_week_refused(editor, first):
    response = move(editor, first, day=30)

    assert response.status_code == 400
    assert "outside the dates" in response.json()["error"]


def test_move_bad_input_is_a_400_not_a_500(editor, first):
    response = editor.post(MOVE, {"kind": "film", "id": "x", "starts_at": "noon"})

    assert response.status_code == 400
    assert response.json()["ok"] is False


def test_move_get_not_allowed(editor):
    assert editor.get(MOVE).status_code == 405


@pytest.mark.parametrize("count", [1, 30])
def test_grid_query_count_same_at_1_and_30_screenings(editor, week, count):
    venues = [make_venue() for _ in range(3)]
    for n in range(count):
        make_screening(
            film_week=week, venue=venues[n % 3], starts_at=at(10 + n % 9, 9 + n // 9 * 3)
        )

    with CaptureQueriesContext(connection) as queries:
        response = editor.get(grid_url(week))

    assert response.status_code == 200
    assert len(queries) == 7


def bulk(client, week, slots, action, *, language="en", **fields):
    refs = [f"{kind}:{slot.pk}:{slot.version}" for kind, slot in slots]
    return client.post(
        f"{grid_url(week)}bulk/",
        {"slots": refs, "action": action, **fields},
        follow=True,
        HTTP_ACCEPT_LANGUAGE=language,
    )


def page_messages(response):
    return [str(message) for message in response.context["messages"]]


def test_bulk_cancel_and_sold_out(editor, week, first):
    session = make_activity_session(activity=make_activity(film_week=week), starts_at=at(13, 10))
    editor.force_login(make_user(is_staff=True, is_superuser=True))

    bulk(editor, week, [("screening", first), ("session", session)], "cancel")
    first.refresh_from_db()
    session.refresh_from_db()
    bulk(editor, week, [("screening", first)], "sold_out")

    assert session.state == "cancelled"
    first.refresh_from_db()
    assert first.state == "sold_out"
    assert first.history.count() == 3


def test_bulk_move_by_minutes_moves_neighbours_without_tripping_on_each_other(editor, week, first):
    next_one = make_screening(film_week=week, venue=first.venue, starts_at=at(12, 21))

    response = bulk(
        editor, week, [("screening", first), ("screening", next_one)], "move", minutes=60
    )

    assert page_messages(response) == ["2 items changed."]
    first.refresh_from_db()
    next_one.refresh_from_db()
    assert (first.starts_at, next_one.starts_at) == (at(12, 20), at(12, 22))


def test_bulk_move_is_all_or_nothing_and_lists_the_conflicts(editor, week, first):
    early = make_screening(film_week=week, venue=first.venue, starts_at=at(12, 10))
    later = make_screening(film_week=week, starts_at=at(12, 10))

    response = bulk(editor, week, [("screening", early), ("screening", later)], "move", minutes=540)

    shown = page_messages(response)
    assert shown[0] == "Nothing was changed. Fix these and try again:"
    assert len(shown) == 2
    assert "“Five Hundred Miles”, Shanghai Film Art Centre" in shown[1]
    later.refresh_from_db()
    assert later.starts_at == at(12, 10)


def test_bulk_duplicate_to_another_day(editor, week, first):
    response = bulk(editor, week, [("screening", first)], "duplicate", day="2023-06-14")

    assert page_messages(response) == ["1 item changed."]
    copy = Screening.objects.exclude(pk=first.pk).get()
    assert (copy.film_id, copy.venue_id, copy.starts_at) == (
        first.film_id,
        first.venue_id,
        at(14, 19),
    )


def test_bulk_stale_version_refused(editor, week, first):
    Screening.objects.filter(pk=first.pk).update(version=first.version + 1)

    response = bulk(editor, week, [("screening", first)], "cancel")

    assert "reload the grid" in page_messages(response)[1]
    first.refresh_from_db()
    assert first.state == "scheduled"


def test_bulk_move_without_minutes_refused(editor, week, first):
    response = bulk(editor, week, [("screening", first)], "move")

    assert "how many minutes" in " ".join(page_messages(response))


def test_bulk_viewer_refused(client, week, first):
    client.force_login(staff_with("view_screening"))

    response = bulk(client, week, [("screening", first)], "cancel")

    assert response.status_code == 403
    first.refresh_from_db()
    assert first.state == "scheduled"


def test_grid_in_chinese(editor, week, first):
    # Only words the compiled catalog already holds: the grid's own are compiled at merge.
    page = editor.get(grid_url(week), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()

    assert '<html lang="zh-hans"' in page
    assert "120分钟" in page


@pytest.mark.parametrize(
    "ref", ["screening:²:1", "screening:1:²", f"screening:{'9' * 5000}:1", f"session:{'9' * 20}:1"]
)
def test_bulk_malformed_or_huge_id_refused_as_unknown_item(editor, week, first, ref):
    response = editor.post(
        f"{grid_url(week)}bulk/", {"slots": [ref], "action": "cancel"}, follow=True
    )

    assert response.status_code == 200
    assert "unknown item" in " ".join(page_messages(response))


@pytest.mark.parametrize("time", ["0001-01-01T00:00", "9999-12-31T23:00", "9999-12-31T23:59"])
def test_move_to_a_year_out_of_range_is_a_400(editor, first, time):
    response = editor.post(
        MOVE,
        {"kind": "screening", "id": first.pk, "version": first.version, "starts_at": time},
    )

    assert response.status_code == 400
    assert "between the years" in response.json()["error"]
    first.refresh_from_db()
    assert first.starts_at == at(12, 19)


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_bulk_duplicate_to_a_day_out_of_range_refused(editor, week, first, day):
    response = bulk(editor, week, [("screening", first)], "duplicate", day=day)

    assert "between the years" in " ".join(page_messages(response))
    assert Screening.objects.count() == 1


def test_add_form_with_an_overflowing_start_ignores_it(editor, week, first):
    response = editor.get(
        f"/admin/screenings/screening/add/?film_week={week.pk}&starts_at=9999-12-31T23:00"
    )

    assert response.status_code == 200
    assert "starts_at" not in response.context["adminform"].form.initial


def test_grid_hides_activity_sessions_without_their_view_permission(client, week, first):
    make_activity_session(
        activity=make_activity(film_week=week, title_en="Industry forum"), starts_at=at(13, 10)
    )
    client.force_login(staff_with("view_screening"))

    page = client.get(grid_url(week)).content.decode()

    assert "Five Hundred Miles" in page
    assert "Industry forum" not in page
    assert "/admin/screenings/activitysession/" not in page


def test_bulk_refuses_slots_of_another_film_week(editor, week, first):
    other_week = make_film_week()
    session = make_activity_session(
        activity=make_activity(film_week=other_week), starts_at=at(13, 10)
    )
    editor.force_login(make_user(is_staff=True, is_superuser=True))

    response = bulk(editor, week, [("screening", first), ("session", session)], "cancel")

    assert "no longer in the programme" in " ".join(page_messages(response))
    first.refresh_from_db()
    session.refresh_from_db()
    assert (first.state, session.state) == ("scheduled", "scheduled")


def test_move_and_bulk_changes_write_admin_log_entries(editor, week, first):
    move(editor, first, time="10:30")
    first.refresh_from_db()
    bulk(editor, week, [("screening", first)], "cancel")
    first.refresh_from_db()
    bulk(editor, week, [("screening", first)], "duplicate", day="2023-06-14")

    copy = Screening.objects.exclude(pk=first.pk).get()
    entries = LogEntry.objects.order_by("pk")
    assert [(entry.object_id, entry.action_flag) for entry in entries] == [
        (str(first.pk), CHANGE),
        (str(first.pk), CHANGE),
        (str(copy.pk), ADDITION),
    ]
    assert "Starts at" in entries[0].get_change_message()
    assert "State" in entries[1].get_change_message()


def test_refused_bulk_change_writes_no_log_entry(editor, week, first):
    early = make_screening(film_week=week, venue=first.venue, starts_at=at(12, 10))

    bulk(editor, week, [("screening", early)], "move", minutes=540)

    assert not LogEntry.objects.exists()


def test_bulk_errors_name_a_session_in_the_active_language(editor, week, first):
    session = make_activity_session(
        activity=make_activity(film_week=week, title_en="Industry forum", title_zh="行业论坛"),
        venue=first.venue,
        starts_at=at(10, 0, 30),
    )
    editor.force_login(make_user(is_staff=True, is_superuser=True))

    response = bulk(editor, week, [("session", session)], "move", minutes=-60, language="zh-hans")

    shown = page_messages(response)
    assert shown[1].startswith("“行业论坛”, ")
    assert " at " not in shown[1]


def test_bulk_duplicate_keeps_the_sample_flag(editor, week, first):
    Screening.objects.filter(pk=first.pk).update(is_sample=True)
    first.refresh_from_db()

    bulk(editor, week, [("screening", first)], "duplicate", day="2023-06-14")

    assert Screening.objects.exclude(pk=first.pk).get().is_sample is True


def test_grid_title_uses_the_dated_name_in_chinese(editor, week, first):
    week.name_zh = "电影周"
    week.save()

    response = editor.get(grid_url(week), HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert "2023年电影周" in str(response.context["title"])


def test_grid_changes_by_staff_without_change_permission_refused_before_their_input(client, week):
    client.force_login(staff_with("view_screening"))

    moved = client.post(MOVE, {"kind": "garbage"})
    bulked = client.post(f"{grid_url(week)}bulk/", {"slots": ["garbage"]})

    assert (moved.status_code, bulked.status_code) == (403, 403)
