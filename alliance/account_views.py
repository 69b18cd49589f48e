"""The member self-service area under /<lang>/account/: sign-in (throttled by django-axes),
sign-out, password change and reset, accepting an invitation, and the representative's edit of
their institution's public profile.

The institution always comes from the signed-in user's Representative record, never from the
URL; a change of another institution is a 404."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from alliance import diffs, services
from alliance.forms import InstitutionProfileForm, InvitationAcceptForm, initial_profile
from alliance.models import DECIDED, Representative, ReviewStatus, public_profile
from core.forms.password_reset import QueuedPasswordResetForm
from core.uploads import SizeLimitUploadHandler
from core.views.requests import over_rate_limit, site_origin

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
PASSWORD_RESETS_PER_HOUR = 5


def own_institution(request):
    """The institution the signed-in user represents; 404 for anyone else."""
    representative = (
        Representative.objects.select_related("institution").filter(user=request.user).first()
    )
    if representative is None:
        raise Http404(_("Your account does not represent an institution."))
    return representative.institution


class PathOnlyNextMixin:
    """`next` as Django checks it (no other host, no other scheme), and also only an absolute
    path of this site: "/en/members/", never "evil", "%2F%2Fevil.com" or a full URL."""

    def get_redirect_url(self):
        url = super().get_redirect_url()
        return url if url.startswith("/") else ""


class SignInView(PathOnlyNextMixin, auth_views.LoginView):
    template_name = "alliance/account/sign_in.html"
    redirect_authenticated_user = True


class SignOutView(PathOnlyNextMixin, auth_views.LogoutView):
    next_page = reverse_lazy("home")


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "alliance/account/password_change.html"
    success_url = reverse_lazy("account-password-changed")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "alliance/account/password_change_done.html"


class PasswordResetView(auth_views.PasswordResetView):
    """Emails a reset link; at most PASSWORD_RESETS_PER_HOUR requests from one address, so the
    form cannot be used to flood someone's mailbox."""

    form_class = QueuedPasswordResetForm
    template_name = "alliance/account/password_reset.html"
    email_template_name = "alliance/emails/password_reset.txt"
    subject_template_name = "alliance/emails/password_reset_subject.txt"
    success_url = reverse_lazy("account-password-reset-sent")

    def form_valid(self, form):
        if over_rate_limit(self.request, "password-reset", PASSWORD_RESETS_PER_HOUR):
            return render(self.request, "alliance/account/too_many.html", status=429)
        return super().form_valid(form)


class PasswordResetSentView(auth_views.PasswordResetDoneView):
    template_name = "alliance/account/password_reset_sent.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "alliance/account/password_reset_confirm.html"
    success_url = reverse_lazy("account-password-reset-done")


class PasswordResetDoneView(auth_views.PasswordResetCompleteView):
    template_name = "alliance/account/password_reset_done.html"


@login_required
def account_home(request):
    representative = (
        Representative.objects.select_related("institution").filter(user=request.user).first()
    )
    institution = representative.institution if representative else None
    changes = institution.profile_changes.all()[:10] if institution else []
    context = {"institution": institution, "changes": changes}
    return render(request, "alliance/account/home.html", context)


def invitation_accept(request, token):
    invitation = services.invitation_from_token(token)
    if invitation is None or not invitation.is_open:
        return render(request, "alliance/account/invitation_invalid.html", status=404)
    form = InvitationAcceptForm(invitation, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.representative_invitation_accept(
                invitation=invitation, password=form.cleaned_data["new_password1"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            login(request, user, backend=MODEL_BACKEND)
            messages.success(
                request, _("Welcome. You can now keep your institution's profile up to date.")
            )
            return redirect("account-institution")
    context = {"form": form, "invitation": invitation}
    return render(request, "alliance/account/invitation_accept.html", context)


@csrf_exempt
def institution_profile(request):
    # Upload handlers are set before the body is read, so the CSRF check moves into the
    # inner view (Django's documented pattern for per-view upload handlers).
    request.upload_handlers.insert(0, SizeLimitUploadHandler(request))
    return _institution_profile(request)


@csrf_protect
@login_required
def _institution_profile(request):
    institution = own_institution(request)
    changes = institution.profile_changes.all()
    pending = changes.filter(status=ReviewStatus.PENDING).first()
    last_decided = changes.filter(status__in=DECIDED).first()
    public = public_profile(institution)
    if request.method == "POST":
        form = InstitutionProfileForm(
            request.POST,
            request.FILES,
            public_values=public,
            oversized=getattr(request, "oversized_uploads", ()),
        )
        if form.is_valid():
            change = services.profile_change_submit(
                institution=institution,
                by=request.user,
                values=form.profile_values(),
                logo=form.processed_logo,
                origin=site_origin(request),
            )
            messages.success(
                request,
                _("Thank you. Your changes are waiting for review by the alliance staff."),
            )
            return redirect("account-change", pk=change.pk)
    else:
        form = InstitutionProfileForm(
            initial=initial_profile(pending or institution), public_values=public
        )
    context = {
        "institution": institution,
        "form": form,
        "pending": pending,
        "last_decided": last_decided,
    }
    return render(request, "alliance/account/institution_form.html", context)


@login_required
def change_detail(request, pk):
    institution = own_institution(request)
    change = get_object_or_404(institution.profile_changes.select_related("institution"), pk=pk)
    context = {
        "institution": institution,
        "change": change,
        "rows": diffs.comparison(change),
        "logo": diffs.logo_comparison(change),
    }
    return render(request, "alliance/account/change_detail.html", context)


@require_POST
@login_required
def change_withdraw(request, pk):
    institution = own_institution(request)
    change = get_object_or_404(institution.profile_changes, pk=pk)
    try:
        services.profile_change_withdraw(change=change)
    except ValidationError:
        messages.error(request, _("This change has already been decided."))
    else:
        messages.success(request, _("Your change has been withdrawn."))
    return redirect("account-institution")
