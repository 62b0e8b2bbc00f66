"""Who may change a unit's footer, contacts, leaders and introduction: its editors and administrators
(subsites.permissions), never a translator, the board by that role alone, or another unit's people."""

from __future__ import annotations

from subsites import permissions


def user_can_edit_directory(user, unit) -> bool:
    return permissions.user_can_edit_in_unit(user, unit)
