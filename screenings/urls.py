from django.urls import path

from screenings import views

urlpatterns = [
    path("tours/<slug:slug>/", views.tour_detail, name="tour-detail"),
]
