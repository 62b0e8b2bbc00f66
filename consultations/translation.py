from modeltranslation.translator import TranslationOptions, register

from .models import Draft


@register(Draft)
class DraftTranslation(TranslationOptions):
    fields = ("title", "summary", "explanatory_note")
