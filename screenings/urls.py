"""The screenings pages, and the .ics calendars beside the pages they belong to. The calendars of
films, people and film weeks sit under those pages' paths (`films/<slug>/calendar.ics`); a slug
holds no dot, so they never clash with the pages themselves."""

from django.urls import path

from screenings import views

urlpatterns = [
    path("schedule/", views.schedule, name="schedule"),
    path("schedule/calendar.ics", views.schedule_calendar, name="schedule-calendar"),
    path("screenings/<int:pk>.ics", views.screening_calendar, name="screening-calendar"),
    path(
        "activity-sessions/<int:pk>.ics",
        views.activity_session_calendar,
        name="activity-session-calendar",
    ),
    path("venues/<slug:slug>/", views.venue_detail, name="venue-detail"),
    path("venues/<slug:slug>/calendar.ics", views.venue_calendar, name="venue-calendar"),
    path(
        "film-weeks/<slug:slug>/calendar.ics",
        views.film_week_calendar,
        name="film-week-calendar",
    ),
    path("films/<slug:slug>/calendar.ics", views.film_calendar, name="film-calendar"),
    path("people/<slug:slug>/calendar.ics", views.person_calendar, name="person-calendar"),
    path("programme/", views.programme, name="programme"),
    path("programme/calendar.ics", views.programme_calendar, name="programme-calendar"),
    path("tours/", views.tour_list, name="tour-list"),
    path("tours/<slug:slug>/", views.tour_detail, name="tour-detail"),
]
