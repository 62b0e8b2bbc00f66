import pytest

from consultations import demo
from consultations.enums import Phase
from consultations.models import Draft
from subsites import demo as subsites_demo

pytestmark = pytest.mark.django_db


def test_demo_tells_each_story_once(django_capture_on_commit_callbacks):
    seeded = subsites_demo.seed()
    demo.seed(seeded)
    demo.seed(seeded)
    phases = {d.key: d.phase() for d in Draft.objects.all()}
    assert phases == {
        "demo-stp-quy-che-cong": Phase.OPEN,
        "demo-tinh-nghi-quyet-hoc-phi": Phase.UPCOMING,
        "demo-syt-kham-chua-benh": Phase.CONCLUDED,
    }
    concluded = Draft.objects.get(key="demo-syt-kham-chua-benh")
    assert concluded.comments.without_disposition().count() == 0 and concluded.outcome.report
