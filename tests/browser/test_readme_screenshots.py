"""The README's pictures of the phone home page, one per language, made from the demo province: what
a citizen sees first on a 360 px screen, redrawn by every run of the suite into docs/."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from PIL import Image

pytestmark = pytest.mark.django_db(transaction=True)

DOCS = Path(__file__).resolve().parents[2] / "docs"
LIMIT = 60 * 1024  # the README loads three of them


def small_png(png: bytes) -> bytes:
    """A palette PNG: text and flat colours survive 128 colours, at a quarter of the bytes."""
    image = Image.open(io.BytesIO(png)).convert("RGB").quantize(colors=128)
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


@pytest.fixture
def demo(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", stdout=io.StringIO())


@pytest.mark.parametrize("lang", ["vi", "en", "km"])
def test_the_phone_home_page_in_each_language_for_the_readme(demo, live_server, browser, lang):
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/{lang}/", wait_until="networkidle")
    page.evaluate("document.fonts.ready")
    assert page.evaluate("document.documentElement.lang") == lang
    png = small_png(page.screenshot(full_page=False))
    context.close()
    path = DOCS / f"screenshot-phone-{lang}.png"
    path.write_bytes(png)
    assert Image.open(path).size == (360, 740)
    assert len(png) < LIMIT, f"{path.name}: {len(png):,} bytes"
