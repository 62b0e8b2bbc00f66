import pytest
from django.db import transaction
from django.test import override_settings


def seed_everything() -> dict:
    """The whole demo portal: units, news, documents, drafts (and Q&A once its app has a demo)."""
    from django.apps import apps

    from subsites import demo as subsites_demo

    with transaction.atomic():
        seeded = subsites_demo.seed()
        for config in apps.get_app_configs():
            if config.name in {"news", "documents", "consultations", "citizen_qa"}:
                try:
                    module = __import__(f"{config.name}.demo", fromlist=["seed"])
                except ModuleNotFoundError:
                    continue
                module.seed(seeded)
    return seeded


@pytest.fixture(scope="module")
def demo_portal(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo portal, seeded once per module and rolled back after it (each test in a savepoint)."""
    media = tmp_path_factory.mktemp("media")
    with (
        django_db_blocker.unblock(),
        override_settings(
            MEDIA_ROOT=str(media), PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
        ),
    ):
        with transaction.atomic():
            yield seed_everything()
            transaction.set_rollback(True)
