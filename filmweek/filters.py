"""The facets of the public film, people, film week, award and jury lists.

Every value comes from the query string, so anything may arrive. An invalid value gets a message
next to its field and is left out, while the valid ones still apply: `FilterSet.qs` filters with
the form's `cleaned_data`, which holds only the fields that validated. Relations are filtered
with `pk__in` subqueries, so that no join multiplies rows or counts."""

import re

import django_filters
from django import forms
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from alliance.models import Continent, Country, Institution
from core.forms import choice_filters
from core.forms.choices import by_label, named_choices, year_choices
from core.forms.facets import FacetedFilterSet, Grouped
from core.forms.flags import FlagFilter
from core.forms.list_filters import ListFilterSet
from core.forms.widgets import (
    FastCheckboxSelectMultiple,
    FastSearchInput,
    FastSelect,
    FastTextInput,
)
from core.models import YEAR_MAX, YEAR_MIN, active_suffix
from core.search.text import text_filter
from filmweek import queries
from filmweek.models import (
    Ambassador,
    Award,
    Credit,
    CreditRole,
    FestivalEdition,
    Film,
    FilmCountry,
    FilmKind,
    FilmWeek,
    JuryService,
    Language,
    Person,
    Selection,
)

PUBLISHED = queries.PUBLISHED

SEARCH_MAX_LENGTH = 200
SLUG = re.compile(r"[-a-zA-Z0-9_]+")

# The value is not repeated back: it can be a 10 KB string.
INVALID_CHOICE = {"invalid_choice": _("This is not one of the choices.")}

FILM_SORT_CHOICES = [
    ("title", _("Title")),
    ("year", _("Year, oldest first")),
    ("-year", _("Year, newest first")),
    ("newest", _("Recently added")),
]


class YearFilter(django_filters.Filter):
    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", YEAR_MIN)
        kwargs.setdefault("max_value", YEAR_MAX)
        kwargs.setdefault("widget", FastTextInput(attrs={"inputmode": "numeric", "size": 6}))
        super().__init__(*args, **kwargs)


def search_filter(label):
    return django_filters.CharFilter(
        label=label,
        method="search",
        max_length=SEARCH_MAX_LENGTH,
        strip=True,
        widget=FastSearchInput(),
    )


def choice_filter(label, empty_label, **kwargs):
    return choice_filters.ChoiceFilter(
        label=label,
        empty_label=empty_label,
        error_messages=INVALID_CHOICE,
        widget=FastSelect,
        **kwargs,
    )


def country_choices(countries):
    """(code, name) of each country, by name in the reading order of the active language."""
    return by_label((country.code.code, str(country.name)) for country in countries)


def film_week_choices(weeks):
    return [(week.slug, week.dated_name) for week in weeks]


class YearRangeForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        earliest, latest = cleaned.get("year_min"), cleaned.get("year_max")
        if earliest is not None and latest is not None and earliest > latest:
            self.add_error("year_max", _("The latest year comes before the earliest one."))
        return cleaned


class FilmFilter(FacetedFilterSet, ListFilterSet):
    q = search_filter(_("Title"))
    country = choice_filters.MultipleChoiceFilter(
        label=_("Production country"),
        method="filter_country",
        widget=FastCheckboxSelectMultiple,
        error_messages=INVALID_CHOICE,
    )
    continent = choice_filter(_("Continent"), _("Any continent"), method="filter_continent")
    coproduction = FlagFilter(label=_("Co-productions only"), method="filter_coproduction")
    year_min = YearFilter(label=_("From year"), field_name="year", lookup_expr="gte")
    year_max = YearFilter(label=_("To year"), field_name="year", lookup_expr="lte")
    kind = choice_filter(_("Kind"), _("Any kind"), choices=FilmKind.choices)
    language = choice_filter(_("Language"), _("Any language"), method="filter_language")
    film_week = choice_filter(_("Film week"), _("Any film week"), method="filter_film_week")
    awarded = FlagFilter(label=_("Award winners only"), method="filter_awarded")
    sort = choice_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=FILM_SORT_CHOICES,
        empty_label=None,
        widget=FastSelect,
        method="sort_by",
        error_messages=INVALID_CHOICE,
    )

    choice_models = (Film, FilmCountry, Country, Language, Film.languages.through, FilmWeek)
    choices_key = "film-facets"
    facets = {
        "country": Grouped("film_countries__country__code", narrows=True),
        "continent": "film_countries__country__continent",
        "kind": "kind",
        "language": "languages__code",
        "film_week": "selections__film_week__slug",
    }
    flags = {"coproduction": True, "awarded": True}
    count_models = (*choice_models, Selection, Award)

    class Meta:
        form = YearRangeForm

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        recent_weeks = self.filters["film_week"].extra["choices"]
        chosen_week = str(self.data.get("film_week", ""))[:100]
        # Only a slug is looked up: anything else (a NUL, which PostgreSQL refuses) is simply
        # not a choice, and the form says so.
        if SLUG.fullmatch(chosen_week) and chosen_week not in dict(recent_weeks):
            # An older edition, linked from its page: offered too if it is published.
            weeks = queries.published_film_weeks(slug=chosen_week)
            self.set_choices("film_week", recent_weeks + film_week_choices(weeks))

    def read_choices(self):
        """The countries, continents and languages of published films, and the recent film
        weeks."""
        countries = queries.film_countries()
        continents = {country.continent for country in countries}
        languages = queries.film_languages()
        return {
            "country": country_choices(countries),
            "continent": [
                (code, str(label)) for code, label in Continent.choices if code in continents
            ],
            "language": by_label((language.code, language.name) for language in languages),
            "film_week": film_week_choices(queries.published_film_weeks(recent=True)),
        }

    def search(self, queryset, name, value):
        return text_filter(queryset, value)

    def filter_country(self, queryset, name, value: list[str]):
        """Films made by every country given: country=CN&country=RU are Chinese-Russian
        co-productions, as the co-production matrix links them."""
        for code in value:
            films = FilmCountry.objects.filter(country__code=code).values("film")
            queryset = queryset.filter(pk__in=films)
        return queryset

    def filter_continent(self, queryset, name, value: str):
        films = FilmCountry.objects.filter(country__continent=value).values("film")
        return queryset.filter(pk__in=films)

    def filter_coproduction(self, queryset, name, value: bool):
        if not value:
            return queryset
        return queryset.annotate(country_count=Count("film_countries", distinct=True)).filter(
            country_count__gte=2
        )

    def filter_language(self, queryset, name, value: str):
        films = Film.languages.through.objects.filter(language__code=value).values("film")
        return queryset.filter(pk__in=films)

    def filter_film_week(self, queryset, name, value: str):
        films = Selection.objects.filter(film_week__slug=value, film_week__status=PUBLISHED).values(
            "film"
        )
        return queryset.filter(pk__in=films)

    def filter_awarded(self, queryset, name, value: bool):
        if not value:
            return queryset
        return queryset.filter(pk__in=Award.objects.filter(result=Award.Result.WON).values("film"))

    def sort_by(self, queryset, name, value):
        return queryset  # the order is the page's keyset: see sort_keys

    def sort_keys(self):
        """The keyset order chosen with `sort` (by title when it is missing or invalid)."""
        self.is_valid()  # validates the form once; an invalid sort is left out of cleaned_data
        return queries.film_order(self.form.cleaned_data.get("sort") or "title")


class PersonFilter(FacetedFilterSet, ListFilterSet):
    q = search_filter(_("Name"))
    country = choice_filter(_("Country"), _("Any country"), field_name="country__code")
    role = choice_filter(
        _("Credited as"), _("Any role"), choices=CreditRole.choices, method="filter_role"
    )
    ambassador = FlagFilter(label=_("Film week ambassadors"), method="filter_ambassador")
    juror = FlagFilter(label=_("Jurors"), method="filter_juror")

    choice_models = (Person, Country)
    choices_key = "person-countries"
    facets = {
        "country": "country__code",
        "role": Grouped("credits__role", where=Q(credits__film__status=PUBLISHED)),
    }
    flags = {"ambassador": True, "juror": True}
    count_models = (*choice_models, Credit, Film, Ambassador, FilmWeek, JuryService)
    count_models += (FestivalEdition, Institution)

    def read_choices(self):
        return {"country": country_choices(queries.person_countries())}

    def search(self, queryset, name, value):
        return text_filter(queryset, value)

    def filter_role(self, queryset, name, value):
        people = Credit.objects.filter(role=value, film__status=PUBLISHED).values("person")
        return queryset.filter(pk__in=people)

    def filter_ambassador(self, queryset, name, value: bool):
        if not value:
            return queryset
        people = Ambassador.objects.filter(film_week__status=PUBLISHED).values("person")
        return queryset.filter(pk__in=people)

    def filter_juror(self, queryset, name, value: bool):
        if not value:
            return queryset
        people = JuryService.objects.filter(festival_edition__institution__status=PUBLISHED).values(
            "person"
        )
        return queryset.filter(pk__in=people)


class FilmWeekFilter(FacetedFilterSet, ListFilterSet):
    organiser = choice_filter(_("Organiser"), _("Any organiser"), field_name="organiser__slug")
    year = choice_filter(_("Year"), _("Any year"), field_name="year")

    choice_models = (FilmWeek, Institution)
    choices_key = "film-week-choices"
    facets = {"organiser": "organiser__slug", "year": "year"}
    count_models = choice_models
    row_limit = None  # 3 ms a facet over the generated catalog's 3,334 film weeks

    def read_choices(self):
        return {
            "organiser": named_choices(queries.film_week_organisers()),
            "year": year_choices(queries.film_week_years()),
        }


class CoproductionFilterForm(forms.Form):
    """The co-productions page's filters of the country pairs (the API's /co-productions/
    too)."""

    group = forms.ChoiceField(
        label=_("Country group"),
        required=False,
        error_messages={"invalid_choice": _("Choose one of the listed country groups.")},
    )
    since = forms.IntegerField(
        label=_("Films from the year"), required=False, min_value=YEAR_MIN, max_value=YEAR_MAX
    )

    def __init__(self, data, *, groups):
        super().__init__(data)
        self.fields["group"].choices = [("", _("All countries"))] + [
            (group.slug, group.name) for group in groups
        ]

    def filters(self):
        """The valid filters only: an invalid value is reported beside its field and ignored."""
        self.is_valid()
        for name in self.errors:
            # The template puts each error in an element of this id, beside its field.
            self.fields[name].widget.attrs["aria-describedby"] = f"{self[name].auto_id}_error"
        return {
            "group_slug": self.cleaned_data.get("group") or None,
            "since": self.cleaned_data.get("since"),
        }


class AwardFilter(ListFilterSet):
    body = choice_filter(_("Award body"), _("Any award body"), field_name="body__slug")
    year = choice_filter(_("Year"), _("Any year"), field_name="year")
    category = choice_filter(_("Category"), _("Any category"), field_name="category_en")
    result = choice_filter(_("Result"), _("Any result"), choices=Award.Result.choices)
    country = choice_filter(_("Country"), _("Any country"), method="filter_country")

    choice_models = (Award, Institution, Person, Film, FilmCountry, Country)
    choices_key = "award-choices"

    def read_choices(self):
        chinese = active_suffix() == "zh"
        categories = {
            english: (chinese and chinese_name) or english
            for english, chinese_name in queries.award_categories()
        }
        return {
            "body": named_choices(queries.award_bodies()),
            "year": year_choices(queries.award_years()),
            "category": by_label(categories.items()),
            "country": country_choices(queries.award_countries()),
        }

    def filter_country(self, queryset, name, value: str):
        """Awards of a published person of the country, or of a published film it produced
        (a draft's country is not to be guessed from the list)."""
        films = FilmCountry.objects.filter(country__code=value, film__status=PUBLISHED)
        return queryset.filter(
            Q(person__country__code=value, person__status=PUBLISHED)
            | Q(film__in=films.values("film"))
        )


class JuryServiceFilter(ListFilterSet):
    """Jury service: the juries page's and the API's."""

    festival = choice_filter(
        _("Festival"), _("Any festival"), field_name="festival_edition__institution__slug"
    )
    year = choice_filter(_("Year"), _("Any year"), field_name="festival_edition__year")
    recommended_by = choice_filter(
        _("Recommended by"), _("Any member"), field_name="recommended_by__slug"
    )
    country = choice_filter(
        _("Juror's country"), _("Any country"), field_name="person__country__code"
    )

    choice_models = (JuryService, Person, FestivalEdition, Institution, Country)
    choices_key = "jury-service-choices"

    def read_choices(self):
        return {
            "festival": named_choices(queries.jury_festivals()),
            "year": year_choices(queries.jury_years()),
            "recommended_by": named_choices(queries.jury_recommenders()),
            "country": country_choices(queries.jury_countries()),
        }
