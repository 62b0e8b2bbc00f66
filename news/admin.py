"""Articles in the admin: scoped to the editor's units; every save and step goes through the services."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal import editor
from portal.admin_services import ServiceAdminMixin
from portal.services import Actor
from subsites.admin_scoping import UNIT_FILTER, UnitScopedAdminMixin, UnitScopedInlineMixin

from . import permissions as perms
from . import selectors, services
from .enums import TRANSLATION_LANGUAGES
from .forms import ArticleForm, PeriodForm, PhotoInlineForm, PublishForm, TranslationForm
from .models import Article, ArticleRevision, ArticleTranslationState, Photo


def _error_text(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or gettext("You may not do this.")


class PhotoInline(UnitScopedInlineMixin, admin.TabularInline):
    model = Photo
    form = PhotoInlineForm
    extra = 2
    fields = ("preview", "image", "caption_vi", "alt_text_vi", "order")
    readonly_fields = ("preview",)

    @admin.display(description=_("preview"))
    def preview(self, photo):
        if not photo.pk or not photo.image:
            return ""
        return format_html_join("", '<img src="{}" alt="" width="120">', [(photo.image.url,)])

    def _parent_unit_editable(self, request, obj) -> bool:
        if obj is None:
            return super()._parent_unit_editable(request, obj)
        return perms.user_can_edit_article(request.user, obj)


_WORKFLOW = {
    "submit": (services.article_submit, _("Submitted for review.")),
    "unpublish": (services.article_unpublish, _("Unpublished: the article has left the site.")),
    "archive": (services.article_archive, _("Archived.")),
}


@admin.register(Article)
class ArticleAdmin(ServiceAdminMixin, UnitScopedAdminMixin, admin.ModelAdmin):
    form = ArticleForm
    inlines = [PhotoInline]
    change_form_template = "news/admin/article_change_form.html"
    change_list_template = "news/admin/article_change_list.html"
    list_display = ("title_vi", "unit", "state", "published_at", "languages", "featured", "promoted_to_main")
    list_filter = ("status", "featured", "promoted_to_main", "main_portal_requested", UNIT_FILTER)
    list_select_related = ("unit",)
    date_hierarchy = "published_at"
    search_fields = ("title_vi",)
    readonly_fields = ("slug", "state", "published_at", "promoted_to_main", "version_author", "view_count")
    filter_horizontal = ("sections",)
    actions = ["action_submit", "action_unpublish", "action_archive", "action_promote"]

    class Media:
        css = {"all": ["news/admin.css"]}

    fieldsets = (
        (None, {"fields": ("unit", "title_vi", "summary_vi", "body_vi")}),
        (_("Placement"), {"fields": ("sections", "cover", "featured", "main_portal_requested")}),
        (_("Credits"), {"fields": ("author", "source")}),
        (
            _("Publication"),
            {
                "fields": (
                    "slug",
                    "state",
                    "published_at",
                    "promoted_to_main",
                    "version_author",
                    "view_count",
                )
            },
        ),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("translations")

    def get_search_results(self, request, queryset, search_term):
        if not search_term:
            return queryset, False
        return queryset.search(search_term), False

    @admin.display(description=_("status"), ordering="status")
    def state(self, article):
        return article.state_label()

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, PhotoInline) and request.method != "POST":
            # New rows propose places after the gallery: a left-alone 0 would jump first and be the cover.
            orders = [p.order for p in obj.photos.all()] if obj is not None and obj.pk else []
            start = max(orders) + 10 if orders else 0
            kwargs["initial"] = [{"order": start + 10 * n} for n in range(inline.extra)]
        return kwargs

    @admin.display(description=_("languages"))
    def languages(self, article):
        return ", ".join(article.live_languages())

    # --- permissions: asked of the news predicates ---
    def has_change_permission(self, request, obj=None):
        if obj is None:
            return super().has_change_permission(request)
        return perms.user_can_edit_article(request.user, obj)

    # --- saving through the services ---
    def save_service(self, obj, *, acting_user: Actor, form, change):
        sections = form.cleaned_data.get("sections")
        if change:
            services.article_update(article=obj, acting_user=acting_user, sections=sections)
        else:
            services.article_create(article=obj, acting_user=acting_user, sections=sections)

    def delete_service(self, obj, *, acting_user: Actor):
        services.article_delete(article=obj, acting_user=acting_user)

    def save_related(self, request, form, formsets, change):
        # Sections were set by the service; photos go through their services in save_formset.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Photo:
            return super().save_formset(request, form, formset, change)
        article = form.instance
        # The admin's change message reads these lists, as after formset.save().
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for photo_form in formset.deleted_forms:
            if photo_form.instance.pk:
                formset.deleted_objects.append(photo_form.instance)
                services.photo_delete(photo=photo_form.instance, acting_user=request.user)
        for photo_form in formset.forms:
            if photo_form in formset.deleted_forms or not photo_form.has_changed():
                continue
            photo = photo_form.instance
            upload = photo_form.cleaned_data.get("image") if "image" in photo_form.changed_data else None
            if photo.pk:
                services.photo_update(photo=photo, acting_user=request.user, upload=upload)
                formset.changed_objects.append((photo, photo_form.changed_data))
            elif upload is not None:
                services.photo_add(
                    article=article, upload=upload, acting_user=request.user, photo=photo, order=photo.order
                )
                formset.new_objects.append(photo)

    # --- workflow ---
    def _run(self, request, article, fn, done_message, **kwargs) -> bool:
        try:
            fn(article=article, acting_user=request.user, **kwargs)
        except (PermissionDenied, ValidationError) as error:
            self.message_user(request, f"{article}: {_error_text(error)}", messages.ERROR)
            return False
        self.message_user(request, f"{article}: {done_message}", messages.SUCCESS)
        return True

    def _bulk(self, request, queryset, name):
        fn, message = _WORKFLOW[name]
        for article in queryset:
            self._run(request, article, fn, message)

    @admin.action(description=_("Submit for review"))
    def action_submit(self, request, queryset):
        self._bulk(request, queryset, "submit")

    @admin.action(description=_("Unpublish"))
    def action_unpublish(self, request, queryset):
        self._bulk(request, queryset, "unpublish")

    @admin.action(description=_("Archive"))
    def action_archive(self, request, queryset):
        self._bulk(request, queryset, "archive")

    @admin.action(description=_("Show on the main portal too"))
    def action_promote(self, request, queryset):
        for article in queryset:
            self._run(request, article, services.article_promote_to_main, _("Shown on the main portal."))

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("translations/", wrap(self.translation_queue_view), name="news_translation_queue"),
            path("coverage/", wrap(self.coverage_view), name="news_coverage"),
            path("<int:object_id>/workflow/", wrap(self.workflow_view), name="news_article_workflow"),
            path("<int:object_id>/revisions/", wrap(self.revisions_view), name="news_article_revisions"),
            path(
                "<int:object_id>/translate/<str:language>/",
                wrap(self.translate_view),
                name="news_article_translate",
            ),
            *super().get_urls(),
        ]

    def _scoped_article(self, request, object_id) -> Article:
        article = self.get_queryset(request).filter(pk=object_id).select_related("unit").first()
        if article is None:
            raise Http404
        return article

    def _change_url(self, article) -> str:
        return reverse("admin:news_article_change", args=[article.pk])

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["media"] = editor.media_with_nonce(context["media"], request)
        if obj is not None:
            user = request.user
            context.update(
                workflow={
                    "submit": perms.user_can_submit_article(user, obj),
                    "publish": perms.user_can_publish_article(user, obj),
                    "unpublish": perms.user_can_unpublish_article(user, obj),
                    "archive": perms.user_can_archive_article(user, obj),
                    "promote": perms.user_can_promote_to_main(user, obj) and not obj.unit.is_main_portal,
                },
                publish_form=PublishForm(),
                translations=[
                    {
                        "language": lang,
                        "state": next((t for t in obj.translations.all() if t.language == lang), None),
                        "can": perms.user_can_translate_article(user, obj, lang),
                    }
                    for lang in TRANSLATION_LANGUAGES
                ],
            )
        response = super().render_change_form(request, context, add, change, form_url, obj)
        return editor.allow_nonced_scripts(response)

    def workflow_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:news_article_change", args=[object_id]))
        article = self._scoped_article(request, object_id)
        action = request.POST.get("action", "")
        if action == "publish":
            form = PublishForm(request.POST)
            if not form.is_valid():
                problems = [m for errors in form.errors.values() for m in errors]
                self.message_user(request, " ".join(problems), messages.ERROR)
                return HttpResponseRedirect(self._change_url(article))
            at = form.moment()
            message = (
                gettext("Scheduled for %(at)s.") % {"at": timezone.localtime(at).strftime("%d/%m/%Y %H:%M")}
                if at and at > timezone.now()
                else gettext("Published.")
            )
            self._run(request, article, services.article_publish, message, at=at)
        elif action in _WORKFLOW:
            fn, message = _WORKFLOW[action]
            self._run(request, article, fn, message)
        elif action in ("promote", "demote"):
            self._run(
                request,
                article,
                services.article_promote_to_main,
                _("Shown on the main portal.") if action == "promote" else _("No longer on the main portal."),
                promoted=action == "promote",
            )
        else:
            self.message_user(request, gettext("Unknown action."), messages.ERROR)
        return HttpResponseRedirect(self._change_url(article))

    def revisions_view(self, request, object_id):
        article = self._scoped_article(request, object_id)
        if request.method == "POST":
            number = request.POST.get("revision", "")
            # Not an id ("abc", "١", 30 digits): nothing to look up, and no database error to answer 500 with.
            if not (number.isascii() and number.isdigit()) or len(number) > 18:
                raise Http404("no such revision")
            revision = get_object_or_404(ArticleRevision, pk=int(number), article=article)
            self._run_restore(request, article, revision)
            return HttpResponseRedirect(self._change_url(article))
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("History of “%(title)s”") % {"title": article.title_vi},
            "article": article,
            "opts": self.model._meta,
            "history": selectors.revision_history(article),
            "can_restore": perms.user_can_restore_revision(request.user, article),
        }
        return TemplateResponse(request, "news/admin/revisions.html", context)

    def _run_restore(self, request, article, revision):
        try:
            services.revision_restore(revision=revision, acting_user=request.user)
        except (PermissionDenied, ValidationError) as error:
            self.message_user(request, _error_text(error), messages.ERROR)
        else:
            self.message_user(request, gettext("The earlier version is back."), messages.SUCCESS)

    # --- translations ---
    def translation_queue_view(self, request):
        if "language" in request.GET:
            language = request.GET["language"] or None
        else:
            own = perms.user_translation_languages(request.user)
            language = own[0] if len(own) == 1 else None
        try:
            unit_id = int(request.GET.get("unit") or 0)
        except ValueError:
            unit_id = 0
        articles, units = selectors.translation_queue(request.user, language=language, unit_id=unit_id)
        page = Paginator(articles, 50).get_page(request.GET.get("page"))
        shown = [language] if language else list(TRANSLATION_LANGUAGES)
        rows = [
            {"article": a, "cells": [(lang, selectors.translation_queue_state(a, lang)) for lang in shown]}
            for a in page
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Translation queue"),
            "opts": self.model._meta,
            "page_obj": page,
            "rows": rows,
            "units": units,
            "languages": TRANSLATION_LANGUAGES,
            "shown_languages": shown,
            "chosen_language": language,
            "chosen_unit": unit_id,
        }
        return TemplateResponse(request, "news/admin/translation_queue.html", context)

    def translate_view(self, request, object_id, language):
        article = self._scoped_article(request, object_id)
        if language not in TRANSLATION_LANGUAGES or not perms.user_can_translate_article(
            request.user, article, language
        ):
            raise PermissionDenied
        translation = ArticleTranslationState.objects.filter(article=article, language=language).first()
        photos = list(article.photos.all())
        if request.method == "POST":
            form = TranslationForm(request.POST, photos=photos)
            if self._handle_translation_post(request, article, language, translation, form):
                return HttpResponseRedirect(request.path)
        else:
            form = TranslationForm(
                initial=self._translation_initial(article, translation, photos), photos=photos
            )
        translation = ArticleTranslationState.objects.filter(article=article, language=language).first()
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Translation of “%(title)s”") % {"title": article.title_vi},
            "opts": self.model._meta,
            "article": article,
            "language": language,
            "translation": translation,
            "form": form,
            "media": editor.media_with_nonce(form.media, request),
            "can_publish": translation is not None
            and perms.user_can_publish_translation(request.user, translation),
            "can_unpublish": translation is not None
            and perms.user_can_unpublish_translation(request.user, translation),
            "outdated": translation is not None
            and translation.live
            and translation.source_version < article.source_version,
        }
        return editor.allow_nonced_scripts(TemplateResponse(request, "news/admin/translate.html", context))

    @staticmethod
    def _translation_initial(article, translation, photos) -> dict:
        if translation is None:
            return {}
        initial = {"title": translation.title, "summary": translation.summary, "body": translation.body}
        for photo in photos:
            texts = translation.photo_texts.get(str(photo.pk), {})
            initial[f"photo_{photo.pk}_caption"] = texts.get("caption", "")
            initial[f"photo_{photo.pk}_alt_text"] = texts.get("alt_text", "")
        return initial

    def _handle_translation_post(self, request, article, language, translation, form) -> bool:
        action = request.POST.get("action", "save")
        try:
            if action in ("publish", "unpublish"):
                if translation is None:
                    raise ValidationError(gettext("Save the translation first."))
                fn = services.translation_publish if action == "publish" else services.translation_unpublish
                fn(translation=translation, acting_user=request.user)
            else:
                if not form.is_valid():
                    return False
                with transaction.atomic():
                    saved = services.translation_save(
                        article=article,
                        language=language,
                        acting_user=request.user,
                        title=form.cleaned_data["title"],
                        summary=form.cleaned_data["summary"],
                        body=form.cleaned_data["body"],
                        photo_texts=form.photo_texts(),
                    )
                    if action == "submit":
                        services.translation_submit(translation=saved, acting_user=request.user)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                self.message_user(request, _error_text(error), messages.ERROR)
            return False
        except PermissionDenied as error:
            self.message_user(request, _error_text(error), messages.ERROR)
            return False
        done = {
            "publish": gettext("The translation is published."),
            "unpublish": gettext("The translation has left the site."),
            "submit": gettext("Saved and submitted for review."),
        }
        self.message_user(request, done.get(action, gettext("Saved.")), messages.SUCCESS)
        return True

    def coverage_view(self, request):
        if not perms.user_sees_coverage(request.user):
            raise PermissionDenied
        today = timezone.localdate()
        default_start = today.replace(month=1 if today.month <= 6 else 7, day=1)
        form = PeriodForm(request.GET or {"start": default_start, "end": today})
        rows = (
            selectors.coverage_matrix(form.cleaned_data["start"], form.cleaned_data["end"])
            if form.is_valid()
            else []
        )
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Translation coverage"),
            "opts": self.model._meta,
            "form": form,
            "rows": rows,
            "languages": TRANSLATION_LANGUAGES,
        }
        return TemplateResponse(request, "news/admin/coverage.html", context)

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "sees_coverage": perms.user_sees_coverage(request.user)}
        return super().changelist_view(request, extra_context)
