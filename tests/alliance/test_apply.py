"""The public membership application: the alliance's admittance criteria asked as questions,
a recommending member from a list, contact details and a logo; a honeypot and a rate limit."""

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from alliance.models import AllianceItem, ApplicationStatus, MembershipApplication
from tests.factories import (
    image_bytes,
    make_alliance,
    make_institution,
    make_membership,
    make_staff,
)

CRITERIA = [
    ("An important film festival of its country;", "所在国家重要的电影节；"),
    ("Strong curatorial and industrial resources;", "拥有较强的策展和产业资源；"),
    ("Actively organize cross-regional exchange activities;", "积极组织跨区域交流活动；"),
]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def alliance(db):
    alliance = make_alliance(
        slug="brffa", name_en="Belt and Road Film Festival Alliance", status="published"
    )
    for position, (text_en, text_zh) in enumerate(CRITERIA, start=1):
        AllianceItem.objects.create(
            alliance=alliance, kind="criterion", position=position, text_en=text_en, text_zh=text_zh
        )
    AllianceItem.objects.create(alliance=alliance, kind="scope", position=1, text_en="Scope.")
    return alliance


@pytest.fixture
def recommender(alliance):
    member = make_institution(name_en="Shanghai International Film Festival", status="published")
    make_membership(institution=member, alliance=alliance)
    return member


def application_data(**changes):
    data = {
        "alliance": "brffa",
        "criterion_1": "The main festival of Kazakhstan.",
        "criterion_2": "A film market and a programme team of twelve.",
        "criterion_3": "A Central Asian co-production forum every year.",
        "name_en": "Eurasia International Film Festival",
        "name_zh": "欧亚国际电影节",
        "kind": "festival",
        "country": "KZ",
        "city_en": "Almaty",
        "website": "https://eurasia.example.kz",
        "description_en": "Founded in 1998.",
        "contact_name": "Aigerim Sadykova",
        "contact_role": "Festival director",
        "contact_email": "director@eurasia.example.kz",
        "contact_phone": "+7 727 000 00 00",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_apply_page_asks_criteria_as_numbered_questions(client, alliance):
    response = client.get(reverse("apply"))

    form = response.context["form"]
    assert response.status_code == 200
    assert [field.label for field in form.answer_fields()] == [
        "1. An important film festival of its country",
        "2. Strong curatorial and industrial resources",
        "3. Actively organize cross-regional exchange activities",
    ]


def test_apply_page_in_chinese_asks_chinese_questions(client, alliance):
    response = client.get("/zh-hans/apply/")

    assert [field.label for field in response.context["form"].answer_fields()] == [
        "1. 所在国家重要的电影节",
        "2. 拥有较强的策展和产业资源",
        "3. 积极组织跨区域交流活动",
    ]


def test_apply_page_lists_current_published_members_to_recommend(client, alliance, recommender):
    former = make_institution(name_en="Former Member", status="published")
    make_membership(institution=former, alliance=alliance, left_on="2020-01-01")
    draft = make_institution(name_en="Draft Member")
    make_membership(institution=draft, alliance=alliance)
    make_institution(name_en="Not A Member", status="published")

    response = client.get(reverse("apply"))

    choices = response.context["form"].fields["recommended_by"].queryset
    assert list(choices) == [recommender]


def test_apply_with_several_alliances_asks_which_one(client, alliance):
    other = make_alliance(slug="other", name_en="Other Alliance", status="published")
    AllianceItem.objects.create(alliance=other, kind="criterion", text_en="Be nice.")

    choose = client.get(reverse("apply"))
    chosen = client.get(reverse("apply"), {"alliance": "other"})
    unknown = client.get(reverse("apply"), {"alliance": "x" * 5000})

    assert [a.slug for a in choose.context["alliances"]] == ["brffa", "other"]
    assert chosen.context["alliance"] == other
    assert unknown.status_code == 200
    assert "form" not in unknown.context


def test_apply_without_open_alliance_says_so(client, db):
    make_alliance(status="published")

    response = client.get(reverse("apply"))

    assert response.status_code == 200
    assert response.context["alliances"] == []


def test_apply_records_application_with_answers(client, alliance, recommender):
    response = client.post(reverse("apply"), application_data(recommended_by=recommender.pk))

    application = MembershipApplication.objects.get()
    assert response["Location"] == "/en/apply/sent/"
    assert (application.alliance, application.status, application.recommended_by) == (
        alliance,
        ApplicationStatus.PENDING,
        recommender,
    )
    assert (application.name_en, application.country.code, application.language) == (
        "Eurasia International Film Festival",
        "KZ",
        "en",
    )
    assert [(a.position, a.question_en, a.answer) for a in application.answers.all()] == [
        (1, CRITERIA[0][0], "The main festival of Kazakhstan."),
        (2, CRITERIA[1][0], "A film market and a programme team of twelve."),
        (3, CRITERIA[2][0], "A Central Asian co-production forum every year."),
    ]


def test_apply_emails_applicant_and_managers(
    client, alliance, mailoutbox, django_capture_on_commit_callbacks
):
    make_staff("change_membershipapplication", email="manager@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("apply"), application_data())

    assert sorted((m.to[0], m.subject) for m in mailoutbox) == [
        (
            "director@eurasia.example.kz",
            "We received your application to join Belt and Road Film Festival Alliance",
        ),
        ("manager@example.org", "New membership application: Eurasia International Film Festival"),
    ]


def test_apply_stores_reencoded_logo(client, alliance, media):
    logo = SimpleUploadedFile("logo.jpg", image_bytes("JPEG", size=(600, 300)))

    client.post(reverse("apply"), application_data(logo=logo))

    application = MembershipApplication.objects.get()
    assert application.logo.name.startswith("logos/")
    assert application.logo_thumbnail.name.endswith("-thumb.jpg")


def test_apply_refuses_hostile_logo_and_stores_nothing(client, alliance, media):
    svg = SimpleUploadedFile("logo.png", b'<svg onload="alert(1)"></svg>')

    response = client.post(reverse("apply"), application_data(logo=svg))

    assert response.context["form"].errors["logo"] == [
        "SVG images are not accepted. Upload a PNG, JPEG or WebP image."
    ]
    assert MembershipApplication.objects.count() == 0
    assert list(media.rglob("*")) == []


def test_apply_missing_answer_shows_message(client, alliance):
    response = client.post(reverse("apply"), application_data(criterion_2=""))

    assert response.context["form"].errors["criterion_2"] == ["This field is required."]
    assert MembershipApplication.objects.count() == 0


def test_apply_with_non_member_recommender_is_refused(client, alliance):
    stranger = make_institution(status="published")

    response = client.post(reverse("apply"), application_data(recommended_by=stranger.pk))

    assert response.context["form"].errors["recommended_by"] == [
        "Select a valid choice. That choice is not one of the available choices."
    ]


def test_apply_ignores_extra_posted_fields(client, alliance):
    existing = make_institution(status="published")
    extra = {
        "status": "approved",
        "institution": existing.pk,
        "membership": "1",
        "decided_by": "1",
        "decided_at": "2025-01-01",
        "slug": "hijacked",
        "is_staff": "on",
        "language": "xx",
        "logo_thumbnail": "../../etc/passwd",
    }

    client.post(reverse("apply"), application_data(**extra))

    application = MembershipApplication.objects.get()
    assert (application.status, application.institution, application.decided_by) == (
        ApplicationStatus.PENDING,
        None,
        None,
    )
    assert (application.language, application.logo_thumbnail.name) == ("en", "")


def test_apply_with_filled_honeypot_is_thanked_and_dropped(client, alliance, mailoutbox):
    response = client.post(
        reverse("apply"), application_data(website_address="http://spam.example")
    )

    assert response["Location"] == "/en/apply/sent/"
    assert MembershipApplication.objects.count() == 0
    assert mailoutbox == []


def test_apply_is_rate_limited_per_address(client, alliance):
    statuses = [
        client.post(reverse("apply"), application_data(name_en=f"Festival {n}")).status_code
        for n in range(11)
    ]
    other = client.post(reverse("apply"), application_data(), REMOTE_ADDR="10.1.2.3")

    assert statuses == [302] * 10 + [429]
    assert other.status_code == 302
    assert MembershipApplication.objects.count() == 11


def test_apply_without_csrf_token_is_refused(alliance):
    client = Client(enforce_csrf_checks=True)

    response = client.post(reverse("apply"), application_data())

    assert response.status_code == 403
    assert MembershipApplication.objects.count() == 0


def test_apply_sent_page_thanks(client, db):
    response = client.get(reverse("apply-sent"))

    assert response.status_code == 200
