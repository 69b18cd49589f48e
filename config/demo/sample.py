"""The sample programme of the demo: made-up venues, screenings and an activity session for the
latest film week, and placeholder posters, so that the schedule, venue pages, calendars and
posters show something after `make run`. None of it is a fact of the source texts: every row
is marked (`is_sample`, `Film.poster_is_sample`), pages say "Sample data" beside it, and
`manage.py remove_sample_data` deletes it (remove_sample_data below)."""

import datetime
import io
import textwrap
import zoneinfo

from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image, ImageDraw, ImageFont

from alliance.models import Country
from config.demo.sync import log, sync
from core.models import Status
from filmweek.models import Activity, Film, FilmWeek
from screenings.models import ActivitySession, Screening, SlotState, Venue

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
# The SCO Film and Television Week (2025, Qingdao) opened on a Friday; the sources give no
# date, so the sample week is a made-up one of that year.
FIRST_DAY = datetime.date(2025, 6, 13)
DAYS = 5
SCREENING_LENGTH = datetime.timedelta(hours=2)

VENUES = {
    "qingdao-grand-theatre": ("Qingdao Grand Theatre", "青岛大剧院", "Laoshan District", 1600),
    "oriental-movie-metropolis-cinema": (
        "Oriental Movie Metropolis Cinema",
        "东方影都影院",
        "West Coast New Area",
        420,
    ),
    "qingdao-film-museum": ("Qingdao Film Museum", "青岛电影博物馆", "Shinan District", 180),
}
# Start times of each venue's screenings on every day of the week; the film museum opens from
# the second day on, and the theatre's first evening is the opening ceremony's.
START_TIMES = {
    "qingdao-grand-theatre": ("10:00", "14:00", "19:00"),
    "oriental-movie-metropolis-cinema": ("10:30", "14:30", "19:30"),
    "qingdao-film-museum": ("13:00", "16:00"),
}
FILMS = [
    "the-red-silk",
    "wandering-earth-2",
    "pacific-rim-uprising",
    "five-hundred-miles",
    "full-river-red",
    "still-life",
    "ash-is-purest-white",
    "mountains-may-depart",
    "io-sono-li",
    "guns-and-roses",
    "a-writers-odyssey",
]
SECTIONS = [("Co-productions", "合拍片"), ("Panorama", "全景"), ("Made in Qingdao", "青岛制造")]
POSTERS = {
    "the-red-silk": (150, 30, 40),
    "wandering-earth-2": (20, 50, 110),
    "five-hundred-miles": (30, 110, 80),
}
POSTER_SIZE = (400, 600)  # 2:3


SAMPLE_FILM_WEEK = "sco-film-and-television-week-2025"  # the demo's latest, by its slug


def latest_film_week():
    return FilmWeek.objects.get(slug=SAMPLE_FILM_WEEK)


def load_sample_programme():
    """Venues, screenings, one activity session and placeholder posters for the latest film
    week, all marked as sample data. Idempotent, as the rest of the demo."""
    film_week = latest_film_week()
    venues = load_venues()
    films = {film.slug: film for film in Film.objects.filter(slug__in=FILMS)}
    slots = list(sample_slots(venues, [films[slug] for slug in FILMS if slug in films]))
    for values in slots:
        sync(Screening, {**values, "film_week": film_week, "is_sample": True})
    load_changed_screenings(film_week, venues, films)
    load_session(film_week, venues["qingdao-grand-theatre"])
    for slug, colour in POSTERS.items():
        if slug in films:
            load_poster(films[slug], colour)


def load_venues():
    china = Country.objects.get(code="CN")
    return {
        slug: sync(
            Venue,
            {"slug": slug},
            name_en=name_en,
            name_zh=name_zh,
            city_en="Qingdao",
            city_zh="青岛",
            country=china,
            address=district,
            capacity=seats,
            time_zone="Asia/Shanghai",
            is_sample=True,
            status=Status.PUBLISHED,
        )
        for slug, (name_en, name_zh, district, seats) in VENUES.items()
    }


def at(day_index, hours):
    hour, minute = map(int, hours.split(":"))
    day = FIRST_DAY + datetime.timedelta(days=day_index)
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=SHANGHAI)


def sample_slots(venues, films):
    """The lookups of the scheduled screenings: each venue's start times on each day, the films
    taken in turn."""
    turn = 0
    for day_index in range(DAYS):
        for slug, times in START_TIMES.items():
            if slug == "qingdao-film-museum" and day_index == 0:
                continue
            for hours in times:
                if slug == "qingdao-grand-theatre" and day_index == 0 and hours == "19:00":
                    continue
                start = at(day_index, hours)
                section_en, section_zh = SECTIONS[turn % len(SECTIONS)]
                yield {
                    "film": films[turn % len(films)],
                    "venue": venues[slug],
                    "starts_at": start,
                    "ends_at": start + SCREENING_LENGTH,
                    "section_en": section_en,
                    "section_zh": section_zh,
                }
                turn += 1


def load_changed_screenings(film_week, venues, films):
    """One screening moved to a later hour and one cancelled, each saved first as planned and
    then changed, as staff would: its history keeps the planned version and its calendar
    revision (SEQUENCE) goes up."""
    museum = venues["qingdao-film-museum"]
    planned = at(2, "19:00")
    moved = {"starts_at": at(2, "19:30"), "ends_at": at(2, "19:30") + SCREENING_LENGTH}
    changed_slot(
        {"film": films["the-red-silk"], "venue": museum, "starts_at": planned},
        {**moved, "state": SlotState.MOVED},
        film_week,
    )
    changed_slot(
        {"film": films["wandering-earth-2"], "venue": museum, "starts_at": at(3, "19:00")},
        {"state": SlotState.CANCELLED},
        film_week,
    )


def changed_slot(planned, change, film_week):
    common = {"film_week": film_week, "is_sample": True}
    planned = {"ends_at": planned["starts_at"] + SCREENING_LENGTH, **planned, **common}
    final = {**planned, **change}
    screening = Screening.objects.filter(**final).first()
    if screening is not None:
        log["unchanged"] += 1
        return screening
    screening = sync(Screening, planned)
    for name, value in change.items():
        setattr(screening, name, value)
    screening.full_clean()
    screening.save()
    return screening


def load_session(film_week, venue):
    """The film week's first activity (the opening ceremony of the SCO week) on the first
    evening."""
    activity = Activity.objects.filter(film_week=film_week).order_by("pk").first()
    if activity is None:
        return None
    start = at(0, "19:00")
    return sync(
        ActivitySession,
        {"activity": activity, "venue": venue, "starts_at": start, "is_sample": True},
        ends_at=start + datetime.timedelta(hours=2, minutes=30),
    )


def load_poster(film, colour):
    """A plain 2:3 poster with the film's title, stored through the upload policy (the poster
    field re-encodes it and makes its thumbnail); a film with a poster of its own keeps it."""
    if film.poster:
        log["unchanged"] += 1
        return
    film.poster.save(f"{film.slug}.png", ContentFile(poster_png(film.title_en, colour)), save=False)
    film.poster_is_sample = True
    film.full_clean()
    film.save()
    log["created"] += 1


def poster_png(title, colour):
    image = Image.new("RGB", POSTER_SIZE, colour)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=36)
    lines = textwrap.wrap(title, width=16)
    top = POSTER_SIZE[1] // 2 - 24 * len(lines)
    for number, line in enumerate(lines):
        draw.text(
            (POSTER_SIZE[0] // 2, top + 48 * number), line, fill="white", font=font, anchor="mt"
        )
    small = ImageFont.load_default(size=20)
    draw.text(
        (POSTER_SIZE[0] // 2, POSTER_SIZE[1] - 40), "SAMPLE", fill="white", font=small, anchor="mt"
    )
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def remove_sample_data():
    """Delete every sample row and the placeholder posters' files; what was removed, by kind
    (nothing the second time)."""
    removed = {
        "screenings": delete(Screening.objects.filter(is_sample=True)),
        "activity sessions": delete(ActivitySession.objects.filter(is_sample=True)),
        # A sample venue that staff have since given real slots stays.
        "venues": delete(
            Venue.objects.filter(
                is_sample=True, screenings__isnull=True, activity_sessions__isnull=True
            )
        ),
        "placeholder posters": 0,
    }
    for film in Film.objects.filter(poster_is_sample=True):
        files = [film.poster.name, film.poster_thumbnail.name]
        delete_files_after_commit(film.poster.storage, files)
        film.poster = film.poster_thumbnail = ""
        film.poster_is_sample = False
        film.full_clean()
        film.save()
        removed["placeholder posters"] += 1
    return removed


def delete_files_after_commit(storage, names):
    """Files go once the rows no longer name them: a rolled-back removal keeps both."""
    transaction.on_commit(lambda: [storage.delete(name) for name in names if name])


def delete(queryset):
    """Row by row, so that each deletion is recorded in the history as a staff's would be."""
    rows = list(queryset)
    for row in rows:
        row.delete()
    return len(rows)
