from modeltranslation.translator import TranslationOptions, register

from .models import Document, Field, IssuingBody, ScheduleEntry


@register(Field)
class FieldTranslation(TranslationOptions):
    fields = ("name",)


@register(IssuingBody)
class IssuingBodyTranslation(TranslationOptions):
    fields = ("name",)


@register(Document)
class DocumentTranslation(TranslationOptions):
    fields = ("title",)


@register(ScheduleEntry)
class ScheduleEntryTranslation(TranslationOptions):
    fields = ("content",)
