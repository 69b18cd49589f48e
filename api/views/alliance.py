"""Alliances and institutions: published records only, whoever asks, through the query functions
of their pages and the member directory's FilterSet."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alliance import queries
from alliance.filters import MemberFilter
from api.generics import DetailView, ListView
from api.serializers import alliance as serializers
from core.cache.pages import cached_page

# The alliance detail lists this many memberships, in joining order (the page shows 200): a
# detail weighs no more than a full page of a list. /api/v1/institutions/?alliance=<slug> pages
# through every member.
ALLIANCE_MEMBERSHIPS = 100


class AllianceList(ListView):
    """Published alliances by name, with their member and country counts today."""

    serializer_class = serializers.AllianceSerializer
    filter_backends = []
    sort_order = queries.ALLIANCE_ORDER

    def get_queryset(self):
        return queries.alliance_list()


class AllianceDetail(DetailView):
    """A published alliance with its criteria, scope, units, reported milestones and their
    sources, its growth, member countries and first memberships."""

    serializer_class = serializers.AllianceDetailSerializer

    def get_queryset(self):
        return queries.alliance_pages()

    def get_object(self):
        alliance = super().get_object()
        growth = queries.alliance_growth(alliance, timezone.localdate())
        for milestone, computed in growth.reported:
            milestone.computed = computed
        alliance.growth = growth
        alliance.growth_rows, alliance.growth_is_yearly = queries.growth_table(growth.series)
        alliance.memberships_shown = queries.memberships_listed(alliance, ALLIANCE_MEMBERSHIPS)
        return alliance


class MemberApiFilter(MemberFilter):
    """The member directory's filters, with messages for the API: where the page leaves an
    unknown value out and says so beside the filter, the API refuses it (a 400)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # On the form field (each filter's own copy), not in `extra`: a field already made, e.g.
        # by the schema's generation, would keep the page's message.
        for each in self.filters.values():
            each.field.error_messages["invalid_choice"] = _("This is not one of the choices.")


class InstitutionList(ListView):
    """Published institutions with a membership the member directory's filters select (current
    members unless `membership` says otherwise), by name."""

    serializer_class = serializers.InstitutionSerializer
    filterset_class = MemberApiFilter
    sort_order = queries.INSTITUTION_ORDER

    def get_queryset(self):
        # What MemberFilter filters: the member directory's memberships.
        return queries.member_directory()

    def filter_queryset(self, queryset):
        memberships = super().filter_queryset(queryset)
        return queries.institution_list().filter(pk__in=memberships.values("institution"))


class InstitutionDetail(DetailView):
    """A published institution, member or not, with everything its page lists."""

    serializer_class = serializers.InstitutionDetailSerializer

    def get_queryset(self):
        return queries.institution_pages()


alliance_list = cached_page()(AllianceList.as_view())
alliance_detail = cached_page(records=True)(AllianceDetail.as_view())
institution_list = cached_page()(InstitutionList.as_view())
institution_detail = cached_page(records=True)(InstitutionDetail.as_view())
