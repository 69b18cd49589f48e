"""bench/saver.py, the visitor mix's editor: the fields a browser would send from a form, a
change form replayed through the real admin, and the counts of saves, stale pages and errors
against a live server."""

from urllib.parse import urlencode

import pytest
from django.urls import reverse

from bench.saver import Saver, form_fields, next_value, replaced
from config.management.commands.bench_mixes import film_entry, person_entry
from filmweek.models import Credit, Film, Person
from tests.factories import make_country, make_credit, make_film, make_person, make_user

PASSWORD = "saver-password-for-tests"

FORM = """
<form id="other_form"><input name="elsewhere" value="x"></form>
<form id="film_form" method="post">
  <input type="hidden" name="csrfmiddlewaretoken" value="token">
  <input type="text" name="title_en" value="Rock &amp; Roll">
  <input type="text" name="empty">
  <input type="checkbox" name="unticked">
  <input type="checkbox" name="ticked" checked>
  <input type="radio" name="precision" value="day" checked>
  <input type="radio" name="precision" value="year">
  <input type="text" name="locked" value="no" disabled>
  <input type="file" name="poster">
  <input type="submit" name="_save" value="Save">
  <select name="kind"><option value="feature">Feature</option><option value="short">Short</option>
  </select>
  <select name="languages" multiple>
    <option value="en" selected>English</option><option value="fr">French</option>
    <option value="zh" selected>Chinese</option>
  </select>
  <select name="role"><option>director</option><option selected>cast</option></select>
  <textarea name="synopsis">
First line
&lt;second&gt;</textarea>
  <input type="hidden" name="credits-TOTAL_FORMS" value="1">
</form>
"""


def test_form_fields_are_what_a_browser_sends_from_the_form():
    fields = form_fields(FORM, "film_form")

    assert fields == [
        ("csrfmiddlewaretoken", "token"),
        ("title_en", "Rock & Roll"),
        ("empty", ""),
        ("ticked", "on"),
        ("precision", "day"),
        ("kind", "feature"),
        ("languages", "en"),
        ("languages", "zh"),
        ("role", "cast"),
        ("synopsis", "First line\n<second>"),
        ("credits-TOTAL_FORMS", "1"),
    ]


def test_replaced_changes_one_field_and_refuses_a_missing_one():
    fields = [("title_en", "Old"), ("year", "2020")]

    assert replaced(fields, "title_en", "New") == [("title_en", "New"), ("year", "2020")]
    with pytest.raises(Exception, match="no field name_en"):
        replaced(fields, "name_en", "New")


@pytest.mark.parametrize(
    ("current", "following"),
    [
        ("River", "River (bench edit 1)"),
        ("River (bench edit 1)", "River (bench edit 2)"),
        ("River (bench edit 41)", "River (bench edit 42)"),
    ],
)
def test_next_value_marks_a_value_then_counts_its_saves(current, following):
    assert next_value(current) == following


def superuser():
    return make_user(username="bench-saver", is_staff=True, is_superuser=True, password=PASSWORD)


def replay_change_form(client, record):
    """Open the admin's change form of `record`, put a new English title or name in it and post
    it back as a browser would (urlencoded); returns the response and the new value."""
    model = record._meta.model_name
    change = reverse(f"admin:filmweek_{model}_change", args=[record.pk])
    fields = form_fields(client.get(change).content.decode(), f"{model}_form")
    name = "title_en" if model == "film" else "name_en"
    value = next_value(dict(fields)[name])
    body = urlencode([*replaced(fields, name, value), ("_save", "Save")])
    response = client.post(change, body, content_type="application/x-www-form-urlencoded")
    return response, value


def test_replayed_film_change_form_saves_the_new_title_and_nothing_else(db, client):
    client.force_login(superuser())
    film = make_film(title_en="Still Life", runtime_minutes=108, year=2006, status="published")
    film.film_countries.create(country=make_country("CN"), role="sole", position=1)
    make_credit(film=film, person=make_person(), role="cast", character_en="Han", order=1)

    response, value = replay_change_form(client, film)

    film.refresh_from_db()
    assert response.status_code == 302
    assert (film.title_en, film.runtime_minutes, film.year, film.version) == (value, 108, 2006, 2)
    assert (film.credits.get().character_en, film.film_countries.count()) == ("Han", 1)


def test_replayed_person_change_form_saves_the_new_name(db, client):
    client.force_login(superuser())
    person = make_person(name_en="Zhao Tao", career_start_year=1999)

    response, value = replay_change_form(client, person)

    person.refresh_from_db()
    assert response.status_code == 302
    assert (person.name_en, person.career_start_year, person.version) == (value, 1999, 2)


@pytest.fixture
def credited(transactional_db):
    """A published film and its published director, and the saver's account."""
    superuser()
    film = make_film(title_en="Platform", status="published")
    person = make_person(name_en="Jia Zhangke", status="published")
    make_credit(film=film, person=person, role="director")
    return film, person


def saver(live_server, plan):
    return Saver(int(live_server.url.rsplit(":", 1)[1]), plan, "bench-saver", PASSWORD)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("reference_rows")
def test_saver_saves_each_record_and_finds_the_change_on_the_pages_showing_it(
    credited, live_server
):
    film, person = credited
    running = saver(
        live_server, [film_entry(film.slug, film.pk), person_entry(person.slug, person.pk)]
    )

    running.save_next()
    running.save_next()

    assert (running.counts.saves, running.counts.stale, running.counts.errors) == (2, 0, 0)
    assert Film.objects.get().title_en == "Platform (bench edit 1)"
    assert Person.objects.get().name_en == "Jia Zhangke (bench edit 1)"


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("reference_rows")
def test_saver_searches_the_film_list_for_a_film_nobody_is_credited_on(credited, live_server):
    film, _ = credited
    Credit.objects.all().delete()
    entry = film_entry(film.slug, film.pk)
    running = saver(live_server, [entry])

    running.save_next()

    assert (entry["search"], running.counts.saves, running.counts.stale) == ("/en/films/", 1, 0)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("reference_rows")
def test_saver_counts_a_page_without_the_new_value_as_stale(credited, live_server):
    film, _ = credited
    entry = {**film_entry(film.slug, film.pk), "pages": ["/en/members/"]}
    running = saver(live_server, [entry])

    running.save_next()

    assert (running.counts.saves, running.counts.stale, running.counts.errors) == (1, 1, 0)
    assert running.counts.problems == ["/en/members/ did not show 'Platform (bench edit 1)'"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("reference_rows")
def test_saver_counts_a_record_it_cannot_open_as_an_error(credited, live_server):
    film, _ = credited
    entry = film_entry(film.slug, film.pk + 1000)
    running = saver(live_server, [entry])

    running.save_next()

    assert (running.counts.saves, running.counts.errors) == (0, 1)
    assert running.counts.problems == [f"{entry['change']} answered 302"]
