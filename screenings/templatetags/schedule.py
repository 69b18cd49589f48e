"""Template filters for the pages of lower apps that show screenings (a person's, a film
week's): they arrange what the page's query prefetched under reverse relation names, and run
no query."""

from django import template

from screenings.queries import in_time_order

register = template.Library()


@register.filter
def upcoming_slots_of_person(person):
    """The person's Q&A appearances and the screenings of the films they are credited on,
    once each, by start (from filmweek.queries.person_pages())."""
    slots = {slot.pk: slot for slot in getattr(person, "upcoming_appearances", [])}
    for credit in person.filmography:
        for slot in getattr(credit.film, "upcoming_screenings", []):
            slots.setdefault(slot.pk, slot)
    return in_time_order(slots.values())


@register.filter
def upcoming_slots_of_film_week(film_week):
    """The film week's screenings and activity sessions, by start (from
    filmweek.queries.film_week_pages())."""
    screenings = getattr(film_week, "upcoming_screenings", [])
    sessions = [
        session
        for activity in film_week.activities.all()
        for session in getattr(activity, "upcoming_sessions", [])
    ]
    return in_time_order([*screenings, *sessions])
