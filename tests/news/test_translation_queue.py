"""The translation queue as a translator reads it: outdated and awaiting-review work first."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from news import services
from news.models import ArticleTranslationState
from subsites.enums import Role

from ..factories.news import ArticleFactory
from ..factories.subsites import member

pytestmark = pytest.mark.django_db


def _published_km(article, translator, approver, title="Bản dịch"):
    saved = services.translation_save(
        article=article, language="km", acting_user=translator, title=title, body="<p>ខ្លឹមសារ</p>"
    )
    services.translation_submit(translation=saved, acting_user=translator)
    return services.translation_publish(translation=saved, acting_user=approver)


def _rows(html: str) -> list[str]:
    """The queue's rows (their markup), in the order the page lists them."""
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return body.split("</tr>")[:-1]


@pytest.fixture
def queue_articles(unit_a, translator_a_km, approver_a, editor_a):
    hour = timezone.timedelta(hours=1)
    now = timezone.now()

    def published(title, hours_ago):
        at = now - hours_ago * hour
        return ArticleFactory(unit=unit_a, published=True, title_vi=title, published_at=at)

    new = published("Bài mới chưa dịch", 1)
    stale = published("Bài đã sửa tiếng Việt", 3)
    done = published("Bài đã dịch xong", 2)
    waiting = published("Bài chờ duyệt", 4)
    for article in (stale, done):
        _published_km(article, translator_a_km, approver_a)
    # The Vietnamese of a published article changes: its Khmer translation is now outdated.
    services.article_update(article=stale, acting_user=approver_a, body_vi="<p>Nội dung mới.</p>")
    saved = services.translation_save(
        article=waiting, language="km", acting_user=translator_a_km, title="កំពុងរង់ចាំ"
    )
    services.translation_submit(translation=saved, acting_user=translator_a_km)
    return {"new": new, "stale": stale, "done": done, "waiting": waiting}


def test_outdated_and_awaiting_review_come_first_then_new_work(client, translator_a_km, queue_articles):
    assert ArticleTranslationState.objects.get(article=queue_articles["stale"], language="km").outdated
    client.force_login(translator_a_km)
    page = client.get(reverse("admin:news_translation_queue"), {"language": "km"})
    rows = _rows(page.text)
    names = ("Bài mới", "Bài đã sửa", "Bài chờ duyệt", "Bài đã dịch")
    titles = [next(t for t in names if t in row) for row in rows]
    # Urgent work first (newest first among it), new work after; what is done stays out.
    assert titles == ["Bài đã sửa", "Bài chờ duyệt", "Bài mới"]
    with translation.override("vi"):
        labels = [gettext("Outdated: update"), gettext("Awaiting review"), gettext("Translate")]
    for row, state, label in zip(rows, ("outdated", "pending", "missing"), labels, strict=True):
        assert f'class="queue-{state}"' in row and label in row


def test_the_queue_opens_on_the_translators_own_language(client, translator_a_km, queue_articles, unit_a):
    client.force_login(translator_a_km)
    page = client.get(reverse("admin:news_translation_queue"))
    assert re.search(r'<option value="km" selected>', page.text)
    assert '<th scope="col">en</th>' not in page.text  # only the Khmer column
    assert "Bài đã sửa" in page.text
    # Someone translating both languages (an editor) starts on all of them.
    editor = member(unit_a, Role.EDITOR, username="editor_both")
    client.force_login(editor)
    page = client.get(reverse("admin:news_translation_queue"))
    assert '<option value="" selected>' in page.text and '<th scope="col">en</th>' in page.text
