"""Forwarding a question in a merged province: the competent unit is chosen among the units that
take new work, grouped by province, never among the ceased ones."""

import re

import pytest

from citizen_qa.enums import QuestionState as S
from subsites.selectors import forget_units
from tests.factories.subsites import merged_province

pytestmark = pytest.mark.django_db


def test_the_forward_choice_groups_open_units_by_province(client, advance, portal_editor, main_portal):
    question = advance(S.ROUTING)
    merged_province(main_portal, former=2, per_province=4, ceased_every=2)
    forget_units()  # the bulk insert bypassed the services that refresh the unit index
    client.force_login(portal_editor)
    page = client.get(f"/admin/citizen_qa/queuedquestion/{question.pk}/change/").content.decode()
    choice = page.split('name="forward_to"')[1].split("</select>")[0]
    groups = re.findall(r'<optgroup label="([^"]*)">', choice)
    assert groups == ["Các đơn vị của tỉnh", "Tỉnh cũ 0", "Tỉnh cũ 1"]
    assert f">{main_portal.name}</option>" in choice and ">Sở Tư pháp</option>" in choice
    for key in ("cu0", "cu1"):
        assert f">Sở 1 ({key})</option>" in choice and f">Sở 3 ({key})</option>" in choice
        assert f">Sở 0 ({key})</option>" not in choice and f">Sở 2 ({key})</option>" not in choice  # ceased
