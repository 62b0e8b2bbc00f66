import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from subsites.enums import UnitType
from subsites.models import Unit

from ..factories.subsites import UnitFactory

pytestmark = pytest.mark.django_db


def test_only_one_main_portal(main_portal):
    second = Unit(key="khac", name_vi="Cổng khác", type=UnitType.PORTAL)
    with pytest.raises(ValidationError) as error:
        second.full_clean()
    assert "tinh" in str(error.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        Unit.objects.create(key="khac", name_vi="Cổng khác", type=UnitType.PORTAL)


def test_a_former_provinces_portal_is_a_portal_with_a_parent(main_portal):
    """exchange-format.md: a portal imported --under another becomes a unit of type portal with a parent."""
    Unit(key="tv-tinh", name_vi="Cổng tỉnh Trà Vinh", type=UnitType.PORTAL, parent=main_portal).full_clean()
    with pytest.raises(ValidationError):
        Unit(key="x", name_vi="X", type=UnitType.DEPARTMENT).full_clean()  # the main portal is a portal


@pytest.mark.parametrize(
    ("unit_type", "explicit", "expected"),
    [
        (UnitType.DEPARTMENT, None, True),
        (UnitType.DISTRICT, None, True),
        (UnitType.ORGANIZATION, None, False),
        (UnitType.ORGANIZATION, True, True),
        (UnitType.DEPARTMENT, False, False),
    ],
)
def test_budget_disclosure_defaults_by_type(main_portal, unit_type, explicit, expected):
    unit = UnitFactory(type=unit_type, budget_disclosure=explicit)
    assert unit.requires_budget_disclosure is expected
    assert Unit.objects.requiring_budget_disclosure().filter(pk=unit.pk).exists() is expected


def test_units_sort_by_vietnamese_name_whatever_the_active_language(main_portal):
    from django.utils import translation

    with translation.override("en"):
        UnitFactory(key="b", name_vi="Sở B", name_en="A department")
        UnitFactory(key="a", name_vi="Sở A", name_en="Z department")
    keys = list(Unit.objects.filter(parent=main_portal).order_by("lft").values_list("key", flat=True))
    assert keys == ["a", "b"]
