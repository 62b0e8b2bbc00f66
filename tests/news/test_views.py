"""Public pages: lists, the article, languages, feeds, the sitemap, search, counters, scheduling."""

import re
from datetime import UTC, datetime, time, timedelta

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from news import services, tasks
from news.forms import PublishForm
from news.models import Article
from news.selectors import coverage_matrix
from portal.cache import bump, generations

from ..factories.news import ArticleFactory, PhotoFactory, TranslationFactory
from .conftest import publish, write_article

pytestmark = pytest.mark.django_db
UNIT_NEWS = "/don-vi/sotp/{lang}/tin-tuc/"


def _translate_km(article, title="ព័ត៌មានខេត្តត្រាវិញ"):
    Article.objects.filter(pk=article.pk).update(title_km=title)
    TranslationFactory(article=article, language="km", title=title)
    bump("unit", article.unit_id)  # as the translation services do: the factories write past them


def _many(unit, n, section=None):
    articles = []
    for i in range(n):
        article = ArticleFactory(unit=unit, published=True, title_vi=f"Tin số {i}", slug=f"tin-so-{i}")
        PhotoFactory(article=article)
        if section is not None:
            article.sections.add(section)
        articles.append(article)
    return articles


@pytest.mark.parametrize("count", [10, 100])
def test_list_queries_do_not_grow_with_the_number_of_articles(
    client, unit_a, news_section_a, count, django_assert_max_num_queries
):
    _many(unit_a, count, news_section_a)
    for url in (UNIT_NEWS.format(lang="vi"), "/don-vi/sotp/vi/muc/tin-tuc/", "/don-vi/sotp/vi/"):
        client.get(url)  # renditions are made (and their keys stored) on the first view
        with django_assert_max_num_queries(8):
            response = client.get(url)
        assert response.status_code == 200
        assert "Tin số" in response.text


@pytest.mark.parametrize("count", [10, 100])
def test_detail_queries_do_not_grow(client, unit_a, news_section_a, count, django_assert_max_num_queries):
    articles = _many(unit_a, count, news_section_a)
    PhotoFactory.create_batch(3, article=articles[0])
    url = articles[0].get_absolute_url()
    client.get(url)
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.status_code == 200
    assert response.text.count("<picture") >= 4 + 3  # cover, gallery and related articles


def test_article_page_has_sharing_and_dublin_core_metadata(client, published_article):
    response = client.get(published_article.get_absolute_url())
    text = response.text
    assert '<meta property="og:title" content="Hội nghị tổng kết công tác tư pháp năm 2025">' in text
    assert 'property="og:image" content="http://testserver/media/' in text
    assert '<meta name="twitter:card" content="summary_large_image">' in text
    assert '<meta name="DC.title" content="Hội nghị tổng kết công tác tư pháp năm 2025">' in text
    assert '<meta name="DC.date" content="' + timezone.localdate().isoformat() in text
    assert 'loading="eager"' in text and "srcset=" in text and 'type="image/webp"' in text
    assert f'href="{published_article.get_absolute_url()}pdf/"' in text


def test_article_shares_its_title_summary_and_cover_without_third_party_scripts(client, published_article):
    text = client.get(published_article.get_absolute_url()).text
    url = f"http://testserver{published_article.get_absolute_url()}"
    image = re.search(r'<meta property="og:image" content="([^"]+)">', text).group(1)
    assert image.startswith("http://testserver/media/") and image.endswith(".jpg")
    assert client.get(image.removeprefix("http://testserver")).status_code == 200
    assert '<meta property="og:description" content="Tóm tắt.">' in text
    assert f'<meta property="og:url" content="{url}">' in text
    # The device's share sheet (Zalo, Messenger…) and "copy link", hidden until the script finds support.
    assert (
        f'data-share data-title="{published_article.title_vi}" data-text="Tóm tắt." data-url="{url}"' in text
    )
    assert f'data-copy-link="{url}"' in text
    assert text.count('<li hidden><button type="button" class="share-button"') == 2
    assert 'role="status" data-share-status' in text
    scripts = re.findall(r"<script[^>]*>", text)
    assert '<script src="/static/news/share.js" defer>' in scripts
    assert all(tag.startswith('<script src="/static/') for tag in scripts)


def test_missing_language_answers_404_with_the_existing_languages(client, published_article):
    vi_url = f"/don-vi/sotp/vi/tin-tuc/{published_article.slug}/"
    response = client.get(vi_url.replace("/vi/", "/km/"))
    assert response.status_code == 404
    assert [link["url"] for link in response.context["available_languages"]] == [vi_url]
    _translate_km(published_article)
    response = client.get(vi_url.replace("/vi/", "/km/"))
    assert response.status_code == 200
    assert "ព័ត៌មានខេត្តត្រាវិញ" in response.text
    assert 'rel="alternate" hreflang="km"' in response.text
    assert 'rel="alternate" hreflang="en"' not in response.text


def test_an_article_names_the_other_languages_it_exists_in(client, published_article):
    vi_url = f"/don-vi/sotp/vi/tin-tuc/{published_article.slug}/"
    km_url = vi_url.replace("/vi/", "/km/")

    def also_in(url: str) -> list[list[str]]:
        lines = re.findall(r'<p class="meta also-in[^>]*>(.*?)</p>', client.get(url).text)
        return [re.findall(r'href="([^"]+)"', line) for line in lines]

    assert also_in(vi_url) == []
    _translate_km(published_article)
    assert also_in(vi_url) == [[km_url]]
    assert also_in(km_url) == [[vi_url]]


def test_unknown_or_other_units_article_is_404(client, published_article, unit_b):
    assert client.get(UNIT_NEWS.format(lang="vi") + "khong-co/").status_code == 404
    assert client.get(f"/don-vi/soyt/vi/tin-tuc/{published_article.slug}/").status_code == 404


def test_pdf_of_the_article(client, published_article):
    response = client.get(published_article.get_absolute_url() + "pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_lists_show_only_what_exists_in_the_language(client, unit_a):
    vi_only = ArticleFactory(unit=unit_a, published=True, title_vi="Chỉ tiếng Việt")
    both = ArticleFactory(unit=unit_a, published=True, title_vi="Có tiếng Khmer")
    _translate_km(both, "មានភាសាខ្មែរ")
    km = client.get(UNIT_NEWS.format(lang="km")).text
    assert "មានភាសាខ្មែរ" in km and vi_only.title_vi not in km
    vi = client.get(UNIT_NEWS.format(lang="vi")).text
    assert "Chỉ tiếng Việt" in vi and "Có tiếng Khmer" in vi


def test_main_portal_lists_promoted_unit_articles(client, main_portal, unit_a):
    ArticleFactory(
        unit=unit_a, published=True, title_vi="Tin của sở được đưa lên cổng", promoted_to_main=True
    )
    ArticleFactory(unit=unit_a, published=True, title_vi="Tin chỉ của sở")
    text = client.get("/vi/tin-tuc/").text
    assert "Tin của sở được đưa lên cổng" in text and "Tin chỉ của sở" not in text


def test_feeds_per_unit_section_and_language(client, unit_a, news_section_a):
    in_section = ArticleFactory(unit=unit_a, published=True, title_vi="Tin trong chuyên mục")
    in_section.sections.add(news_section_a)
    ArticleFactory(unit=unit_a, published=True, title_vi="Tin ngoài chuyên mục")
    _translate_km(in_section, "ព័ត៌មានក្នុងផ្នែក")
    rss = client.get(UNIT_NEWS.format(lang="vi") + "rss/")
    assert rss["Content-Type"].startswith("application/rss+xml")
    assert "Tin trong chuyên mục" in rss.text and "Tin ngoài chuyên mục" in rss.text
    assert f"http://testserver/don-vi/sotp/vi/tin-tuc/{in_section.slug}/" in rss.text
    atom = client.get(UNIT_NEWS.format(lang="vi") + "muc/tin-tuc/atom/")
    assert atom["Content-Type"].startswith("application/atom+xml")
    assert "Tin trong chuyên mục" in atom.text and "Tin ngoài chuyên mục" not in atom.text
    km = client.get(UNIT_NEWS.format(lang="km") + "rss/").text
    assert "ព័ត៌មានក្នុងផ្នែក" in km and "Tin ngoài chuyên mục" not in km
    assert f"/don-vi/sotp/km/tin-tuc/{in_section.slug}/" in km
    assert client.get(UNIT_NEWS.format(lang="vi") + "muc/khong-co/rss/").status_code == 404


def test_section_feeds_at_each_languages_address(client, unit_a, news_section_a):
    from urllib.parse import quote

    from subsites.models import Section

    khmer = quote("ព័ត៌មាន")
    Section.objects.filter(pk=news_section_a.pk).update(slug_en="news", slug_km="ព័ត៌មាន")
    in_section = ArticleFactory(unit=unit_a, published=True, title_vi="Tin trong chuyên mục")
    in_section.sections.add(news_section_a)
    _translate_km(in_section, "ព័ត៌មានក្នុងផ្នែក")
    km = client.get(f"/don-vi/sotp/km/tin-tuc/muc/{khmer}/rss/")
    assert km.status_code == 200 and "ព័ត៌មានក្នុងផ្នែក" in km.text
    assert f"<link>http://testserver/don-vi/sotp/km/muc/{khmer}/</link>" in km.text
    assert client.get("/don-vi/sotp/en/tin-tuc/muc/news/atom/").status_code == 200
    old = client.get("/don-vi/sotp/km/tin-tuc/muc/tin-tuc/atom/")
    assert old.status_code == 301 and old["Location"] == f"/don-vi/sotp/km/tin-tuc/muc/{khmer}/atom/"
    assert client.get("/don-vi/sotp/vi/tin-tuc/muc/news/rss/").status_code == 404
    listing = client.get("/don-vi/sotp/en/muc/news/").text
    assert 'href="/don-vi/sotp/en/tin-tuc/muc/news/rss/"' in listing


def test_sitemap_lists_each_existing_language_with_hreflang(client, unit_a):
    translated = ArticleFactory(unit=unit_a, published=True, slug="co-ban-dich")
    ArticleFactory(unit=unit_a, published=True, slug="chua-dich")
    ArticleFactory(unit=unit_a, slug="ban-nhap")
    _translate_km(translated)
    xml = client.get("/sitemap-news.xml").text
    base = "http://testserver/don-vi/sotp"
    assert f"<loc>{base}/km/tin-tuc/co-ban-dich/</loc>" in xml
    assert f'hreflang="km" href="{base}/km/tin-tuc/co-ban-dich/"' in xml
    assert f"<loc>{base}/vi/tin-tuc/chua-dich/</loc>" in xml
    assert f"{base}/km/tin-tuc/chua-dich/" not in xml
    assert f"{base}/en/tin-tuc/co-ban-dich/" not in xml
    assert "ban-nhap" not in xml


def test_site_search_finds_articles_by_folded_words(client, published_article):
    response = client.get("/vi/tim-kiem/", {"q": "tong ket cong tac tu phap"})
    assert published_article.get_absolute_url() in response.text


def test_home_block_shows_featured_and_latest(client, unit_a):
    ArticleFactory(unit=unit_a, published=True, title_vi="Tin nổi bật của sở", featured=True)
    ArticleFactory(unit=unit_a, published=True, title_vi="Tin mới nhất của sở")
    text = client.get("/don-vi/sotp/vi/").text
    assert text.index("Tin nổi bật của sở") < text.index("Tin mới nhất của sở")


def test_views_are_buffered_then_flushed(client, published_article, django_assert_max_num_queries):
    url = published_article.get_absolute_url()
    for _ in range(3):
        client.get(url)
    published_article.refresh_from_db()
    assert published_article.view_count == 0
    assert tasks.flush_view_counts() == 3
    published_article.refresh_from_db()
    assert published_article.view_count == 3
    assert tasks.flush_view_counts() == 0


@pytest.mark.skipif(not settings.REDIS_URL, reason="the Redis path runs where REDIS_URL is set (CI)")
def test_views_meet_in_redis_once_a_second_and_are_taken_once(client, published_article, settings):
    from news import viewcounts
    from portal.cache import redis_client

    url = published_article.get_absolute_url()
    client.get(url)
    assert redis_client().hget(viewcounts._HASH, str(published_article.pk)) is None  # in memory
    settings.PORTAL_VIEWS_PUSH_SECONDS = 0
    client.get(url)
    assert redis_client().hget(viewcounts._HASH, str(published_article.pk)) == b"2"  # both, one push
    settings.PORTAL_VIEWS_PUSH_SECONDS = 3600
    client.get(url)
    assert viewcounts.take_counts() == {published_article.pk: 3}  # this process's own counts too
    assert viewcounts.take_counts() == {}


def test_scheduled_publication_at_local_midnight(unit_a, editor_a, approver_a):
    """Scheduled for 00:00 on 1 January, Vietnam time: public from that instant (17:00 UTC the day before)."""
    new_year = timezone.localdate().replace(month=1, day=1).replace(year=timezone.localdate().year + 1)
    form = PublishForm({"publish_date": new_year.isoformat(), "publish_time": "00:00"})
    assert form.is_valid()
    moment = form.moment()
    assert moment.astimezone(UTC) == datetime.combine(new_year - timedelta(days=1), time(17), UTC)
    article = write_article(unit_a, editor_a)
    publish(article, editor_a, approver_a, at=moment)
    visible = Article.objects.visible
    assert not visible("vi").filter(pk=article.pk).exists()
    assert not visible("vi", at=moment - timedelta(microseconds=1)).filter(pk=article.pk).exists()
    assert visible("vi", at=moment).filter(pk=article.pk).exists()
    # The report's period is in local dates: it falls on 1 January, not 31 December.
    eve = new_year - timedelta(days=1)
    in_january = {r["unit"].pk: r["total"] for r in coverage_matrix(new_year, new_year)}
    in_december = {r["unit"].pk: r["total"] for r in coverage_matrix(eve, eve)}
    assert (in_january[unit_a.pk], in_december[unit_a.pk]) == (1, 0)


def test_beat_task_bumps_generations_of_articles_that_became_public(unit_a):
    now = timezone.now()
    ArticleFactory(unit=unit_a, status="published", published_at=now - timedelta(seconds=30))
    cache.set("news:scheduled:last-run", now - timedelta(minutes=1), None)
    before = generations(("news", unit_a.pk), ("unit", unit_a.pk))
    assert tasks.announce_scheduled_articles() == 1
    after = generations(("news", unit_a.pk), ("unit", unit_a.pk))
    assert after != before
    assert tasks.announce_scheduled_articles() == 0
    assert generations(("news", unit_a.pk), ("unit", unit_a.pk)) == after


def test_home_block_cache_follows_the_generations(client, unit_a, editor_a, approver_a):
    assert "Bài mới được đăng" not in client.get("/don-vi/sotp/vi/").text
    article = write_article(unit_a, editor_a, title="Bài mới được đăng")
    publish(article, editor_a, approver_a)
    assert "Bài mới được đăng" in client.get("/don-vi/sotp/vi/").text
    services.article_unpublish(article=article, acting_user=approver_a)
    assert "Bài mới được đăng" not in client.get("/don-vi/sotp/vi/").text
