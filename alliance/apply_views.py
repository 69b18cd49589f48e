"""/<lang>/apply/: the public membership application.

The form asks the chosen alliance's admittance criteria as questions. Against spam: a honeypot
field (a filled one is thanked and dropped) and at most APPLY_POSTS_PER_HOUR posts from one
address within an hour, counted in the cache."""

from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from alliance import services
from alliance.forms import MembershipApplicationForm
from alliance.models import Alliance, AllianceItem
from core.uploads import SizeLimitUploadHandler
from core.views.requests import over_rate_limit, site_origin

APPLY_POSTS_PER_HOUR = 10


def open_alliances():
    """Published alliances with admittance criteria to answer."""
    return list(
        Alliance.objects.published()
        .filter(items__kind=AllianceItem.Kind.CRITERION)
        .distinct()
        .order_by("name_en")
    )


def chosen_alliance(alliances, slug):
    if slug:
        return next((alliance for alliance in alliances if alliance.slug == slug), None)
    return alliances[0] if len(alliances) == 1 else None


@csrf_exempt
def apply(request):
    # Upload handlers are set before the body is read, so the CSRF check moves into the
    # inner view (Django's documented pattern for per-view upload handlers).
    request.upload_handlers.insert(0, SizeLimitUploadHandler(request))
    return _apply(request)


@csrf_protect
def _apply(request):
    alliances = open_alliances()
    params = request.POST if request.method == "POST" else request.GET
    alliance = chosen_alliance(alliances, str(params.get("alliance", ""))[:120])
    if alliance is None:
        return render(request, "alliance/apply_choose.html", {"alliances": alliances})
    if request.method == "POST":
        if over_rate_limit(request, "apply", APPLY_POSTS_PER_HOUR):
            return render(request, "alliance/apply_limited.html", status=429)
        form = MembershipApplicationForm(
            request.POST,
            request.FILES,
            alliance=alliance,
            oversized=getattr(request, "oversized_uploads", ()),
        )
        if form.is_spam:
            return redirect("apply-sent")
        if form.is_valid():
            services.membership_application_submit(
                alliance=alliance,
                values=form.application_values(),
                answers=form.answers(),
                logo=form.processed_logo,
                origin=site_origin(request),
            )
            return redirect("apply-sent")
    else:
        form = MembershipApplicationForm(alliance=alliance)
    context = {"alliance": alliance, "form": form, "choices": len(alliances) > 1}
    return render(request, "alliance/apply.html", context)


def apply_sent(request):
    return render(request, "alliance/apply_sent.html")
