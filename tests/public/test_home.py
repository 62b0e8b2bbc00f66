"""Home pages: the main portal's composed from every content type, a unit's from its own content."""

from datetime import timedelta

import pytest
from django.utils import timezone

from subsites.models import Banner
from tests.factories.consultations import DraftFactory
from tests.factories.documents import DocumentFactory, LeaderScheduleFactory, ScheduleEntryFactory
from tests.factories.news import ArticleFactory
from tests.factories.subsites import SectionFactory

pytestmark = pytest.mark.django_db


def region(body: str, marker: str) -> str:
    return body.split(marker, 1)[1]


def test_channels_list_the_latest_articles_of_each_channel(client, main_portal):
    for slug, title in (("chinh-quyen", "Chính quyền"), ("du-lich", "Du lịch")):
        channel = SectionFactory(unit=main_portal, slug=slug, title_vi=title, kind="group")
        child = SectionFactory(unit=main_portal, slug=f"{slug}-tin", parent=channel, kind="articles")
        item = ArticleFactory(
            unit=main_portal, published=True, title_vi=f"Tin {title} mới", slug=f"tin-{slug}"
        )
        item.sections.add(child)
    body = client.get("/vi/").content.decode()
    channels = region(body, 'id="channels-heading"')
    assert "Chính quyền" in channels and "Tin Chính quyền mới" in channels
    assert "Du lịch" in channels and "Tin Du lịch mới" in channels


def test_one_channel_is_not_repeated_as_channels(client, unit_a):
    section = SectionFactory(unit=unit_a, slug="tin-tuc", kind="articles")
    ArticleFactory(unit=unit_a, published=True).sections.add(section)
    assert 'id="channels-heading"' not in client.get(f"/don-vi/{unit_a.key}/vi/").content.decode()


def test_banners_follow_their_dates(client, main_portal):
    today = timezone.localdate()
    Banner.objects.create(unit=main_portal, title_vi="Đang chạy", link="/vi/", starts_on=today)
    Banner.objects.create(
        unit=main_portal, title_vi="Đã hết", link="/vi/", starts_on=today - timedelta(days=9),
        ends_on=today - timedelta(days=1),
    )  # fmt: skip
    Banner.objects.create(
        unit=main_portal, title_vi="Sắp tới", link="/vi/", starts_on=today + timedelta(days=1)
    )
    body = client.get("/vi/").content.decode()
    assert "Đang chạy" in body and "Đã hết" not in body and "Sắp tới" not in body


def test_tabs_without_javascript_are_headed_sections(client, main_portal):
    DocumentFactory(unit=main_portal, published=True, title_vi="Quyết định mới")
    DraftFactory(unit=main_portal, scheduled=True, title_vi="Dự thảo đang lấy ý kiến")
    body = client.get("/vi/").content.decode()
    tabs = region(body, "data-tabs")
    # Each panel keeps its heading (h2), so the page reads well with no script at all.
    assert tabs.count("<h2") >= 3
    assert 'role="tab"' not in body  # the script adds the ARIA roles; the HTML promises none it cannot keep


def test_unit_home_does_not_show_other_units_content(client, unit_a, unit_b):
    ArticleFactory(unit=unit_b, published=True, title_vi="Tin của đơn vị B")
    DocumentFactory(unit=unit_b, published=True, title_vi="Văn bản của đơn vị B")
    DraftFactory(unit=unit_b, scheduled=True, title_vi="Dự thảo của đơn vị B")
    body = client.get(f"/don-vi/{unit_a.key}/vi/").content.decode()
    assert "đơn vị B" not in body


def test_schedule_of_this_week_on_the_home(client, main_portal):
    from documents.models import monday_of

    schedule = LeaderScheduleFactory(
        unit=main_portal, published=True, week_start=monday_of(timezone.localdate())
    )
    ScheduleEntryFactory(schedule=schedule, date=timezone.localdate(), leader="Chủ tịch UBND tỉnh")
    body = client.get("/vi/").content.decode()
    assert "Chủ tịch UBND tỉnh" in region(body, 'class="home-side"')


def test_home_query_budget(client, main_portal, django_assert_max_num_queries):
    def fill(n):
        for i in range(n):
            ArticleFactory(unit=main_portal, published=True, slug=f"bai-{n}-{i}")
            DocumentFactory(unit=main_portal, published=True)

    fill(10)
    with django_assert_max_num_queries(40):
        client.get("/vi/")
    fill(90)
    from django.core.cache import cache

    cache.clear()
    with django_assert_max_num_queries(40):
        client.get("/vi/")
