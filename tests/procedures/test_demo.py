"""The demo's "Thủ tục hành chính" is never empty: on the main portal and on every unit the demo gives
procedures, in three languages, each linking to the public-service portal."""

import re

import pytest

from procedures import demo
from procedures.models import Procedure
from subsites import demo as subsites_demo
from subsites.enums import SectionKind
from subsites.models import Section

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    seeded = subsites_demo.seed()
    demo.seed(seeded)
    demo.seed(seeded)  # idempotent: keyed by unit and code
    return seeded


def test_every_procedures_section_of_the_demo_lists_procedures_in_three_languages(client, seeded):
    sections = list(Section.objects.filter(kind=SectionKind.PROCEDURES, active=True).select_related("unit"))
    units = {s.unit for s in sections}
    assert seeded["main"] in units, "the main portal's menu has no section of procedures"
    assert len(units) >= 1 + len([key for key in demo.PROCEDURES if key])
    for section in sections:
        for language in ("vi", "en", "km"):
            url = section.get_absolute_url().replace("/vi/", f"/{language}/")
            page = client.get(url, follow=True)
            assert page.status_code == 200, url
            cards = re.findall(r'<li class="proc-card">(.*?)</li>', page.text, flags=re.S)
            assert cards, f"{section.unit} {language}: the section “{section.title_vi}” is empty"
            assert all('href="https://dichvucong.gov.vn/' in card for card in cards)
    # Seeded twice, kept once; every procedure in three languages.
    total = sum(len(rows) for rows in demo.PROCEDURES.values())
    assert Procedure.objects.count() == total
    for procedure in Procedure.objects.visible():
        assert procedure.name_vi and procedure.name_en and procedure.name_km, procedure.code
        assert procedure.processing_time_en and procedure.fees_km, procedure.code
