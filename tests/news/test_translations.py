"""Per-language publication: an article exists in km/en only once that translation is published."""

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from news import services
from news.enums import TranslationState
from news.models import Article, ArticleTranslationState
from portal.models import AuditEntry
from subsites.enums import Role

from ..factories.subsites import member
from .conftest import publish, write_article

pytestmark = pytest.mark.django_db


def _translate(article, translator, title="Sន្និសីទបូកសរុបការងារយុត្តិធម៌"):
    return services.translation_save(
        article=article,
        language="km",
        acting_user=translator,
        title=title,
        summary="សេចក្តីសង្ខេប",
        body="<p>ខ្លឹមសារ</p><script>x()</script>",
        photo_texts={str(p.pk): {"caption": "រូបថត", "alt_text": "ទិដ្ឋភាពសន្និសីទ"} for p in article.photos.all()},
    )


def test_translation_states_and_the_first_publication_moment(published_article, translator_a_km, approver_a):
    assert not Article.objects.visible("km").filter(pk=published_article.pk).exists()
    translation = _translate(published_article, translator_a_km)
    assert translation.state == TranslationState.DRAFT and not translation.live
    assert "<script" not in translation.body
    services.translation_submit(translation=translation, acting_user=translator_a_km)
    before = timezone.now()
    services.translation_publish(translation=translation, acting_user=approver_a)
    translation.refresh_from_db()
    assert translation.state == TranslationState.PUBLISHED and translation.live
    first_moment = translation.published_at
    assert first_moment >= before
    km = Article.objects.visible("km").get(pk=published_article.pk)
    assert km.title_km.startswith("Sន្និសីទ")
    assert km.photos.get().alt_text_km == "ទិដ្ឋភាពសន្និសីទ"
    assert not Article.objects.visible("en").filter(pk=published_article.pk).exists()

    # A new version: the published one stays public while it is drafted, the first moment is kept.
    _translate(published_article, translator_a_km, title="ចំណងជើងថ្មី")
    assert Article.objects.visible("km").filter(pk=published_article.pk).exists()
    assert Article.objects.get(pk=published_article.pk).title_km.startswith("Sន្និសីទ")
    translation.refresh_from_db()
    services.translation_submit(translation=translation, acting_user=translator_a_km)
    services.translation_publish(translation=translation, acting_user=approver_a)
    translation.refresh_from_db()
    assert translation.published_at == first_moment
    assert translation.last_published_at > first_moment
    assert Article.objects.get(pk=published_article.pk).title_km == "ចំណងជើងថ្មី"


def test_translator_cannot_publish_own_translation_but_another_translator_can(
    published_article, translator_a_km, unit_a
):
    translation = _translate(published_article, translator_a_km)
    services.translation_submit(translation=translation, acting_user=translator_a_km)
    with pytest.raises(PermissionDenied):
        services.translation_publish(translation=translation, acting_user=translator_a_km)
    reviewer = member(unit_a, Role.TRANSLATOR, language="km")
    services.translation_publish(translation=translation, acting_user=reviewer)
    assert AuditEntry.objects.filter(action="translation.publish", actor=reviewer).exists()


def test_translator_only_for_own_language_and_unit(published_article, unit_a, unit_b):
    english = member(unit_a, Role.TRANSLATOR, language="en")
    other_unit = member(unit_b, Role.TRANSLATOR, language="km")
    for user in (english, other_unit):
        with pytest.raises(PermissionDenied):
            _translate(published_article, user)
    with pytest.raises(PermissionDenied):
        services.translation_save(article=published_article, language="vi", acting_user=english, title="x")


def test_vietnamese_change_flags_published_translations_outdated(
    published_article, translator_a_km, approver_a
):
    translation = _translate(published_article, translator_a_km)
    services.translation_submit(translation=translation, acting_user=translator_a_km)
    services.translation_publish(translation=translation, acting_user=approver_a)
    services.article_update(article=published_article, acting_user=approver_a, author="Phóng viên")
    translation.refresh_from_db()
    assert not translation.outdated  # only the Vietnamese text counts
    services.article_update(article=published_article, acting_user=approver_a, body_vi="<p>Nội dung mới.</p>")
    translation.refresh_from_db()
    assert translation.outdated and translation.live
    _translate(published_article, translator_a_km, title="ថ្មី")
    translation.refresh_from_db()
    services.translation_submit(translation=translation, acting_user=translator_a_km)
    services.translation_publish(translation=translation, acting_user=approver_a)
    translation.refresh_from_db()
    assert not translation.outdated


def test_unpublished_translation_leaves_the_language(published_article, translator_a_km, approver_a):
    translation = _translate(published_article, translator_a_km)
    services.translation_submit(translation=translation, acting_user=translator_a_km)
    services.translation_publish(translation=translation, acting_user=approver_a)
    services.translation_unpublish(translation=translation, acting_user=approver_a)
    assert not Article.objects.visible("km").filter(pk=published_article.pk).exists()
    assert ArticleTranslationState.objects.get(pk=translation.pk).published_at is not None


def test_translation_of_a_scheduled_article_appears_with_it(unit_a, editor_a, approver_a, translator_a_km):
    article = write_article(unit_a, editor_a)
    at = timezone.now() + timezone.timedelta(hours=3)
    publish(article, editor_a, approver_a, at=at)
    translation = _translate(article, translator_a_km)
    services.translation_submit(translation=translation, acting_user=translator_a_km)
    services.translation_publish(translation=translation, acting_user=approver_a)
    assert not Article.objects.visible("km").filter(pk=article.pk).exists()
    assert Article.objects.visible("km", at=at).filter(pk=article.pk).exists()
