"""Draft preview: staff who may see a kind of record in the back office also see its drafts on
the public page, under a banner saying so; everyone else gets a 404, as for a page that does
not exist."""

from django.contrib.auth import get_permission_codename
from django.urls import NoReverseMatch, reverse


def previews_drafts(request, model):
    """Whether the signed-in user may see drafts of `model` on their public pages."""
    user = request.user
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return False
    opts = model._meta
    return any(
        user.has_perm(f"{opts.app_label}.{get_permission_codename(action, opts)}")
        for action in ("view", "change")
    )


def visible(model, drafts=False):
    """Every record of `model` for a staff preview, otherwise the published ones."""
    return model.objects.all() if drafts else model.objects.published()


def draft_context(record):
    """The template context of a detail page: a draft gets the banner (base.html includes
    includes/draft_banner.html) with a link to its change page."""
    if record.is_published:
        return {}
    opts = record._meta
    try:
        edit_url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])
    except NoReverseMatch:
        edit_url = ""
    return {"draft_preview": True, "draft_edit_url": edit_url}
