"""The API's shared shapes: bilingual values as one object, absolute links to the public pages,
and links to other records that never name a draft."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.models import Status
from core.views.addresses import Addresses

TEXT = {"type": "string"}
BILINGUAL_SCHEMA = {
    "type": "object",
    "properties": {"en": TEXT, "zh": TEXT},
    "required": ["en", "zh"],
}
WITH_ORIGINAL_SCHEMA = {
    "type": "object",
    "properties": {"original": TEXT, "en": TEXT, "zh": TEXT},
    "required": ["original", "en", "zh"],
}


@extend_schema_field(BILINGUAL_SCHEMA)
class BilingualField(serializers.Field):
    """`{"en": ..., "zh": ...}` from the columns `<name>_en` and `<name>_zh` (an empty text is
    "", never left out)."""

    def __init__(self, name, **kwargs):
        self.name = name
        kwargs.setdefault("source", "*")
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, instance):
        return {
            "en": getattr(instance, f"{self.name}_en"),
            "zh": getattr(instance, f"{self.name}_zh"),
        }


@extend_schema_field(WITH_ORIGINAL_SCHEMA)
class WithOriginalField(BilingualField):
    """`{"original": ..., "en": ..., "zh": ...}`: a film's titles, a person's names."""

    def __init__(self, name, original, **kwargs):
        self.original = original
        super().__init__(name, **kwargs)

    def to_representation(self, instance):
        return {"original": getattr(instance, self.original), **super().to_representation(instance)}


@extend_schema_field(OpenApiTypes.URI)
class PageField(serializers.Field):
    """The absolute address of a record's public page (or calendar) in English: the URL pattern
    `url_name` with the record's slug (or its `lookup`: "pk" for a screening's calendar)."""

    def __init__(self, url_name, lookup="slug", **kwargs):
        self.url_name = url_name
        self.lookup = lookup
        super().__init__(source=lookup, read_only=True, **kwargs)

    def to_representation(self, value):
        # One answer's links share its Addresses: a list of 100 films reverses each pattern
        # once, not 100 times (in process, 26.7 -> 22.9 ms of CPU for such a list).
        addresses = self.context.setdefault("addresses", Addresses())
        return self.context["request"].build_absolute_uri(addresses(self.url_name, value))


class LinkSerializer(serializers.Serializer):
    """A record named by another: its slug, name and page; null when the record is a draft
    (a query that filtered it out leaves nothing to show either), so the schema says nullable
    wherever one is used."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("allow_null", True)
        super().__init__(*args, **kwargs)

    def to_representation(self, instance):
        if instance is None or getattr(instance, "status", Status.PUBLISHED) != Status.PUBLISHED:
            return None
        return super().to_representation(instance)


class PersonLinkSerializer(LinkSerializer):
    slug = serializers.SlugField()
    name = BilingualField("name")
    url = PageField("person-detail")


class FilmLinkSerializer(LinkSerializer):
    slug = serializers.SlugField()
    title = WithOriginalField("title", "title_original")
    year = serializers.IntegerField(allow_null=True)
    url = PageField("film-detail")


class FilmWeekLinkSerializer(LinkSerializer):
    slug = serializers.SlugField()
    name = BilingualField("name")
    year = serializers.IntegerField()
    url = PageField("film-week-detail")


class AllianceLinkSerializer(LinkSerializer):
    slug = serializers.SlugField()
    name = BilingualField("name")
    url = PageField("alliance-detail")


class InstitutionLinkSerializer(LinkSerializer):
    slug = serializers.SlugField()
    name = BilingualField("name")
    url = PageField("institution-detail")


def country_code(country):
    """The ISO 3166 code of a Country, or None."""
    return country.code.code if country is not None else None


@extend_schema_field({"type": "string", "nullable": True, "description": "ISO 3166 code"})
class CountryField(serializers.Field):
    """A Country as its ISO 3166 code (null when none)."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def get_attribute(self, instance):
        return country_code(super().get_attribute(instance))

    def to_representation(self, code):
        return code


class AliasesField(serializers.ListField):
    """The other names or titles a record is known by (its "Also known as")."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", "Other names or titles it is known by; searched too.")
        super().__init__(
            child=serializers.CharField(), source="alias_list", read_only=True, **kwargs
        )
