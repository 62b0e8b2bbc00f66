"""Factories for units, users and memberships. Every content factory elsewhere belongs to a unit."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from subsites.enums import Role, UnitType
from subsites.models import Banner, Membership, Page, Section, Unit

PASSWORD = "correct-horse-battery-staple-42"


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit
        django_get_or_create = ("key",)

    key = factory.Sequence(lambda n: f"unit{n}")
    name_vi = factory.Sequence(lambda n: f"Sở thứ {n}")
    name_en = factory.Sequence(lambda n: f"Department {n}")
    type = UnitType.DEPARTMENT
    parent = factory.LazyFunction(lambda: MainPortalFactory())
    email = factory.LazyAttribute(lambda o: f"{o.key}@example.gov.vn")

    class Params:
        district = factory.Trait(type=UnitType.DISTRICT)
        organization = factory.Trait(type=UnitType.ORGANIZATION)
        inactive = factory.Trait(active=False)


class MainPortalFactory(UnitFactory):
    key = "tinh"
    name_vi = "Cổng thông tin điện tử tỉnh Trà Vinh"
    name_en = "Tra Vinh Province Portal"
    name_km = "វិបផតថលខេត្តត្រាវិញ"
    type = UnitType.PORTAL
    parent = None


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.gov.vn")
    is_staff = True
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def finish(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    unit = factory.SubFactory(UnitFactory)
    role = Role.EDITOR
    language = ""


def member(unit: Unit, role: str = Role.EDITOR, language: str = "", username: str | None = None):
    """A staff user holding `role` in `unit`."""
    user = UserFactory(username=username) if username else UserFactory()
    MembershipFactory(user=user, unit=unit, role=role, language=language)
    return user


def board_member(username: str = "bbt"):
    user = UserFactory(username=username)
    group, _ = Group.objects.get_or_create(name="Ban biên tập")
    group.permissions.add(Permission.objects.get(codename="view_every_unit"))
    user.groups.add(group)
    return user


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    unit = factory.SubFactory(UnitFactory)
    title_vi = factory.Sequence(lambda n: f"Chuyên mục {n}")
    slug_vi = factory.LazyAttribute(lambda o: o.slug)
    kind = "group"

    class Params:
        # `slug=` is the Vietnamese slug whatever language a previous request left active.
        slug = factory.Sequence(lambda n: f"chuyen-muc-{n}")


class PageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Page

    unit = factory.SubFactory(UnitFactory)
    slug_vi = factory.LazyAttribute(lambda o: o.slug)
    title_vi = factory.Sequence(lambda n: f"Trang {n}")
    title_en = factory.Sequence(lambda n: f"Page {n}")
    body_vi = "<p>Nội dung</p>"

    class Params:
        slug = factory.Sequence(lambda n: f"trang-{n}")


class BannerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Banner

    unit = factory.SubFactory(UnitFactory)
    title_vi = factory.Sequence(lambda n: f"Chuyên trang {n}")
    link_vi = "/vi/"
    starts_on = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=1))


def merged_province(
    main: Unit, *, former: int = 2, per_province: int = 10, ceased_every: int = 4
) -> list[Unit]:
    """A province after a merger, in bulk (a few queries for any size): `former` former provinces'
    portals under `main`, each with `per_province` units, every `ceased_every`-th one ceased with a
    successor; as many current units directly under `main`. Returns the units made."""
    ceased_on, made = datetime.date(2025, 7, 1), []
    heir = Unit.objects.filter(parent=main).exclude(type=UnitType.PORTAL).first() or main
    with Unit._tree_manager.disable_mptt_updates():
        portals = [_bulk_unit(main, f"cu{p}", f"Tỉnh cũ {p}", UnitType.PORTAL) for p in range(former)]
        for portal in portals:
            portal.ceased_on, portal.successor = ceased_on, main
        Unit.objects.bulk_create(portals)
        for parent in [main, *Unit.objects.filter(key__in=[u.key for u in portals])]:
            units = [
                _bulk_unit(parent, f"{parent.key}-s{i}", f"Sở {i} ({parent.key})")
                for i in range(per_province)
            ]
            for unit in units[::ceased_every]:
                unit.ceased_on, unit.successor = ceased_on, heir
            made += Unit.objects.bulk_create(units)
    Unit._tree_manager.rebuild()
    return [*portals, *made]


def _bulk_unit(parent: Unit, key: str, name: str, type: str = UnitType.DEPARTMENT) -> Unit:
    # The tree's columns are filled in by the rebuild that follows the bulk insert.
    return Unit(
        key=key, name_vi=name, name_en=f"{name} EN", type=type, parent=parent,
        tree_id=parent.tree_id, lft=0, rght=0, level=parent.level + 1,
    )  # fmt: skip
