"""Writes the synthetic catalog in batches: every row is built from one random.Random(seed),
in a fixed order, so a seed always gives the same records.

Synthetic rows are marked by slugs starting with "syn-<seed>-" (and their child rows by their
parents), plus a Source "Synthetic data (generate_catalog, seed S)". bulk_create skips save():
search_text and search_grams are filled here with the models' own formula, `version` keeps its
default 1, and no simple-history rows are written (a generated record has no edits to show).
"""

import datetime
import functools
import itertools
import math
import random
import zoneinfo
from dataclasses import dataclass

from alliance.continents import add_missing_countries
from alliance.models import Alliance, Country, Institution, Membership, Source
from config.generator import names
from config.generator.places import (
    CITIES,
    CITIES_BY_COUNTRY,
    DESCRIPTORS,
    INSTITUTION_KINDS,
    country_weight,
)
from core.models import DatePrecision, Status, normalise_partial_date
from core.search.text import build_search_grams, build_search_text
from filmweek.models import Credit, Film, FilmCountry, FilmWeek, Person, Selection
from screenings.models import Screening, Venue

BATCH_SIZE = 5000
PREFIX = "syn-"
SOURCE_PREFIX = "Synthetic data (generate_catalog"
SCREENINGS_PER_WEEK = 300
SCREENINGS_PER_VENUE_WEEK = 25  # a venue fits at least 4 a day, 28 a week: room to spare
WEEK_DAYS = 7
FIRST_START = datetime.time(10, 0)
LAST_START = datetime.time(22, 30)
FILM_KINDS = (["feature"] * 6) + ["documentary", "documentary", "animation", "short"]


class AlreadyGenerated(Exception):
    pass


@dataclass(frozen=True)
class Sizes:
    films: int
    people: int
    institutions: int
    screenings: int


def source_title(seed):
    return f"{SOURCE_PREFIX}, seed {seed})"


@functools.lru_cache(maxsize=65536)
def cached_search_columns(*texts):
    """{"search_text": ..., "search_grams": ...} of a record with these names, as its save()
    fills them. Names and titles repeat a lot; pypinyin is the slow part of a row."""
    text = build_search_text(*texts)
    return {"search_text": text, "search_grams": build_search_grams(text)}


class Progress:
    def __init__(self, stdout):
        self.stdout = stdout
        self.rows = 0

    def wrote(self, model, count, done=None, total=None):
        self.rows += count
        if done is not None:
            self.stdout.write(f"{model.__name__}: {done}/{total} (rows written: {self.rows})")


def bulk(model, rows, progress):
    created = model.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    progress.wrote(model, len(rows))
    return created


def chunks(count):
    for start in range(0, count, BATCH_SIZE):
        yield range(start, min(count, start + BATCH_SIZE))


class Generator:
    def __init__(self, seed, sizes, stdout):
        if sizes.institutions < 1 or sizes.people < 1 or sizes.films < 1:
            raise ValueError("At least one film, one person and one institution are needed.")
        self.seed = seed
        self.sizes = sizes
        self.rng = random.Random(seed)
        self.progress = Progress(stdout)
        self.slug = f"{PREFIX}{seed}-"
        self.base_year = 2014 + seed % 5
        if not Country.objects.exists():
            add_missing_countries(Country)
        self.countries = list(
            Country.objects.order_by("code").values_list("id", "code", "continent")
        )
        self.country_ids = {code: pk for pk, code, _ in self.countries}
        self.cum_weights = list(
            itertools.accumulate(country_weight(code, cont) for _, code, cont in self.countries)
        )

    def pick_country(self):
        return self.rng.choices(self.countries, cum_weights=self.cum_weights)[0]

    def run(self):
        if Source.objects.filter(title=source_title(self.seed)).exists():
            raise AlreadyGenerated(self.seed)
        Source.objects.create(title=source_title(self.seed), publisher="generate_catalog")
        self.progress.wrote(Source, 1)
        institution_ids = self.write_institutions()
        self.write_alliance(institution_ids)
        person_ids = self.write_people()
        self.write_films(person_ids)
        self.write_schedule(institution_ids[0])
        return self.progress.rows

    def write_institutions(self):
        kinds = list(INSTITUTION_KINDS)
        kind_weights = [INSTITUTION_KINDS[kind][0] for kind in kinds]
        ids = []
        for part in chunks(self.sizes.institutions):
            rows = []
            for index in part:
                _, code, _ = self.pick_country() if index else (None, "CN", None)
                kind = self.rng.choices(kinds, kind_weights)[0] if index else "festival"
                city = self.rng.choice(CITIES_BY_COUNTRY.get(code, [None]))
                rows.append(self.institution(index, code, kind, city))
            ids += [row.pk for row in bulk(Institution, rows, self.progress)]
            self.progress.wrote(Institution, 0, part.stop, self.sizes.institutions)
        return ids

    def institution(self, index, code, kind, city):
        _, kind_en, kind_zh = INSTITUTION_KINDS[kind]
        descriptor_en, descriptor_zh = self.rng.choice(DESCRIPTORS)
        _, city_en, city_zh, _ = city or ("", "", "", "")
        place = city_en or Country(code=code).code.name
        name_en = f"{place} {descriptor_en} {kind_en}"
        name_zh = f"{city_zh}{descriptor_zh}{kind_zh}" if city_zh else ""
        return Institution(
            slug=f"{self.slug}institution-{index:07d}",
            name_en=name_en,
            name_zh=name_zh,
            kind=kind,
            country_id=self.country_ids[code],
            city_en=city_en,
            city_zh=city_zh,
            status=Status.PUBLISHED,
            **cached_search_columns(name_en, name_zh, "", city_en, city_zh),
        )

    def write_alliance(self, institution_ids):
        founded = datetime.date(self.base_year, 6, 16)
        alliance = Alliance.objects.create(
            slug=f"{self.slug}alliance",
            name_en=f"Synthetic Film Alliance {self.seed}",
            name_zh=f"合成电影联盟{self.seed}",
            founded_on=founded,
            initiator_id=institution_ids[0],
            status=Status.PUBLISHED,
        )
        self.progress.wrote(Alliance, 1)
        rows = []
        for institution_id in institution_ids:
            if self.rng.random() < 0.3:
                continue
            rows.append(self.membership(alliance, founded, institution_id))
            if len(rows) == BATCH_SIZE:
                bulk(Membership, rows, self.progress)
                rows = []
        bulk(Membership, rows, self.progress)

    def membership(self, alliance, founded, institution_id):
        if self.rng.random() < 0.2:
            joined, precision, founding = founded, DatePrecision.DAY, True
        else:
            joined = founded + datetime.timedelta(days=self.rng.randint(200, 3650))
            precision = self.rng.choices(list(DatePrecision), [6, 3, 1])[0]
            joined, founding = normalise_partial_date(joined, precision), False
        left = None
        if not founding and self.rng.random() < 0.1:
            left = joined + datetime.timedelta(days=self.rng.randint(365, 2000))
        return Membership(
            institution_id=institution_id,
            alliance=alliance,
            joined_on=joined,
            joined_precision=precision,
            left_on=left,
            is_founding=founding,
        )

    def write_people(self):
        ids = []
        for part in chunks(self.sizes.people):
            rows = []
            for index in part:
                _, code, continent = self.pick_country()
                name_en, name_zh = names.person_name(self.rng, code, continent)
                rows.append(
                    Person(
                        slug=f"{self.slug}person-{index:07d}",
                        name_en=name_en,
                        name_zh=name_zh,
                        country_id=self.country_ids[code],
                        career_start_year=self.rng.randint(1960, 2020),
                        status=Status.PUBLISHED,
                        **cached_search_columns(name_en, name_zh, ""),
                    )
                )
            ids += [row.pk for row in bulk(Person, rows, self.progress)]
            self.progress.wrote(Person, 0, part.stop, self.sizes.people)
        return ids

    def write_films(self, person_ids):
        for part in chunks(self.sizes.films):
            films, countries_of = [], []
            for index in part:
                codes = self.production_countries()
                films.append(self.film(index, codes[0]))
                countries_of.append(codes)
            films = bulk(Film, films, self.progress)
            bulk(FilmCountry, list(self.film_countries(films, countries_of)), self.progress)
            bulk(Credit, list(self.credits(films, person_ids)), self.progress)
            self.progress.wrote(Film, 0, part.stop, self.sizes.films)

    def production_countries(self):
        """One country, or two or three for a co-production (one film in five)."""
        count = self.rng.choice((2, 2, 3)) if self.rng.random() < 0.2 else 1
        codes = []
        while len(codes) < count:
            code = self.pick_country()[1]
            if code not in codes:
                codes.append(code)
        return codes

    def film(self, index, country):
        title_zh, title_en = names.film_title(self.rng)
        original = title_zh if country == "CN" else title_en
        kind = self.rng.choice(FILM_KINDS)
        runtime = self.rng.randint(12, 40) if kind == "short" else self.rng.randint(80, 150)
        return Film(
            slug=f"{self.slug}film-{index:07d}",
            title_original=original,
            title_en=title_en,
            title_zh=title_zh,
            year=self.rng.randint(1990, self.base_year + 10),
            kind=kind,
            runtime_minutes=runtime,
            status=Status.PUBLISHED,
            **cached_search_columns(original, title_en, title_zh),
        )

    def film_countries(self, films, countries_of):
        for film, codes in zip(films, countries_of, strict=True):
            roles = ["sole"] if len(codes) == 1 else ["majority"] + ["minority"] * (len(codes) - 1)
            for position, (code, role) in enumerate(zip(codes, roles, strict=True), start=1):
                yield FilmCountry(
                    film_id=film.pk, country_id=self.country_ids[code], role=role, position=position
                )

    def credits(self, films, person_ids):
        """A director and two to four cast members with their characters, all different
        people."""
        for film in films:
            crew = self.rng.sample(person_ids, min(len(person_ids), self.rng.randint(3, 5)))
            yield Credit(film_id=film.pk, person_id=crew[0], role="director")
            for order, person_id in enumerate(crew[1:], start=1):
                zh = names.chinese_person_name(self.rng)
                yield Credit(
                    film_id=film.pk,
                    person_id=person_id,
                    role="cast",
                    character_en=names.pinyin_name(zh),
                    character_zh=zh,
                    order=order,
                )

    def write_schedule(self, organiser_id):
        """Film weeks of a week each, one city after the other, a month apart in a city; each
        venue's screenings follow one another, so none overlap."""
        total = self.sizes.screenings
        if total < 1:
            return
        weeks = math.ceil(total / SCREENINGS_PER_WEEK)
        per_week = math.ceil(total / weeks)
        venues_per_city = math.ceil(per_week / SCREENINGS_PER_VENUE_WEEK)
        venues = self.write_venues(min(weeks, len(CITIES)), venues_per_city)
        films = list(
            Film.objects.filter(slug__startswith=self.slug)
            .order_by("slug")
            .values_list("id", "runtime_minutes")
        )
        written, pending = 0, []
        for number in range(weeks):
            city_index = number % len(CITIES)
            week = self.film_week(organiser_id, number, CITIES[city_index])
            count = min(per_week, total - written)
            screenings = list(self.screenings(week, venues[city_index], films, count))
            bulk(
                Selection,
                [
                    Selection(film_id=film_id, film_week_id=week.pk)
                    for film_id in sorted({row.film_id for row in screenings})
                ],
                self.progress,
            )
            pending += screenings
            written += count
            if len(pending) >= BATCH_SIZE or written == total:
                bulk(Screening, pending, self.progress)
                pending = []
                self.progress.wrote(Screening, 0, written, total)

    def write_venues(self, cities, per_city):
        rows = []
        for city_index, (code, city_en, city_zh, zone) in enumerate(CITIES[:cities]):
            for number in range(1, per_city + 1):
                rows.append(
                    Venue(
                        slug=f"{self.slug}venue-{city_index:02d}-{number:03d}",
                        name_en=f"Synthetic Cinema {number}",
                        name_zh=f"合成影院{number}号厅",
                        city_en=city_en,
                        city_zh=city_zh,
                        country_id=self.country_ids[code],
                        capacity=self.rng.randint(80, 800),
                        time_zone=zone,
                        status=Status.PUBLISHED,
                    )
                )
        created = bulk(Venue, rows, self.progress)
        return [created[start : start + per_city] for start in range(0, len(created), per_city)]

    def film_week(self, organiser_id, number, city):
        code, city_en, city_zh, _ = city
        slot = number // len(CITIES)
        year, month = self.base_year + 1 + slot // 12, slot % 12 + 1
        starts = datetime.date(year, month, 1 + self.seed % 20)
        name_en, name_zh = (
            f"Synthetic Film Week {city_en} {month:02d}",
            f"{city_zh}{month}月合成电影周",
        )
        week = FilmWeek.objects.create(
            slug=f"{self.slug}week-{number:06d}",
            name_en=name_en,
            name_zh=name_zh,
            organiser_id=organiser_id,
            edition_number=number + 1,
            year=year,
            starts_on=starts,
            ends_on=starts + datetime.timedelta(days=WEEK_DAYS - 1),
            city_en=city_en,
            city_zh=city_zh,
            country_id=self.country_ids[code],
            status=Status.PUBLISHED,
            **cached_search_columns(f"{name_en} {year}", f"{name_zh} {year}", "", ""),
        )
        self.progress.wrote(FilmWeek, 1)
        return week

    def screenings(self, week, venues, films, count):
        """`count` screenings placed round the venues in turn, each starting 15 to 45 minutes
        after the previous one in its venue ends, from 10:00 to 22:30 local time."""
        zone = zoneinfo.ZoneInfo(venues[0].time_zone)
        first_day = datetime.datetime.combine(week.starts_on, FIRST_START)
        cursors = [first_day] * len(venues)
        for index in range(count):
            slot = index % len(venues)
            start = cursors[slot]
            if start.time() > LAST_START:
                start = datetime.datetime.combine(
                    start.date() + datetime.timedelta(days=1), FIRST_START
                )
            if start.date() > week.ends_on:
                raise RuntimeError(f"Venue {venues[slot].slug} is full in {week.slug}.")
            film_id, runtime = self.rng.choice(films)
            starts_at = start.replace(tzinfo=zone)
            ends_at = starts_at + datetime.timedelta(minutes=runtime or 90)
            gap = self.rng.choice((15, 20, 30, 45))
            after = ends_at.astimezone(zone).replace(tzinfo=None) + datetime.timedelta(minutes=gap)
            # Next start on a 5-minute mark; before 10:00 (past midnight) means the next morning.
            after += datetime.timedelta(minutes=-after.minute % 5)
            if after.time() < FIRST_START:
                after = datetime.datetime.combine(after.date(), FIRST_START)
            cursors[slot] = after
            yield Screening(
                film_id=film_id,
                film_week_id=week.pk,
                venue_id=venues[slot].pk,
                starts_at=starts_at.astimezone(datetime.UTC),
                ends_at=ends_at.astimezone(datetime.UTC),
                state=self.rng.choices(["scheduled", "sold_out"], [9, 1])[0],
            )


def synthetic(queryset, field="slug"):
    return queryset.filter(**{f"{field}__startswith": PREFIX})


def delete_synthetic():
    """Delete every synthetic row (of every seed) and nothing else; returns the number of
    rows deleted. Raw deletes: Django's delete() would load each row and write a history
    row for it. A row someone linked to synthetic data by hand makes this fail, not vanish."""
    film_week, film, venue = "film_week__slug", "film__slug", "venue__slug"
    steps = [
        synthetic(Screening.guests.through.objects, "screening__venue__slug"),
        synthetic(Screening.objects, venue),
        synthetic(Screening.objects, film),
        synthetic(Selection.objects, film_week),
        synthetic(Selection.objects, film),
        synthetic(FilmWeek.objects),
        synthetic(Venue.objects),
        synthetic(Credit.objects, film),
        synthetic(Credit.objects, "person__slug"),
        synthetic(FilmCountry.objects, film),
        synthetic(Film.languages.through.objects, film),
        synthetic(Film.objects),
        synthetic(Person.objects),
        synthetic(Membership.objects, "alliance__slug"),
        synthetic(Membership.objects, "institution__slug"),
        synthetic(Alliance.objects),
        synthetic(Institution.objects),
        Source.objects.filter(title__startswith=SOURCE_PREFIX),
    ]
    return sum(queryset._raw_delete(queryset.db) for queryset in steps)
