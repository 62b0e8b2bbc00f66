"""Who may do what with an article, built on the unit roles of subsites.permissions."""

from __future__ import annotations

from subsites import permissions as unit_perms
from subsites.selectors import main_portal

from .enums import TRANSLATION_LANGUAGES, Status, TranslationState


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def user_may_skip_review(user) -> bool:
    """Superusers, and holders of the logged emergency permission, may approve their own version."""
    return _active(user) and (user.is_superuser or user.has_perm("news.publish_without_review"))


def user_can_view_article(user, article) -> bool:
    return unit_perms.user_can_view_unit(user, article.unit)


def user_can_edit_article(user, article) -> bool:
    """Drafts and pending articles by the unit's editors; published ones only by approvers (corrections)."""
    if article.status == Status.ARCHIVED:
        return False
    if article.status == Status.PUBLISHED:
        return unit_perms.user_can_approve_in_unit(user, article.unit)
    return unit_perms.user_can_edit_in_unit(user, article.unit)


def user_can_submit_article(user, article) -> bool:
    return article.status == Status.DRAFT and unit_perms.user_can_edit_in_unit(user, article.unit)


def _second_person(user, author) -> bool:
    return author is None or author.pk != user.pk or user_may_skip_review(user)


def user_can_publish_article(user, article) -> bool:
    """An approver of the unit publishes a pending article written by someone else (two-person rule)."""
    if not unit_perms.user_can_approve_in_unit(user, article.unit):
        return False
    if article.status == Status.PENDING:
        return _second_person(user, article.version_author)
    return article.status == Status.DRAFT and user_may_skip_review(user)


def publishing_skips_review(user, article) -> bool:
    """Whether this publication uses the emergency permission (and must be logged as such)."""
    own = article.version_author_id is not None and article.version_author_id == user.pk
    return own or article.status == Status.DRAFT


def user_can_unpublish_article(user, article) -> bool:
    return article.status == Status.PUBLISHED and unit_perms.user_can_approve_in_unit(user, article.unit)


def user_can_archive_article(user, article) -> bool:
    return article.status != Status.ARCHIVED and unit_perms.user_can_approve_in_unit(user, article.unit)


def user_can_restore_revision(user, article) -> bool:
    return user_can_edit_article(user, article)


def user_can_promote_to_main(user, article=None) -> bool:
    """Approvers of the main portal decide which units' articles also appear on it."""
    main = main_portal()
    return main is not None and unit_perms.user_can_approve_in_unit(user, main)


def user_can_translate_article(user, article, language: str) -> bool:
    if language not in TRANSLATION_LANGUAGES or article.status == Status.ARCHIVED:
        return False
    return unit_perms.user_can_translate_in_unit(user, article.unit, language)


def user_can_submit_translation(user, translation) -> bool:
    return translation.state == TranslationState.DRAFT and user_can_translate_article(
        user, translation.article, translation.language
    )


def user_can_publish_translation(user, translation) -> bool:
    """An approver of the unit or another translator of the language, never this version's translator."""
    if translation.state != TranslationState.PENDING and not (
        translation.state == TranslationState.DRAFT and user_may_skip_review(user)
    ):
        return False
    article, language = translation.article, translation.language
    reviewer = unit_perms.user_can_approve_in_unit(user, article.unit) or user_can_translate_article(
        user, article, language
    )
    return reviewer and _second_person(user, translation.translated_by)


def user_can_unpublish_translation(user, translation) -> bool:
    return translation.live and unit_perms.user_can_approve_in_unit(user, translation.article.unit)


def user_sees_coverage(user) -> bool:
    return unit_perms.user_is_board(user)


def user_translation_languages(user) -> list[str]:
    """The languages the user translates in some unit: a Khmer translator's queue opens on Khmer."""
    units = list(unit_perms.units_user_can_see(user))
    return [
        lang
        for lang in TRANSLATION_LANGUAGES
        if any(unit_perms.user_can_translate_in_unit(user, unit, lang) for unit in units)
    ]
