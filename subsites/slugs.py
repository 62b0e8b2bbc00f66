"""Addresses (slugs) of sections and pages, one per language.

Vietnamese and English addresses are Latin letters without accents, digits and hyphens; a Khmer one
may be written in Khmer (Khmer has no Latin spelling). An empty English or Khmer address means the
Vietnamese one. The Vietnamese address keeps answering in every language, so that old links work,
and redirects to the language's own address when there is one. Hence, within a unit, an address in
a language must differ from every other object's address in that language and from its Vietnamese
one: a look-up finds at most one object.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import slug_re
from django.db import models
from django.db.models import Case, Q, Value, When
from django.utils.translation import gettext_lazy as _

from portal.text import ascii_slug, is_unicode_slug

SLUG_MAX = 120
DEFAULT = settings.LANGUAGE_CODE
# Languages written in Latin script: their addresses are ASCII.
LATIN_LANGUAGES = ("vi", "en")


def validate_address(value: str) -> None:
    if not is_unicode_slug(value):
        raise ValidationError(_("Use only letters, digits and hyphens in an address."), code="invalid")


def slug_field() -> models.CharField:
    """Not a SlugField: Django's Unicode slugs refuse the combining marks Khmer vowels are written with."""
    return models.CharField(
        _("slug"),
        max_length=SLUG_MAX,
        validators=[validate_address],
        help_text=_(
            "The address in this language. Vietnamese and English: Latin letters without accents, digits "
            "and hyphens; Khmer may be written in Khmer. Empty in English or Khmer: the Vietnamese address."
        ),
    )


def slug_constraints(prefix: str) -> list[models.UniqueConstraint]:
    """Each language's address unique in the unit; empty English or Khmer addresses do not count."""
    constraints = [
        models.UniqueConstraint(fields=["unit", f"slug_{DEFAULT}"], name=f"{prefix}_slug_{DEFAULT}")
    ]
    for code, _name in settings.LANGUAGES:
        if code != DEFAULT:
            field = f"slug_{code}"
            constraints.append(
                models.UniqueConstraint(
                    fields=["unit", field], condition=~Q(**{field: ""}), name=f"{prefix}_slug_{code}"
                )
            )
    return constraints


class SlugQuerySetMixin:
    def by_slug(self, slug: str, language: str):
        """What answers to `slug` in `language`: its own address there, else its Vietnamese one."""
        if language == DEFAULT:
            return self.filter(**{f"slug_{DEFAULT}": slug})
        own = {f"slug_{language}": slug}
        return self.filter(Q(**own) | Q(**{f"slug_{DEFAULT}": slug})).order_by(
            Case(When(**own, then=Value(0)), default=Value(1))
        )


def _others_slugs(obj) -> list[dict[str, str]]:
    """Every address of the unit's other objects of the same model, per language."""
    codes = [code for code, _name in settings.LANGUAGES]
    others = type(obj)._default_manager.filter(unit_id=obj.unit_id).exclude(pk=obj.pk)
    rows = others.values_list(*[f"slug_{code}" for code in codes])
    return [dict(zip(codes, (value or "" for value in row), strict=True)) for row in rows]


def _clashes(value: str, language: str, others: list[dict[str, str]]) -> bool:
    if language == DEFAULT:
        return any(value in other.values() for other in others)
    return any(value in (other[language], other[DEFAULT]) for other in others)


def validate_slugs(obj) -> None:
    """Latin-script addresses in ASCII; no address of `obj` answers for another object of its unit."""
    errors = {}
    for code in LATIN_LANGUAGES:
        value = getattr(obj, f"slug_{code}") or ""
        if value and not slug_re.match(value):
            errors[f"slug_{code}"] = _(
                "Write this address in Latin letters without accents, digits and hyphens."
            )
    others = _others_slugs(obj) if obj.unit_id else []
    for code, _name in settings.LANGUAGES:
        value = getattr(obj, f"slug_{code}") or ""
        if value and f"slug_{code}" not in errors and _clashes(value, code, others):
            errors[f"slug_{code}"] = _("Another %(item)s of this unit already has this address.") % {
                "item": obj._meta.verbose_name
            }
    if errors:
        raise ValidationError(errors)


def fill_english_slug(obj) -> None:
    """An English title without an English address gets one made from it, unique in the unit."""
    if obj.slug_en or not obj.title_en:
        return
    base = ascii_slug(obj.title_en, SLUG_MAX - 4)
    if not base:
        return
    taken = {o[code] for o in _others_slugs(obj) for code in (DEFAULT, "en")}
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    obj.slug_en = slug


def get_by_slug_in_unit(queryset, unit, slug: str, language: str):
    """The unit's object answering to `slug` in `language`, in one query; None when there is none."""
    found = queryset.filter(unit=unit).by_slug(slug, language).first()
    if found is not None:
        found.unit = unit  # known already: building its addresses costs no query
    return found
