"""`{% srcset thumbnail image as candidates %}`: the `srcset` of a stored picture, each file with
the width in pixels its record keeps (core.models.images), so that the browser is never told a
false width. Empty unless every file is there with a known width: a page then shows the `src`
alone rather than guess. `{{ url|with_origin:site_origin }}`: a stored file's absolute address."""

from urllib.parse import urljoin

from django import template

register = template.Library()


@register.simple_tag
def srcset(*files):
    """`url Nw, ...` of `files`, smallest first; a file no wider than the one before it adds
    nothing (a small image's thumbnail is the image's size)."""
    if not all(files) or any(file.stored_width is None for file in files):
        return ""
    candidates, widest = [], 0
    for file in sorted(files, key=lambda file: file.stored_width):
        if file.stored_width > widest:
            candidates.append(f"{file.url} {file.stored_width}w")
            widest = file.stored_width
    return ", ".join(candidates)


@register.filter
def with_origin(url, origin):
    """`url` made absolute on the site's `origin`, unless it has an origin of its own (a file
    kept on an S3 store)."""
    return urljoin(f"{origin}/", url)
