"""A Khmer editor's admin draws Khmer with the portal's own Khmer font, not boxes (no system font needed)."""

import pytest

from subsites.enums import Role

from ..factories.subsites import PASSWORD, member
from .conftest import login

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_khmer_admin_uses_the_shipped_khmer_font(browser, live_server, main_portal):
    member(main_portal, Role.TRANSLATOR, language="km", username="dich-km")
    context = browser.new_context(locale="km-KH")
    context.add_cookies([{"name": "django_language", "value": "km", "url": live_server.url}])
    page = context.new_page()
    login(page, live_server, "dich-km", PASSWORD)
    page.goto(f"{live_server.url}/admin/")
    page.evaluate("document.fonts.ready")
    loaded = page.evaluate(
        "[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family.replace(/['\"]/g, ''))"
    )
    assert "Noto Sans Khmer" in loaded
    context.close()
