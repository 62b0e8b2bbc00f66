from modeltranslation.translator import TranslationOptions, register

from .models import Banner, Page, Section, Unit, UnitName


@register(Unit)
class UnitTranslation(TranslationOptions):
    fields = ("name", "short_name", "address")


@register(Section)
class SectionTranslation(TranslationOptions):
    fields = ("title", "slug")
    required_languages = {"vi": ("slug",)}


@register(Page)
class PageTranslation(TranslationOptions):
    fields = ("title", "body", "slug")
    required_languages = {"vi": ("slug",)}


@register(Banner)
class BannerTranslation(TranslationOptions):
    fields = ("title", "alt", "link")
    required_languages = {"vi": ("link",)}


@register(UnitName)
class UnitNameTranslation(TranslationOptions):
    fields = ("name", "short_name")
