from django.urls import include, path

from alliance import apply_views, views

urlpatterns = [
    path("members/", views.member_list, name="member-list"),
    path("alliances/<slug:slug>/", views.alliance_detail, name="alliance-detail"),
    path("institutions/<slug:slug>/", views.institution_detail, name="institution-detail"),
    path("apply/", apply_views.apply, name="apply"),
    path("apply/sent/", apply_views.apply_sent, name="apply-sent"),
    path("account/", include("alliance.account_urls")),
]
