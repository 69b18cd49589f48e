"""Forms of the member self-service area, the membership application, the admin reviews and the
day the alliance page shows its members on.

Every form lists its fields by name: a posted field that is not listed (slug, status, country,
institution, is_staff...) is never read."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from alliance.models import (
    PROFILE_FIELDS,
    AllianceItem,
    Institution,
    InstitutionKind,
    Membership,
    MembershipApplication,
    ProfileChange,
    RepresentativeInvitation,
    validate_social_links,
)
from core.forms.dates import PastDayField
from core.uploads import ACCEPTED_TYPES, HELP_TEXT, TOO_LARGE, process_logo

MAX_TEXT = 10_000
# Chinese fonts and input for the fields of Chinese text.
CHINESE = {"lang": "zh-Hans"}


def text_area_field(label, rows, *, required=False, attrs=None):
    """A text of up to MAX_TEXT characters, typed in a box of `rows` lines."""
    return forms.CharField(
        label=label,
        required=required,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": rows, **(attrs or {})}),
    )


def website_field():
    """An institution's website: an address typed without a scheme becomes https://."""
    return forms.URLField(label=_("Website"), required=False, max_length=200, assume_scheme="https")


def logo_field(label):
    return forms.FileField(
        label=label,
        required=False,
        help_text=HELP_TEXT,
        widget=forms.FileInput(attrs={"accept": ACCEPTED_TYPES}),
    )


class LogoMixin:
    """`clean_logo` for a form with a `logo` FileField: the file checked and re-encoded by
    core.uploads; the result is kept in `self.processed_logo` (None without a file)."""

    processed_logo = None

    def clean_logo(self):
        if "logo" in self.oversized:
            raise ValidationError(TOO_LARGE, code="too_large")
        upload = self.cleaned_data.get("logo")
        if upload:
            self.processed_logo = process_logo(upload)
        return upload


class InstitutionProfileForm(LogoMixin, forms.Form):
    description_en = text_area_field(_("Description in English"), rows=8)
    description_zh = text_area_field(_("Description in Chinese"), rows=8, attrs=CHINESE)
    city_en = forms.CharField(label=_("City in English"), required=False, max_length=100)
    city_zh = forms.CharField(
        label=_("City in Chinese"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs=CHINESE),
    )
    website = website_field()
    contact_email = forms.EmailField(
        label=_("Public contact email"),
        required=False,
        help_text=_("Shown on the public page."),
    )
    social_links = forms.CharField(
        label=_("Social media links"),
        required=False,
        max_length=2000,
        validators=[validate_social_links],
        help_text=_("One address per line, for example https://weibo.com/yourfestival"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    logo = logo_field(_("New logo"))

    def __init__(self, *args, public_values, oversized=(), **kwargs):
        super().__init__(*args, label_suffix="", **kwargs)
        self.public_values = public_values
        self.oversized = set(oversized)

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        same = all(
            (cleaned.get(field) or "") == (self.public_values.get(field) or "")
            for field in PROFILE_FIELDS
        )
        if same and not self.processed_logo:
            raise ValidationError(
                _("This is the public profile as it stands: change something before sending it.")
            )
        return cleaned

    def profile_values(self):
        return {field: self.cleaned_data[field] for field in PROFILE_FIELDS}


def initial_profile(source):
    """Initial form values from an institution or a waiting ProfileChange."""
    return {field: getattr(source, field) for field in PROFILE_FIELDS}


APPLICANT_KINDS = [
    InstitutionKind.FESTIVAL,
    InstitutionKind.FILM_INSTITUTION,
    InstitutionKind.ARCHIVE,
    InstitutionKind.PRODUCTION_BASE,
    InstitutionKind.AGENCY,
    InstitutionKind.MEDIA,
    InstitutionKind.INTERNATIONAL,
]

# Answer fields are named after the criterion's position: "criterion_1", "criterion_2"...
ANSWER_PREFIX = "criterion_"


class MembershipApplicationForm(LogoMixin, forms.Form):
    """The admittance criteria of `alliance` as questions, then the institution, the
    recommending member, the contact person and a logo. `website_address` is a trap for bots:
    hidden from people, who leave it empty."""

    name_en = forms.CharField(label=_("Name of the institution in English"), max_length=200)
    name_zh = forms.CharField(
        label=_("Name in Chinese, if it has one"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs=CHINESE),
    )
    kind = forms.ChoiceField(
        label=_("Kind of institution"),
        choices=[(kind.value, kind.label) for kind in APPLICANT_KINDS],
    )
    country = forms.ChoiceField(label=_("Country"))
    city_en = forms.CharField(label=_("City"), max_length=100)
    website = website_field()
    description_en = text_area_field(_("About the institution"), rows=5)
    recommended_by = forms.ModelChoiceField(
        label=_("Recommending member"),
        queryset=Institution.objects.none(),
        required=False,
        empty_label=_("No recommending member"),
        help_text=_("A current member of the alliance that introduces and recommends you."),
    )
    contact_name = forms.CharField(label=_("Contact person"), max_length=200)
    contact_role = forms.CharField(label=_("Position"), required=False, max_length=200)
    contact_email = forms.EmailField(label=_("Contact email"))
    contact_phone = forms.CharField(label=_("Telephone"), required=False, max_length=40)
    logo = logo_field(_("Logo"))
    website_address = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    APPLICATION_FIELDS = (
        "name_en",
        "name_zh",
        "kind",
        "country",
        "city_en",
        "website",
        "description_en",
        "recommended_by",
        "contact_name",
        "contact_role",
        "contact_email",
        "contact_phone",
    )

    def __init__(self, *args, alliance, oversized=(), **kwargs):
        super().__init__(*args, label_suffix="", **kwargs)
        self.alliance = alliance
        self.oversized = set(oversized)
        self.criteria = list(alliance.items.filter(kind=AllianceItem.Kind.CRITERION))
        for criterion in self.criteria:
            self.fields[f"{ANSWER_PREFIX}{criterion.position}"] = text_area_field(
                f"{criterion.position}. {criterion.text.rstrip(';；.。 ')}", rows=4, required=True
            )
        self.fields["country"].choices = [("", "---------"), *countries]
        self.fields["recommended_by"].queryset = (
            Institution.objects.published()
            .filter(memberships__in=Membership.objects.current().filter(alliance=alliance))
            .distinct()
            .order_by("name_en")
        )

    @property
    def is_spam(self):
        return bool(self.data.get("website_address", "").strip())

    def answer_fields(self):
        return [self[f"{ANSWER_PREFIX}{criterion.position}"] for criterion in self.criteria]

    def recommendation_fields(self):
        return [self["recommended_by"]]

    def institution_fields(self):
        names = ("name_en", "name_zh", "kind", "country", "city_en", "website", "description_en")
        return [self[name] for name in (*names, "logo")]

    def contact_fields(self):
        return [
            self[name]
            for name in ("contact_name", "contact_role", "contact_email", "contact_phone")
        ]

    def application_values(self):
        return {name: self.cleaned_data[name] for name in self.APPLICATION_FIELDS}

    def answers(self):
        return [
            (criterion, self.cleaned_data[f"{ANSWER_PREFIX}{criterion.position}"])
            for criterion in self.criteria
        ]


class InvitationAcceptForm(SetPasswordForm):
    """Choose the password of a new representative account; validated against the site's
    password rules for an account named by the invited address."""

    def __init__(self, invitation, *args, **kwargs):
        user = get_user_model()(username=invitation.email, email=invitation.email)
        super().__init__(user, *args, label_suffix="", **kwargs)


# Admin ------------------------------------------------------------------------------------


class Decision:
    APPROVE = "approve"
    REJECT = "reject"
    CHOICES = [(APPROVE, _("Approve")), (REJECT, _("Reject"))]


class ProfileChangeReviewForm(forms.ModelForm):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=Decision.CHOICES, widget=forms.RadioSelect
    )

    class Meta:
        model = ProfileChange
        fields = ["review_comment"]
        help_texts = {"review_comment": _("Sent to the representatives; required to reject.")}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == Decision.REJECT and not cleaned.get("review_comment"):
            self.add_error("review_comment", _("Say why the change is rejected."))
        return cleaned


class ApplicationDecisionForm(forms.ModelForm):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=Decision.CHOICES, widget=forms.RadioSelect
    )
    existing_institution = forms.ModelChoiceField(
        label=_("Existing institution"),
        queryset=Institution.objects.only("name_en").order_by("name_en"),
        required=False,
        help_text=_("Approve for an institution already in the catalog; empty: create one."),
    )
    joined_on = forms.DateField(
        label=_("Member since"),
        required=False,
        help_text=_("The day the membership begins (for an approval); empty: today."),
    )

    class Meta:
        model = MembershipApplication
        fields = ["decision_reason"]
        help_texts = {"decision_reason": _("Sent to the applicant; required to reject.")}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == Decision.REJECT:
            if not cleaned.get("decision_reason"):
                self.add_error("decision_reason", _("Give the reason for the applicant."))
        elif cleaned.get("decision") == Decision.APPROVE:
            cleaned["joined_on"] = cleaned.get("joined_on") or timezone.localdate()
            self._check_membership(cleaned)
        return cleaned

    def _check_membership(self, cleaned):
        """The membership rules, checked before anything is written."""
        alliance = self.instance.alliance
        institution = cleaned.get("existing_institution")
        joined_on = cleaned["joined_on"]
        if joined_on < alliance.founded_on:
            self.add_error(
                "joined_on",
                _("The alliance was founded on %(date)s.")
                % {"date": alliance.founded_on.isoformat()},
            )
        if (
            institution is not None
            and (
                Membership.objects.current().filter(institution=institution, alliance=alliance)
            ).exists()
        ):
            self.add_error(
                "existing_institution", _("This institution is already a member of the alliance.")
            )


class RepresentativeInvitationForm(forms.ModelForm):
    class Meta:
        model = RepresentativeInvitation
        fields = ["email", "institution"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "institution" in self.fields:
            queryset = Institution.objects.only("name_en").order_by("name_en")
            self.fields["institution"].queryset = queryset

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


def founded_later(alliance):
    """The message for a day before `alliance` was founded."""
    return ValidationError(
        _("%(alliance)s was founded on %(founded)s: choose that day or a later one.")
        % {"alliance": alliance.name, "founded": alliance.founded_on.isoformat()},
        code="before_founding",
    )


class AsOfForm(forms.Form):
    """The day the alliance page shows its members on (`?as_of=`): from the founding to today."""

    as_of = PastDayField(label=_("As of"), required=False)

    def __init__(self, data, *, alliance):
        super().__init__(data)
        self.alliance = alliance

    def clean_as_of(self):
        day = self.cleaned_data["as_of"]
        if day and day < self.alliance.founded_on:
            raise founded_later(self.alliance)
        return day
