from modeltranslation.translator import TranslationOptions, register

from .models import Answer, Field


@register(Field)
class FieldTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Answer)
class AnswerTranslation(TranslationOptions):
    fields = ("body", "answered_by")
