from django.urls import path

from alliance import views

urlpatterns = [
    path("members/", views.member_list, name="member-list"),
    path("alliances/<slug:slug>/", views.alliance_detail, name="alliance-detail"),
    path("institutions/<slug:slug>/", views.institution_detail, name="institution-detail"),
]
