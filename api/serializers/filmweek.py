"""What the API shows of each record: the rows the apps' query functions load, nothing that would
need a query of its own (the query-count tests hold every list and detail to a constant)."""

from rest_framework import serializers

from api.fields import (
    AliasesField,
    AllianceLinkSerializer,
    BilingualField,
    CountryField,
    FilmLinkSerializer,
    FilmWeekLinkSerializer,
    InstitutionLinkSerializer,
    PageField,
    PersonLinkSerializer,
    WithOriginalField,
    country_code,
)
from filmweek.queries import known_for

# Films


class FilmSerializer(serializers.Serializer):
    """A film as the film list shows it."""

    slug = serializers.SlugField()
    url = PageField("film-detail")
    ics = PageField("film-calendar")
    title = WithOriginalField("title", "title_original")
    year = serializers.IntegerField(allow_null=True)
    kind = serializers.CharField()
    countries = serializers.SerializerMethodField()

    def get_countries(self, film) -> list[str]:
        """Production countries (ISO 3166 codes), majority partner first."""
        return [country_code(each.country) for each in film.film_countries.all()]


class CreditSerializer(serializers.Serializer):
    person = PersonLinkSerializer()
    role = serializers.CharField()
    character = BilingualField("character")


class AwardSerializer(serializers.Serializer):
    body = InstitutionLinkSerializer()
    edition_number = serializers.IntegerField(allow_null=True)
    year = serializers.IntegerField()
    category = BilingualField("category")
    result = serializers.CharField()


class FilmAwardSerializer(AwardSerializer):
    person = PersonLinkSerializer()


class FilmSelectionSerializer(serializers.Serializer):
    film_week = FilmWeekLinkSerializer()
    section = BilingualField("section")


class ProductionCountrySerializer(serializers.Serializer):
    country = CountryField()
    role = serializers.CharField()


class TourStopSerializer(serializers.Serializer):
    tour = serializers.SlugField(source="tour.slug")
    tour_name = BilingualField("name", source="tour")
    host = InstitutionLinkSerializer(source="host_edition.institution")
    host_edition_number = serializers.IntegerField(source="host_edition.number", allow_null=True)
    host_edition_year = serializers.IntegerField(source="host_edition.year")
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(allow_null=True)
    dates_precision = serializers.CharField()
    section = BilingualField("section")
    premiere = serializers.CharField()


class FilmDetailSerializer(FilmSerializer):
    """A film with the lists its page shows but its production bases and screenings to come
    (queries.film_records)."""

    aliases = AliasesField()
    genre = BilingualField("genre")
    runtime_minutes = serializers.IntegerField(allow_null=True)
    released_on = serializers.DateField(allow_null=True)
    released_precision = serializers.CharField()
    synopsis = BilingualField("synopsis")
    production_countries = ProductionCountrySerializer(many=True, source="film_countries.all")
    languages = serializers.SerializerMethodField()
    credits = CreditSerializer(many=True, source="credits.all")
    awards = FilmAwardSerializer(many=True, source="awards.all")
    selections = FilmSelectionSerializer(many=True, source="selections.all")
    tour_stops = TourStopSerializer(many=True, source="tour_stops.all")

    def get_languages(self, film) -> list[str]:
        """Spoken languages (ISO 639 codes)."""
        return [language.code for language in film.languages.all()]


# People


class PersonSerializer(serializers.Serializer):
    """A person as the people list shows them (queries.person_list)."""

    slug = serializers.SlugField()
    url = PageField("person-detail")
    ics = PageField("person-calendar")
    name = WithOriginalField("name", "name_original")
    country = CountryField()
    is_ambassador = serializers.BooleanField()
    is_juror = serializers.BooleanField()
    known_for = serializers.SerializerMethodField()

    def get_known_for(self, person) -> list[dict]:
        """Up to three of their published films, newest first."""
        films, _roles = known_for(person)
        return FilmLinkSerializer(films, many=True, context=self.context).data


class PositionSerializer(serializers.Serializer):
    institution = InstitutionLinkSerializer()
    title = BilingualField("title")


class FilmographySerializer(serializers.Serializer):
    film = FilmLinkSerializer()
    role = serializers.CharField()
    character = BilingualField("character")


class PersonAwardSerializer(AwardSerializer):
    film = FilmLinkSerializer()


class AmbassadorRoleSerializer(serializers.Serializer):
    film_week = FilmWeekLinkSerializer()
    role = BilingualField("role")


class JuryServiceSerializer(serializers.Serializer):
    festival = InstitutionLinkSerializer(source="festival_edition.institution")
    edition_number = serializers.IntegerField(source="festival_edition.number", allow_null=True)
    year = serializers.IntegerField(source="festival_edition.year")
    section = BilingualField("section")
    is_president = serializers.BooleanField()
    recommended_by = InstitutionLinkSerializer()


class PersonDetailSerializer(serializers.Serializer):
    """A person as their page shows them (queries.person_pages)."""

    slug = serializers.SlugField()
    url = PageField("person-detail")
    ics = PageField("person-calendar")
    name = WithOriginalField("name", "name_original")
    aliases = AliasesField()
    country = CountryField()
    bio = BilingualField("bio")
    career_start_year = serializers.IntegerField(allow_null=True)
    positions = PositionSerializer(many=True, source="positions.all")
    filmography = FilmographySerializer(many=True)
    awards = PersonAwardSerializer(many=True, source="awards.all")
    ambassador_roles = AmbassadorRoleSerializer(many=True, source="ambassador_roles.all")
    jury_services = JuryServiceSerializer(many=True, source="jury_services.all")


# Film weeks


class FilmWeekSerializer(serializers.Serializer):
    """A film week as the film week list shows it (queries.film_week_list)."""

    slug = serializers.SlugField()
    url = PageField("film-week-detail")
    ics = PageField("film-week-calendar")
    name = BilingualField("name")
    organiser = InstitutionLinkSerializer()
    edition_number = serializers.IntegerField(allow_null=True)
    year = serializers.IntegerField()
    starts_on = serializers.DateField(allow_null=True)
    ends_on = serializers.DateField(allow_null=True)
    city = BilingualField("city")
    country = CountryField()
    theme = BilingualField("theme")


class FilmWeekListSerializer(FilmWeekSerializer):
    film_count = serializers.IntegerField(help_text="Published films selected.")
    ambassador_count = serializers.IntegerField(help_text="Published ambassadors.")


class AmbassadorSerializer(serializers.Serializer):
    person = PersonLinkSerializer()
    role = BilingualField("role")


class SelectionSerializer(serializers.Serializer):
    film = FilmLinkSerializer()
    section = BilingualField("section")


class ParticipationSerializer(serializers.Serializer):
    person = PersonLinkSerializer()
    role = BilingualField("role")


class ActivitySerializer(serializers.Serializer):
    kind = serializers.CharField()
    title = BilingualField("title")
    description = BilingualField("description")
    held_on = serializers.DateField(allow_null=True)
    participants = ParticipationSerializer(many=True, source="participations.all")


class FilmWeekDetailSerializer(FilmWeekSerializer):
    """A film week as its page shows it (queries.film_week_pages)."""

    description = BilingualField("description")
    alliance = AllianceLinkSerializer()
    ambassadors = AmbassadorSerializer(many=True, source="ambassadors.all")
    film_count = serializers.IntegerField(source="films_total", help_text="Published films.")
    selections = SelectionSerializer(
        many=True,
        source="selections_shown",
        help_text="The first selections by section and title; /api/v1/films/?film_week=<slug> "
        "lists every film.",
    )
    activities = ActivitySerializer(many=True, source="activities.all")
