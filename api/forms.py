from django import forms

from alliance.models import Institution, Membership
from api.models import ApiKey


class ApiKeyIssueForm(forms.ModelForm):
    """What staff choose when they issue a key: a current member institution and a name."""

    class Meta:
        model = ApiKey
        fields = ["institution", "name"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "institution" in self.fields:  # not on the change form, where it is read-only
            members = Institution.objects.filter(memberships__in=Membership.objects.current())
            self.fields["institution"].queryset = (
                members.distinct().only("name_en").order_by("name_en")
            )
