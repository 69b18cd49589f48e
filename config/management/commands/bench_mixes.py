"""The URL mixes of `make bench` (bench/mixes.py replays them under wrk): two files of paths, one
a line, in the shares of SHARES and in both languages, drawn from the catalog.

The API's film list and film detail are page types of their own; their addresses have no
language prefix (the JSON holds both languages).

- crawler.txt: every page at most once, as a search engine's crawl asks for them, so that each
  request misses the page cache. A record is asked for once, in one language (they alternate);
  the other pages get random filters, and a distinct `crawl=N` parameter when their path came up
  before (the home page always does, after its first two). A catalog too small for the file (the
  smoke run's) has its records asked for again in the other language, then with `crawl=N`.
- visitor.txt: within each page type, records (or filter combinations) drawn by a Zipf law, so a
  few popular ones are asked for often; in a random order.

mixes.json holds the shares, the count of each page type in each file, and the saver's plan
(bench/saver.py): the most popular films and people, the admin page that changes each and the
public pages that show it.
"""

import base64
import datetime
import itertools
import json
import os
import random
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from django.utils import timezone, translation
from pypinyin import lazy_pinyin

from alliance.models import Alliance, Country, Institution, InstitutionKind, Membership
from api.pagination import MAX_LIMIT
from filmweek import queries
from filmweek.models import (
    ActivityKind,
    Award,
    Credit,
    Film,
    FilmKind,
    FilmWeek,
    Language,
    Person,
)
from screenings.models import ActivitySession, Screening, Venue
from screenings.programme_code import Item, encode

# Percent of the requests of each page type. The API's film pages (issue 18) take 6 of the 45
# points of the film pages: its clients (member festivals' sites, researchers' harvests) read
# films as visitors do, one list page of up to 100 films for every few films they read in full.
# The awards and juries pages (issue 21) take a point each from the film and person pages.
SHARES = {
    "film": 25,
    "person": 14,
    "film_list": 13,
    "api_film": 4,
    "api_film_list": 2,
    "search": 8,
    "suggest": 2,
    "schedule": 8,
    "film_week": 5,
    "institution": 5,
    "home": 4,
    "members": 3,
    "calendar": 2,
    "alliance": 2,
    "awards": 1,
    "juries": 1,
    # A visitor's programme (issue 21) and its feed: a point taken from the other calendars.
    "programme": 1,
}
LANGUAGES = ("en", "zh-hans")
ZIPF_EXPONENT = 1.1
SEED = 1
VARIANTS = 1000  # distinct pages of a type that is not a record the visitor draws from
SAMPLE = 300  # records read for search terms and list cursors
CALENDARS = 2000  # films, people and screenings (each) whose calendars are asked for
SAVED_RECORDS = 5  # the saver edits the most popular films and people, this many of each
STAFF_PASSWORD_VARIABLE = "BENCH_STAFF_PASSWORD"
MEMBERS_PER_PAGE = 24
SCHEDULE_ZONES = ["UTC", "Asia/Tokyo", "Europe/Berlin", "America/New_York"]
PROGRAMME_ITEMS = (1, 8)  # the fewest and most items of a programme asked for


def page(name, language, query=(), **kwargs):
    with translation.override(language):
        path = reverse(name, kwargs=kwargs or None)
    return f"{path}?{urlencode(query)}" if query else path


def with_parameter(path, name, value):
    return f"{path}{'&' if '?' in path else '?'}{name}={value}"


def kinds_in_turn(shares, count):
    """`count` page types interleaved so that every prefix keeps the shares within one request
    of each type (smooth weighted round robin): wrk uses only the start of the crawler's file."""
    total = sum(shares.values())
    credit = dict.fromkeys(shares, 0)
    for _ in range(count):
        for kind, share in shares.items():
            credit[kind] += share
        chosen = max(credit, key=credit.get)
        credit[chosen] -= total
        yield chosen


def zipf_ranks(rng, population, count, exponent=ZIPF_EXPONENT):
    """`count` ranks from 0 (the most popular) to population - 1: rank r with a probability
    proportional to 1 / (r + 1) ** exponent."""
    weights = itertools.accumulate(1 / rank**exponent for rank in range(1, population + 1))
    return rng.choices(range(population), cum_weights=list(weights), k=count)


def newest_cursor(created_at, pk):
    """The film list's `after` cursor of a film in the `newest` order: base64url JSON of its sort
    values, as the keyset pages write it (built here from model fields alone)."""
    raw = json.dumps([created_at.isoformat(), pk], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def search_terms(titles_and_names):
    """English words, Chinese characters and words, and their pinyin, from (English, Chinese)
    titles and names."""
    terms = set()
    for english, chinese in titles_and_names:
        terms.update(word.lower() for word in english.split() if len(word) > 2 and word.isalpha())
        if chinese:
            terms.update([chinese[:1], chinese[:2], "".join(lazy_pinyin(chinese[:2]))])
    return sorted(terms)


def chosen_filters(rng, filters, count):
    """`count` of the filters (name: values) with a value each, in the form's order."""
    names = rng.sample(sorted(filters), min(count, len(filters)))
    return [(name, rng.choice(values)) for name, values in filters.items() if name in names]


@dataclass(frozen=True)
class Week:
    slug: str
    first_day: datetime.date
    days: int
    city: str


@dataclass
class Catalog:
    """What the mixes draw from. Records are in the order of their popularity: shuffled once."""

    records: dict  # page type: [(URL name, kwargs)]
    film_pks: dict  # slug: pk of the popular films and people, for the saver's admin pages
    person_pks: dict
    weeks: list
    venues_by_city: dict
    alliances: list
    terms: list
    film_filters: dict  # name: values
    member_filters: dict
    award_filters: dict
    jury_filters: dict
    film_countries: list
    as_of_days: list  # days to ask for the members on
    programme_items: list  # Items a programme is drawn from: films, screenings, sessions

    @classmethod
    def read(cls, rng):
        films = shuffled(rng, published(Film).values_list("slug", "pk"))
        people = shuffled(rng, published(Person).values_list("slug", "pk"))
        institutions = shuffled(rng, published(Institution).values_list("slug", flat=True))
        weeks = shuffled(
            rng,
            (
                Week(slug, start, (end - start).days + 1 if end else 1, city)
                for slug, start, end, city in published(FilmWeek).values_list(
                    "slug", "starts_on", "ends_on", "city_en"
                )
            ),
        )
        venues = list(published(Venue).values_list("slug", "city_en"))
        alliances = list(published(Alliance).values_list("slug", flat=True))
        film_countries = list(
            Country.objects.filter(film_countries__isnull=False)
            .distinct()
            .order_by("code")
            .values_list("code", "continent")
        )
        popular_films = [slug for slug, _ in films[:SAMPLE]]
        days = as_of_days()
        records = {
            "film": [("film-detail", {"slug": slug}) for slug, _ in films],
            # In the same order: a film popular on the site is popular with the API's clients.
            "api_film": [("api:film-detail", {"slug": slug}) for slug, _ in films],
            "person": [("person-detail", {"slug": slug}) for slug, _ in people],
            "institution": [("institution-detail", {"slug": slug}) for slug in institutions],
            "film_week": [("film-week-detail", {"slug": week.slug}) for week in weeks],
            "calendar": calendars(rng, films, people, venues, weeks),
        }
        titles = Film.objects.filter(slug__in=popular_films).values_list("title_en", "title_zh")
        names = Person.objects.filter(slug__in=[slug for slug, _ in people[:SAMPLE]]).values_list(
            "name_en", "name_zh"
        )
        return cls(
            records=records,
            film_pks=dict(films[:SAVED_RECORDS]),
            person_pks=dict(people[:SAVED_RECORDS]),
            weeks=weeks,
            venues_by_city=by_city(venues),
            alliances=alliances,
            terms=search_terms([*titles, *names]),
            film_filters=film_filters(film_countries, popular_films),
            member_filters=member_filters(alliances, days),
            award_filters=award_filters(),
            jury_filters=jury_filters(),
            film_countries=[code for code, _ in film_countries],
            as_of_days=days,
            programme_items=programme_items(films),
        )


def by_city(venues):
    found = {}
    for slug, city in venues:
        found.setdefault(city, []).append(slug)
    return found


def published(model):
    return model.objects.published().order_by("pk")


def shuffled(rng, rows):
    """`rows` in a random order: the order of their popularity, and of the crawl."""
    rows = list(rows)
    rng.shuffle(rows)
    return rows


def calendars(rng, films, people, venues, weeks):
    screenings = published(Screening).values_list("pk", flat=True)
    rows = [
        *[("film-calendar", {"slug": slug}) for slug, _ in films[:CALENDARS]],
        *[("person-calendar", {"slug": slug}) for slug, _ in people[:CALENDARS]],
        *[("venue-calendar", {"slug": slug}) for slug, _ in venues],
        *[("film-week-calendar", {"slug": week.slug}) for week in weeks],
        *[("screening-calendar", {"pk": pk}) for pk in screenings[:CALENDARS]],
    ]
    return shuffled(rng, rows)


def programme_items(films):
    """Items of programmes: popular films, and the first screenings and sessions."""
    screenings = published(Screening).values_list("pk", flat=True)[:SAMPLE]
    sessions = published(ActivitySession).values_list("pk", flat=True)[:SAMPLE]
    return [
        *(Item("f", pk) for _, pk in films[:SAMPLE]),
        *(Item("s", pk) for pk in screenings),
        *(Item("a", pk) for pk in sessions),
    ]


def film_filters(countries, popular_films):
    years = Film.objects.published().exclude(year=None).order_by("year").values_list("year")
    first, last = (years.first() or [2000])[0], (years.last() or [2000])[0]
    middle = (first + last) // 2
    languages = Language.objects.filter(films__isnull=False).distinct().order_by("code")
    # Not the oldest film: the page after it would be empty, which no link leads to.
    oldest = Film.objects.published().order_by("created_at", "pk").values("pk")[:1]
    newest = Film.objects.filter(slug__in=popular_films).exclude(pk__in=oldest).order_by("pk")
    filters = {
        "kind": FilmKind.values,
        "year_min": [str(year) for year in range(first, middle + 1)],
        "year_max": [str(year) for year in range(middle, last + 1)],
        "country": [code for code, _ in countries],
        "continent": sorted({continent for _, continent in countries}),
        "language": list(languages.values_list("code", flat=True)),
        "coproduction": ["1"],
        "sort": ["title", "year", "-year", "newest"],
        "after": [newest_cursor(*row) for row in newest.values_list("created_at", "pk")],
    }
    return {name: values for name, values in filters.items() if values}


def as_of_days():
    """The middle and the end of each year members joined in, up to today, as `as_of` values."""
    today = timezone.localdate()
    years = [day.year for day in Membership.objects.dates("joined_on", "year")]
    days = {
        min(datetime.date(year, month, day), today)
        for year in years
        for month, day in [(6, 30), (12, 31)]
    }
    return [day.isoformat() for day in sorted(days)]


def member_filters(alliances, days):
    members = Membership.objects.all()
    countries = members.values_list("institution__country__code", "institution__country__continent")
    countries = sorted(set(countries.order_by()))
    years = members.dates("joined_on", "year")
    pages = members.filter(left_on=None).count() // MEMBERS_PER_PAGE + 1
    filters = {
        "alliance": alliances,
        "country": [code for code, _ in countries],
        "continent": sorted({continent for _, continent in countries}),
        "kind": InstitutionKind.values,
        "joined_year": [str(day.year) for day in years],
        "founding": ["1"],
        "membership": ["current", "former", "all"],
        "as_of": days,
        "page": [str(number) for number in range(2, pages + 1)],
    }
    return {name: values for name, values in filters.items() if values}


def award_filters():
    filters = {
        "body": [body.slug for body in queries.award_bodies()],
        "year": [str(year) for year in queries.award_years()],
        "result": Award.Result.values,
    }
    return {name: values for name, values in filters.items() if values}


def jury_filters():
    filters = {
        "festival": [festival.slug for festival in queries.jury_festivals()],
        "year": [str(year) for year in queries.jury_years()],
        "recommended_by": [member.slug for member in queries.jury_recommenders()],
    }
    return {name: values for name, values in filters.items() if values}


# The pages that are not records: a random one of the type, in the language given.


def home(catalog, rng, language):
    return page("home", language)


def alliance(catalog, rng, language):
    """An alliance's page, half the time as of a day."""
    query = []
    if catalog.as_of_days and rng.random() < 0.5:
        query = [("as_of", rng.choice(catalog.as_of_days))]
    return page("alliance-detail", language, query, slug=rng.choice(catalog.alliances))


def with_typo(rng, term):
    """`term` with one of its inner letters dropped, when it is a Latin word long enough for
    the search to forgive that; else (Chinese, short, digits) as it is."""
    if len(term) < 5 or not (term.isascii() and term.isalpha()):
        return term
    dropped = rng.randrange(1, len(term) - 1)
    return term[:dropped] + term[dropped + 1 :]


def search(catalog, rng, language):
    words = rng.sample(catalog.terms, min(rng.choice((1, 1, 2)), len(catalog.terms)))
    # One search in five has a typo, which the search looks for close matches of.
    if rng.random() < 0.2:
        words[-1] = with_typo(rng, words[-1])
    return page("search", language, [("q", " ".join(words))])


def suggest(catalog, rng, language):
    """The search box's suggestions as a visitor types a term: its first letters, or the
    whole term with a typo."""
    term = rng.choice(catalog.terms)
    typed = with_typo(rng, term) if rng.random() < 0.5 else term[: rng.randint(2, 6)]
    return page("search-suggest", language, [("q", typed)])


def film_list_query(catalog, rng):
    query = chosen_filters(rng, catalog.film_filters, rng.randint(0, 3))
    if query and query[-1][0] == "after":
        # A page a visitor reaches by the "next" links of the list in its `newest` order: the
        # cursor's film is in that list, which filters would not ensure.
        query = [("sort", "newest"), query[-1]]
    return query


def film_list(catalog, rng, language):
    return page("film-list", language, film_list_query(catalog, rng))


def api_film_list(catalog, rng, language):
    """The film catalog's filters and cursors; half the time the largest page, as a harvest
    asks for it. The address has no language: the JSON holds both."""
    query = film_list_query(catalog, rng)
    if rng.random() < 0.5:
        query.append(("limit", MAX_LIMIT))
    return page("api:film-list", language, query)


def members(catalog, rng, language):
    return page(
        "member-list", language, chosen_filters(rng, catalog.member_filters, rng.randint(0, 3))
    )


def awards(catalog, rng, language):
    query = chosen_filters(rng, catalog.award_filters, rng.randint(0, 2))
    return page("award-list", language, query)


def juries(catalog, rng, language):
    query = chosen_filters(rng, catalog.jury_filters, rng.randint(0, 2))
    return page("jury-list", language, query)


def schedule(catalog, rng, language):
    week = rng.choice(catalog.weeks)
    filters = {
        "day": [str(week.first_day + datetime.timedelta(days)) for days in range(week.days)],
        "venue": catalog.venues_by_city.get(week.city, []),
        "country": catalog.film_countries,
        "kind": ["film", *ActivityKind.values],
        "tz": SCHEDULE_ZONES,
    }
    filters = {name: values for name, values in filters.items() if values}
    query = [("film_week", week.slug), *chosen_filters(rng, filters, rng.randint(0, 2))]
    return page("schedule", language, query)


def programme(catalog, rng, language):
    """A programme's page or, one time in three, its feed."""
    items = catalog.programme_items
    count = min(rng.randint(*PROGRAMME_ITEMS), len(items))
    query = [("items", encode(rng.sample(items, count)))]
    name = "programme-calendar" if rng.random() < 1 / 3 else "programme"
    return page(name, language, query)


PAGES = {
    "home": home,
    "alliance": alliance,
    "search": search,
    "suggest": suggest,
    "film_list": film_list,
    "api_film_list": api_film_list,
    "members": members,
    "schedule": schedule,
    "awards": awards,
    "juries": juries,
    "programme": programme,
}


def stream(kind, catalog, rng):
    """Endless paths of one page type for the crawler: each record once in one language, then
    once in the other, and again; random pages of the other types, languages in turn."""
    if kind in PAGES:
        return (PAGES[kind](catalog, rng, LANGUAGES[n % 2]) for n in itertools.count())
    return (
        page(name, LANGUAGES[(number + round_number) % 2], **kwargs)
        for round_number in itertools.count()
        for number, (name, kwargs) in enumerate(catalog.records[kind])
    )


def crawler(catalog, rng, count):
    """[(page type, path)]: no path twice."""
    streams = {kind: stream(kind, catalog, rng) for kind in SHARES}
    seen, paths = set(), []
    for kind in kinds_in_turn(SHARES, count):
        path = next(streams[kind])
        if path in seen:
            path = with_parameter(path, "crawl", len(seen))
        seen.add(path)
        paths.append((kind, path))
    return paths


def popular(kind, catalog, rng):
    """What a visitor draws pages of one type from, the most popular first: records as (URL
    name, kwargs), asked for in either language; for the other types, distinct paths."""
    if kind in PAGES:
        return list(dict.fromkeys(itertools.islice(stream(kind, catalog, rng), VARIANTS)))
    return catalog.records[kind]


def in_language(path, language):
    """`path` in `language` when it is a page under a language prefix; an API path as it is.
    A visitor reads a popular page in either language, however few its variants."""
    for prefix in LANGUAGES:
        if path.startswith(f"/{prefix}/"):
            return f"/{language}/{path.removeprefix(f'/{prefix}/')}"
    return path


def visitor(catalog, rng, count):
    """[(page type, path)] in a random order; within a type, a Zipf draw of its pages."""
    kinds = list(kinds_in_turn(SHARES, count))
    rng.shuffle(kinds)
    draws = {}
    for kind in SHARES:
        pages = popular(kind, catalog, rng)
        draws[kind] = iter([pages[rank] for rank in zipf_ranks(rng, len(pages), kinds.count(kind))])
    paths = []
    for kind in kinds:
        drawn = next(draws[kind])
        if isinstance(drawn, str):
            drawn = in_language(drawn, rng.choice(LANGUAGES))
        else:
            name, kwargs = drawn
            drawn = page(name, rng.choice(LANGUAGES), **kwargs)
        paths.append((kind, drawn))
    return paths


def saver_plan(catalog):
    """What the saver edits, in turn: the most popular films and people, with the English page
    of each and the pages that show it (a credited person's, a film's the person is credited
    on; or, for a film with none, the film list searched for its new title)."""
    plan = []
    for film, person in itertools.zip_longest(catalog.film_pks.items(), catalog.person_pks.items()):
        if film:
            plan.append(film_entry(*film))
        if person:
            plan.append(person_entry(*person))
    return plan


def film_entry(slug, pk):
    credited = Credit.objects.filter(film_id=pk, person__in=Person.objects.published())
    person = credited.order_by("order", "pk").values_list("person__slug", flat=True).first()
    return {
        "change": reverse("admin:filmweek_film_change", args=[pk]),
        "form": "film_form",
        "field": "title_en",
        "pages": [page("film-detail", "en", slug=slug)]
        + ([page("person-detail", "en", slug=person)] if person else []),
        "search": None if person else page("film-list", "en"),
    }


def person_entry(slug, pk):
    credits = Credit.objects.filter(person_id=pk, film__in=Film.objects.published())
    film = credits.order_by("film_id").values_list("film__slug", flat=True).first()
    return {
        "change": reverse("admin:filmweek_person_change", args=[pk]),
        "form": "person_form",
        "field": "name_en",
        "pages": [page("person-detail", "en", slug=slug)]
        + ([page("film-detail", "en", slug=film)] if film else []),
        "search": None,
    }


def sample_paths(kinds, count, seed=SEED):
    """The first `count` pages of each type the crawler would ask for (bench/probe.py times
    them): different records, or filters, while the catalog has enough."""
    rng = random.Random(seed)
    catalog = Catalog.read(rng)
    return {kind: list(itertools.islice(stream(kind, catalog, rng), count)) for kind in kinds}


def ensure_staff(username, password):
    """The saver's account: a staff superuser with this password."""
    user, _ = get_user_model().objects.get_or_create(username=username)
    user.is_staff = user.is_superuser = user.is_active = True
    user.set_password(password)
    user.save()


def write_paths(path, rows):
    path.write_text("".join(f"{line}\n" for _, line in rows))


def counts(rows):
    found = dict.fromkeys(SHARES, 0)
    for kind, _ in rows:
        found[kind] += 1
    return found


class Command(BaseCommand):
    help = "Write the crawler and visitor URL mixes of the benchmark, and the saver's plan."

    def add_arguments(self, parser):
        parser.add_argument("--out", type=Path, required=True, help="directory of the files")
        parser.add_argument("--lines", type=int, default=2000, help="paths in each file")
        parser.add_argument("--seed", type=int, default=SEED)
        parser.add_argument(
            "--staff-user",
            help=f"create or update this superuser (password: ${STAFF_PASSWORD_VARIABLE})",
        )

    def handle(self, *args, out, lines, seed, staff_user, **options):
        rng = random.Random(seed)
        catalog = Catalog.read(rng)
        empty = [kind for kind, rows in catalog.records.items() if not rows]
        if empty or not (catalog.alliances and catalog.weeks):
            raise CommandError("The catalog lacks published records: run generate_catalog first.")
        if staff_user:
            ensure_staff(staff_user, os.environ[STAFF_PASSWORD_VARIABLE])
        mixes = {"crawler": crawler(catalog, rng, lines), "visitor": visitor(catalog, rng, lines)}
        out.mkdir(parents=True, exist_ok=True)
        for name, rows in mixes.items():
            write_paths(out / f"{name}.txt", rows)
        summary = {
            "shares": SHARES,
            "counts": {name: counts(rows) for name, rows in mixes.items()},
            "saves": saver_plan(catalog),
        }
        (out / "mixes.json").write_text(json.dumps(summary, indent=2))
        self.stdout.write(f"Wrote {lines} paths to each of crawler.txt and visitor.txt in {out}")
