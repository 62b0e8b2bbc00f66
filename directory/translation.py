from modeltranslation.translator import TranslationOptions, register

from .models import Contact, Footer, Introduction, Leader


@register(Footer)
class FooterTranslation(TranslationOptions):
    fields = ("managing_agency", "address", "licence", "citation_rule")
    required_languages = {"vi": ("managing_agency", "address", "citation_rule")}


@register(Contact)
class ContactTranslation(TranslationOptions):
    fields = ("position",)
    required_languages = {"vi": ("position",)}


@register(Leader)
class LeaderTranslation(TranslationOptions):
    fields = ("position", "duties", "biography")
    required_languages = {"vi": ("position",)}


@register(Introduction)
class IntroductionTranslation(TranslationOptions):
    fields = ("functions", "history", "natural_conditions", "culture")
