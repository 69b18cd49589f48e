"""FilterSets of the API's lists that no page has (a page's list takes that page's FilterSet:
one definition serves both)."""

from django.utils.translation import gettext_lazy as _

from alliance.models import FestivalEdition, Institution
from core.cache.versions import cached_choices
from filmweek import queries
from filmweek.filters import ListFilterSet, by_label, choice_filter
from filmweek.models import JuryService, Person


class JuryServiceFilter(ListFilterSet):
    """Jury service (no page lists it on its own: the person and institution pages show
    theirs)."""

    festival = choice_filter(
        _("Festival"), _("Any festival"), field_name="festival_edition__institution__slug"
    )
    year = choice_filter(_("Year"), _("Any year"), field_name="festival_edition__year")

    choice_models = (JuryService, Person, FestivalEdition, Institution)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, choices in jury_service_choices_by_filter().items():
            self.set_choices(name, choices)


def jury_service_choices_by_filter():
    """The festivals and years of jury service; kept in the cache until a table they come from
    is written to."""

    def compute():
        return {
            "festival": by_label((each.slug, str(each.name)) for each in queries.jury_festivals()),
            "year": [(str(year), str(year)) for year in queries.jury_years()],
        }

    return cached_choices("jury-service-choices", JuryServiceFilter.choice_models, compute)
