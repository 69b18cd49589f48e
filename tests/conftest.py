import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import translation

DEMO_PASSWORD = "demo-password-for-tests"


@pytest.fixture
def demo(db, settings, monkeypatch, tmp_path):
    """The demo data of the source texts, loaded as `make run` loads it (with its sample
    programme; the placeholder posters go to a folder of the test's own)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DEBUG = True
    monkeypatch.setenv("DEMO_PASSWORD", DEMO_PASSWORD)
    call_command("load_demo", verbosity=0)
    settings.DEBUG = False


@pytest.fixture(autouse=True)
def _english_after_each_test():
    """A /zh-hans/ request leaves Chinese active in the worker's thread (LocaleMiddleware does
    not reset it); the tests that run next in the same thread expect English."""
    yield
    translation.activate("en")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """The demo's three accounts and every test login would otherwise spend a second in
    PBKDF2; tests check who may do what, not the strength of the hash."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (the local-memory one of the test settings): a test
    that writes with bulk_create, which sends no signal and so renews no version token, must not
    read what an earlier test kept under the same tokens."""
    cache.clear()


@pytest.fixture
def page_cache_on(settings):
    """The page cache on, as in production, from an empty cache; use it with
    `pytestmark = pytest.mark.usefixtures("page_cache_on")`."""
    settings.PAGE_CACHE = True
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _open_data_built_inline(monkeypatch):
    """The open-data archive is built in the request instead of a thread of its own: another
    thread's database connection cannot see the test's transaction."""
    from api import open_data_archive

    monkeypatch.setattr(open_data_archive, "run_in_background", open_data_archive.build_and_unlock)


@pytest.fixture
def reference_rows(transactional_db):
    """The rows data migrations write (countries, role groups), put back for a test that commits:
    an earlier transactional test's flush removed them. Rather than `serialized_rollback`, whose
    copy clashes with rows that flush's post_migrate or another module put back."""
    from tests.reference_data import restore_reference_data

    restore_reference_data()
