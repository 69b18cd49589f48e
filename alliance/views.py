from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from alliance import charts, queries
from alliance.filters import MemberFilter
from alliance.forms import AsOfForm
from alliance.models import Alliance, AllianceItem, AllianceUnit, Institution
from core.cache.pages import cached_page
from core.views.drafts import draft_context, previews_drafts
from core.views.paging import paginate

# The alliance page lists this many memberships; the member directory pages through them all.
MEMBERSHIP_ROWS = 200


@cached_page()
def alliance_detail(request, slug):
    pages = queries.alliance_pages(drafts=previews_drafts(request, Alliance))
    alliance = get_object_or_404(pages, slug=slug)
    items = alliance.items.all()
    units = alliance.units.all()
    today = timezone.localdate()
    as_of_form = AsOfForm(request.GET, alliance=alliance)
    as_of = as_of_form.cleaned_data["as_of"] if as_of_form.is_valid() else None
    growth = queries.alliance_growth(alliance, today, as_of)
    # Without a day asked for, today's members: as ?as_of=<today> shows them.
    shown = growth.shown
    member_countries = shown.member_countries
    series = growth.series
    growth_rows, growth_rows_yearly = queries.growth_table(series)
    reported = [
        charts.Datum(m.reported_on, m.members, m.countries, ref=m) for m, _ in growth.reported
    ]
    context = {
        **draft_context(alliance),
        "alliance": alliance,
        "criteria": [item for item in items if item.kind == AllianceItem.Kind.CRITERION],
        "scope": [item for item in items if item.kind == AllianceItem.Kind.SCOPE],
        "guiding_units": [unit for unit in units if unit.role == AllianceUnit.Role.GUIDING],
        "host_units": [unit for unit in units if unit.role == AllianceUnit.Role.HOST],
        "figures_now": growth.figures_now,
        "growth": growth.reported,
        "series": series,
        "growth_rows": growth_rows,
        "growth_rows_yearly": growth_rows_yearly,
        "chart": (
            charts.growth_chart(series, reported, today, as_of) if growth.membership_total else None
        ),
        "as_of_form": as_of_form,
        "on_day": growth.on_day,
        "partial_dates": shown.partial_dates,
        "member_countries": member_countries,
        "memberships_shown": queries.memberships_listed(alliance, MEMBERSHIP_ROWS, shown.day),
        "memberships_total": shown.membership_total,
        "more_memberships": shown.membership_total > MEMBERSHIP_ROWS,
        "world_map": world_map_context(member_countries),
    }
    return render(request, "alliance/alliance_detail.html", context)


def world_map_context(member_countries):
    world = charts.world_map()
    names = {row.country.code: row.name for row in member_countries}
    return {"view_box": world.view_box, "shapes": charts.highlighted_shapes(world.shapes, names)}


@cached_page(records=True)
def institution_detail(request, slug):
    pages = queries.institution_pages(drafts=previews_drafts(request, Institution))
    institution = get_object_or_404(pages, slug=slug)
    context = {
        **draft_context(institution),
        "institution": institution,
        "more_films_made": institution.films_made_total > queries.FILMS_MADE_ROWS,
    }
    return render(request, "alliance/institution_detail.html", context)


@cached_page()
def member_list(request):
    member_filter = MemberFilter(request.GET, request=request)
    page_obj = paginate(request, member_filter.qs)
    context = {
        "filter": member_filter,
        "page_obj": page_obj,
        "as_of": member_filter.form.cleaned_data.get("as_of"),
        "partial_dates": member_filter.involves_partial_dates(),
    }
    return render(request, "alliance/member_list.html", context)
