"""The back office's own pages read as Chinese in zh-hans: every role's dashboard and the
programme grid (its page, its bulk actions and the answers its script shows), with no English
left from config/templatetags/back_office.py, screenings/grid.py, screenings/admin_grid.py or
their templates, and Chinese punctuation in their headings. The records are named in Chinese,
so that any English left is the code's."""

import datetime
import json
import re
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.config.test_chinese_pages import ASCII_PUNCTUATION_BESIDE_CHINESE, visible_lines
from tests.config.test_dashboards import ROLES, member_of
from tests.factories import (
    make_activity,
    make_activity_session,
    make_alliance,
    make_application,
    make_film,
    make_film_week,
    make_institution,
    make_invitation,
    make_profile_change,
    make_screening,
    make_venue,
)

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
ENGLISH_WORD = re.compile(r"[A-Za-z]{2,}")
# Data, not the code's words: time zone names and e-mail addresses.
DATA = re.compile(r"\b[A-Z][a-z]+/[A-Za-z_]+\b|\S+@\S+")
SECTION = re.compile(r"<section class=\"module.*?</section>", re.DOTALL)
GRID_PAGE = re.compile(r"<div class=\"programme-grid-page\">.*?</table>", re.DOTALL)
HEADING = re.compile(r"<h2[^>]*>(.*?)</h2>", re.DOTALL)
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def english_left(text):
    """The lines of `text` (visible text of HTML, or plain) with an English word."""
    lines = visible_lines(text) if "<" in text else [text]
    return [line for line in lines if ENGLISH_WORD.search(DATA.sub("", line))]


def at(day, hour):
    return datetime.datetime(2023, 6, day, hour, tzinfo=SHANGHAI)


def film_named(name, **kw):
    return make_film(title_original=name, title_en=name, title_zh=name, **kw)


@pytest.fixture
def queues():
    """A record in every dashboard queue, all named in Chinese."""
    first = timezone.localdate() + datetime.timedelta(days=10)
    make_film_week(
        name_en="上合电影周",
        name_zh="上合电影周",
        year=first.year,
        starts_on=first,
        ends_on=first + datetime.timedelta(days=5),
    )
    make_application(name_en="阿拉木图电影节", alliance=make_alliance(name_en="一带一路电影节联盟"))
    institution = make_institution(name_en="青岛电影学院", name_zh="青岛电影学院")
    make_profile_change(institution=institution)
    make_invitation(institution=institution, email="representative@example.org")


@pytest.fixture
def week():
    """A film week of two days with two screenings and an activity session at one venue."""
    week = make_film_week(
        name_zh="上合电影周",
        starts_on=datetime.date(2023, 6, 12),
        ends_on=datetime.date(2023, 6, 13),
    )
    venue = make_venue(name_en="上海影城", name_zh="上海影城", city_zh="上海")
    for name, hour in (("红高粱", 14), ("五百英里", 19)):
        make_screening(film=film_named(name), film_week=week, venue=venue, starts_at=at(12, hour))
    make_activity_session(
        activity=make_activity(film_week=week, title_zh="合拍论坛"),
        venue=venue,
        starts_at=at(13, 10),
    )
    return week


@pytest.fixture
def editor(client):
    client.force_login(member_of("Editors"))
    return client


@pytest.mark.parametrize("role", ROLES)
def test_dashboard_in_chinese_has_no_english_left(client, queues, role):
    user = member_of(role)
    draft = film_named("红高粱")
    draft._history_user = user
    draft.save()
    client.force_login(user)

    html = client.get(reverse("admin:index"), **ZH).content.decode()

    sections = SECTION.findall(html)
    headings = [" ".join(visible_lines(h)) for s in sections for h in HEADING.findall(s)]
    assert sections
    assert [line for s in sections for line in english_left(s)] == []
    assert [h for h in headings if ASCII_PUNCTUATION_BESIDE_CHINESE.search(h)] == []


def test_grid_in_chinese_has_no_english_left(editor, week):
    html = editor.get(f"/admin/screenings/screening/grid/{week.pk}/", **ZH).content.decode()

    page = GRID_PAGE.search(html).group()
    text = visible_lines(page)
    assert english_left(page) == []
    assert "2023年6月12日 星期一" in text
    assert "6月13日 10:00" in text
    assert [line for line in text if "。 " in line] == []


def test_grid_move_answers_in_chinese(editor, week):
    screenings = list(week.screenings.order_by("starts_at"))
    answers = []
    for screening, hour in ((screenings[0], 20), (screenings[0], 15)):
        response = editor.post(
            "/admin/screenings/screening/grid/move/",
            {
                "kind": "screening",
                "id": screening.pk,
                "version": screening.version,
                "venue": screening.venue_id,
                "starts_at": f"2023-06-12T{hour}:00",
            },
            **ZH,
        )
        answers.append(json.loads(response.content))
    refused, moved = answers

    assert refused["ok"] is False and "五百英里" in refused["error"]
    assert english_left(refused["error"]) == []
    assert moved["ok"] is True and english_left(moved["when"]) == []


def test_grid_bulk_messages_in_chinese(editor, week):
    slots = [f"screening:{s.pk}:{s.version}" for s in week.screenings.all()]
    url = f"/admin/screenings/screening/grid/{week.pk}/bulk/"

    done = editor.post(url, {"slots": slots, "action": "cancel"}, follow=True, **ZH)
    refused = editor.post(url, {"slots": slots, "action": "move"}, follow=True, **ZH)

    messages = [str(m) for r in (done, refused) for m in r.context["messages"]]
    assert len(messages) >= 3
    assert [m for m in messages if english_left(m)] == []
