"""Import and export files of people and of films with their production countries, languages
and credits (see core.imports.resources for the rules every catalog file follows)."""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from import_export import fields

from alliance.resources import CountryListWidget, CountryWidget
from core.imports.columns import (
    ALIASES_HELP,
    LIST_SEPARATOR,
    PartialDateField,
    RelationColumn,
    WholeNumberWidget,
    aliases_column,
    list_items,
    related_rows,
    text,
)
from core.imports.problems import BadCell, item_problem
from core.imports.resources import (
    CatalogResource,
    NameKeyedResource,
    fill_slugs,
    single_or_none,
    slug_for,
)
from core.models import YEAR_MAX, YEAR_MIN
from filmweek.models import Credit, CreditRole, Film, FilmCountry, Language, Person

STATUS_HELP = _("draft or published; a new record is a draft when empty.")
SLUG_HELP = _("The key: the last part of the page's address. Empty: found or made from the name.")


# People ------------------------------------------------------------------------------------


class PersonResource(NameKeyedResource):
    country = fields.Field(attribute="country", column_name="country", widget=CountryWidget())
    aliases = aliases_column()

    required_columns = ("name_en",)
    column_help = {
        "slug": SLUG_HELP,
        "name_en": _("The name in English; without a slug, the person of this name is updated."),
        "name_original": _("The name in its own script, e.g. Алёна Свиридова."),
        "aliases": ALIASES_HELP,
        "country": _("Two-letter ISO code, such as CN or KZ."),
        "career_start_year": _("A year, such as 2000."),
        "status": STATUS_HELP,
    }

    class Meta(CatalogResource.Meta):
        model = Person
        import_id_fields = ("slug",)
        fields = (
            "slug",
            "name_en",
            "name_zh",
            "name_original",
            "aliases",
            "country",
            "career_start_year",
            "bio_en",
            "bio_zh",
            "status",
        )

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("country")


# Films -------------------------------------------------------------------------------------


class CountriesColumn(RelationColumn):
    """ "CN; KZ": the film's production countries in order. The list replaces the film's
    countries; a country kept keeps its role, a new one is the sole producer if alone."""

    def __init__(self, column_name, **kwargs):
        super().__init__(column_name, **kwargs)
        self.countries = CountryListWidget()

    @property
    def expected(self):
        return _("ISO country codes separated by semicolons, such as CN; KZ")

    def parse(self, value):
        countries = self.countries.clean_list(value)
        for country in countries:
            if countries.count(country) > 1:
                raise BadCell(
                    _("“%(code)s” is listed twice: list each country once.")
                    % {"code": country.code.code}
                )
        return countries

    def current(self, instance):
        links = related_rows(instance, "film_countries", "country")
        return [link.country for link in sorted(links, key=position)]

    def render_items(self, items):
        return f"{LIST_SEPARATOR} ".join(country.code.code for country in items)

    def apply(self, instance, items):
        links = {link.country_id: link for link in instance.film_countries.all()}
        wanted = [country.pk for country in items]
        FilmCountry.objects.filter(film=instance).exclude(country_id__in=wanted).delete()
        for number, country in enumerate(items, 1):
            link = links.get(country.pk) or FilmCountry(
                film=instance,
                country=country,
                role=FilmCountry.Role.SOLE if len(items) == 1 else FilmCountry.Role.PARTNER,
            )
            if link.pk is None or link.position != number:
                link.position = number
                link.save()  # its values were checked when the cell was read


def position(link):
    return link.position, link.pk


class LanguagesColumn(RelationColumn):
    """ "zh; en": the ISO 639 codes of the film's languages; the list replaces them."""

    @property
    def expected(self):
        return _("language codes separated by semicolons, such as zh; en")

    def parse(self, value):
        codes = list(dict.fromkeys(list_items(value)))
        found = {language.code: language for language in Language.objects.filter(code__in=codes)}
        unknown = [code for code in codes if code not in found]
        if unknown:
            expected = _(
                "the code of a language of the catalog, such as zh or en (add new languages "
                "under Languages first)"
            )
            raise BadCell(" ".join(str(item_problem(code, expected)) for code in unknown))
        return [found[code] for code in codes]

    def current(self, instance):
        return sorted(instance.languages.all(), key=lambda language: language.code)

    def render_items(self, items):
        return f"{LIST_SEPARATOR} ".join(sorted(language.code for language in items))

    def apply(self, instance, items):
        instance.languages.set(items)


ROLE_NAMES = {
    **{role.value: role.value for role in CreditRole},
    **{str(role.label).casefold(): role.value for role in CreditRole},
}


CHARACTER_SEPARATOR = " / "


def character_text(character_en, character_zh):
    """ "Zhong Da / 仲达": a character's English and Chinese names as one cell text."""
    return f"{character_en}{CHARACTER_SEPARATOR}{character_zh}" if character_zh else character_en


def character_names(text):
    character_en, _separator, character_zh = text.partition(CHARACTER_SEPARATOR)
    return character_en.strip(), character_zh.strip()


class CreditsColumn(RelationColumn):
    """ "director: Jia Zhangke; cast: Zhao Tao as Shen Tao / 沈涛": the film's credits, each a
    role, a person (slug or English name) and, for cast, " as " and the character (English,
    then " / " and the Chinese name if known). The list replaces the film's credits; a person
    is never created here (import people first)."""

    def __init__(self, column_name, **kwargs):
        super().__init__(column_name, **kwargs)
        self.people = {}

    @property
    def expected(self):
        return _("credits such as “director: Jia Zhangke; cast: Zhao Tao as Shen Tao”")

    def parse(self, value):
        credits = []
        for order_in_list, item in enumerate(list_items(value), 1):
            role_name, colon, rest = item.partition(":")
            role = ROLE_NAMES.get(role_name.strip().casefold())
            if not colon or role is None:
                raise BadCell(
                    _(
                        "“%(item)s”: begin with a role and a colon, such as “director:”. Roles: "
                        "%(roles)s."
                    )
                    % {"item": item, "roles": ", ".join(CreditRole.values)}
                )
            name, _as, character = rest.partition(" as ")
            name, character = name.strip(), character.strip()
            if character and role != CreditRole.CAST:
                raise BadCell(_("“%(item)s”: only cast credits name a character.") % {"item": item})
            if name not in self.people:
                self.people[name] = self.person(name)
            credits.append((role, self.people[name], character, order_in_list))
        keys = [(role, person.pk, character) for role, person, character, _order in credits]
        if len(set(keys)) != len(keys):
            raise BadCell(_("A credit is listed twice."))
        return self.numbered(credits)

    @staticmethod
    def numbered(credits):
        """Order each role's credits 1, 2, 3... as listed."""
        counters = {}
        numbered = []
        for role, person, character, _listed in credits:
            counters[role] = counters.get(role, 0) + 1
            numbered.append((role, person, character, counters[role]))
        return numbered

    @staticmethod
    def person(name):
        match = Person.objects.filter(slug=name).first()
        if match is not None:
            return match
        named = list(Person.objects.filter(name_en=name)[:3])
        if len(named) == 1:
            return named[0]
        if named:
            raise BadCell(
                _("Several people are named “%(name)s”: write the slug of one (%(slugs)s).")
                % {"name": name, "slugs": ", ".join(person.slug for person in named)}
            )
        raise BadCell(
            _("No person is named “%(name)s”: import or add the person first.") % {"name": name}
        )

    def current(self, instance):
        credits = sorted(
            related_rows(instance, "credits", "person"),
            key=lambda credit: (CreditRole.values.index(credit.role), credit.order, credit.pk),
        )
        return [
            (c.role, c.person, character_text(c.character_en, c.character_zh), c.order)
            for c in credits
        ]

    def render_items(self, items):
        rendered = []
        for role, person, character, _order in sorted(
            items, key=lambda item: (CreditRole.values.index(item[0]), item[3])
        ):
            entry = f"{role}: {person.name_en}"
            rendered.append(f"{entry} as {character}" if character else entry)
        return f"{LIST_SEPARATOR} ".join(rendered)

    def would_change(self, instance, items):
        def key(item):
            role, person, character, order = item
            return role, person.pk, character, order

        return sorted(map(key, items)) != sorted(map(key, self.saved_items(instance)))

    def apply(self, instance, items):
        existing = {
            (credit.role, credit.person_id, credit.character_en): credit
            for credit in instance.credits.all()
        }
        wanted = set()
        for role, person, character, order in items:
            character_en, character_zh = character_names(character)
            key = (role, person.pk, character_en)
            wanted.add(key)
            credit = existing.get(key) or Credit(
                film=instance, person=person, role=role, character_en=character_en
            )
            if credit.pk is None or (credit.order, credit.character_zh) != (order, character_zh):
                credit.order, credit.character_zh = order, character_zh
                credit.save()  # its values were checked when the cell was read
        for key, credit in existing.items():
            if key not in wanted:
                credit.delete()


def row_year(row):
    """The row's year if its cell holds one (2019, or 2019.0 from a spreadsheet), else None: a
    bad year is told on its column, not by the query that looks for the film."""
    try:
        year = WholeNumberWidget().clean(row.get("year"))
    except BadCell:
        return None
    return year if year is not None and YEAR_MIN <= year <= YEAR_MAX else None


class FilmResource(CatalogResource):
    released = PartialDateField("released", "released_on", "released_precision")
    countries = CountriesColumn("countries")
    languages = LanguagesColumn("languages")
    credits = CreditsColumn("credits")
    aliases = aliases_column()

    required_columns = ("title_original",)
    name_columns = ("title_original", "year")
    column_help = {
        "slug": SLUG_HELP,
        "title_original": _(
            "The original title; without a slug, the film of this title and year is updated."
        ),
        "aliases": ALIASES_HELP,
        "year": _("A year, such as 2023."),
        "kind": _("feature, documentary, short, animation or tv_series"),
        "released": _("First release: 2023-04-20, 2023-04 or 2023."),
        "status": STATUS_HELP,
        "countries": _(
            "Production countries in order, ISO codes separated by semicolons: CN; "
            "KZ. Replaces the film's countries; empty: unchanged."
        ),
        "languages": _("Language codes separated by semicolons: zh; en. Empty: unchanged."),
        "credits": _(
            "role: person (slug or English name), separated by semicolons; cast may "
            "add “as” and the character, with its Chinese name after “ / ”: director: Jia "
            "Zhangke; cast: Zhao Tao as Shen Tao / 沈涛. Replaces the film's credits; empty: "
            "unchanged."
        ),
    }

    class Meta(CatalogResource.Meta):
        model = Film
        import_id_fields = ("slug",)
        fields = (
            "slug",
            "title_original",
            "title_en",
            "title_zh",
            "aliases",
            "year",
            "kind",
            "genre_en",
            "genre_zh",
            "runtime_minutes",
            "released",
            "release_note_en",
            "release_note_zh",
            "synopsis_en",
            "synopsis_zh",
            "status",
            "countries",
            "languages",
            "credits",
        )

    def prepare(self, dataset):
        fill_slugs(dataset, Film, self.new_slug, find=self.titled)

    @staticmethod
    def new_slug(row):
        """A new film's slug: its title and year (the same title may return another year)."""
        base = slug_for(row.get("title_en"), row.get("title_original"), row.get("title_zh"))
        year = row_year(row)
        return f"{base}-{year}" if base and year else base

    @staticmethod
    def titled(row):
        title, year = text(row.get("title_original")), row_year(row)
        films = Film.objects.filter(title_original=title)
        return single_or_none(films.filter(year=year) if year else films)

    def filter_export(self, queryset, **kwargs):
        # Replaces the prefetches of the changelist's queryset with those of the file.
        return queryset.prefetch_related(None).prefetch_related(
            Prefetch("film_countries", queryset=FilmCountry.objects.select_related("country")),
            "languages",
            Prefetch("credits", queryset=Credit.objects.select_related("person")),
        )
