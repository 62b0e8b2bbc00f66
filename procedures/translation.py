from modeltranslation.translator import TranslationOptions, register

from .models import Field, Procedure


@register(Field)
class FieldTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = {"vi": ("name",)}


@register(Procedure)
class ProcedureTranslation(TranslationOptions):
    fields = ("name", "fees", "processing_time")
    required_languages = {"vi": ("name",)}
