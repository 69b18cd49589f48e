from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.cache.pages import cached_page
from core.views.drafts import draft_context, previews_drafts
from core.views.paging import paginate
from filmweek.models import Credit, Film, FilmWeek, Participation, Person
from screenings import calendars, programme_code, queries
from screenings.filters import ScheduleFilter
from screenings.models import Screening, Tour, Venue
from screenings.programme import read_programme, starred_slots
from screenings.programme_code import InvalidCode

SCHEDULE_PAGE = 150
VENUE_PAGE_SLOTS = 100
# Query parameters of the schedule page that do not choose slots.
DISPLAY_PARAMETERS = ("page", "tz")


def calendar_query(query):
    """The schedule's query string for its .ics link: the same filters, without the page and
    the display zone."""
    query = query.copy()
    for name in DISPLAY_PARAMETERS:
        query.pop(name, None)
    return query.urlencode()


@cached_page()
def schedule(request):
    schedule_filter = ScheduleFilter(request.GET, request=request)
    # The order and the page are worked out on plain values; only the page's rows are read.
    page_obj = paginate(request, schedule_filter.keys, per_page=SCHEDULE_PAGE)
    slots = queries.schedule_rows(page_obj.object_list)
    zone = schedule_filter.display_zone
    context = {
        "filter": schedule_filter,
        "film_week": schedule_filter.chosen_film_week,
        "chosen_day": schedule_filter.chosen_day,
        "week_days": schedule_filter.week_days(),
        "display_zone": zone,
        "days": queries.by_day_and_venue(page_obj.object_list, slots, zone),
        "page_obj": page_obj,
        "calendar_query": calendar_query(request.GET),
    }
    return render(request, "screenings/schedule.html", context)


@cached_page()
def schedule_calendar(request):
    schedule_filter = ScheduleFilter(request.GET, request=request)
    film_week = schedule_filter.chosen_film_week
    name = _("Schedule")
    if film_week is not None:
        name = _("Schedule: %(film_week)s") % {"film_week": film_week.dated_name}
    slots = schedule_filter.slots(queries.screening_details(), queries.session_details())
    return calendars.calendar_response(name, slots, request, "schedule")


@cached_page(records=True)
def screening_calendar(request, pk):
    screening = get_object_or_404(queries.screening_details(joined=True), pk=pk)
    queries.with_details([screening])
    return calendars.calendar_response(screening.title, [screening], request, f"screening-{pk}")


@cached_page(records=True)
def activity_session_calendar(request, pk):
    session = get_object_or_404(queries.session_details(joined=True), pk=pk)
    return calendars.calendar_response(session.title, [session], request, f"activity-{pk}")


# A calendar holds at most this many slots, the latest by start: a venue open for decades still
# gives a file a calendar app takes, made without reading every slot.
CALENDAR_LIMIT = 500


def _slots(*parts):
    """The CALENDAR_LIMIT latest slots of the querysets `parts`, each slot once, in time
    order."""
    latest = {}
    for part in parts:
        for slot in part.order_by("-starts_at", "-pk")[:CALENDAR_LIMIT]:
            latest[slot.is_screening, slot.pk] = slot
    chosen = sorted(latest.values(), key=lambda slot: slot.starts_at, reverse=True)
    return queries.in_time_order(queries.with_details(chosen[:CALENDAR_LIMIT]))


@cached_page(records=True)
def venue_calendar(request, slug):
    venue = get_object_or_404(queries.venue_pages(), slug=slug)
    slots = _slots(
        queries.screening_details().filter(venue=venue),
        queries.session_details().filter(venue=venue),
    )
    return calendars.calendar_response(venue.name, slots, request, f"venue-{slug}")


@cached_page(records=True)
def film_week_calendar(request, slug):
    film_week = get_object_or_404(FilmWeek.objects.published(), slug=slug)
    slots = _slots(
        queries.screening_details().filter(film_week=film_week),
        queries.session_details().filter(activity__film_week=film_week),
    )
    return calendars.calendar_response(film_week.dated_name, slots, request, f"film-week-{slug}")


@cached_page(records=True)
def film_calendar(request, slug):
    film = get_object_or_404(Film.objects.published(), slug=slug)
    slots = _slots(queries.screening_details(joined=True).filter(film=film))
    return calendars.calendar_response(film.title, slots, request, f"film-{slug}")


@cached_page(records=True)
def person_calendar(request, slug):
    """Screenings of the films a person is credited on, screenings where they are a Q&A guest,
    and the sessions of activities they take part in."""
    person = get_object_or_404(Person.objects.published(), slug=slug)
    # One query for each way in, each down its own index: an OR of them reads every slot.
    credited = Credit.objects.filter(person=person).values("film")
    guest_at = Screening.guests.through.objects.filter(person=person).values("screening")
    taking_part = Participation.objects.filter(person=person).values("activity")
    slots = _slots(
        queries.screening_details(joined=True).filter(film__in=credited),
        queries.screening_details(joined=True).filter(pk__in=guest_at),
        queries.session_details(joined=True).filter(activity__in=taking_part),
    )
    return calendars.calendar_response(person.name, slots, request, f"person-{slug}")


@cached_page(records=True)
def venue_detail(request, slug):
    venue = get_object_or_404(
        queries.venue_pages(drafts=previews_drafts(request, Venue)), slug=slug
    )
    slots = queries.upcoming_at(venue, timezone.now(), limit=VENUE_PAGE_SLOTS + 1)
    context = {
        **draft_context(venue),
        "venue": venue,
        "slots": slots[:VENUE_PAGE_SLOTS],
        "more_slots": len(slots) > VENUE_PAGE_SLOTS,
        "slots_shown": VENUE_PAGE_SLOTS,
    }
    return render(request, "screenings/venue_detail.html", context)


@cached_page()
def tour_list(request):
    page_obj = paginate(request, queries.tour_list())
    return render(request, "screenings/tour_list.html", {"page_obj": page_obj})


@cached_page(records=True)
def tour_detail(request, slug):
    tour = get_object_or_404(queries.tour_pages(drafts=previews_drafts(request, Tour)), slug=slug)
    stops = tour.stops.all()
    context = {
        **draft_context(tour),
        "tour": tour,
        "figures": queries.tour_figures(stops),
        "years": queries.stops_by_year_and_country(stops),
    }
    return render(request, "screenings/tour_detail.html", context)


def _programme_query(query):
    """(the items of `?items=`, the items of `?add=`, the items of `?remove=`). Items are named
    by tokens such as "s12". An InvalidCode subclass for a code or token that names none."""
    code = query.get("items", "")
    items = programme_code.decode(code) if code else frozenset()
    added = {programme_code.parse_item(token) for token in query.getlist("add")}
    removed = {programme_code.parse_item(token) for token in query.getlist("remove")}
    return items, added, removed


def _programme_page(request, items, *, code, full=False):
    """The page of the programme `items`; `full`: it says that an item could not be added."""
    context = {
        "programme": read_programme(items),
        "code": code,
        "item_count": len(items),
        "full": full,
        "share_url": request.build_absolute_uri(f"{request.path}?items={code}"),
        "calendar_url": request.build_absolute_uri(f"{reverse('programme-calendar')}?items={code}"),
    }
    return render(request, "screenings/programme.html", context, status=400 if full else 200)


@cached_page()
def programme(request):
    """A visitor's programme, kept in the URL: `?items=<code>`; `?add=` and `?remove=` (the
    stars' links without JavaScript) redirect to the code of the programme they make, or, past
    MAX_ITEMS, show the programme unchanged saying why. Without `?items=`,
    static/js/programme.js moves to the programme kept in the browser."""
    try:
        items, added, removed = _programme_query(request.GET)
    except InvalidCode as error:
        context = {
            "reason": error.reason,
            "count": getattr(error, "count", None),
            "max_items": programme_code.MAX_ITEMS,
        }
        return render(request, "screenings/programme_invalid.html", context, status=400)
    if added or removed:
        changed = (items | added) - removed
        if len(changed) > programme_code.MAX_ITEMS:
            # Its own code, even without `?items=`: the page must not move to the browser's.
            return _programme_page(request, items, code=programme_code.encode(items), full=True)
        return redirect(f"{reverse('programme')}?items={programme_code.encode(changed)}")
    code = programme_code.encode(items) if "items" in request.GET else ""
    return _programme_page(request, items, code=code)


@cached_page()
def programme_calendar(request):
    """The starred screenings and sessions of `?items=<code>` as a calendar to subscribe to;
    a 404 for a code that names no programme."""
    try:
        items = programme_code.decode(request.GET.get("items", ""))
    except InvalidCode:
        raise Http404("No such programme.") from None
    return calendars.calendar_response(
        _("My programme"), starred_slots(items), request, "programme"
    )
