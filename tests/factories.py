"""Plain functions that save valid objects with sensible defaults.

Every keyword overrides a field; a related object is only created when it is not given, so
`make_award(person=p, film=None)` saves no film. Slugs and names come from a counter, so two
calls never collide on a unique column.
"""

import datetime
import itertools
from zoneinfo import ZoneInfo

from alliance.models import (
    Alliance,
    Country,
    FestivalEdition,
    Institution,
    InstitutionKind,
    Membership,
    Milestone,
    Source,
)
from filmweek.models import Award, Credit, Film, FilmWeek, IncentivePolicy, Person
from screenings.models import Screening, Tour, TourStop, Venue

_counter = itertools.count(1)


def _next():
    return next(_counter)


def _default(kwargs, name, make):
    """Set kwargs[name] to make() unless the caller gave a value (None included)."""
    if name not in kwargs:
        kwargs[name] = make()


def make_country(code="CN", **kw):
    kw.setdefault("continent", "AS")
    country, _created = Country.objects.get_or_create(code=code, defaults=kw)
    return country


def make_source(**kw):
    kw.setdefault("title", f"Source {_next()}")
    return Source.objects.create(**kw)


def make_institution(**kw):
    n = _next()
    kw.setdefault("slug", f"institution-{n}")
    kw.setdefault("name_en", f"Institution {n}")
    kw.setdefault("kind", InstitutionKind.FESTIVAL)
    _default(kw, "country", make_country)
    return Institution.objects.create(**kw)


def make_festival_edition(**kw):
    _default(kw, "institution", make_institution)
    kw.setdefault("number", _next())
    kw.setdefault("year", 2023)
    return FestivalEdition.objects.create(**kw)


def make_alliance(**kw):
    n = _next()
    kw.setdefault("slug", f"alliance-{n}")
    kw.setdefault("name_en", f"Alliance {n}")
    kw.setdefault("founded_on", datetime.date(2018, 6, 16))
    return Alliance.objects.create(**kw)


def make_membership(**kw):
    _default(kw, "institution", make_institution)
    _default(kw, "alliance", make_alliance)
    kw.setdefault("joined_on", kw["alliance"].founded_on)
    return Membership.objects.create(**kw)


def make_milestone(**kw):
    _default(kw, "alliance", make_alliance)
    _default(kw, "source", make_source)
    kw.setdefault("reported_on", kw["alliance"].founded_on)
    kw.setdefault("members", 31)
    kw.setdefault("countries", 29)
    return Milestone.objects.create(**kw)


def make_person(**kw):
    n = _next()
    kw.setdefault("slug", f"person-{n}")
    kw.setdefault("name_en", f"Person {n}")
    return Person.objects.create(**kw)


def make_film(**kw):
    n = _next()
    kw.setdefault("slug", f"film-{n}")
    kw.setdefault("title_original", f"Film {n}")
    kw.setdefault("year", 2020)
    return Film.objects.create(**kw)


def make_credit(**kw):
    _default(kw, "film", make_film)
    _default(kw, "person", make_person)
    kw.setdefault("role", "director")
    return Credit.objects.create(**kw)


def make_award(**kw):
    """An award won by a new film, unless a person or a film is given."""
    _default(kw, "body", lambda: make_institution(kind=InstitutionKind.AWARD_BODY))
    if "person" not in kw and "film" not in kw:
        kw["film"] = make_film()
    kw.setdefault("year", 2023)
    kw.setdefault("category_en", "Best Film")
    return Award.objects.create(**kw)


def make_film_week(**kw):
    n = _next()
    kw.setdefault("slug", f"film-week-{n}")
    kw.setdefault("name_en", f"Film Week {n}")
    _default(kw, "organiser", make_institution)
    kw.setdefault("year", 2023)
    kw.setdefault("starts_on", datetime.date(2023, 6, 10))
    kw.setdefault("ends_on", datetime.date(2023, 6, 18))
    return FilmWeek.objects.create(**kw)


def make_incentive_policy(**kw):
    n = _next()
    _default(kw, "base", lambda: make_institution(kind=InstitutionKind.PRODUCTION_BASE))
    kw.setdefault("title_en", f"Incentive {n}")
    kw.setdefault("rate_percent", 40)
    return IncentivePolicy.objects.create(**kw)


def make_venue(**kw):
    n = _next()
    kw.setdefault("slug", f"venue-{n}")
    kw.setdefault("name_en", f"Venue {n}")
    kw.setdefault("city_en", "Shanghai")
    _default(kw, "country", make_country)
    return Venue.objects.create(**kw)


def make_screening(**kw):
    """A two-hour screening, unless ends_at is given."""
    _default(kw, "film", make_film)
    _default(kw, "film_week", make_film_week)
    _default(kw, "venue", make_venue)
    kw.setdefault("starts_at", datetime.datetime(2023, 6, 12, 11, 0, tzinfo=datetime.UTC))
    kw.setdefault("ends_at", kw["starts_at"] + datetime.timedelta(hours=2))
    return Screening.objects.create(**kw)


def make_tour(**kw):
    n = _next()
    kw.setdefault("slug", f"tour-{n}")
    kw.setdefault("name_en", f"Tour {n}")
    _default(kw, "organiser", make_institution)
    return Tour.objects.create(**kw)


def make_tour_stop(**kw):
    _default(kw, "tour", make_tour)
    _default(kw, "film", make_film)
    _default(kw, "host_edition", make_festival_edition)
    kw.setdefault("starts_on", datetime.date(2023, 4, 20))
    return TourStop.objects.create(**kw)


def make_activity(**kw):
    from filmweek.models import Activity, ActivityKind

    n = _next()
    _default(kw, "film_week", make_film_week)
    kw.setdefault("kind", ActivityKind.FORUM)
    kw.setdefault("title_en", f"Activity {n}")
    return Activity.objects.create(**kw)


def make_activity_session(**kw):
    """A ninety-minute session, unless ends_at is given."""
    from screenings.models import ActivitySession

    _default(kw, "activity", make_activity)
    _default(kw, "venue", make_venue)
    kw.setdefault("starts_at", datetime.datetime(2023, 6, 12, 2, 0, tzinfo=datetime.UTC))
    kw.setdefault("ends_at", kw["starts_at"] + datetime.timedelta(minutes=90))
    return ActivitySession.objects.create(**kw)


# Member self-service -------------------------------------------------------------------------


def make_user(**kw):
    from django.contrib.auth import get_user_model

    n = _next()
    kw.setdefault("username", f"user-{n}")
    kw.setdefault("email", f"user-{n}@example.org")
    password = kw.pop("password", None)
    user = get_user_model()(**kw)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    return user


def make_representative(**kw):
    from alliance.models import Representative

    _default(kw, "user", make_user)
    _default(kw, "institution", lambda: make_institution(status="published"))
    return Representative.objects.create(**kw)


def make_staff(*codenames, **kw):
    """A staff account holding the given alliance permissions, e.g. "change_profilechange"."""
    from django.contrib.auth.models import Permission

    kw.setdefault("is_staff", True)
    user = make_user(**kw)
    permissions = Permission.objects.filter(
        content_type__app_label="alliance", codename__in=codenames
    )
    user.user_permissions.set(permissions)
    return user


def make_profile_change(**kw):
    from alliance.models import ProfileChange

    _default(kw, "institution", lambda: make_institution(status="published"))
    kw.setdefault("description_en", "A proposed description.")
    return ProfileChange.objects.create(**kw)


def make_application(**kw):
    from alliance.models import MembershipApplication

    _default(kw, "alliance", lambda: make_alliance(status="published"))
    n = _next()
    kw.setdefault("name_en", f"Applicant Festival {n}")
    kw.setdefault("kind", InstitutionKind.FESTIVAL)
    kw.setdefault("country", "KZ")
    kw.setdefault("city_en", "Almaty")
    kw.setdefault("contact_name", "Aigerim Sadykova")
    kw.setdefault("contact_email", f"applicant-{n}@example.org")
    return MembershipApplication.objects.create(**kw)


def make_invitation(**kw):
    from alliance.models import RepresentativeInvitation

    _default(kw, "institution", lambda: make_institution(status="published"))
    kw.setdefault("email", f"invited-{_next()}@example.org")
    return RepresentativeInvitation.objects.create(**kw)


def days_from_now(days, hour=19, *, zone="Asia/Shanghai"):
    """`hour` o'clock in `zone` (a tzinfo or an IANA name) on the day `days` after today
    there."""
    if isinstance(zone, str):
        zone = ZoneInfo(zone)
    day = datetime.datetime.now(zone).date() + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=zone)


def image_bytes(kind="PNG", size=(64, 48), color=(200, 30, 30), **save_options):
    """A small valid image file of `kind` (PNG, JPEG, WEBP, GIF...)."""
    import io

    from PIL import Image

    mode = "RGB" if kind in ("JPEG", "GIF") else "RGBA"
    buffer = io.BytesIO()
    Image.new(mode, size, color).save(buffer, kind, **save_options)
    return buffer.getvalue()
