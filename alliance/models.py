import datetime
import functools
import secrets
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.fields import CountryField

from core.models import (
    SEARCH_COLUMNS,
    Aliased,
    Bilingual,
    CheckedImageField,
    DatePrecision,
    ImageWithSizes,
    Publishable,
    Searchable,
    Versioned,
    active_suffix,
    catalog_history,
    format_partial_date,
    in_language,
    last_ended_by,
    normalise_partial_date,
    period_end,
    positive,
    related_text,
    year_in_range,
    year_validators,
)
from core.uploads import logo_upload_to


def edition_name(number, name, language_suffix=None):
    """ "45th Moscow International Film Festival" / "第45届莫斯科国际电影节"."""
    if not number:
        return name
    if (language_suffix or active_suffix()) == "zh":
        return f"第{number}届{name}"
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix} {name}"


class Continent(models.TextChoices):
    AFRICA = "AF", _("Africa")
    ASIA = "AS", _("Asia")
    EUROPE = "EU", _("Europe")
    NORTH_AMERICA = "NA", _("North America")
    SOUTH_AMERICA = "SA", _("South America")
    OCEANIA = "OC", _("Oceania")
    ANTARCTICA = "AN", _("Antarctica")


@functools.cache
def _country_names(language):
    return {code: str(name) for code, name in countries}


def country_names():
    """{ISO code: name} in the active language, read once per language and process (the names
    come with django-countries, not from the database: 2 µs a name instead of 13)."""
    return _country_names(get_language())


class Country(Versioned):
    """An ISO 3166 country; its name in every language comes from django-countries."""

    code = CountryField(_("country"), unique=True)
    continent = models.CharField(_("continent"), max_length=2, choices=Continent.choices)
    region = models.CharField(_("region"), max_length=80, blank=True)

    history = catalog_history()

    class Meta:
        ordering = ["code"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        constraints = [
            models.CheckConstraint(
                condition=Q(continent__in=Continent.values), name="country_continent_valid"
            )
        ]

    def __str__(self):
        return str(self.code.name)

    @property
    def name(self):
        return country_names().get(self.code.code, "")


class CountryGroup(Versioned):
    """A named set of countries, such as the SCO member states."""

    slug = models.SlugField(_("slug"), unique=True, max_length=80)
    name = Bilingual(
        models.CharField, _("name (English)"), _("name (Chinese)"), max_length=200, required=True
    )
    description = Bilingual(
        models.TextField, _("description (English)"), _("description (Chinese)")
    )
    countries = models.ManyToManyField(
        Country, related_name="groups", blank=True, verbose_name=_("countries")
    )

    history = catalog_history()

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("country group")
        verbose_name_plural = _("country groups")

    def __str__(self):
        return self.name_en


class Source(Versioned):
    """A published text that reported a fact, cited beside the figures taken from it."""

    title = models.CharField(_("title"), max_length=300)
    title_zh = models.CharField(
        _("title (Chinese translation)"),
        max_length=300,
        blank=True,
        help_text=_("Shown beside the original title on Chinese pages, marked as a translation."),
    )
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    publisher_zh = models.CharField(_("publisher (Chinese)"), max_length=200, blank=True)
    url = models.URLField(_("address"), blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)

    history = catalog_history()

    class Meta:
        ordering = ["-published_on", "title"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        constraints = [models.UniqueConstraint(fields=["title"], name="source_title_unique")]

    def __str__(self):
        return self.title

    @property
    def title_translation(self):
        """The Chinese translation of the title, on Chinese pages only (beside the original)."""
        return self.title_zh if active_suffix() == "zh" and self.title_zh != self.title else ""

    @property
    def publisher_name(self):
        return in_language(self.publisher, self.publisher_zh)


MAX_SOCIAL_LINKS = 8


def _lines(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def validate_social_links(value):
    """One http(s) address per line, at most MAX_SOCIAL_LINKS."""
    lines = _lines(value)
    if len(lines) > MAX_SOCIAL_LINKS:
        raise ValidationError(
            _("Give at most %(count)d addresses.") % {"count": MAX_SOCIAL_LINKS}, code="too_many"
        )
    check = URLValidator(schemes=["http", "https"])
    for line in lines:
        try:
            check(line)
        except ValidationError:
            raise ValidationError(
                _("“%(line)s” is not a web address starting with https://.") % {"line": line[:80]},
                code="invalid",
            ) from None


def social_link_list(text):
    """[(address, host)] of a social links text, for links labelled by their site."""
    return [(line, urlsplit(line).hostname or line) for line in _lines(text)]


class InstitutionKind(models.TextChoices):
    FESTIVAL = "festival", _("Film festival")
    FILM_INSTITUTION = "institution", _("Film institution")
    ARCHIVE = "archive", _("Film archive")
    PRODUCTION_BASE = "production_base", _("Studio / production base")
    AGENCY = "agency", _("Agency")
    AWARD_BODY = "award_body", _("Award body")
    MEDIA = "media", _("Media organisation")
    GOVERNMENT = "government", _("Government body")
    INTERNATIONAL = "international", _("International organisation")


class Institution(Versioned, Publishable, Aliased, Searchable):
    slug = models.SlugField(_("slug"), unique=True, max_length=120)
    name = Bilingual(
        models.CharField, _("name (English)"), _("name (Chinese)"), max_length=200, required=True
    )
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=InstitutionKind.choices)
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        related_name="institutions",
        null=True,
        blank=True,
        help_text=_("Empty for international organisations."),
        verbose_name=_("country"),
    )
    city = Bilingual(models.CharField, _("city (English)"), _("city (Chinese)"), max_length=100)
    website = models.URLField(_("website"), blank=True)
    logo = ImageWithSizes(_("logo"), upload_to="logos/", thumbnail_upload_to=logo_upload_to)
    description = Bilingual(
        models.TextField, _("description (English)"), _("description (Chinese)")
    )
    contact_email = models.EmailField(_("public contact email"), blank=True)
    social_links = models.TextField(
        _("social media links"),
        blank=True,
        validators=[validate_social_links],
        help_text=_("One address per line, e.g. https://weibo.com/…"),
    )

    history = catalog_history(*SEARCH_COLUMNS)

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        constraints = [
            *Publishable.Meta.constraints,
            *Aliased.Meta.constraints,
            models.CheckConstraint(
                condition=Q(kind__in=InstitutionKind.values), name="institution_kind_valid"
            ),
        ]
        # The member directory lists memberships by institution name: its first page is read
        # down this index instead of sorting every membership (3,214: 19 ms -> 0.2 ms).
        indexes = [models.Index(fields=["name_en"], name="institution_name")]

    def __str__(self):
        return self.name_en

    def get_absolute_url(self):
        return reverse("institution-detail", kwargs={"slug": self.slug})

    @property
    def kind_label(self):
        """get_kind_display() without building a dict of the translated choices each time (the
        member directory's rows: 53 µs -> 6 µs a row)."""
        return InstitutionKind(self.kind).label if self.kind in InstitutionKind else self.kind

    @property
    def social_link_list(self):
        return social_link_list(self.social_links)

    def search_texts(self):
        names = self.name_en, self.name_zh, self.short_name, *self.alias_list
        return *names, self.city_en, self.city_zh


class FestivalEdition(Versioned):
    """One edition of a festival or an award (the 45th Moscow International Film Festival)."""

    institution = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        related_name="editions",
        verbose_name=_("institution"),
    )
    number = models.PositiveSmallIntegerField(_("edition number"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), validators=year_validators)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    dates_precision = models.CharField(
        _("dates known to"), max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )

    history = catalog_history()

    class Meta:
        ordering = ["institution__name_en", "-year"]
        verbose_name = _("festival edition")
        verbose_name_plural = _("festival editions")
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "number"],
                condition=Q(number__isnull=False),
                name="edition_number_unique_per_institution",
            ),
            models.CheckConstraint(condition=positive("number"), name="edition_number_positive"),
            models.CheckConstraint(condition=year_in_range("year"), name="edition_year_in_range"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="edition_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{edition_name(self.number, related_text(self, 'institution'), 'en')} ({self.year})"

    @property
    def name(self):
        return edition_name(self.number, self.institution.name)

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("An edition cannot end before it starts.")})
        if self.number is not None and self.number < 1:
            raise ValidationError({"number": _("Edition numbers start at 1.")})


class Alliance(Versioned, Publishable):
    slug = models.SlugField(_("slug"), unique=True, max_length=120)
    name = Bilingual(
        models.CharField, _("name (English)"), _("name (Chinese)"), max_length=200, required=True
    )
    founded_on = models.DateField(_("founded on"))
    initiator = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        related_name="initiated_alliances",
        null=True,
        blank=True,
        verbose_name=_("initiator"),
    )
    founded_during = models.ForeignKey(
        FestivalEdition,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("founded during"),
    )
    description = Bilingual(
        models.TextField, _("description (English)"), _("description (Chinese)")
    )
    background = Bilingual(
        models.TextField, _("founding background (English)"), _("founding background (Chinese)")
    )
    website = models.URLField(_("website"), blank=True)

    history = catalog_history()

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("alliance")
        verbose_name_plural = _("alliances")
        constraints = Publishable.Meta.constraints

    def __str__(self):
        return self.name_en

    def get_absolute_url(self):
        return reverse("alliance-detail", kwargs={"slug": self.slug})

    def clean(self):
        if self.pk and self.founded_on:
            earliest = self.memberships.order_by("joined_on").values_list("joined_on", flat=True)
            first_joined = earliest.first()
            if first_joined and first_joined < self.founded_on:
                raise ValidationError(
                    {
                        "founded_on": _(
                            "A member joined on %(date)s: the alliance cannot be founded later."
                        )
                        % {"date": first_joined.isoformat()}
                    }
                )


class AllianceItem(Versioned):
    """One ordered item of an alliance's admittance criteria or scope of work."""

    class Kind(models.TextChoices):
        CRITERION = "criterion", _("Admittance criterion")
        SCOPE = "scope", _("Scope of work")

    alliance = models.ForeignKey(
        Alliance, on_delete=models.CASCADE, related_name="items", verbose_name=_("alliance")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    text = Bilingual(models.TextField, _("text (English)"), _("text (Chinese)"), required=True)

    history = catalog_history()

    class Meta:
        ordering = ["alliance", "kind", "position"]
        verbose_name = _("alliance item")
        verbose_name_plural = _("alliance items")
        constraints = [
            models.UniqueConstraint(
                fields=["alliance", "kind", "position"], name="alliance_item_position_unique"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["criterion", "scope"]), name="alliance_item_kind_valid"
            ),
        ]

    def __str__(self):
        return self.text_en[:80]


class AllianceUnit(Versioned):
    """A guiding or host unit of an alliance (the State Film Administration guides it)."""

    class Role(models.TextChoices):
        GUIDING = "guiding", _("Guiding unit")
        HOST = "host", _("Host unit")

    alliance = models.ForeignKey(
        Alliance, on_delete=models.CASCADE, related_name="units", verbose_name=_("alliance")
    )
    institution = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        related_name="alliance_units",
        verbose_name=_("institution"),
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    position = models.PositiveSmallIntegerField(_("position"), default=1)

    history = catalog_history()

    class Meta:
        ordering = ["alliance", "role", "position"]
        verbose_name = _("alliance unit")
        verbose_name_plural = _("alliance units")
        constraints = [
            models.UniqueConstraint(
                fields=["alliance", "institution", "role"], name="alliance_unit_unique"
            ),
            models.CheckConstraint(
                condition=Q(role__in=["guiding", "host"]), name="alliance_unit_role_valid"
            ),
        ]

    def __str__(self):
        return f"{self.get_role_display()}: {related_text(self, 'institution')}"


# When a membership counts, the one rule of every page, count and API answer: from the day it
# began, one known only to a month or a year from the last day of that month or year ("April 2020"
# from 30 April), until the day it is left. Each condition is written once for the
# database (`prefix`: the path to the membership, e.g. "memberships__") and once for a loaded row
# (anything with joined_on, joined_precision and left_on); tests/alliance/test_as_of.py checks
# that the two agree.


def _on(prefix, **lookups):
    return Q(**{prefix + lookup: value for lookup, value in lookups.items()})


def joined_by(day, prefix=""):
    """The condition of the memberships begun by the end of `day`, a joining date known only to a
    month or a year counting from the end of it."""
    joined = Q()
    for precision in DatePrecision.values:
        joined |= _on(
            prefix, joined_precision=precision, joined_on__lte=last_ended_by(day, precision)
        )
    return joined


def current_on(day, prefix=""):
    """The condition of the memberships not left by the end of `day`."""
    return _on(prefix, left_on__isnull=True) | _on(prefix, left_on__gt=day)


def ended_by(day, prefix=""):
    """The condition of the memberships left by the end of `day`."""
    return _on(prefix, left_on__lte=day)


def counted_on(day, prefix=""):
    """The condition of the memberships counted on `day`: begun by then (`joined_by`), not left."""
    return joined_by(day, prefix) & current_on(day, prefix)


def begun_by(day, prefix=""):
    """The condition of the memberships not left by `day` whose joining day, month or year has
    begun by then: counted already, or about to be at the end of that month or year."""
    return _on(prefix, joined_on__lte=day) & current_on(day, prefix)


def counted_from(membership) -> datetime.date:
    """The first day a loaded membership counts on (`joined_by`)."""
    return period_end(membership.joined_on, membership.joined_precision)


def is_current_on(membership, day) -> bool:
    """`current_on`, of a loaded membership."""
    return membership.left_on is None or membership.left_on > day


def is_counted_on(membership, day) -> bool:
    """`counted_on`, of a loaded membership."""
    return counted_from(membership) <= day and is_current_on(membership, day)


def has_begun_by(membership, day) -> bool:
    """`begun_by`, of a loaded membership."""
    return membership.joined_on <= day and is_current_on(membership, day)


class MembershipQuerySet(models.QuerySet):
    def joined_by(self, day):
        """Memberships begun by the end of `day`, the date precision honoured (`joined_by`)."""
        return self.filter(joined_by(day))

    def counted_on(self, day):
        """Memberships counted on `day`, the date precision honoured (`counted_on`)."""
        return self.filter(counted_on(day))

    def begun_by(self, day):
        """Memberships not left by `day` whose joining day, month or year has begun (`begun_by`)."""
        return self.filter(begun_by(day))

    def current(self, day=None):
        """Memberships not left by `day`, today by default (`current_on`)."""
        return self.filter(current_on(day or timezone.localdate()))

    def former(self, day=None):
        """Memberships left by `day`, today by default (`ended_by`)."""
        return self.filter(ended_by(day or timezone.localdate()))


class Membership(Versioned):
    institution = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("institution"),
    )
    alliance = models.ForeignKey(
        Alliance, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("alliance")
    )
    joined_on = models.DateField(_("joined on"))
    joined_precision = models.CharField(
        _("joining date known to"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text=_('"April 2020" is stored as 1 April 2020 with the precision "month".'),
    )
    left_on = models.DateField(_("left on"), null=True, blank=True)
    is_founding = models.BooleanField(_("founding member"), default=False)
    recommended_by = models.ForeignKey(
        Institution,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recommended_memberships",
        verbose_name=_("recommended by"),
    )
    note = Bilingual(models.TextField, _("note (English)"), _("note (Chinese)"))
    source = models.ForeignKey(
        Source, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("source")
    )

    objects = MembershipQuerySet.as_manager()

    history = catalog_history()

    class Meta:
        ordering = ["alliance", "joined_on", "institution__name_en"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gt=models.F("joined_on")),
                name="membership_left_after_joined",
            ),
            models.UniqueConstraint(
                fields=["institution", "alliance"],
                condition=Q(left_on__isnull=True),
                name="membership_one_open_per_alliance",
            ),
            models.CheckConstraint(
                condition=Q(joined_precision__in=DatePrecision.values),
                name="membership_joined_precision_valid",
            ),
            models.CheckConstraint(
                condition=Q(recommended_by__isnull=True)
                | ~Q(recommended_by=models.F("institution")),
                name="membership_not_self_recommended",
            ),
            # "joined_on not before the alliance's founding" spans two tables: it is enforced
            # by the triggers of migration alliance/0002 and by clean().
        ]
        # The alliance page lists an alliance's first memberships in joining order: read down
        # this index up to the limit rather than sorting all of them (3,481: 36 ms -> 3 ms).
        indexes = [
            models.Index(fields=["alliance", "joined_on"], name="membership_alliance_joined"),
        ]

    def __str__(self):
        return f"{related_text(self, 'institution')} in {related_text(self, 'alliance')}"

    @property
    def joined_display(self):
        return format_partial_date(self.joined_on, self.joined_precision)

    def clean(self):
        errors = {}
        if self.joined_on:
            self.joined_on = normalise_partial_date(self.joined_on, self.joined_precision)
        if self.joined_on and self.left_on and self.left_on <= self.joined_on:
            errors["left_on"] = _("A membership must end after the day it began.")
        alliance = self.alliance if self.alliance_id else None
        if alliance and self.joined_on and self.joined_on < alliance.founded_on:
            errors["joined_on"] = _(
                "%(alliance)s was founded on %(founded)s: no one can join it before."
            ) % {"alliance": alliance, "founded": alliance.founded_on.isoformat()}
        if self.recommended_by_id and self.recommended_by_id == self.institution_id:
            errors["recommended_by"] = _("An institution cannot recommend itself.")
        if self.institution_id and self.alliance_id and self.left_on is None:
            others = Membership.objects.filter(
                institution_id=self.institution_id, alliance_id=self.alliance_id, left_on=None
            ).exclude(pk=self.pk)
            if others.exists():
                errors["left_on"] = _(
                    "This institution already has an open membership of this alliance; "
                    "set the day it left before adding another."
                )
        if errors:
            raise ValidationError(errors)


class Milestone(Versioned):
    """A member count the alliance itself reported, shown beside the computed one."""

    alliance = models.ForeignKey(
        Alliance, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("alliance")
    )
    reported_on = models.DateField(_("as of"))
    reported_precision = models.CharField(
        _("date known to"), max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    label = Bilingual(models.CharField, _("label (English)"), _("label (Chinese)"), max_length=200)
    members = models.PositiveIntegerField(_("members"))
    countries = models.PositiveIntegerField(_("countries"))
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="milestones", verbose_name=_("source")
    )

    history = catalog_history()

    class Meta:
        ordering = ["alliance", "reported_on"]
        verbose_name = _("reported milestone")
        verbose_name_plural = _("reported milestones")
        constraints = [
            models.UniqueConstraint(
                fields=["alliance", "reported_on"], name="milestone_one_per_date"
            ),
            models.CheckConstraint(
                condition=Q(countries__lte=models.F("members")),
                name="milestone_countries_not_above_members",
            ),
        ]

    def __str__(self):
        alliance = related_text(self, "alliance")
        return f"{alliance}: {self.members} members, {self.countries} countries"

    @property
    def reported_display(self):
        return format_partial_date(self.reported_on, self.reported_precision)

    def clean(self):
        if self.reported_on:
            self.reported_on = normalise_partial_date(self.reported_on, self.reported_precision)
        if (
            self.members is not None
            and self.countries is not None
            and self.countries > self.members
        ):
            raise ValidationError(
                {
                    "countries": _(
                        "Members come from at most as many countries as there are members."
                    )
                }
            )


class Representative(models.Model):
    """A user account that speaks for one member institution."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="representative",
        verbose_name=_("account"),
    )
    institution = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        related_name="representatives",
        verbose_name=_("institution"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["institution__name_en", "user__username"]
        verbose_name = _("representative")
        verbose_name_plural = _("representatives")

    def __str__(self):
        return f"{self.user} ({self.institution})"


# The public profile fields a representative may propose changes to (the logo aside).
PROFILE_FIELDS = (
    "description_en",
    "description_zh",
    "city_en",
    "city_zh",
    "website",
    "contact_email",
    "social_links",
)


def public_profile(institution):
    """The public values a profile change may replace, logo file names included."""
    values = {field: getattr(institution, field) for field in PROFILE_FIELDS}
    values["logo"] = institution.logo.name or ""
    values["logo_thumbnail"] = institution.logo_thumbnail.name or ""
    return values


class ReviewStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for review")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    SUPERSEDED = "superseded", _("Replaced by a later edit")
    WITHDRAWN = "withdrawn", _("Withdrawn")


DECIDED = [ReviewStatus.APPROVED, ReviewStatus.REJECTED]


class ProfileChange(models.Model):
    """An edit of an institution's public profile proposed by its representative: it becomes
    public only when a membership manager approves it. `previous` keeps the public values the
    decision compared it with, so a decided change still shows what it replaced."""

    institution = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        related_name="profile_changes",
        verbose_name=_("institution"),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.PENDING
    )
    description = Bilingual(
        models.TextField, _("description (English)"), _("description (Chinese)")
    )
    city = Bilingual(models.CharField, _("city (English)"), _("city (Chinese)"), max_length=100)
    website = models.URLField(_("website"), blank=True)
    contact_email = models.EmailField(_("public contact email"), blank=True)
    social_links = models.TextField(
        _("social media links"), blank=True, validators=[validate_social_links]
    )
    logo = CheckedImageField(
        _("new logo"), upload_to=logo_upload_to, blank=True, help_text=_("Empty: logo unchanged.")
    )
    logo_thumbnail = CheckedImageField(
        _("logo thumbnail"), upload_to=logo_upload_to, blank=True, editable=False
    )
    previous = models.JSONField(_("public values before the decision"), default=dict, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("profile change")
        verbose_name_plural = _("profile changes")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ReviewStatus.values), name="profile_change_status_valid"
            ),
            models.UniqueConstraint(
                fields=["institution"],
                condition=Q(status=ReviewStatus.PENDING),
                name="profile_change_one_pending_per_institution",
                violation_error_message=_("This institution already has a change waiting."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=DECIDED, reviewed_at__isnull=False)
                | (~Q(status__in=DECIDED) & Q(reviewed_at__isnull=True)),
                name="profile_change_reviewed_when_decided",
            ),
            models.CheckConstraint(
                condition=~Q(status=ReviewStatus.REJECTED) | ~Q(review_comment=""),
                name="profile_change_rejection_has_comment",
            ),
        ]

    def __str__(self):
        return f"{self.institution} – {self.submitted_at:%Y-%m-%d %H:%M}"

    @property
    def is_pending(self):
        return self.status == ReviewStatus.PENDING

    def clean(self):
        decided = self.status in DECIDED
        if decided and self.reviewed_at is None:
            raise ValidationError({"reviewed_at": _("A decided change records when it was.")})
        if not decided and self.reviewed_at is not None:
            raise ValidationError({"reviewed_at": _("Only a decided change has a review date.")})
        if self.status == ReviewStatus.REJECTED and not self.review_comment.strip():
            raise ValidationError(
                {"review_comment": _("Say why the change is rejected: the member reads it.")}
            )
        # "One waiting change per institution" is checked by its constraint's validation.


class ApplicationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a decision")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class MembershipApplication(models.Model):
    """An institution's application to join an alliance, sent through the public form. A
    decision changes its status; the application itself is kept."""

    alliance = models.ForeignKey(
        Alliance, on_delete=models.PROTECT, related_name="applications", verbose_name=_("alliance")
    )
    name = Bilingual(
        models.CharField, _("name (English)"), _("name (Chinese)"), max_length=200, required=True
    )
    kind = models.CharField(_("kind"), max_length=20, choices=InstitutionKind.choices)
    country = CountryField(_("country"))
    city_en = models.CharField(_("city"), max_length=100)
    website = models.URLField(_("website"), blank=True)
    description_en = models.TextField(_("about the institution"), blank=True)
    recommended_by = models.ForeignKey(
        Institution,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recommended_applications",
        verbose_name=_("recommending member"),
    )
    contact_name = models.CharField(_("contact person"), max_length=200)
    contact_role = models.CharField(
        pgettext_lazy("post held at an institution", "position"), max_length=200, blank=True
    )
    contact_email = models.EmailField(_("contact email"))
    contact_phone = models.CharField(_("contact telephone"), max_length=40, blank=True)
    logo = CheckedImageField(_("logo"), upload_to=logo_upload_to, blank=True)
    logo_thumbnail = CheckedImageField(
        _("logo thumbnail"), upload_to=logo_upload_to, blank=True, editable=False
    )
    language = models.CharField(_("language of the application"), max_length=10, default="en")
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.PENDING,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.TextField(_("reason"), blank=True)
    institution = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("institution"),
        help_text=_("The institution created or chosen when the application was approved."),
    )
    membership = models.ForeignKey(
        Membership,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("membership"),
    )

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("membership application")
        verbose_name_plural = _("membership applications")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ApplicationStatus.values),
                name="application_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=InstitutionKind.values), name="application_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(status=ApplicationStatus.PENDING, decided_at__isnull=True)
                | (~Q(status=ApplicationStatus.PENDING) & Q(decided_at__isnull=False)),
                name="application_decided_at_when_decided",
            ),
            models.CheckConstraint(
                condition=~Q(status=ApplicationStatus.REJECTED) | ~Q(decision_reason=""),
                name="application_rejection_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status=ApplicationStatus.APPROVED) | Q(institution__isnull=False),
                name="application_approval_has_institution",
            ),
        ]

    def __str__(self):
        return f"{self.name_en} → {self.alliance}"

    @property
    def is_pending(self):
        return self.status == ApplicationStatus.PENDING

    def clean(self):
        errors = {}
        pending = self.status == ApplicationStatus.PENDING
        if pending != (self.decided_at is None):
            errors["decided_at"] = _("Only a decided application has a decision date.")
        if self.status == ApplicationStatus.REJECTED and not self.decision_reason.strip():
            errors["decision_reason"] = _("Give the reason: the applicant is told.")
        if self.status == ApplicationStatus.APPROVED and self.institution_id is None:
            errors["institution"] = _("An approved application names its institution.")
        if errors:
            raise ValidationError(errors)


class ApplicationAnswer(models.Model):
    """The answer to one admittance criterion, with the question as it was asked."""

    application = models.ForeignKey(
        MembershipApplication,
        on_delete=models.CASCADE,
        related_name="answers",
        verbose_name=_("membership application"),
    )
    criterion = models.ForeignKey(
        AllianceItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("admittance criterion"),
    )
    position = models.PositiveSmallIntegerField(_("position"))
    question = Bilingual(
        models.TextField, _("question (English)"), _("question (Chinese)"), required=True
    )
    answer = models.TextField(_("answer"))

    class Meta:
        ordering = ["application", "position"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "position"], name="application_answer_position_unique"
            )
        ]

    def __str__(self):
        return self.question_en[:80]


def new_invitation_key():
    return secrets.token_hex(16)


INVITATION_DAYS = 7


def invitation_expiry():
    return timezone.now() + datetime.timedelta(days=INVITATION_DAYS)


class RepresentativeInvitation(models.Model):
    """A one-time, expiring invitation to become a representative of an institution. The link
    sent by email carries a signature of the id and `key`; accepting it sets `accepted_at`."""

    email = models.EmailField(_("email"))
    institution = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        related_name="invitations",
        verbose_name=_("institution"),
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    application = models.ForeignKey(
        MembershipApplication,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("membership application"),
    )
    key = models.CharField(
        _("invitation key"), max_length=32, default=new_invitation_key, editable=False
    )
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"), default=invitation_expiry)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("account"),
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("representative invitation")
        verbose_name_plural = _("representative invitations")
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("created_at")),
                name="invitation_expires_after_creation",
            ),
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True) | Q(revoked_at__isnull=True),
                name="invitation_not_accepted_and_revoked",
            ),
        ]

    def __str__(self):
        return f"{self.email} ({self.institution})"

    @property
    def state(self):
        if self.accepted_at:
            return _("accepted")
        if self.revoked_at:
            return _("revoked")
        if self.expires_at <= timezone.now():
            return _("expired")
        return _("open")

    @property
    def is_open(self):
        return (
            self.accepted_at is None
            and self.revoked_at is None
            and self.expires_at > timezone.now()
        )

    def clean(self):
        self.email = (self.email or "").strip().lower()
        if self.created_at and self.expires_at and self.expires_at <= self.created_at:
            raise ValidationError({"expires_at": _("An invitation expires after it is sent.")})
        if self.accepted_at and self.revoked_at:
            raise ValidationError(_("An invitation is either accepted or revoked."))
