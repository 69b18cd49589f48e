from django.http import Http404
from django.shortcuts import get_object_or_404, render

from alliance import queries
from alliance.models import AllianceItem, AllianceUnit


def alliance_detail(request, slug):
    alliance = get_object_or_404(queries.alliance_pages(), slug=slug)
    items = alliance.items.all()
    units = alliance.units.all()
    milestones = alliance.milestones.all()
    computed = queries.member_figures_on(
        alliance, [queries.period_end(m.reported_on, m.reported_precision) for m in milestones]
    )
    context = {
        "alliance": alliance,
        "criteria": [item for item in items if item.kind == AllianceItem.Kind.CRITERION],
        "scope": [item for item in items if item.kind == AllianceItem.Kind.SCOPE],
        "guiding_units": [unit for unit in units if unit.role == AllianceUnit.Role.GUIDING],
        "host_units": [unit for unit in units if unit.role == AllianceUnit.Role.HOST],
        "figures_now": queries.member_figures(alliance),
        "growth": list(zip(milestones, computed, strict=True)),
    }
    return render(request, "alliance/alliance_detail.html", context)


def institution_detail(request, slug):
    institution = get_object_or_404(queries.institution_pages(), slug=slug)
    return render(request, "alliance/institution_detail.html", {"institution": institution})


def member_list(request):
    raise Http404("the member directory is being built")
