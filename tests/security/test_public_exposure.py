"""What the public may not see: unpublished content answers 404, and citizens' personal data appears nowhere.

Content types are discovered (every Publishable model with a public URL and a factory); the crawl
starts from the sitemaps, the home pages, the lists, the feeds, site-wide search and the public
exports, and follows every link it finds on the portal.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import timedelta
from html import unescape
from urllib.parse import urljoin, urlsplit

import pytest
from django.apps import apps
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation

from portal.enums import Status
from portal.models import Publishable
from subsites.routing import unit_reverse

from .admin_forms import factory_for

pytestmark = pytest.mark.django_db


def _public_models():
    return sorted(
        (
            m
            for m in apps.get_models()
            if issubclass(m, Publishable) and hasattr(m, "get_absolute_url") and factory_for(m) is not None
        ),
        key=lambda m: m._meta.label,
    )


PUBLIC_MODELS = _public_models()
HIDDEN_STATES = {
    "draft": {"status": Status.DRAFT},
    "pending": {"status": Status.PENDING},
    "archived": {"status": Status.ARCHIVED},
    "future": {"status": Status.PUBLISHED, "published_at": timezone.now() + timedelta(days=2)},
}
PUBLISHED = {"status": Status.PUBLISHED, "published_at": timezone.now() - timedelta(days=2)}


def _published_kwargs(model) -> dict:
    """The factory's own `published`/`scheduled` trait where it has one (it sets the app's extra state)."""
    params = factory_for(model)._meta.parameters
    for trait in ("published", "scheduled", "answered"):
        if trait in params:
            return {trait: True}
    return dict(PUBLISHED)


def _hidden_kwargs(model, state: str) -> dict:
    kwargs = {**_published_kwargs(model), **HIDDEN_STATES[state]}
    if state != "future":
        kwargs.setdefault("published_at", timezone.now() - timedelta(days=2))
    return kwargs


def test_public_content_types_are_discovered():
    labels = {m._meta.label for m in PUBLIC_MODELS}
    assert {"news.Article", "documents.Document", "consultations.Draft"} <= labels


def test_questions_not_published_answer_404(client, unit_a):
    """Q&A has its own life cycle (not Publishable): every state but published is private."""
    from tests.factories.citizen_qa import QuestionFactory

    shown = QuestionFactory(unit=unit_a, published=True)
    assert client.get(shown.get_absolute_url()).status_code == 200
    for traits in ({}, {"assigned": True}):
        hidden = QuestionFactory(unit=unit_a, **traits)
        assert client.get(hidden.get_absolute_url()).status_code == 404, traits
    unpublishable = QuestionFactory(unit=unit_a, published=True, visibility="private")
    assert client.get(unpublishable.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("state", sorted(HIDDEN_STATES))
@pytest.mark.parametrize("model", PUBLIC_MODELS, ids=[m._meta.label for m in PUBLIC_MODELS])
def test_unpublished_content_answers_404(client, unit_a, unit_b, model, state):
    factory = factory_for(model)
    shown = factory(unit=unit_a, **_published_kwargs(model))
    # Another unit: some content is one per unit and period (a week's schedule).
    hidden = factory(unit=unit_b, **_hidden_kwargs(model, state))
    assert client.get(shown.get_absolute_url()).status_code == 200, "the control object must be public"
    marker = PERIOD_PAGES.get(model._meta.label)
    if marker:
        marker(hidden)
    response = client.get(hidden.get_absolute_url())
    if marker:
        # A week's page exists for every week: it must simply not show the unpublished schedule.
        assert response.status_code in (200, 404)
        assert HIDDEN_MARK not in response.content.decode(), f"{model._meta.label} {state} shown"
    else:
        assert response.status_code == 404, f"{model._meta.label} {state}: {response.status_code}"


HIDDEN_MARK = "Nội dung chưa công bố 4417"


def _schedule_entry(schedule):
    from tests.factories.documents import ScheduleEntryFactory

    ScheduleEntryFactory(schedule=schedule, content_vi=HIDDEN_MARK)


# Pages of a period (a week) rather than of one object: they answer for any period.
PERIOD_PAGES = {"documents.LeaderSchedule": _schedule_entry}


@pytest.mark.parametrize("model", PUBLIC_MODELS, ids=[m._meta.label for m in PUBLIC_MODELS])
def test_content_of_an_inactive_unit_answers_404(client, main_portal, model):
    from tests.factories.subsites import UnitFactory

    closed = UnitFactory(key="dong-cua", inactive=True)
    obj = factory_for(model)(unit=closed, **_published_kwargs(model))
    assert client.get(obj.get_absolute_url()).status_code == 404


def test_article_not_translated_answers_404_in_other_languages(client, unit_a):
    from tests.factories.news import ArticleFactory

    article = ArticleFactory(unit=unit_a, published=True)
    assert client.get(article.get_absolute_url()).status_code == 200
    for language in ("en", "km"):
        with translation.override(language):
            url = article.get_absolute_url()
        assert f"/{language}/" in url
        assert client.get(url).status_code == 404, url


def test_files_of_unpublished_content_answer_404(client, unit_a):
    from tests.factories.documents import AttachmentFactory, DocumentFactory

    for state in HIDDEN_STATES.values():
        attachment = AttachmentFactory(document=DocumentFactory(unit=unit_a, **state))
        for view in ("documents:attachment_view", "documents:attachment_download"):
            assert client.get(unit_reverse(unit_a, view, pk=attachment.pk)).status_code == 404


# --- personal data never public ---------------------------------------------------------------

SECRET_EMAIL = "bi.mat.ca.nhan.7731@thu-rieng.example"
SECRET_PHONE = "0977 123 456"
SECRET_PHONE_DIGITS = "0977123456"
SECRET_ADDRESS = "Số 77 hẻm Bí Mật, ấp Riêng Tư"
_SKIP_PREFIXES = ("/admin/", "/static/", "/media/", "/i18n/", "/captcha/")
_MAX_PAGES = 350


def _personal_values() -> list[str]:
    return [SECRET_EMAIL, SECRET_PHONE, SECRET_PHONE_DIGITS, SECRET_ADDRESS, "thu-rieng.example"]


@pytest.fixture
def seeded_personal_data(unit_a, main_portal):
    """Comments (published, pending, spam) on an open and on a concluded consultation, with distinctive
    personal values; a question with the same values when the Q&A app provides a factory."""
    from consultations.enums import Verdict
    from consultations.models import Disposition
    from tests.factories.consultations import CommentFactory, DraftFactory, add_text

    open_draft = DraftFactory(unit=unit_a, scheduled=True, receiving_address="Số 1 đường 19/5")
    add_text(open_draft)
    concluded = DraftFactory(unit=unit_a, concluded=True)
    add_text(concluded)
    tokens = []
    for draft in (open_draft, concluded):
        for trait in ("published", "confirmed", "spam"):
            comment = CommentFactory(
                draft=draft,
                email=SECRET_EMAIL,
                phone=SECRET_PHONE,
                organization="Hộ kinh doanh Nguyễn Thị Riêng",
                text=f"Góp ý công khai về điều khoản, tổ dân phố. {trait}",
                **{trait: True},
            )
            tokens.append(comment.token)
    disposition = Disposition.objects.create(
        draft=concluded, verdict=Verdict.ACCEPTED, explanation="Tiếp thu."
    )
    concluded.comments.update(disposition=disposition)
    tokens += _seed_questions(unit_a)
    return {"drafts": [open_draft, concluded], "tokens": tokens}


def _seed_questions(unit) -> list[str]:
    """citizen_qa, once it lands: its factory fills asker fields; give them the distinctive values."""
    try:
        from tests.factories import citizen_qa as qa_factories
    except ImportError:
        return []
    from django.db import models as dj_models

    factory = getattr(qa_factories, "QuestionFactory", None)
    if factory is None:
        return []
    model = factory._meta.model
    personal = {}
    for f in model._meta.concrete_fields:
        if isinstance(f, dj_models.EmailField):
            personal[f.name] = SECRET_EMAIL
        elif "phone" in f.name:
            personal[f.name] = SECRET_PHONE
        elif "address" in f.name and isinstance(f, dj_models.CharField | dj_models.TextField):
            personal[f.name] = SECRET_ADDRESS
    made = []
    params = factory._meta.parameters
    for trait in ("answered", "published", None):
        if trait is None or trait in params:
            made.append(factory(unit=unit, **personal, **({trait: True} if trait else {})))
    return [getattr(q, "token", "") for q in made if getattr(q, "token", "")]


def _text_of(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content[:2] == b"PK":  # docx, xlsx, odt: zipped XML
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return " ".join(
                archive.read(name).decode("utf-8", "replace")
                for name in archive.namelist()
                if name.endswith(".xml")
            )
    return unescape(content.decode("utf-8", "replace"))


_LINK = re.compile(r"""(?:href|src)=["']([^"'#]+)|<loc>([^<]+)</loc>|<link>([^<]+)</link>""")


def _links(base: str, text: str) -> set[str]:
    found = set()
    for match in _LINK.finditer(text):
        raw = unescape(next(g for g in match.groups() if g)).strip()
        parts = urlsplit(urljoin(base, raw))
        if parts.netloc not in ("", "testserver") or parts.path.startswith(_SKIP_PREFIXES):
            continue
        # Facets and pages multiply without adding new content; the seeds name the ones that matter.
        if parts.query:
            continue
        found.add(parts.path)
    return found


def _seeds(drafts) -> list[str]:
    starts = ["/sitemap.xml", "/vi/", "/en/", "/km/", "/robots.txt"]
    for language in ("vi", "en", "km"):
        with translation.override(language):
            starts += [
                reverse("news:list"),
                reverse("news:rss"),
                reverse("news:atom"),
                reverse("documents:finder"),
                reverse("documents:feed"),
                reverse("consultations:list"),
                reverse("consultations:closed"),
                reverse("consultations:concluded"),
                reverse("subsites:sitemap"),
                reverse("subsites:directory"),
            ]
            for query in ("Nguyễn", "góp ý", "thu-rieng", "0977", "Riêng", "tổ dân phố"):
                starts.append(f"{reverse('search:search')}?q={query}")
            for draft in drafts:
                starts.append(draft.get_absolute_url())
                for fmt in ("xlsx", "docx", "csv", "pdf"):
                    starts.append(
                        unit_reverse(draft.unit, "consultations:public_export", pk=draft.pk, fmt=fmt)
                    )
    with translation.override("vi"):
        try:
            starts.append(reverse("citizen_qa:list"))
        except NoReverseMatch:
            starts.append("/vi/hoi-dap/")  # the Q&A app's prefix, before its list view lands
    return starts


def test_personal_data_never_public(client, seeded_personal_data):
    queue = _seeds(seeded_personal_data["drafts"])
    seen: set[str] = set()
    leaks: list[str] = []
    errors: list[str] = []
    secrets = _personal_values() + seeded_personal_data["tokens"]
    while queue and len(seen) < _MAX_PAGES:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code >= 500:
            errors.append(f"{url}: {response.status_code}")
        if response.status_code != 200:
            continue
        text = _text_of(response)
        leaks += [f"{url}: {value!r}" for value in secrets if value and value in text]
        if "html" in response.get("Content-Type", "") or "xml" in response.get("Content-Type", ""):
            queue += sorted(_links(url, text) - seen)
    assert not errors, errors
    assert not leaks, "personal data on public pages:\n" + "\n".join(leaks)
    # The crawl must have reached the pages that show comments, or it proves nothing.
    reached = {urlsplit(u).path for u in seen}
    assert all(draft.get_absolute_url() in reached for draft in seeded_personal_data["drafts"])
    assert len(seen) > 40, f"the crawl reached only {len(seen)} pages"


def test_published_comments_are_shown_so_the_crawl_can_see_them(client, seeded_personal_data):
    """A control: the crawl above would pass trivially if comments were not rendered at all."""
    open_draft = seeded_personal_data["drafts"][0]
    page = client.get(open_draft.get_absolute_url()).content.decode()
    assert "Góp ý công khai về điều khoản" in page
