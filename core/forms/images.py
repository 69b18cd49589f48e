"""The form field of every stored image (CheckedImageField's form field, in the admin and in any
ModelForm): the upload is checked and re-encoded by core.uploads while the form is cleaned, so a
refused file is an error beside the field and nothing is stored."""

from django import forms

from core.uploads import ACCEPTED_TYPES, HELP_TEXT, process_image


class CheckedImageFormField(forms.FileField):
    def __init__(self, *, help_text="", **kwargs):
        super().__init__(help_text=help_text or HELP_TEXT, **kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.FileInput) and "accept" not in widget.attrs:
            attrs["accept"] = ACCEPTED_TYPES
        return attrs

    def to_python(self, data):
        upload = super().to_python(data)  # None without a file; refuses an empty one
        return None if upload is None else process_image(upload)
