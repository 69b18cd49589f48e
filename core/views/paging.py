"""Pagination that never fails on a hostile `page` parameter."""

from django.core.paginator import Paginator

PER_PAGE = 24


def page_number(raw):
    """The page asked for: junk, zero or negative numbers mean the first page."""
    try:
        number = int(str(raw).strip()[:12])
    except ValueError:
        return 1
    return max(number, 1)


def paginate(request, queryset, per_page=PER_PAGE, count=None):
    """The requested page of `queryset`; a number past the end gives the last page. `count`,
    the number of rows of `queryset` when the caller has counted them already, saves a query."""
    paginator = Paginator(queryset, per_page)
    if count is not None:
        paginator.count = count
    return paginator.get_page(page_number(request.GET.get("page", 1)))
