from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce, NullIf
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext, pgettext_lazy

from alliance.models import (
    Alliance,
    Country,
    FestivalEdition,
    Institution,
    InstitutionKind,
    Source,
    edition_name,
)
from core.models import (
    SEARCH_COLUMNS,
    Aliased,
    Bilingual,
    DatePrecision,
    ImageWithSizes,
    Publishable,
    Searchable,
    Versioned,
    active_suffix,
    catalog_history,
    format_partial_date,
    normalise_partial_date,
    positive,
    related_text,
    year_in_range,
    year_validators,
)


class Language(Versioned):
    """A spoken language of films, by ISO 639 code."""

    code = models.CharField(_("code"), max_length=8, unique=True)
    name = Bilingual(
        models.CharField, _("name (English)"), _("name (Chinese)"), max_length=80, required=True
    )

    history = catalog_history()

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("language")
        verbose_name_plural = _("languages")

    def __str__(self):
        return self.name_en


class Person(Versioned, Publishable, Aliased, Searchable):
    slug = models.SlugField(_("slug"), unique=True, max_length=120)
    name = Bilingual(
        models.CharField, _("name (English)"), _("name (Chinese)"), max_length=200, required=True
    )
    name_original = models.CharField(
        _("name in its own script"), max_length=200, blank=True, help_text=_("e.g. Алёна Свиридова")
    )
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("country"),
    )
    photo = ImageWithSizes(
        _("photo"), upload_to="people/", thumbnail_upload_to="people/thumbnails/"
    )
    bio = Bilingual(models.TextField, _("biography (English)"), _("biography (Chinese)"))
    career_start_year = models.PositiveSmallIntegerField(
        _("career began in"), null=True, blank=True, validators=year_validators
    )

    history = catalog_history(*SEARCH_COLUMNS)

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            *Publishable.Meta.constraints,
            *Aliased.Meta.constraints,
            models.CheckConstraint(
                condition=year_in_range("career_start_year"), name="person_career_year_in_range"
            ),
        ]
        # The people list's keyset order: any page is read down this index.
        indexes = [
            models.Index(F("name_en"), F("id"), name="person_name", condition=Q(status="published"))
        ]

    def __str__(self):
        return self.name_en

    def get_absolute_url(self):
        return reverse("person-detail", kwargs={"slug": self.slug})

    def search_texts(self):
        return self.name_en, self.name_zh, self.name_original, *self.alias_list


class Position(Versioned):
    """A post a person holds at an institution (CEO of Qingdao Oriental Film Metropolis)."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="positions", verbose_name=_("person")
    )
    institution = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        related_name="positions",
        verbose_name=_("institution"),
    )
    title = Bilingual(
        models.CharField, _("title (English)"), _("title (Chinese)"), max_length=200, required=True
    )

    history = catalog_history()

    class Meta:
        ordering = ["person", "institution"]
        verbose_name = pgettext_lazy("post held at an institution", "position")
        verbose_name_plural = pgettext_lazy("post held at an institution", "positions")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "institution", "title_en"], name="position_unique"
            )
        ]

    def __str__(self):
        person, institution = related_text(self, "person"), related_text(self, "institution")
        return f"{person}, {self.title_en}, {institution}"


class FilmKind(models.TextChoices):
    FEATURE = "feature", _("Feature")
    DOCUMENTARY = "documentary", _("Documentary")
    SHORT = "short", _("Short")
    ANIMATION = "animation", _("Animation")
    TV_SERIES = "tv_series", _("TV series")


# The film list's sort keys (filmweek.queries.FILM_SORTS). Film.Meta's partial indexes are built
# on the same expressions, so that every page of every order is an index scan.
NO_YEAR_LAST, NO_YEAR_FIRST = 32767, -1


def film_title_sort(suffix):
    """The title a film is listed under in a language ("en" or "zh"): that language's title,
    else the other's, else the original (never NULL)."""
    other = "zh" if suffix == "en" else "en"
    return Coalesce(
        NullIf(F(f"title_{suffix}"), Value("")),
        NullIf(F(f"title_{other}"), Value("")),
        F("title_original"),
    )


def display_title(title_en, title_zh, title_original):
    """The title a film is shown under in the active language, as film_title_sort lists it."""
    first = title_zh if active_suffix() == "zh" else title_en
    return first or title_en or title_zh or title_original


def film_sort_indexes():
    published = Q(status="published")
    indexes = [
        models.Index(
            F("created_at").desc(), F("id").desc(), name="film_newest", condition=published
        )
    ]
    for suffix in ("en", "zh"):
        title = film_title_sort(suffix)
        indexes += [
            # The list's default order also holds what the page's rows read and its most used
            # filters test, so that PostgreSQL answers from the index alone (an index-only scan:
            # 0.145 -> 0.026 ms for 50 films of a kind and years at 100k films). The card's
            # poster too: FILM_CARD_FIELDS.
            models.Index(
                title,
                F("id"),
                name=f"film_title_{suffix}",
                condition=published,
                include=[
                    "title_en",
                    "title_zh",
                    "title_original",
                    "year",
                    "kind",
                    "poster",
                    "poster_thumbnail",
                    "poster_width",
                    "poster_thumbnail_width",
                ],
            ),
            models.Index(
                Coalesce("year", Value(NO_YEAR_LAST)),
                title,
                F("id"),
                name=f"film_year_title_{suffix}",
                condition=published,
            ),
            models.Index(
                Coalesce("year", Value(NO_YEAR_FIRST)).desc(),
                title,
                F("id"),
                name=f"film_year_desc_title_{suffix}",
                condition=published,
            ),
        ]
    return indexes


class Film(Versioned, Publishable, Aliased, Searchable):
    slug = models.SlugField(_("slug"), unique=True, max_length=120)
    title_original = models.CharField(_("original title"), max_length=300)
    title_en = models.CharField(_("English title"), max_length=300, blank=True)
    title_zh = models.CharField(_("Chinese title"), max_length=300, blank=True)
    year = models.PositiveSmallIntegerField(
        _("year"), null=True, blank=True, validators=year_validators
    )
    kind = models.CharField(
        _("kind"), max_length=12, choices=FilmKind.choices, default=FilmKind.FEATURE
    )
    genre = Bilingual(models.CharField, _("genre (English)"), _("genre (Chinese)"), max_length=100)
    runtime_minutes = models.PositiveSmallIntegerField(
        _("runtime (minutes)"), null=True, blank=True
    )
    released_on = models.DateField(_("first released on"), null=True, blank=True)
    released_precision = models.CharField(
        _("release date known to"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    release_note = Bilingual(
        models.CharField, _("release note (English)"), _("release note (Chinese)"), max_length=200
    )
    synopsis = Bilingual(models.TextField, _("synopsis (English)"), _("synopsis (Chinese)"))
    poster = ImageWithSizes(
        _("poster"), upload_to="posters/", thumbnail_upload_to="posters/thumbnails/"
    )
    poster_is_sample = models.BooleanField(
        _("placeholder poster"),
        default=False,
        help_text=_(
            "A poster the demo loader drew to show the site's features; manage.py "
            "remove_sample_data deletes it."
        ),
    )
    languages = models.ManyToManyField(
        Language, blank=True, related_name="films", verbose_name=_("languages")
    )
    countries = models.ManyToManyField(
        Country,
        through="FilmCountry",
        related_name="films",
        blank=True,
        verbose_name=_("production countries"),
    )

    history = catalog_history(*SEARCH_COLUMNS)

    class Meta:
        ordering = ["title_en", "title_original"]
        verbose_name = _("film")
        verbose_name_plural = _("films")
        constraints = [
            *Publishable.Meta.constraints,
            *Aliased.Meta.constraints,
            models.CheckConstraint(condition=year_in_range("year"), name="film_year_in_range"),
            models.CheckConstraint(
                condition=positive("runtime_minutes"), name="film_runtime_positive"
            ),
            models.CheckConstraint(condition=Q(kind__in=FilmKind.values), name="film_kind_valid"),
            models.CheckConstraint(
                condition=Q(poster_is_sample=False) | ~Q(poster=""),
                name="film_sample_poster_has_poster",
            ),
        ]
        indexes = film_sort_indexes()

    def __str__(self):
        return (
            f"{self.title_en or self.title_original} ({self.year})"
            if self.year
            else (self.title_en or self.title_original)
        )

    @property
    def title(self):
        return display_title(self.title_en, self.title_zh, self.title_original)

    @property
    def released_display(self):
        return format_partial_date(self.released_on, self.released_precision)

    def get_absolute_url(self):
        return reverse("film-detail", kwargs={"slug": self.slug})

    def search_texts(self):
        return self.title_original, self.title_en, self.title_zh, *self.alias_list

    def clean(self):
        super().clean()
        if self.released_on:
            self.released_on = normalise_partial_date(self.released_on, self.released_precision)
        if not self.poster:
            self.poster_is_sample = False  # no poster, no placeholder: the constraint's rule


class FilmCountry(Versioned):
    """A production country of a film; two or more make a co-production."""

    class Role(models.TextChoices):
        SOLE = "sole", _("Sole producer")
        MAJORITY = "majority", _("Majority partner")
        MINORITY = "minority", _("Minority partner")
        PARTNER = "partner", _("Co-producer")

    film = models.ForeignKey(
        Film, on_delete=models.CASCADE, related_name="film_countries", verbose_name=_("film")
    )
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="film_countries", verbose_name=_("country")
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.PARTNER)
    position = models.PositiveSmallIntegerField(_("position"), default=1)

    history = catalog_history()

    class Meta:
        ordering = ["film", "position"]
        verbose_name = _("production country")
        verbose_name_plural = _("production countries")
        constraints = [
            models.UniqueConstraint(fields=["film", "country"], name="film_country_unique"),
            models.CheckConstraint(
                condition=Q(role__in=["sole", "majority", "minority", "partner"]),
                name="film_country_role_valid",
            ),
        ]

    def __str__(self):
        film, country = related_text(self, "film"), related_text(self, "country")
        return f"{film}: {country} ({self.get_role_display()})"


class CreditRole(models.TextChoices):
    DIRECTOR = "director", _("Director")
    WRITER = "writer", _("Writer")
    CAST = "cast", _("Cast")
    PRODUCER = "producer", _("Producer")
    CINEMATOGRAPHER = "cinematographer", _("Cinematographer")
    EDITOR = "editor", _("Editor")
    COMPOSER = "composer", _("Composer")
    THEME_SONG = "theme_song", _("Theme song performer")
    SET_DECORATOR = "set_decorator", _("Set decorator")
    OTHER = "other", _("Other")


class Credit(Versioned):
    film = models.ForeignKey(
        Film, on_delete=models.CASCADE, related_name="credits", verbose_name=_("film")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="credits", verbose_name=_("person")
    )
    role = models.CharField(_("role"), max_length=20, choices=CreditRole.choices)
    character = Bilingual(
        models.CharField, _("character (English)"), _("character (Chinese)"), max_length=200
    )
    order = models.PositiveSmallIntegerField(_("order"), default=1)

    history = catalog_history()

    class Meta:
        ordering = ["film", "role", "order"]
        verbose_name = _("credit")
        verbose_name_plural = _("credits")
        constraints = [
            models.UniqueConstraint(
                fields=["film", "person", "role", "character_en"], name="credit_unique"
            ),
            models.CheckConstraint(
                condition=Q(role__in=CreditRole.values), name="credit_role_valid"
            ),
            models.CheckConstraint(
                condition=Q(role="cast") | (Q(character_en="") & Q(character_zh="")),
                name="credit_character_only_for_cast",
            ),
        ]

    def __str__(self):
        person, film = related_text(self, "person"), related_text(self, "film")
        return f"{person} — {self.get_role_display()} — {film}"

    def clean(self):
        if self.role != CreditRole.CAST and (self.character_en or self.character_zh):
            raise ValidationError({"character_en": _("Only cast credits name a character.")})


class Award(Versioned):
    class Result(models.TextChoices):
        WON = "won", _("Won")
        NOMINATED = "nominated", _("Nominated")
        SPECIAL_MENTION = "mention", _("Special mention")

    # What a mention of an award shows beside its body, film or person (film, person and
    # institution pages).
    mention_fields = ("edition_number", "year", "category_en", "category_zh", "result")

    body = models.ForeignKey(
        Institution, on_delete=models.PROTECT, related_name="awards_given", verbose_name=_("body")
    )
    edition_number = models.PositiveSmallIntegerField(_("edition number"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), validators=year_validators)
    category = Bilingual(
        models.CharField,
        _("category (English)"),
        _("category (Chinese)"),
        max_length=200,
        required=True,
    )
    result = models.CharField(
        _("result"), max_length=10, choices=Result.choices, default=Result.WON
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="awards",
        verbose_name=_("person"),
    )
    film = models.ForeignKey(
        Film,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="awards",
        verbose_name=_("film"),
    )

    history = catalog_history()

    class Meta:
        ordering = ["-year", "body__name_en", "category_en"]
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False) | Q(film__isnull=False),
                name="award_names_person_or_film",
            ),
            models.CheckConstraint(
                condition=positive("edition_number"), name="award_edition_positive"
            ),
            models.CheckConstraint(condition=year_in_range("year"), name="award_year_in_range"),
            models.CheckConstraint(
                condition=Q(result__in=["won", "nominated", "mention"]), name="award_result_valid"
            ),
        ]

    def __str__(self):
        return f"{self.category_en}, {self.edition_title_en} ({self.year})"

    @property
    def edition_title_en(self):
        return edition_name(self.edition_number, related_text(self, "body"), "en")

    @property
    def edition_title(self):
        return edition_name(self.edition_number, self.body.name)

    @property
    def edition_key(self):
        """The same for every award of one edition of a body (the awards page groups by it)."""
        return self.body_id, self.edition_number, self.year

    def clean(self):
        if not self.person_id and not self.film_id:
            # Keyed to a field so that full_clean() does not also report the same constraint.
            raise ValidationError({"person": _("An award names a person, a film, or both.")})
        if self.edition_number is not None and self.edition_number < 1:
            raise ValidationError({"edition_number": _("Edition numbers start at 1.")})


class FilmWeek(Versioned, Publishable, Searchable):
    """One edition of a film week (the Belt and Road Film Week of the 25th SIFF)."""

    slug = models.SlugField(_("slug"), unique=True, max_length=120)
    name = Bilingual(
        models.CharField, _("name (English)"), _("name (Chinese)"), max_length=200, required=True
    )
    organiser = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        related_name="film_weeks_organised",
        verbose_name=_("organiser"),
    )
    alliance = models.ForeignKey(
        Alliance,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="film_weeks",
        verbose_name=_("alliance"),
    )
    festival_edition = models.ForeignKey(
        FestivalEdition,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="film_weeks",
        help_text=_("The festival edition the film week is part of, if any."),
        verbose_name=_("festival edition"),
    )
    edition_number = models.PositiveSmallIntegerField(_("edition number"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), validators=year_validators)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    city = Bilingual(models.CharField, _("city (English)"), _("city (Chinese)"), max_length=100)
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="film_weeks",
        verbose_name=_("country"),
    )
    theme = Bilingual(models.CharField, _("theme (English)"), _("theme (Chinese)"), max_length=200)
    description = Bilingual(
        models.TextField, _("description (English)"), _("description (Chinese)")
    )
    poster = ImageWithSizes(_("poster"), upload_to="film-weeks/")
    poster_caption = Bilingual(
        models.CharField,
        _("poster caption (English)"),
        _("poster caption (Chinese)"),
        max_length=200,
    )
    films = models.ManyToManyField(
        Film, through="Selection", related_name="film_weeks", blank=True, verbose_name=_("films")
    )

    history = catalog_history(*SEARCH_COLUMNS)

    class Meta:
        ordering = ["-year", "name_en"]
        verbose_name = _("film week")
        verbose_name_plural = _("film weeks")
        # The latest editions first, as the lists and the film list's choices read them.
        indexes = [
            models.Index(
                F("year").desc(),
                F("name_en"),
                F("id"),
                name="film_week_recent",
                condition=Q(status="published"),
            )
        ]
        constraints = [
            *Publishable.Meta.constraints,
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="film_week_ends_on_or_after_start",
            ),
            models.CheckConstraint(
                condition=positive("edition_number"), name="film_week_edition_positive"
            ),
            models.CheckConstraint(condition=year_in_range("year"), name="film_week_year_in_range"),
            models.UniqueConstraint(
                fields=["organiser", "name_en", "year"], name="film_week_unique_per_year"
            ),
        ]

    def __str__(self):
        return f"{self.name_en} {self.year}"

    @property
    def dated_name(self):
        """The name with the year, in the order of the active language (Chinese puts the year
        first: "2023年“一带一路”电影周")."""
        return pgettext("film week name and year", "%(name)s %(year)s") % {
            "name": self.name,
            "year": self.year,
        }

    def get_absolute_url(self):
        return reverse("film-week-detail", kwargs={"slug": self.slug})

    def search_texts(self):
        # The year joins each name so that "film week 2023" finds the 2023 edition.
        return (
            f"{self.name_en} {self.year}",
            f"{self.name_zh} {self.year}" if self.name_zh else "",
            self.theme_en,
            self.theme_zh,
        )

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("A film week ends on or after the day it starts.")})
        if self.edition_number is not None and self.edition_number < 1:
            raise ValidationError({"edition_number": _("Edition numbers start at 1.")})


class Ambassador(Versioned):
    film_week = models.ForeignKey(
        FilmWeek, on_delete=models.CASCADE, related_name="ambassadors", verbose_name=_("film week")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="ambassador_roles", verbose_name=_("person")
    )
    role = Bilingual(
        models.CharField,
        _("role (English)"),
        _("role (Chinese)"),
        max_length=120,
        required=True,
        en={"default": "Promotion Ambassador"},
    )
    order = models.PositiveSmallIntegerField(_("order"), default=1)

    history = catalog_history()

    class Meta:
        ordering = ["film_week", "order"]
        verbose_name = _("ambassador")
        verbose_name_plural = _("ambassadors")
        constraints = [
            models.UniqueConstraint(fields=["film_week", "person"], name="ambassador_unique")
        ]

    def __str__(self):
        person, film_week = related_text(self, "person"), related_text(self, "film_week")
        return f"{person}, {self.role_en}, {film_week}"


class ActivityKind(models.TextChoices):
    SCREENING_PROGRAMME = "screenings", _("Screening programme")
    FORUM = "forum", _("Forum")
    INDUSTRY_DIALOGUE = "dialogue", _("Industry dialogue")
    MARKET_PROMOTION = "market", _("Market promotion")
    CEREMONY = "ceremony", _("Ceremony")


class Activity(Versioned):
    film_week = models.ForeignKey(
        FilmWeek, on_delete=models.CASCADE, related_name="activities", verbose_name=_("film week")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=ActivityKind.choices)
    title = Bilingual(
        models.CharField, _("title (English)"), _("title (Chinese)"), max_length=200, required=True
    )
    description = Bilingual(
        models.TextField, _("description (English)"), _("description (Chinese)")
    )
    held_on = models.DateField(_("held on"), null=True, blank=True)
    participants = models.ManyToManyField(
        Person,
        through="Participation",
        related_name="activities",
        blank=True,
        verbose_name=_("participants"),
    )

    history = catalog_history()

    class Meta:
        ordering = ["film_week", "held_on", "kind", "title_en"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            models.UniqueConstraint(fields=["film_week", "title_en"], name="activity_unique_title"),
            models.CheckConstraint(
                condition=Q(kind__in=ActivityKind.values), name="activity_kind_valid"
            ),
        ]

    def __str__(self):
        return f"{self.title_en} ({related_text(self, 'film_week')})"


class Participation(Versioned):
    """A person taking part in an activity (a singer performing at an opening ceremony)."""

    activity = models.ForeignKey(
        Activity,
        on_delete=models.CASCADE,
        related_name="participations",
        verbose_name=_("activity"),
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="participations", verbose_name=_("person")
    )
    role = Bilingual(models.CharField, _("role (English)"), _("role (Chinese)"), max_length=200)

    history = catalog_history()

    class Meta:
        ordering = ["activity", "person__name_en"]
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(fields=["activity", "person"], name="participation_unique")
        ]

    def __str__(self):
        return f"{related_text(self, 'person')} at {related_text(self, 'activity')}"


class Selection(Versioned):
    film = models.ForeignKey(
        Film, on_delete=models.PROTECT, related_name="selections", verbose_name=_("film")
    )
    film_week = models.ForeignKey(
        FilmWeek, on_delete=models.CASCADE, related_name="selections", verbose_name=_("film week")
    )
    section = Bilingual(
        models.CharField, _("section (English)"), _("section (Chinese)"), max_length=120
    )

    history = catalog_history()

    class Meta:
        ordering = ["film_week", "film__title_en"]
        verbose_name = _("selection")
        verbose_name_plural = _("selections")
        constraints = [
            models.UniqueConstraint(fields=["film", "film_week"], name="selection_unique")
        ]

    def __str__(self):
        return f"{related_text(self, 'film')} in {related_text(self, 'film_week')}"


class ReportedFigure(Versioned):
    """A figure a film week's organisers reported (87 films screened over five years)."""

    film_week = models.ForeignKey(
        FilmWeek, on_delete=models.CASCADE, related_name="figures", verbose_name=_("film week")
    )
    label = Bilingual(
        models.CharField,
        _("what was counted (English)"),
        _("what was counted (Chinese)"),
        max_length=200,
        required=True,
    )
    value = models.PositiveIntegerField(_("value"))
    is_lower_bound = models.BooleanField(_('"more than"'), default=False)
    period = Bilingual(
        models.CharField, _("period (English)"), _("period (Chinese)"), max_length=120
    )
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="figures", verbose_name=_("source")
    )

    history = catalog_history()

    class Meta:
        ordering = ["film_week", "label_en"]
        verbose_name = _("reported figure")
        verbose_name_plural = _("reported figures")
        constraints = [
            models.UniqueConstraint(fields=["film_week", "label_en"], name="figure_unique_label")
        ]

    def __str__(self):
        more = "more than " if self.is_lower_bound else ""
        return f"{more}{self.value} {self.label_en}"


class Quote(Versioned):
    """Something a person said, as reported by a source."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="quotes", verbose_name=_("person")
    )
    film_week = models.ForeignKey(
        FilmWeek,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="quotes",
        verbose_name=_("film week"),
    )
    text = Bilingual(
        models.TextField,
        _("text (English)"),
        _("text (Chinese translation)"),
        required=True,
        zh={"help_text": _("Shown below the original on Chinese pages, marked as a translation.")},
    )
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="quotes", verbose_name=_("source")
    )

    history = catalog_history()

    class Meta:
        ordering = ["person", "pk"]
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")

    def __str__(self):
        return f"{related_text(self, 'person')}: {self.text_en[:60]}"

    @property
    def translation(self):
        """The Chinese translation, on Chinese pages only: shown below the original (English)."""
        return self.text_zh if active_suffix() == "zh" and self.text_zh != self.text_en else ""


class JuryService(Versioned):
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="jury_services", verbose_name=_("person")
    )
    festival_edition = models.ForeignKey(
        FestivalEdition,
        on_delete=models.PROTECT,
        related_name="jurors",
        verbose_name=_("festival edition"),
    )
    section = Bilingual(
        models.CharField, _("section (English)"), _("section (Chinese)"), max_length=120
    )
    is_president = models.BooleanField(_("jury president"), default=False)
    recommended_by = models.ForeignKey(
        Institution,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="jurors_recommended",
        verbose_name=_("recommended by"),
    )
    note = Bilingual(models.TextField, _("note (English)"), _("note (Chinese)"))

    history = catalog_history()

    class Meta:
        ordering = ["-festival_edition__year", "person__name_en"]
        verbose_name = _("jury service")
        verbose_name_plural = _("jury services")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "festival_edition", "section_en"], name="jury_service_unique"
            )
        ]

    def __str__(self):
        person, edition = related_text(self, "person"), related_text(self, "festival_edition")
        return f"{person}, jury, {edition}"


def _must_be_production_base(institution, field):
    if institution is not None and institution.kind != InstitutionKind.PRODUCTION_BASE:
        raise ValidationError(
            {field: _("Choose an institution of the kind studio / production base.")}
        )


class FilmLocation(Versioned):
    """A film made at a production base (Wandering Earth 2 at Qingdao Oriental Film Metropolis)."""

    film = models.ForeignKey(
        Film, on_delete=models.CASCADE, related_name="locations", verbose_name=_("film")
    )
    base = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        related_name="films_made",
        verbose_name=_("production base"),
    )

    history = catalog_history()

    class Meta:
        ordering = ["base", "film__title_en"]
        verbose_name = _("film made at a production base")
        verbose_name_plural = _("films made at production bases")
        constraints = [
            models.UniqueConstraint(fields=["film", "base"], name="film_location_unique")
        ]

    def __str__(self):
        return f"{related_text(self, 'film')} at {related_text(self, 'base')}"

    def clean(self):
        _must_be_production_base(self.base if self.base_id else None, "base")


class IncentivePolicy(Versioned):
    base = models.ForeignKey(
        Institution,
        on_delete=models.CASCADE,
        related_name="incentives",
        verbose_name=_("production base"),
    )
    title = Bilingual(
        models.CharField, _("title (English)"), _("title (Chinese)"), max_length=200, required=True
    )
    description = Bilingual(
        models.TextField, _("description (English)"), _("description (Chinese)")
    )
    rate_percent = models.DecimalField(
        _("rate (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    is_approximate = models.BooleanField(_("approximate rate"), default=False)
    source = models.ForeignKey(
        Source,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="incentives",
        verbose_name=_("source"),
    )

    history = catalog_history()

    class Meta:
        ordering = ["base", "title_en"]
        verbose_name = _("incentive policy")
        verbose_name_plural = _("incentive policies")
        constraints = [
            models.UniqueConstraint(fields=["base", "title_en"], name="incentive_unique_title"),
            models.CheckConstraint(
                condition=Q(rate_percent__isnull=True)
                | Q(rate_percent__gt=0, rate_percent__lte=100),
                name="incentive_rate_is_a_percentage",
            ),
        ]

    def __str__(self):
        return f"{self.title_en} ({related_text(self, 'base')})"

    def clean(self):
        _must_be_production_base(self.base if self.base_id else None, "base")
        if self.rate_percent is not None and not 0 < self.rate_percent <= 100:
            raise ValidationError({"rate_percent": _("A rate lies between 0 and 100 percent.")})
