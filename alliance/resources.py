"""The institutions file of the import and export: institutions with their memberships (see
core.imports.resources for the rules every catalog file follows)."""

from django.utils.translation import gettext_lazy as _
from import_export import fields

from alliance.models import Alliance, Country, Institution, Membership
from core.imports.columns import (
    ALIASES_HELP,
    LIST_SEPARATOR,
    PARTIAL_DATE_EXPECTED,
    LookupWidget,
    RelationColumn,
    aliases_column,
    list_items,
    parse_partial_date,
    read_item,
    related_rows,
    render_partial_date,
    text,
)
from core.imports.problems import BadCell, item_problem
from core.imports.resources import CatalogResource, NameKeyedResource

# Institutions with their memberships -----------------------------------------------------


class CountryWidget(LookupWidget):
    """A country by its two-letter ISO code (CN, KZ), in either case."""

    def __init__(self, **kwargs):
        super().__init__(Country, "code", **kwargs)

    @property
    def expected(self):
        return _("an ISO country code such as KZ")

    def key(self, value):
        return text(value).upper()


class CountryListWidget(CountryWidget):
    """Several countries in order: "CN; KZ"."""

    def clean_list(self, value):
        return [read_item(code, self.clean, self.expected) for code in list_items(value)]


class MembershipsColumn(RelationColumn):
    """ "brffa 2018-06-16 founding; sco-film-alliance 2020-04 left 2023-01-01": each item is an
    alliance's slug, the joining date (day, month or year), then optionally "founding" and
    "left <date>". Listed memberships are created or brought up to date; others are kept."""

    @property
    def expected(self):
        return _("memberships such as “brffa 2018-06-16 founding; sco 2020-04 left 2023-01-01”")

    def parse(self, value):
        items = []
        alliances = {}
        for item in list_items(value):
            words = item.split()
            if len(words) < 2:
                raise BadCell(
                    _("“%(item)s”: write an alliance's slug and the joining date.") % {"item": item}
                )
            slug, joined, *rest = words
            if slug not in alliances:
                alliances[slug] = Alliance.objects.filter(slug=slug).first()
            if alliances[slug] is None:
                raise BadCell(item_problem(slug, _("the slug of an existing alliance")))
            joined_on, precision = read_item(joined, parse_partial_date, PARTIAL_DATE_EXPECTED)
            founding, left_on = False, None
            while rest:
                word = rest.pop(0).lower()
                if word == "founding":
                    founding = True
                elif word == "left" and rest:
                    left_on, _precision = read_item(
                        rest.pop(0), parse_partial_date, PARTIAL_DATE_EXPECTED
                    )
                else:
                    raise BadCell(
                        _(
                            "“%(item)s”: after the date only “founding” and “left <date>” "
                            "may follow."
                        )
                        % {"item": item}
                    )
            items.append((alliances[slug], joined_on, precision, founding, left_on))
        return items

    def current(self, instance):
        memberships = sorted(
            related_rows(instance, "memberships", "alliance"),
            key=lambda m: (m.alliance.slug, m.joined_on),
        )
        return [
            (m.alliance, m.joined_on, m.joined_precision, m.is_founding, m.left_on)
            for m in memberships
        ]

    def render_items(self, items):
        rendered = []
        for alliance, joined_on, precision, founding, left_on in items:
            words = [alliance.slug, render_partial_date(joined_on, precision)]
            if founding:
                words.append("founding")
            if left_on:
                words += ["left", left_on.isoformat()]
            rendered.append(" ".join(words))
        return f"{LIST_SEPARATOR} ".join(rendered)

    def would_change(self, instance, items):
        current = {(item[0].pk, item[1]): item for item in self.saved_items(instance)}
        return any(current.get((item[0].pk, item[1])) != item for item in items)

    def memberships(self, instance, items):
        """The listed memberships as they are to be saved, validated."""
        for alliance, joined_on, precision, founding, left_on in items:
            membership = Membership.objects.filter(
                institution=instance, alliance=alliance, joined_on=joined_on
            ).first() or Membership(institution=instance, alliance=alliance, joined_on=joined_on)
            membership.joined_precision = precision
            membership.is_founding = founding
            membership.left_on = left_on
            membership.full_clean()
            yield membership

    def check(self, instance, items):
        for _membership in self.memberships(instance, items):
            pass

    def apply(self, instance, items):
        for membership in self.memberships(instance, items):
            membership.save()


class InstitutionResource(NameKeyedResource):
    country = fields.Field(attribute="country", column_name="country", widget=CountryWidget())
    memberships = MembershipsColumn("memberships")
    aliases = aliases_column()

    required_columns = ("name_en", "kind")
    column_help = {
        "slug": _(
            "The key: the last part of the institution's address. Empty: made from the "
            "English name."
        ),
        "kind": _(
            "festival, institution, archive, production_base, agency, award_body, "
            "media, government or international"
        ),
        "aliases": ALIASES_HELP,
        "country": _("Two-letter ISO code, such as CN or KZ."),
        "status": _("draft or published; a new record is a draft when empty."),
        "memberships": _(
            "Alliance slug and joining date, then “founding” or “left <date>”, "
            "separated by semicolons: brffa 2018-06-16 founding; brffa 2020-04."
        ),
    }

    class Meta(CatalogResource.Meta):
        model = Institution
        import_id_fields = ("slug",)
        fields = (
            "slug",
            "name_en",
            "name_zh",
            "short_name",
            "aliases",
            "kind",
            "country",
            "city_en",
            "city_zh",
            "website",
            "contact_email",
            "description_en",
            "description_zh",
            "status",
            "memberships",
        )

    def get_queryset(self):
        return Institution.objects.all()

    def filter_export(self, queryset, **kwargs):
        return (
            queryset.select_related("country")
            .prefetch_related(None)
            .prefetch_related("memberships__alliance")
        )
