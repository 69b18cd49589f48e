"""The rules of the alliance models, enforced by the database (ORM writes that skip clean())
and stated by full_clean() with a readable message."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone, translation

from alliance.models import Alliance, Country, Institution, Membership
from core.models import DatePrecision, format_partial_date
from tests.factories import (
    make_alliance,
    make_country,
    make_festival_edition,
    make_institution,
    make_membership,
    make_milestone,
)

FOUNDED = datetime.date(2018, 6, 16)
FOUNDING_RULE = "membership_joined_on_not_before_alliance_founding"
pytestmark = pytest.mark.django_db


# Unique slugs


def test_institution_slug_duplicate_refused_by_database():
    make_institution(slug="siff")

    with pytest.raises(IntegrityError, match="(?i)unique"), transaction.atomic():
        make_institution(slug="siff")

    assert Institution.objects.filter(slug="siff").count() == 1


def test_institution_slug_duplicate_refused_by_full_clean():
    make_institution(slug="siff")
    duplicate = Institution(slug="siff", name_en="Another festival", kind="festival")

    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()

    assert error.value.message_dict == {"slug": ["Institution with this Slug already exists."]}


def test_alliance_slug_duplicate_refused_by_database():
    make_alliance(slug="brffa")

    with pytest.raises(IntegrityError, match="(?i)unique"), transaction.atomic():
        make_alliance(slug="brffa")

    assert Alliance.objects.filter(slug="brffa").count() == 1


def test_alliance_slug_duplicate_refused_by_full_clean():
    make_alliance(slug="brffa")
    duplicate = Alliance(slug="brffa", name_en="Another alliance", founded_on=FOUNDED)

    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()

    assert error.value.message_dict == {"slug": ["Alliance with this Slug already exists."]}


# A membership ends after it began


def test_membership_left_on_same_day_refused_by_database():
    alliance = make_alliance()

    with (
        pytest.raises(IntegrityError, match="membership_left_after_joined"),
        transaction.atomic(),
    ):
        make_membership(alliance=alliance, joined_on=FOUNDED, left_on=FOUNDED)

    assert alliance.memberships.count() == 0


def test_membership_left_on_before_joined_refused_by_database_on_update():
    membership = make_membership(joined_on=datetime.date(2019, 1, 1))
    membership.left_on = datetime.date(2018, 12, 31)

    with (
        pytest.raises(IntegrityError, match="membership_left_after_joined"),
        transaction.atomic(),
    ):
        membership.save()

    membership.refresh_from_db()
    assert membership.left_on is None


def test_membership_left_on_same_day_refused_by_full_clean():
    membership = make_membership(joined_on=datetime.date(2019, 1, 1))
    membership.left_on = datetime.date(2019, 1, 1)

    with pytest.raises(ValidationError) as error:
        membership.full_clean()

    assert error.value.message_dict == {
        "left_on": ["A membership must end after the day it began."]
    }


def test_membership_left_on_next_day_accepted():
    membership = make_membership(joined_on=datetime.date(2019, 1, 1))
    membership.left_on = datetime.date(2019, 1, 2)

    membership.full_clean()
    membership.save()

    membership.refresh_from_db()
    assert membership.left_on == datetime.date(2019, 1, 2)


# Nobody joins an alliance before it was founded (triggers of migration alliance/0002)


def test_membership_joined_on_founding_day_accepted():
    alliance = make_alliance(founded_on=FOUNDED)
    membership = Membership(institution=make_institution(), alliance=alliance, joined_on=FOUNDED)

    membership.full_clean()
    membership.save()

    assert alliance.memberships.count() == 1


def test_membership_joined_before_founding_refused_by_database_on_insert():
    alliance = make_alliance(founded_on=FOUNDED)

    with pytest.raises(IntegrityError, match=FOUNDING_RULE), transaction.atomic():
        make_membership(alliance=alliance, joined_on=datetime.date(2018, 6, 15))

    assert alliance.memberships.count() == 0


def test_membership_joined_before_founding_refused_by_database_on_update():
    membership = make_membership(alliance=make_alliance(founded_on=FOUNDED), joined_on=FOUNDED)
    membership.joined_on = datetime.date(2018, 6, 15)

    with pytest.raises(IntegrityError, match=FOUNDING_RULE), transaction.atomic():
        membership.save()

    membership.refresh_from_db()
    assert membership.joined_on == FOUNDED


def test_membership_joined_before_founding_refused_by_database_on_queryset_update():
    membership = make_membership(alliance=make_alliance(founded_on=FOUNDED), joined_on=FOUNDED)

    with pytest.raises(IntegrityError, match=FOUNDING_RULE), transaction.atomic():
        Membership.objects.filter(pk=membership.pk).update(joined_on=datetime.date(2017, 1, 1))

    membership.refresh_from_db()
    assert membership.joined_on == FOUNDED


def test_membership_moved_to_younger_alliance_refused_by_database():
    membership = make_membership(alliance=make_alliance(founded_on=FOUNDED), joined_on=FOUNDED)
    membership.alliance = make_alliance(founded_on=datetime.date(2020, 1, 1))

    with pytest.raises(IntegrityError, match=FOUNDING_RULE), transaction.atomic():
        membership.save()

    membership.refresh_from_db()
    assert membership.alliance.founded_on == FOUNDED


def test_alliance_founded_on_moved_after_member_refused_by_database():
    alliance = make_alliance(founded_on=FOUNDED)
    make_membership(alliance=alliance, joined_on=FOUNDED)
    alliance.founded_on = datetime.date(2018, 6, 17)

    with pytest.raises(IntegrityError, match=FOUNDING_RULE), transaction.atomic():
        alliance.save()

    alliance.refresh_from_db()
    assert alliance.founded_on == FOUNDED


def test_alliance_founded_on_moved_earlier_accepted():
    alliance = make_alliance(founded_on=FOUNDED)
    make_membership(alliance=alliance, joined_on=FOUNDED)
    alliance.founded_on = datetime.date(2018, 1, 1)

    alliance.save()

    alliance.refresh_from_db()
    assert alliance.founded_on == datetime.date(2018, 1, 1)


def test_membership_joined_before_founding_refused_by_full_clean():
    alliance = make_alliance(name_en="Belt and Road Film Festival Alliance", founded_on=FOUNDED)
    membership = Membership(
        institution=make_institution(), alliance=alliance, joined_on=datetime.date(2018, 6, 15)
    )

    with pytest.raises(ValidationError) as error:
        membership.full_clean()

    assert error.value.message_dict == {
        "joined_on": [
            "Belt and Road Film Festival Alliance was founded on 2018-06-16: "
            "no one can join it before."
        ]
    }


def test_alliance_founded_on_moved_after_member_refused_by_full_clean():
    alliance = make_alliance(founded_on=FOUNDED)
    make_membership(alliance=alliance, joined_on=FOUNDED)
    alliance.founded_on = datetime.date(2018, 6, 17)

    with pytest.raises(ValidationError) as error:
        alliance.full_clean()

    assert error.value.message_dict == {
        "founded_on": ["A member joined on 2018-06-16: the alliance cannot be founded later."]
    }


def test_membership_full_clean_normalises_month_precision_to_first_day():
    membership = Membership(
        institution=make_institution(),
        alliance=make_alliance(),
        joined_on=datetime.date(2020, 4, 15),
        joined_precision=DatePrecision.MONTH,
    )

    membership.full_clean()

    assert membership.joined_on == datetime.date(2020, 4, 1)


# One open membership per institution per alliance


def test_membership_second_open_refused_by_database():
    first = make_membership()

    with pytest.raises(IntegrityError, match="(?i)unique"), transaction.atomic():
        make_membership(
            institution=first.institution,
            alliance=first.alliance,
            joined_on=datetime.date(2020, 1, 1),
        )

    assert first.alliance.memberships.count() == 1


def test_membership_second_open_refused_by_full_clean():
    first = make_membership()
    second = Membership(
        institution=first.institution, alliance=first.alliance, joined_on=datetime.date(2020, 1, 1)
    )

    with pytest.raises(ValidationError) as error:
        second.full_clean()

    assert error.value.message_dict == {
        "left_on": [
            "This institution already has an open membership of this alliance; "
            "set the day it left before adding another."
        ]
    }


def test_membership_closed_then_open_accepted():
    closed = make_membership(joined_on=FOUNDED, left_on=datetime.date(2019, 1, 1))
    reopened = Membership(
        institution=closed.institution,
        alliance=closed.alliance,
        joined_on=datetime.date(2020, 1, 1),
    )

    reopened.full_clean()
    reopened.save()

    assert closed.alliance.memberships.count() == 2


# No institution recommends itself


def test_membership_self_recommended_refused_by_database():
    institution = make_institution()

    with (
        pytest.raises(IntegrityError, match="membership_not_self_recommended"),
        transaction.atomic(),
    ):
        make_membership(institution=institution, recommended_by=institution)

    assert institution.memberships.count() == 0


def test_membership_self_recommended_refused_by_full_clean():
    membership = make_membership()
    membership.recommended_by = membership.institution

    with pytest.raises(ValidationError) as error:
        membership.full_clean()

    assert error.value.message_dict == {
        "recommended_by": ["An institution cannot recommend itself."]
    }


def test_membership_recommended_by_other_institution_accepted():
    membership = make_membership()
    membership.recommended_by = make_institution()

    membership.full_clean()
    membership.save()

    membership.refresh_from_db()
    assert membership.recommended_by_id != membership.institution_id


# Reported milestones


def test_milestone_countries_above_members_refused_by_database():
    with (
        pytest.raises(IntegrityError, match="milestone_countries_not_above_members"),
        transaction.atomic(),
    ):
        make_milestone(members=31, countries=32)


def test_milestone_countries_above_members_refused_by_full_clean():
    milestone = make_milestone(members=31, countries=29)
    milestone.countries = 32

    with pytest.raises(ValidationError) as error:
        milestone.full_clean()

    assert error.value.message_dict == {
        "countries": ["Members come from at most as many countries as there are members."]
    }


def test_milestone_countries_equal_to_members_accepted():
    milestone = make_milestone(members=5, countries=5)

    milestone.full_clean()

    assert (milestone.members, milestone.countries) == (5, 5)


# Festival editions


def test_festival_edition_number_zero_refused_by_database():
    with pytest.raises(IntegrityError, match="edition_number_positive"), transaction.atomic():
        make_festival_edition(number=0)


def test_festival_edition_number_zero_refused_by_full_clean():
    edition = make_festival_edition(number=1)
    edition.number = 0

    with pytest.raises(ValidationError) as error:
        edition.full_clean()

    assert error.value.message_dict == {"number": ["Edition numbers start at 1."]}


@pytest.mark.parametrize("year", [1700, 1879, 2101, 2500])
def test_festival_edition_year_out_of_range_refused_by_database(year):
    with pytest.raises(IntegrityError, match="edition_year_in_range"), transaction.atomic():
        make_festival_edition(year=year)


@pytest.mark.parametrize(
    ("year", "message"),
    [
        (1700, "Ensure this value is greater than or equal to 1880."),
        (2500, "Ensure this value is less than or equal to 2100."),
    ],
)
def test_festival_edition_year_out_of_range_refused_by_full_clean(year, message):
    edition = make_festival_edition(year=2023)
    edition.year = year

    with pytest.raises(ValidationError) as error:
        edition.full_clean()

    assert error.value.message_dict == {"year": [message]}


@pytest.mark.parametrize("year", [1880, 2100])
def test_festival_edition_year_at_bounds_accepted(year):
    edition = make_festival_edition(year=year)

    edition.full_clean()

    assert edition.year == year


# Publication status


@pytest.mark.parametrize("make", [make_institution, make_alliance])
def test_status_unknown_refused_by_database(make):
    with pytest.raises(IntegrityError, match="status_valid"), transaction.atomic():
        make(status="archived")


@pytest.mark.parametrize("make", [make_institution, make_alliance])
def test_status_unknown_refused_by_full_clean(make):
    record = make()
    record.status = "archived"

    with pytest.raises(ValidationError) as error:
        record.full_clean()

    assert error.value.message_dict == {"status": ["Value 'archived' is not a valid choice."]}


# Protected deletes


def test_country_used_by_institution_delete_refused():
    country = make_country("KZ")
    make_institution(country=country)

    with pytest.raises(ProtectedError), transaction.atomic():
        country.delete()

    assert Country.objects.filter(pk=country.pk).count() == 1


def test_institution_with_memberships_delete_refused():
    institution = make_institution()
    make_membership(institution=institution)

    with pytest.raises(ProtectedError), transaction.atomic():
        institution.delete()

    assert Institution.objects.filter(pk=institution.pk).count() == 1


# Member and country counts at a date


def _alliance_with_three_memberships():
    """Founding member in China (2018-06-16, open), a Russian member of April 2020 (open),
    and a Chinese member from 2019-01-01 that left on 2020-01-01."""
    alliance = make_alliance(founded_on=FOUNDED)
    china, russia = make_country("CN"), make_country("RU", continent="EU")
    make_membership(
        alliance=alliance,
        institution=make_institution(country=china),
        joined_on=FOUNDED,
        is_founding=True,
    )
    make_membership(
        alliance=alliance,
        institution=make_institution(country=russia),
        joined_on=datetime.date(2020, 4, 1),
        joined_precision=DatePrecision.MONTH,
    )
    make_membership(
        alliance=alliance,
        institution=make_institution(country=china),
        joined_on=datetime.date(2019, 1, 1),
        left_on=datetime.date(2020, 1, 1),
    )
    return alliance


@pytest.mark.parametrize(
    ("day", "members"),
    [
        (datetime.date(2018, 6, 15), 0),
        (datetime.date(2018, 6, 16), 1),
        (datetime.date(2019, 1, 1), 2),
        (datetime.date(2019, 6, 1), 2),
        (datetime.date(2020, 1, 1), 1),
        (datetime.date(2020, 3, 31), 1),
        (datetime.date(2020, 4, 1), 1),  # "April 2020" counts from 30 April
        (datetime.date(2020, 4, 30), 2),
        (datetime.date(2020, 5, 31), 2),
    ],
)
def test_membership_counted_on_counts_members(day, members):
    alliance = _alliance_with_three_memberships()

    count = alliance.memberships.counted_on(day).count()

    assert count == members


def test_membership_counted_on_today_counts_open_members():
    alliance = _alliance_with_three_memberships()

    count = Membership.objects.filter(alliance=alliance).counted_on(timezone.localdate()).count()

    assert count == 2


@pytest.mark.parametrize(
    ("day", "countries"),
    [
        (datetime.date(2018, 6, 15), 0),
        (datetime.date(2018, 6, 16), 1),
        (datetime.date(2019, 6, 1), 1),
        (datetime.date(2020, 1, 1), 1),
        (datetime.date(2020, 5, 31), 2),
    ],
)
def test_membership_counted_on_counts_distinct_countries(day, countries):
    alliance = _alliance_with_three_memberships()

    count = alliance.memberships.counted_on(day).values("institution__country").distinct().count()

    assert count == countries


def test_membership_counted_on_today_counts_distinct_countries():
    alliance = _alliance_with_three_memberships()

    count = (
        alliance.memberships.counted_on(timezone.localdate())
        .values("institution__country")
        .distinct()
        .count()
    )

    assert count == 2


# Dates known to a month or a year


def test_format_partial_date_month_precision_english():
    with translation.override("en"):
        text = format_partial_date(datetime.date(2020, 4, 1), DatePrecision.MONTH)

    assert text == "April 2020"


def test_format_partial_date_year_precision_english():
    with translation.override("en"):
        text = format_partial_date(datetime.date(2018, 1, 1), DatePrecision.YEAR)

    assert text == "2018"


def test_format_partial_date_day_precision_english():
    with translation.override("en"):
        text = format_partial_date(FOUNDED, DatePrecision.DAY)

    assert text == "June 16, 2018"


def test_format_partial_date_none_is_empty():
    text = format_partial_date(None, DatePrecision.DAY)

    assert text == ""


def test_membership_joined_display_month_precision_english():
    membership = make_membership(
        joined_on=datetime.date(2020, 4, 1), joined_precision=DatePrecision.MONTH
    )

    with translation.override("en"):
        text = membership.joined_display

    assert text == "April 2020"
