"""Smoke tests of the staff back office: every registered model's pages open, and search,
actions and changelists behave for the records staff handle most."""

import datetime

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from alliance.models import Alliance, Country, FestivalEdition, Institution, InstitutionKind
from core.models import Status
from filmweek.models import Activity, Credit, Film, FilmCountry, FilmWeek, Person
from screenings.models import Tour, TourStop

REGISTERED = sorted(admin.site._registry, key=lambda model: model._meta.label)
REGISTERED_IDS = [model._meta.label for model in REGISTERED]


def admin_url(model, page, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{page}", args=args)


def make_institution(name="Shanghai International Film Festival", **kw):
    kw.setdefault("kind", InstitutionKind.FESTIVAL)
    kw.setdefault("country", Country.objects.get(code="CN"))
    institution, _created = Institution.objects.get_or_create(
        slug=name.lower().replace(" ", "-"), defaults={"name_en": name, **kw}
    )
    return institution


def make_film(title="Mountains May Depart", **kw):
    return Film.objects.create(
        slug=title.lower().replace(" ", "-"), title_original=title, title_en=title, **kw
    )


def make_film_week():
    return FilmWeek.objects.create(
        slug="belt-and-road-film-week-2023",
        name_en="Belt and Road Film Week",
        name_zh="一带一路电影周",
        organiser=make_institution(),
        year=2023,
    )


def make_tour_stop(tour, film):
    edition, _created = FestivalEdition.objects.get_or_create(
        institution=make_institution("Moscow International Film Festival"),
        number=45,
        defaults={"year": 2023},
    )
    return TourStop.objects.create(
        tour=tour, film=film, host_edition=edition, starts_on=datetime.date(2023, 4, 20)
    )


@pytest.mark.django_db
@pytest.mark.parametrize("model", REGISTERED, ids=REGISTERED_IDS)
def test_changelist_of_registered_model_returns_200(admin_client, model):
    url = admin_url(model, "changelist")

    response = admin_client.get(url)

    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("model", REGISTERED, ids=REGISTERED_IDS)
def test_add_page_of_registered_model_answers_as_its_admin_allows(admin_client, rf, model):
    """200 where the admin lets a superuser add; 403 for records that are only made elsewhere
    (applications and profile changes come from the public forms, axes logs from sign-ins)."""
    request = rf.get("/")
    request.user = _superuser()
    may_add = admin.site._registry[model].has_add_permission(request)

    response = admin_client.get(admin_url(model, "add"))

    assert response.status_code == (200 if may_add else 403)


def _superuser():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(is_superuser=True)


@pytest.mark.django_db
def test_person_changelist_search_in_chinese_finds_person(admin_client):
    Person.objects.create(slug="zhao-tao", name_en="Zhao Tao", name_zh="赵涛")
    Person.objects.create(slug="jia-zhangke", name_en="Jia Zhangke", name_zh="贾樟柯")

    response = admin_client.get(admin_url(Person, "changelist"), {"q": "赵涛"})

    assert response.status_code == 200
    assert [person.name_en for person in response.context["cl"].result_list] == ["Zhao Tao"]


@pytest.mark.django_db
def test_film_changelist_search_in_chinese_finds_film(admin_client):
    make_film("Mountains May Depart", title_zh="山河故人")
    make_film("Five Hundred Miles", title_zh="五百英里")

    response = admin_client.get(admin_url(Film, "changelist"), {"q": "山河故人"})

    assert response.status_code == 200
    assert [film.title_en for film in response.context["cl"].result_list] == [
        "Mountains May Depart"
    ]


@pytest.mark.django_db
def test_film_changelist_search_for_a_name_in_no_title_returns_200(admin_client):
    make_film("Mountains May Depart", title_zh="山河故人")

    response = admin_client.get(admin_url(Film, "changelist"), {"q": "赵涛"})

    assert response.status_code == 200
    assert response.context["cl"].result_count == 0


@pytest.mark.django_db
def test_country_search_by_chinese_name_finds_country(admin_client):
    url = admin_url(Country, "changelist")

    response = admin_client.get(url, {"q": "哈萨克斯坦"})

    assert [country.code.code for country in response.context["cl"].result_list] == ["KZ"]


@pytest.mark.django_db
def test_country_autocomplete_by_english_name_finds_country(admin_client):
    url = reverse("admin:autocomplete")
    params = {"app_label": "alliance", "model_name": "institution", "field_name": "country"}

    response = admin_client.get(url, {**params, "term": "Kazakh"})

    assert [result["id"] for result in response.json()["results"]] == [
        str(Country.objects.get(code="KZ").pk)
    ]


@pytest.mark.django_db
def test_publish_action_publishes_selected_drafts(admin_client):
    chosen = make_film("Mountains May Depart")
    make_film("Five Hundred Miles")

    response = admin_client.post(
        admin_url(Film, "changelist"),
        {"action": "publish_selected", "_selected_action": [chosen.pk]},
        follow=True,
    )

    assert dict(Film.objects.values_list("title_en", "status")) == {
        "Mountains May Depart": Status.PUBLISHED,
        "Five Hundred Miles": Status.DRAFT,
    }
    assert [str(message) for message in response.context["messages"]] == ["Published 1 film."]


@pytest.mark.django_db
def test_unpublish_action_makes_selected_drafts_again(admin_client):
    film = make_film("Mountains May Depart", status=Status.PUBLISHED)

    admin_client.post(
        admin_url(Film, "changelist"),
        {"action": "unpublish_selected", "_selected_action": [film.pk]},
    )

    film.refresh_from_db()
    assert film.status == Status.DRAFT


@pytest.mark.django_db
def test_publish_action_on_annotated_changelist_publishes(admin_client):
    alliance = Alliance.objects.create(
        slug="brffa", name_en="Belt and Road Film Festival Alliance", founded_on="2018-06-16"
    )

    admin_client.post(
        admin_url(Alliance, "changelist"),
        {"action": "publish_selected", "_selected_action": [alliance.pk]},
    )

    alliance.refresh_from_db()
    assert alliance.status == Status.PUBLISHED


def _changelist_queries(client, model):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(admin_url(model, "changelist"))
    assert response.status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_film_changelist_queries_do_not_grow_with_rows(admin_client):
    china, kazakhstan = Country.objects.get(code="CN"), Country.objects.get(code="KZ")
    first = make_film("Film 1")
    FilmCountry.objects.create(film=first, country=china)
    one_row = _changelist_queries(admin_client, Film)
    for number in (2, 3):
        film = make_film(f"Film {number}")
        FilmCountry.objects.create(film=film, country=china)
        FilmCountry.objects.create(film=film, country=kazakhstan, position=2)

    three_rows = _changelist_queries(admin_client, Film)

    assert three_rows == one_row


@pytest.mark.django_db
def test_tour_stop_changelist_queries_do_not_grow_with_rows(admin_client):
    tour = Tour.objects.create(
        slug="belt-and-road-film-tour",
        name_en="Belt and Road Film Tour",
        organiser=make_institution(),
    )
    make_tour_stop(tour, make_film("Film 1"))
    one_row = _changelist_queries(admin_client, TourStop)
    for number in (2, 3):
        make_tour_stop(tour, make_film(f"Film {number}"))

    three_rows = _changelist_queries(admin_client, TourStop)

    assert three_rows == one_row


def _film_with_credit():
    film = make_film()
    Credit.objects.create(
        film=film,
        person=Person.objects.create(slug="zhao-tao", name_en="Zhao Tao"),
        role="cast",
        character_en="Tao",
    )
    FilmCountry.objects.create(film=film, country=Country.objects.get(code="CN"))
    return film


def _film_week_with_activity():
    week = make_film_week()
    Activity.objects.create(film_week=week, kind="forum", title_en="Forum")
    return week


def _tour_with_stop():
    tour = Tour.objects.create(
        slug="tour", name_en="Belt and Road Film Tour", organiser=make_institution()
    )
    make_tour_stop(tour, make_film("Five Hundred Miles"))
    return tour


def _alliance():
    return Alliance.objects.create(
        slug="brffa", name_en="Belt and Road Film Festival Alliance", founded_on="2018-06-16"
    )


def _production_base():
    return make_institution(
        "Qingdao Oriental Film Metropolis", kind=InstitutionKind.PRODUCTION_BASE
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "make",
    [_film_with_credit, _film_week_with_activity, _tour_with_stop, _alliance, _production_base],
)
def test_change_page_with_inlines_returns_200(admin_client, make):
    obj = make()

    response = admin_client.get(admin_url(type(obj), "change", obj.pk))

    assert response.status_code == 200


def _inline_names(response):
    return [type(inline.opts).__name__ for inline in response.context["inline_admin_formsets"]]


@pytest.mark.django_db
def test_institution_change_page_of_production_base_shows_incentive_policies(admin_client):
    base = _production_base()

    response = admin_client.get(admin_url(Institution, "change", base.pk))

    assert _inline_names(response) == [
        "MembershipInline",
        "FestivalEditionInline",
        "IncentivePolicyInline",
        "FilmMadeAtBaseInline",
    ]


@pytest.mark.django_db
def test_institution_change_page_of_festival_hides_incentive_policies(admin_client):
    festival = make_institution()

    response = admin_client.get(admin_url(Institution, "change", festival.pk))

    assert _inline_names(response) == ["MembershipInline", "FestivalEditionInline"]


def _management_form(prefix, total=0, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


@pytest.mark.django_db
def test_institution_change_with_membership_inline_saves_membership(admin_client):
    festival = make_institution()
    alliance = _alliance()
    data = {
        "name_en": festival.name_en,
        "name_zh": "上海国际电影节",
        "short_name": "SIFF",
        "slug": festival.slug,
        "kind": festival.kind,
        "status": Status.PUBLISHED,
        "country": festival.country_id,
        **_management_form("memberships", total=1),
        "memberships-0-alliance": alliance.pk,
        "memberships-0-joined_on": "2018-06-16",
        "memberships-0-joined_precision": "day",
        "memberships-0-is_founding": "on",
        **_management_form("editions"),
        "expected_version": festival.version,
    }

    response = admin_client.post(admin_url(Institution, "change", festival.pk), data)

    assert response.status_code == 302
    assert list(festival.memberships.values_list("alliance__slug", "is_founding")) == [
        ("brffa", True)
    ]


def test_admin_person_search_by_pinyin_finds_chinese_name(admin_client):
    from tests.factories import make_person

    make_person(name_en="Lei Jiayin", name_zh="雷佳音")
    make_person(name_en="Zhao Tao", name_zh="赵涛")

    response = admin_client.get("/admin/filmweek/person/", {"q": "leijiayin"})

    assert [p.name_en for p in response.context["cl"].result_list] == ["Lei Jiayin"]


# Changelists at scale: the same literal number of queries with one row and with three ------


def _film_with_countries(number):
    film = make_film(f"Film {number}")
    FilmCountry.objects.create(film=film, country=Country.objects.get(code="CN"))
    FilmCountry.objects.create(film=film, country=Country.objects.get(code="KZ"), position=2)
    return film


def _screening(number):
    from tests.factories import make_screening

    start = datetime.datetime(2023, 6, 12, number, 0, tzinfo=datetime.UTC)
    return make_screening(starts_at=start)


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 3])
def test_film_changelist_makes_seven_queries(admin_client, django_assert_num_queries, rows):
    for number in range(rows):
        _film_with_countries(number)

    # session, user, estimate, count, films, their countries, the year filter
    with django_assert_num_queries(7):
        response = admin_client.get(admin_url(Film, "changelist"))

    assert response.context["cl"].result_count == rows


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 3])
def test_screening_changelist_makes_nine_queries(admin_client, django_assert_num_queries, rows):
    from screenings.models import Screening

    for number in range(rows):
        _screening(number)

    # session, user, the film week and venue filters, estimate, count, screenings (with film,
    # venue and film week), and the date hierarchy's range and days
    with django_assert_num_queries(9):
        response = admin_client.get(admin_url(Screening, "changelist"))

    assert response.context["cl"].result_count == rows


@pytest.mark.django_db
def test_huge_table_changelist_shows_the_estimate_without_counting(admin_client, monkeypatch):
    from screenings.models import Screening

    _screening(1)
    monkeypatch.setattr("core.admin.catalog.estimated_rows", lambda model, using: 1_000_000)

    with CaptureQueriesContext(connection) as queries:
        response = admin_client.get(admin_url(Screening, "changelist"))

    assert response.context["cl"].result_count == 1_000_000
    assert [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"]] == []


@pytest.mark.django_db
def test_filtered_changelist_of_a_huge_table_counts_its_rows(admin_client, monkeypatch):
    from screenings.models import Screening

    _screening(1)
    monkeypatch.setattr("core.admin.catalog.estimated_rows", lambda model, using: 1_000_000)

    response = admin_client.get(admin_url(Screening, "changelist"), {"state__exact": "scheduled"})

    assert response.context["cl"].result_count == 1


@pytest.mark.django_db
def test_film_changelist_shows_poster_thumbnails(admin_client):
    make_film("With Poster", poster="posters/with-poster.jpg")
    make_film("Without Poster")

    response = admin_client.get(admin_url(Film, "changelist"))

    html = response.content.decode()
    assert html.count('<img src="/media/posters/with-poster.jpg"') == 1
    assert response.context["cl"].list_display[1:3] == ["poster_preview", "title_original"]


@pytest.mark.django_db
def test_film_changelist_offers_publish_unpublish_and_export_actions(admin_client):
    response = admin_client.get(admin_url(Film, "changelist"))

    actions = [name for name, _label in response.context["action_form"].fields["action"].choices]
    assert actions == [
        "",
        "delete_selected",
        "publish_selected",
        "unpublish_selected",
        "export_admin_action",
    ]


@pytest.mark.django_db
def test_publish_action_is_recorded_in_history_and_the_admin_log(admin_client):
    from django.contrib.admin.models import LogEntry

    film = make_film("Mountains May Depart")

    admin_client.post(
        admin_url(Film, "changelist"),
        {"action": "publish_selected", "_selected_action": [film.pk]},
    )

    latest = film.history.latest()
    assert (latest.status, latest.history_user.username, latest.version) == (
        Status.PUBLISHED,
        "admin",
        2,
    )
    assert LogEntry.objects.get().get_change_message() == "Changed Status."


# Admin home --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_admin_home_counts_records_and_drafts(admin_client):
    make_film("Published", status=Status.PUBLISHED)
    make_film("Draft 1")
    make_film("Draft 2")

    response = admin_client.get(reverse("admin:index"))

    counts = {
        str(row.name): (row.total, row.drafts) for row in response.context["dashboard"]["counts"]
    }
    assert counts["films"] == (3, 2)
    assert counts["memberships"] == (0, None)


@pytest.mark.django_db
def test_admin_home_lists_waiting_applications_and_profile_changes(admin_client):
    from tests.factories import make_application, make_profile_change

    application = make_application(name_en="Almaty Film Festival")
    make_profile_change()

    response = admin_client.get(reverse("admin:index"))

    waiting = {
        str(group.name): (group.total, [str(record) for record, _url in group.latest])
        for group in response.context["dashboard"]["waiting"]
    }
    assert waiting["membership applications"] == (1, [str(application)])
    assert waiting["profile changes"][0] == 1


@pytest.mark.django_db
def test_admin_home_shows_the_latest_changes_of_everyone(admin_client):
    from django.contrib.admin.models import ADDITION, LogEntry
    from django.contrib.contenttypes.models import ContentType

    from tests.factories import make_user

    film = make_film("Mountains May Depart")
    LogEntry.objects.log_actions(
        make_user(username="colleague").pk, [film], ADDITION, single_object=True
    )

    response = admin_client.get(reverse("admin:index"))

    latest = response.context["dashboard"]["latest"]
    assert [(entry.object_repr, entry.user.username) for entry in latest] == [
        ("Mountains May Depart", "colleague")
    ]
    assert latest[0].content_type == ContentType.objects.get_for_model(Film)


@pytest.mark.django_db
def test_admin_home_of_an_editor_leaves_out_membership_records(client):
    from django.contrib.auth.models import Group

    from tests.factories import make_application, make_user

    make_application()
    editor = make_user(is_staff=True)
    editor.groups.set([Group.objects.get(name="Editors")])
    client.force_login(editor)

    response = client.get(reverse("admin:index"))

    dashboard = response.context["dashboard"]
    assert [str(row.name) for row in dashboard["counts"]] == [
        "films",
        "people",
        "film weeks",
        "screenings",
        "venues",
        "tours",
        "institutions",
        "alliances",
    ]
    assert dashboard["waiting"] == []


def test_admin_home_in_chinese_is_translated(admin_client, db):
    response = admin_client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert "站点管理" in response.content.decode()
