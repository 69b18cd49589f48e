from django.urls import path

from filmweek import coproductions, views

urlpatterns = [
    path("film-weeks/", views.film_week_list, name="film-week-list"),
    path("film-weeks/<slug:slug>/", views.film_week_detail, name="film-week-detail"),
    path("films/", views.film_list, name="film-list"),
    path("films/<slug:slug>/", views.film_detail, name="film-detail"),
    path("people/", views.person_list, name="person-list"),
    path("people/<slug:slug>/", views.person_detail, name="person-detail"),
    path("awards/", views.award_list, name="award-list"),
    path("juries/", views.jury_list, name="jury-list"),
    path("co-productions/", coproductions.coproductions, name="co-productions"),
]
