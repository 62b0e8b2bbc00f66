from modeltranslation.translator import TranslationOptions, register

from .models import Article, Photo


@register(Article)
class ArticleTranslation(TranslationOptions):
    fields = ("title", "summary", "body")


@register(Photo)
class PhotoTranslation(TranslationOptions):
    fields = ("caption", "alt_text")
