from django.urls import path

from filmweek import views

urlpatterns = [
    path("film-weeks/<slug:slug>/", views.film_week_detail, name="film-week-detail"),
    path("films/<slug:slug>/", views.film_detail, name="film-detail"),
    path("people/<slug:slug>/", views.person_detail, name="person-detail"),
]
