"""The demo accounts: admin (superuser), editor (Editors group) and durban (representative)."""

import secrets

from django.contrib.auth import get_user_model

from alliance.models import Representative
from config.demo.sync import sync, sync_set
from config.roles import sync_roles


def editors_group():
    """The Editors role of config.roles (its migration creates it; a database emptied by a
    test's flush gets it back here)."""
    return sync_roles()["Editors"]


def load_accounts(institutions, password):
    """Create the accounts that do not exist yet; return {username: password} for those created.

    Existing accounts keep their password, so a second run changes nothing."""
    User = get_user_model()
    password = password or secrets.token_urlsafe(12)
    created = {}
    accounts = [
        ("admin", {"is_staff": True, "is_superuser": True}),
        ("editor", {"is_staff": True, "is_superuser": False}),
        ("durban", {"is_staff": False, "is_superuser": False}),
    ]
    for username, flags in accounts:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, email=f"{username}@example.org", **flags)
            user.set_password(password)
            user.save()
            created[username] = password
    sync_set(User.objects.get(username="editor").groups, [editors_group()])
    sync(
        Representative,
        {"user": User.objects.get(username="durban")},
        institution=institutions["durban"],
    )
    return created
