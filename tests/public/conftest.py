import pytest
from django.db import transaction


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


@pytest.fixture
def demo_portal(db, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return seed_everything()
