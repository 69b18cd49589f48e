"""ImageWithSizes (core/models/images.py): one declaration gives the image, its thumbnail and
their pixel sizes, named and labelled as the models had them written out."""

from django.utils import translation

from alliance.models import Institution
from filmweek.models import Film, FilmWeek


def fields(model, prefix):
    return {
        field.name: str(field.verbose_name)
        for field in model._meta.fields
        if field.name.startswith(prefix) and "caption" not in field.name
    }


def test_image_with_thumbnail_declares_six_fields_in_order():
    declared = fields(Film, "poster")

    assert list(declared.items())[:6] == [
        ("poster", "poster"),
        ("poster_thumbnail", "poster thumbnail"),
        ("poster_width", "poster width (pixels)"),
        ("poster_height", "poster height (pixels)"),
        ("poster_thumbnail_width", "poster thumbnail width (pixels)"),
        ("poster_thumbnail_height", "poster thumbnail height (pixels)"),
    ]


def test_image_fields_point_at_their_thumbnail_and_size_columns():
    logo = Institution._meta.get_field("logo")
    thumbnail = Institution._meta.get_field("logo_thumbnail")

    assert (logo.thumbnail_field, logo.width_field, logo.height_field) == (
        "logo_thumbnail",
        "logo_width",
        "logo_height",
    )
    assert (thumbnail.thumbnail_field, thumbnail.width_field, thumbnail.editable) == (
        None,
        "logo_thumbnail_width",
        False,
    )


def test_image_without_thumbnail_declares_its_sizes_only():
    assert fields(FilmWeek, "poster") == {
        "poster": "poster",
        "poster_width": "poster width (pixels)",
        "poster_height": "poster height (pixels)",
    }


def test_image_field_labels_in_chinese():
    with translation.override("zh-hans"):
        labels = list(fields(Institution, "logo").values())

    assert labels == [
        "徽标",
        "徽标缩略图",
        "徽标宽度（像素）",
        "徽标高度（像素）",
        "徽标缩略图宽度（像素）",
        "徽标缩略图高度（像素）",
    ]
