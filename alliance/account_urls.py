"""/<lang>/account/...: member sign-in and self-service (included by alliance.urls)."""

from django.urls import path

from alliance import account_views as views

urlpatterns = [
    path("", views.account_home, name="account-home"),
    path("sign-in/", views.SignInView.as_view(), name="account-sign-in"),
    path("sign-out/", views.SignOutView.as_view(), name="account-sign-out"),
    path("password/", views.PasswordChangeView.as_view(), name="account-password"),
    path(
        "password/changed/",
        views.PasswordChangeDoneView.as_view(),
        name="account-password-changed",
    ),
    path("password-reset/", views.PasswordResetView.as_view(), name="account-password-reset"),
    path(
        "password-reset/sent/",
        views.PasswordResetSentView.as_view(),
        name="account-password-reset-sent",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="account-password-reset-confirm",
    ),
    path(
        "password-reset/done/",
        views.PasswordResetDoneView.as_view(),
        name="account-password-reset-done",
    ),
    path("invitation/<str:token>/", views.invitation_accept, name="account-invitation"),
    path("institution/", views.institution_profile, name="account-institution"),
    path("institution/changes/<int:pk>/", views.change_detail, name="account-change"),
    path(
        "institution/changes/<int:pk>/withdraw/",
        views.change_withdraw,
        name="account-change-withdraw",
    ),
]
