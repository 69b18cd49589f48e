"""Other names a record is known by (a film's second English title, a person's former name),
kept one per line in `aliases`, shown as "Also known as" and searched like the main name."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils.translation import gettext_lazy as _

MAX_ALIASES = 10
MAX_ALIAS_LENGTH = 200
# The whole column: MAX_ALIASES lines of MAX_ALIAS_LENGTH and the line breaks between them.
MAX_ALIASES_TEXT = MAX_ALIASES * (MAX_ALIAS_LENGTH + 1)


def alias_lines(text):
    """The names of an aliases text, one per non-blank line, stripped, without repeats."""
    return list(dict.fromkeys(line.strip() for line in (text or "").splitlines() if line.strip()))


def validate_aliases(value):
    """At most MAX_ALIASES names of at most MAX_ALIAS_LENGTH characters each."""
    names = alias_lines(value)
    if len(names) > MAX_ALIASES:
        raise ValidationError(
            _("Give at most %(count)d other names, one per line; this has %(given)d.")
            % {"count": MAX_ALIASES, "given": len(names)},
            code="too_many",
        )
    for name in names:
        if len(name) > MAX_ALIAS_LENGTH:
            raise ValidationError(
                _(
                    "“%(start)s…” is longer than %(limit)d characters: put each name on its "
                    "own line."
                )
                % {"start": name[:40], "limit": MAX_ALIAS_LENGTH},
                code="too_long",
            )


class Aliased(models.Model):
    aliases = models.TextField(
        _("also known as"),
        blank=True,
        default="",
        validators=[validate_aliases],
        help_text=_(
            "Other names or titles it is known by, one per line (at most 10, each up to 200 "
            "characters). They are searched like the main name and shown as “Also known as”."
        ),
    )

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("aliases"), MAX_ALIASES_TEXT),
                name="%(app_label)s_%(class)s_aliases_length",
                violation_error_message=_("The other names are too long."),
            )
        ]

    def clean(self):
        super().clean()
        self.aliases = "\n".join(alias_lines(self.aliases))

    @property
    def alias_list(self):
        return alias_lines(self.aliases)
