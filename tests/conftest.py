"""Shared fixtures: the main portal, two component sites (A and B) and people with roles in them."""

import os

import pytest
from django.core.cache import cache, caches

from subsites.enums import Role

from .factories.subsites import MainPortalFactory, UnitFactory, board_member, member

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Tests that start a server process or thread of their own (Redis, SMTP, nginx, gunicorn, Django's live
# server): left out of `make test-fast`. A test file may also mark itself `pytest.mark.servers`.
_SERVER_FOLDERS = ("/tests/load/", "/tests/cluster/")
_SERVER_FIXTURES = {"live_server", "smtp_server", "redis_server", "hanging_server"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        path = str(item.fspath)
        if any(folder in path for folder in _SERVER_FOLDERS) or _SERVER_FIXTURES & set(item.fixturenames):
            item.add_marker(pytest.mark.servers)


def clear_cache() -> None:
    """Empty this test process's cache; on a shared Redis only its own keys (its prefix), never a flush."""
    from django.conf import settings

    from portal.nearcache import near_cache

    near_cache.forget_all()  # this process's copies of what is deleted below
    if not hasattr(getattr(cache, "_cache", None), "get_client"):  # not Redis (a test may swap the backend)
        cache.clear()
        return
    client = cache._cache.get_client(write=True)
    keys = list(client.scan_iter(match=f"{settings.CACHE_KEY_PREFIX}:*", count=1000))
    if keys:
        client.delete(*keys)


@pytest.fixture(autouse=True)
def _process_state_reset():
    """Django keeps the active language, time zone, URL conf and script prefix per thread: a test that
    leaves Khmer active makes the next test's get_absolute_url() a /km/ address. Every test starts and
    ends at the defaults, whatever order the suite runs in."""
    from django.conf import settings
    from django.urls import set_script_prefix, set_urlconf
    from django.utils import timezone, translation

    def reset():
        translation.activate(settings.LANGUAGE_CODE)
        timezone.deactivate()
        set_urlconf(None)
        set_script_prefix("/")

    reset()
    yield
    reset()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: unit look-ups and generations are cached."""
    clear_cache()
    yield
    clear_cache()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """PBKDF2 costs ~0.3 s a user; tests create many users and test nothing about hashing strength."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def _private_root(tmp_path_factory):
    return tmp_path_factory.mktemp("private")


@pytest.fixture(autouse=True)
def _private_files_in_tmp(settings, _private_root):
    """Private files (attachments, citizens' files, reports) land in a temporary folder, never in the
    checkout's private/ folder; a test that needs its own sets PORTAL_PRIVATE_ROOT again."""
    settings.PORTAL_PRIVATE_ROOT = _private_root


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    """Most tests change rows with factories (no service, no generation bump) between requests; the
    page cache is exercised by the tests that ask for it with the `page_cache` fixture."""
    settings.PORTAL_PAGE_CACHE = False


@pytest.fixture(autouse=True)
def _visits_flushed_only_when_asked(settings):
    """Page and article views leave the request path by the clock (to the database once a minute
    without Redis, to Redis once a second with it); a move landing inside a measured request would add
    its work to that page's count, at random. Tests flush explicitly, or set the intervals themselves."""
    from news import viewcounts
    from reports import visits

    settings.PORTAL_VISITS_LOCAL_FLUSH_SECONDS = 10**9
    settings.PORTAL_VISITS_PUSH_SECONDS = 10**9
    settings.PORTAL_VIEWS_PUSH_SECONDS = 10**9
    visits._local.take()
    viewcounts._buffer.take()


@pytest.fixture(params=["django", "wsgi"])
def both_clients(request, client):
    """Django's test client, then a client through the WSGI application (tests/wsgi_client.py): a module's
    `client` fixture returning it runs the module's tests both ways."""
    from tests.wsgi_client import WsgiClient

    return client if request.param == "django" else WsgiClient()


@pytest.fixture
def page_cache(settings):
    settings.PORTAL_PAGE_CACHE = True


@pytest.fixture
def main_portal(db):
    return MainPortalFactory()


@pytest.fixture
def unit_a(main_portal):
    return UnitFactory(key="sotp", name_vi="Sở Tư pháp", name_en="Department of Justice")


@pytest.fixture
def unit_b(main_portal):
    return UnitFactory(key="soyt", name_vi="Sở Y tế", name_en="Department of Health")


@pytest.fixture
def editor_a(unit_a):
    return member(unit_a, Role.EDITOR, username="editor_a")


@pytest.fixture
def approver_a(unit_a):
    return member(unit_a, Role.APPROVER, username="approver_a")


@pytest.fixture
def translator_a_km(unit_a):
    return member(unit_a, Role.TRANSLATOR, language="km", username="translator_a")


@pytest.fixture
def unit_admin_a(unit_a):
    return member(unit_a, Role.UNIT_ADMIN, username="unitadmin_a")


@pytest.fixture
def board(db):
    return board_member()


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("root", "root@example.gov.vn", "x-very-long-password-1")


@pytest.fixture(autouse=True, scope="session")
def _tasks_inline():
    """Tasks run inline in tests; the Celery integration tests start a real worker instead."""
    from config.celery import app

    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield


@pytest.fixture(autouse=True, scope="session")
def _no_view_flush_at_exit():
    """The test process's view buffers belong to test databases dropped before the interpreter exits:
    its exit flush would write them into the configured (real) database. The exit flush itself is
    tested in subprocesses (tests/load/test_views_at_stop.py)."""
    import atexit

    from portal import counters

    atexit.unregister(counters.flush_all)
    yield


@pytest.fixture
def cache_calls(monkeypatch):
    """The reads that reach the cache backend, by method (one each: the in-process backend's get_many
    is made of gets)."""
    backend, calls, inside = caches["default"], [], []

    def counted(method, real):
        def read(*args, **kwargs):
            if not inside:
                calls.append(method)
            inside.append(method)
            try:
                return real(*args, **kwargs)
            finally:
                inside.pop()

        return read

    for method in ("get", "get_many"):
        monkeypatch.setattr(backend, method, counted(method, getattr(backend, method)))
    return calls
