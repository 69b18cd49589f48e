"""What the API shows of alliances and institutions: the rows alliance/queries.py loads for their
pages, nothing that would need a query of its own."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from alliance.models import AllianceItem, AllianceUnit
from api.fields import (
    BILINGUAL_SCHEMA,
    AliasesField,
    AllianceLinkSerializer,
    BilingualField,
    CountryField,
    FilmLinkSerializer,
    FilmWeekLinkSerializer,
    InstitutionLinkSerializer,
    PageField,
    PersonLinkSerializer,
)

# Alliances


class AllianceSerializer(serializers.Serializer):
    """An alliance as the alliance list shows it (queries.alliance_list)."""

    slug = serializers.SlugField()
    url = PageField("alliance-detail")
    name = BilingualField("name")
    description = BilingualField("description")
    founded_on = serializers.DateField()
    initiator = InstitutionLinkSerializer()
    member_count = serializers.IntegerField(
        source="members", help_text="Published member institutions today, from joining dates."
    )
    country_count = serializers.IntegerField(
        source="countries", help_text="Countries of those members."
    )


class CitedSourceSerializer(serializers.Serializer):
    title = serializers.CharField()
    title_zh = serializers.CharField(help_text="A Chinese translation of the title; may be empty.")
    publisher = serializers.CharField()
    publisher_zh = serializers.CharField()
    url = serializers.CharField(help_text="Its address; empty when it has none.")
    published_on = serializers.DateField(allow_null=True)


class AllianceMilestoneSerializer(serializers.Serializer):
    """A figure the alliance reported, beside the one computed here for the same date."""

    reported_on = serializers.DateField()
    reported_precision = serializers.CharField()
    label = BilingualField("label")
    members = serializers.IntegerField(help_text="Members reported.")
    countries = serializers.IntegerField(help_text="Countries reported.")
    computed_members = serializers.IntegerField(
        source="computed.members",
        help_text="Published members recorded here at the end of that period.",
    )
    computed_countries = serializers.IntegerField(source="computed.countries")
    source = CitedSourceSerializer()


class GrowthPointSerializer(serializers.Serializer):
    date = serializers.DateField(
        source="day",
        help_text="The day the step's members are counted on: a joining date known only to a "
        "month or a year counts from the last day of that month or year.",
    )
    precision = serializers.CharField()
    members = serializers.IntegerField()
    countries = serializers.IntegerField()


class MemberCountrySerializer(serializers.Serializer):
    country = serializers.CharField(source="country.code", help_text="ISO 3166 code")
    members = serializers.IntegerField()


class MembershipSerializer(serializers.Serializer):
    """What every list of memberships shows of the membership itself."""

    joined_on = serializers.DateField()
    joined_precision = serializers.CharField()
    left_on = serializers.DateField(allow_null=True)
    is_founding = serializers.BooleanField()
    recommended_by = InstitutionLinkSerializer()
    note = BilingualField("note")


class AllianceMembershipSerializer(MembershipSerializer):
    """A membership of the alliance, former ones included (queries.memberships_listed)."""

    institution = InstitutionLinkSerializer()
    country = CountryField(source="institution.country")


class FoundingEditionSerializer(serializers.Serializer):
    institution = InstitutionLinkSerializer()
    number = serializers.IntegerField(allow_null=True)
    year = serializers.IntegerField()


def texts(items, kind) -> list[dict]:
    return [{"en": item.text_en, "zh": item.text_zh} for item in items if item.kind == kind]


def unit_links(alliance, role, context) -> list[dict]:
    units = [unit.institution for unit in alliance.units.all() if unit.role == role]
    return InstitutionLinkSerializer(units, many=True, context=context).data


BILINGUAL_LIST = {"type": "array", "items": BILINGUAL_SCHEMA}


class AllianceDetailSerializer(serializers.Serializer):
    """An alliance as its page shows it (queries.alliance_pages, the view's `growth` and
    `memberships_shown`)."""

    slug = serializers.SlugField()
    url = PageField("alliance-detail")
    name = BilingualField("name")
    description = BilingualField("description")
    background = BilingualField("background")
    founded_on = serializers.DateField()
    founded_during = serializers.SerializerMethodField()
    initiator = InstitutionLinkSerializer()
    website = serializers.CharField(help_text="Its website; empty when it has none.")
    guiding_units = serializers.SerializerMethodField()
    host_units = serializers.SerializerMethodField()
    criteria = serializers.SerializerMethodField()
    scope = serializers.SerializerMethodField()
    member_count = serializers.IntegerField(
        source="growth.figures_now.members",
        help_text="Published member institutions today, from joining dates.",
    )
    country_count = serializers.IntegerField(
        source="growth.figures_now.countries", help_text="Countries of those members."
    )
    member_countries = MemberCountrySerializer(many=True, source="growth.member_countries")
    milestones = AllianceMilestoneSerializer(many=True, source="milestones.all")
    growth = GrowthPointSerializer(
        many=True,
        source="growth_rows",
        help_text="Members and countries at each date a membership began counting or ended, "
        "up to today (past 100 dates, the last of each year and today).",
    )
    growth_is_yearly = serializers.BooleanField(
        help_text="True when `growth` holds the last date of each year rather than every date."
    )
    membership_count = serializers.IntegerField(
        source="growth.membership_total", help_text="Memberships of published institutions."
    )
    memberships = AllianceMembershipSerializer(
        many=True,
        source="memberships_shown",
        help_text="The first memberships in joining order; /api/v1/institutions/?alliance=<slug>"
        "&membership=all lists every member.",
    )

    @extend_schema_field(FoundingEditionSerializer(allow_null=True))
    def get_founded_during(self, alliance):
        edition = alliance.founded_during
        if edition is None or not edition.institution.is_published:
            return None
        return FoundingEditionSerializer(edition, context=self.context).data

    @extend_schema_field(InstitutionLinkSerializer(many=True))
    def get_guiding_units(self, alliance):
        return unit_links(alliance, AllianceUnit.Role.GUIDING, self.context)

    @extend_schema_field(InstitutionLinkSerializer(many=True))
    def get_host_units(self, alliance):
        return unit_links(alliance, AllianceUnit.Role.HOST, self.context)

    @extend_schema_field(BILINGUAL_LIST)
    def get_criteria(self, alliance):
        """The admittance criteria, in order."""
        return texts(alliance.items.all(), AllianceItem.Kind.CRITERION)

    @extend_schema_field(BILINGUAL_LIST)
    def get_scope(self, alliance):
        """The scope of work, in order."""
        return texts(alliance.items.all(), AllianceItem.Kind.SCOPE)


# Institutions


class InstitutionMembershipSerializer(MembershipSerializer):
    alliance = AllianceLinkSerializer()


class InstitutionSerializer(serializers.Serializer):
    """An institution as the institution list shows it (queries.institution_list)."""

    slug = serializers.SlugField()
    url = PageField("institution-detail")
    name = BilingualField("name")
    short_name = serializers.CharField()
    kind = serializers.CharField()
    country = CountryField(help_text="ISO 3166 code; null for an international organisation.")
    city = BilingualField("city")
    website = serializers.CharField(help_text="Its website; empty when it has none.")
    memberships = InstitutionMembershipSerializer(
        many=True,
        source="memberships.all",
        help_text="Every membership of a published alliance, in joining order, whatever the "
        "filters.",
    )


class InitiatedAllianceSerializer(serializers.Serializer):
    alliance = AllianceLinkSerializer(source="*")
    founded_on = serializers.DateField()


class AllianceUnitSerializer(serializers.Serializer):
    alliance = AllianceLinkSerializer()
    role = serializers.CharField()


class EditionJurorSerializer(serializers.Serializer):
    person = PersonLinkSerializer()
    section = BilingualField("section")
    is_president = serializers.BooleanField()
    recommended_by = InstitutionLinkSerializer()


class HostedTourStopSerializer(serializers.Serializer):
    film = FilmLinkSerializer()
    tour = serializers.SlugField(source="tour.slug")
    tour_name = BilingualField("name", source="tour")
    starts_on = serializers.DateField()
    dates_precision = serializers.CharField()
    premiere = serializers.CharField()


class InstitutionEditionSerializer(serializers.Serializer):
    number = serializers.IntegerField(allow_null=True)
    year = serializers.IntegerField()
    starts_on = serializers.DateField(allow_null=True)
    ends_on = serializers.DateField(allow_null=True)
    dates_precision = serializers.CharField()
    jurors = EditionJurorSerializer(many=True, source="jurors.all")
    tour_stops = HostedTourStopSerializer(many=True, source="tour_stops.all")


class OrganisedFilmWeekSerializer(serializers.Serializer):
    film_week = FilmWeekLinkSerializer(source="*")
    festival = InstitutionLinkSerializer(source="festival_edition.institution")
    festival_edition_number = serializers.IntegerField(
        source="festival_edition.number", allow_null=True
    )


class GivenAwardSerializer(serializers.Serializer):
    edition_number = serializers.IntegerField(allow_null=True)
    year = serializers.IntegerField()
    category = BilingualField("category")
    result = serializers.CharField()
    person = PersonLinkSerializer()
    film = FilmLinkSerializer()


class RecommendedJurorSerializer(serializers.Serializer):
    person = PersonLinkSerializer()
    festival = InstitutionLinkSerializer(source="festival_edition.institution")
    edition_number = serializers.IntegerField(source="festival_edition.number", allow_null=True)
    year = serializers.IntegerField(source="festival_edition.year")
    section = BilingualField("section")


class InstitutionIncentiveSerializer(serializers.Serializer):
    title = BilingualField("title")
    description = BilingualField("description")
    rate_percent = serializers.DecimalField(
        max_digits=5, decimal_places=2, allow_null=True, coerce_to_string=False
    )
    is_approximate = serializers.BooleanField()
    source = CitedSourceSerializer(allow_null=True)


class InstitutionPositionSerializer(serializers.Serializer):
    person = PersonLinkSerializer()
    title = BilingualField("title")


class SentTourStopSerializer(serializers.Serializer):
    film = FilmLinkSerializer()
    host = InstitutionLinkSerializer(source="host_edition.institution")
    host_edition_number = serializers.IntegerField(source="host_edition.number", allow_null=True)
    host_country = CountryField(source="host_edition.institution.country")
    starts_on = serializers.DateField()
    dates_precision = serializers.CharField()
    premiere = serializers.CharField()


class InstitutionTourSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    url = PageField("tour-detail")
    name = BilingualField("name")
    stops = SentTourStopSerializer(many=True, source="stops.all")


class InstitutionDetailSerializer(InstitutionSerializer):
    """An institution as its page shows it (queries.institution_pages): no contact but its
    public one."""

    aliases = AliasesField()
    description = BilingualField("description")
    logo = serializers.SerializerMethodField()
    contact_email = serializers.CharField(
        help_text="Its public contact address; empty when it has none."
    )
    social_links = serializers.SerializerMethodField()
    initiated_alliances = InitiatedAllianceSerializer(many=True, source="initiated_alliances.all")
    alliance_units = AllianceUnitSerializer(many=True, source="alliance_units.all")
    editions = InstitutionEditionSerializer(many=True, source="editions.all")
    film_weeks_organised = OrganisedFilmWeekSerializer(many=True, source="film_weeks_organised.all")
    awards_given = GivenAwardSerializer(many=True, source="awards_given.all")
    jurors_recommended = RecommendedJurorSerializer(many=True, source="jurors_recommended.all")
    films_made = serializers.SerializerMethodField()
    films_made_count = serializers.IntegerField(
        source="films_made_total", help_text="Published films made at this production base."
    )
    incentives = InstitutionIncentiveSerializer(many=True, source="incentives.all")
    positions = InstitutionPositionSerializer(many=True, source="positions.all")
    tours = InstitutionTourSerializer(many=True, source="tours.all")

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_logo(self, institution):
        """The logo's absolute address, or null."""
        if not institution.logo:
            return None
        return self.context["request"].build_absolute_uri(institution.logo.url)

    def get_social_links(self, institution) -> list[str]:
        """Its social media addresses."""
        return [url for url, _host in institution.social_link_list]

    @extend_schema_field(FilmLinkSerializer(many=True))
    def get_films_made(self, institution):
        """The latest films made at this production base, newest first (films_made_count says
        how many there are)."""
        films = [location.film for location in institution.latest_films_made]
        return FilmLinkSerializer(films, many=True, context=self.context).data
