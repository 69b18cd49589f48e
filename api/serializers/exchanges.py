"""What the API shows of jury service and of the co-productions page: the rows the filmweek app's
query functions load, nothing that would need a query of its own."""

from urllib.parse import urlencode

from rest_framework import serializers
from rest_framework.reverse import reverse

from api.fields import (
    BilingualField,
    CountryField,
    FilmLinkSerializer,
    FilmWeekLinkSerializer,
    PageField,
    PersonLinkSerializer,
)
from api.serializers.filmweek import JuryServiceSerializer
from filmweek.coproduction_queries import MATRIX_COUNTRIES

# Jury service


class JuryServiceRowSerializer(JuryServiceSerializer):
    """A published person's seat on the jury of an edition of a published festival."""

    person = PersonLinkSerializer()


# Co-productions


class PairSerializer(serializers.Serializer):
    countries = serializers.ListField(
        child=serializers.CharField(), min_length=2, max_length=2, help_text="ISO 3166 codes."
    )
    films = serializers.IntegerField(help_text="Published films co-produced by the two.")
    films_url = serializers.SerializerMethodField()

    def get_films_url(self, pair) -> str:
        """These films in the API's film list (from `since` on, when given)."""
        params = [*(("country", code) for code in pair["countries"]), ("coproduction", 1)]
        if self.context.get("since"):
            params.append(("year_min", self.context["since"]))
        return f"{reverse('api:film-list', request=self.context['request'])}?{urlencode(params)}"


class SourceSerializer(serializers.Serializer):
    title = serializers.CharField()
    publisher = serializers.CharField()
    url = serializers.CharField(help_text="Its address, when it is online.")
    published_on = serializers.DateField(allow_null=True)


class ReportedFigureSerializer(serializers.Serializer):
    """A co-production figure the organisers of a published film week reported."""

    value = serializers.IntegerField()
    is_lower_bound = serializers.BooleanField(help_text='True: "more than" the value.')
    label = BilingualField("label")
    period = BilingualField("period")
    film_week = FilmWeekLinkSerializer()
    source = SourceSerializer()


class IncentiveSerializer(serializers.Serializer):
    title = BilingualField("title")
    description = BilingualField("description")
    rate_percent = serializers.DecimalField(
        max_digits=5, decimal_places=2, coerce_to_string=False, allow_null=True
    )
    is_approximate = serializers.BooleanField()
    source = SourceSerializer(allow_null=True)


class MadeHereSerializer(FilmLinkSerializer):
    """The film of a FilmLocation (a film made at a production base)."""

    def to_representation(self, location):
        return super().to_representation(location.film)


class ProductionBaseSerializer(serializers.Serializer):
    """A published production base with the first of its published films by title, and its
    incentive policies."""

    slug = serializers.SlugField()
    url = PageField("institution-detail")
    name = BilingualField("name")
    city = BilingualField("city")
    country = CountryField()
    films_count = serializers.IntegerField(help_text="Its published films.")
    films = MadeHereSerializer(
        many=True,
        source="films_shown",
        help_text="The first of them by title; its page lists them all.",
    )
    incentives = IncentiveSerializer(many=True, source="incentives.all")


class ProductionBasePageSerializer(serializers.Serializer):
    """A page of production bases, by name, paged as the lists are (`after`, `before`,
    `limit`)."""

    count = serializers.IntegerField(help_text="How many there are, counted up to 1000.")
    count_is_capped = serializers.BooleanField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = ProductionBaseSerializer(many=True)


class CoproductionsSerializer(serializers.Serializer):
    """Published films made by two or more countries, for the filters given, counted for every
    pair of their production countries; the co-production figures the organisers reported; a
    page of the production bases."""

    coproduced_films = serializers.IntegerField(
        help_text="Published films with two or more production countries matching the filters."
    )
    countries = serializers.IntegerField(help_text="Countries in at least one pair.")
    pairs = PairSerializer(
        many=True,
        help_text=f"The pairs among the {MATRIX_COUNTRIES} countries with the most "
        "co-productions (the page's matrix), the most films first.",
    )
    reported_figures = ReportedFigureSerializer(many=True)
    production_bases = ProductionBasePageSerializer()
