from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from portal.services import SYSTEM
from subsites import services
from subsites.models import Banner

pytestmark = pytest.mark.django_db


def _banner(unit, **kwargs):
    fields = {
        "unit": unit,
        "title_vi": "Kỷ niệm 30 năm tái lập tỉnh",
        "link": "/vi/muc/30-nam/",
        "starts_on": timezone.localdate() - timedelta(days=1),
    }
    return services.banner_save(banner=Banner(**{**fields, **kwargs}), acting_user=SYSTEM)


def test_running_banner_on_the_units_home(client, unit_a, unit_b):
    _banner(unit_a)
    assert "Kỷ niệm 30 năm tái lập tỉnh" in client.get("/don-vi/sotp/vi/").text
    assert "Kỷ niệm 30 năm tái lập tỉnh" not in client.get("/don-vi/soyt/vi/").text


def test_campaign_dates_are_inclusive_local_dates(unit_a):
    banner = _banner(unit_a, starts_on=date(2022, 5, 1), ends_on=date(2022, 5, 31))
    assert list(Banner.objects.running(on=date(2022, 5, 31))) == [banner]
    assert not Banner.objects.running(on=date(2022, 6, 1)).exists()
    assert not Banner.objects.running(on=date(2022, 4, 30)).exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"ends_on": date(2020, 1, 1), "starts_on": date(2020, 2, 1)}, "ends_on"),
        ({"link": "javascript:alert(1)"}, "link"),
    ],
)
def test_bad_banners_are_refused_with_a_field_error(unit_a, fields, field):
    with pytest.raises(ValidationError) as error:
        _banner(unit_a, **fields)
    assert field in error.value.message_dict
    assert not Banner.objects.exists()
