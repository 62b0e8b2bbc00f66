"""Units that cease, merge or begin in the exchange format, and merging other portals' exports
(`import_portal PATH --under PARENT --key-prefix PREFIX`): exchange-format.md, issue 24 items 4 and 7."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from documents.models import Document
from exchange.exporter import export_folder
from portal.models import AuditEntry
from subsites.enums import UnitType
from subsites.models import Unit, UnitFormerHost, UnitName

from .conftest import PDF, write_folder

pytestmark = pytest.mark.django_db


def unit(key, parent, name, type_="department", **extra) -> dict:
    return {"kind": "unit", "key": key, "name": {"vi": name}, "parent": parent, "type": type_, **extra}


def document(key, unit_key, number, issuer, title, posted="2025-03-03T08:00:00+07:00") -> dict:
    return {
        "kind": "document",
        "key": key,
        "unit": unit_key,
        "number": number,
        "doc_type": number.split("/")[1].split("-")[0],
        "category": "direction",
        "title": {"vi": title},
        "issuer": issuer,
        "signer": "Chủ tịch",
        "issued_on": "2025-03-01",
        "posted_at": posted,
        "files": [{"file": "files/a.pdf", "title": "Toàn văn"}],
    }


LIFE = [
    unit("tinh", None, "Cổng thông tin điện tử tỉnh Vĩnh Long", "portal"),
    # The successor comes after the unit it succeeds: the importer links it once both exist.
    unit(
        "stttt",
        "tinh",
        "Sở Thông tin và Truyền thông",
        established_on="2008-04-01",
        ceased_on="2025-03-01",
        successor="skhcn",
        former_names=[
            {"name": {"vi": "Sở Bưu chính, Viễn thông", "en": "Post Department"}, "until": "2008-03-31"}
        ],
        former_hosts=["stttt.vinhlong.gov.vn", "sbcvt.vinhlong.gov.vn"],
    ),
    unit("skhcn", "tinh", "Sở Khoa học và Công nghệ", host="skhcn.vinhlong.gov.vn"),
]


def _lines(folder) -> list[dict]:
    return [json.loads(line) for line in (folder / "content.jsonl").read_text(encoding="utf-8").splitlines()]


def test_a_units_life_goes_in_and_comes_out_the_same(tmp_path, capsys):
    call_command("import_portal", str(write_folder(tmp_path / "in", LIFE)), language="en")
    stttt = Unit.objects.get(key="stttt")
    assert (stttt.established_on, stttt.ceased_on, stttt.successor.key) == (
        date(2008, 4, 1),
        date(2025, 3, 1),
        "skhcn",
    )
    (former,) = UnitName.objects.filter(unit=stttt)
    assert (former.name_vi, former.name_en, former.valid_until) == (
        "Sở Bưu chính, Viễn thông",
        "Post Department",
        date(2008, 3, 31),
    )
    assert sorted(UnitFormerHost.objects.filter(unit=stttt).values_list("host", flat=True)) == [
        "sbcvt.vinhlong.gov.vn",
        "stttt.vinhlong.gov.vn",
    ]
    export_folder(tmp_path / "out")
    exported = {line["key"]: line for line in _lines(tmp_path / "out") if line["kind"] == "unit"}
    assert exported["stttt"] == {
        **LIFE[1],
        "name": {"vi": "Sở Thông tin và Truyền thông"},
        "former_hosts": ["sbcvt.vinhlong.gov.vn", "stttt.vinhlong.gov.vn"],
    }
    assert "ceased_on" not in exported["skhcn"] and "former_names" not in exported["skhcn"]
    audits = AuditEntry.objects.count()
    capsys.readouterr()
    call_command("import_portal", str(tmp_path / "in"), language="en")
    assert "unit      created      0  updated      0  unchanged      3" in capsys.readouterr().out
    assert AuditEntry.objects.count() == audits


def test_errors_in_a_units_life_say_where_and_what_and_change_nothing(tmp_path):
    lines = [
        unit("tinh", None, "Cổng tỉnh", "portal", ceased_on="2025-07-01"),
        unit("a", "tinh", "A", successor="b"),
        unit("b", "tinh", "B", established_on="2025-03-01", ceased_on="2025-03-01"),
        unit(
            "c",
            "tinh",
            "C",
            ceased_on="2025-03-01",
            successor="nobody",
            former_names=[
                {"name": {"vi": "C cũ"}, "until": "2020-01-01"},
                {"name": {"vi": "C cũ hơn"}, "until": "2020-01-01"},
                {"name": {"en": "no vi"}, "until": "2019-01-01"},
                {"name": {"vi": "C sau"}, "until": "2025-03-01"},
            ],
            former_hosts=["c.gov.vn", "C.GOV.VN/x", "c.gov.vn"],
        ),
        unit("d", "tinh", "D", ceased_on="2025-03-01", successor="d", established_on="1 March 2020"),
    ]
    folder = write_folder(tmp_path / "in", lines)
    with pytest.raises(CommandError) as failure:
        call_command("import_portal", str(folder), language="en", stderr=(err := _Capture()))
    assert "nothing was imported" in str(failure.value)
    assert err.lines() == [
        "content.jsonl:2: successor: only a unit that ceased has a successor: ceased_on is missing",
        "content.jsonl:3: ceased_on: 2025-03-01 is not after established_on (2025-03-01)",
        "content.jsonl:4: former_names[2].name: the Vietnamese text (vi) is required",
        "content.jsonl:4: former_hosts[1]: “C.GOV.VN/x” is not a host name such as sotp.travinh.gov.vn",
        "content.jsonl:4: former_names[1].until: two former names end on the same day",
        "content.jsonl:4: former_names[3].until: 2025-03-01 is not before ceased_on (2025-03-01)",
        "content.jsonl:4: former_hosts[0]: “c.gov.vn” is listed twice or is the unit's own host",
        "content.jsonl:4: former_hosts[2]: “c.gov.vn” is listed twice or is the unit's own host",
        "content.jsonl:5: established_on: “1 March 2020” is not a date YYYY-MM-DD",
        "content.jsonl:5: successor: a unit cannot succeed itself",
        "content.jsonl:4: successor: no unit has the key “nobody”",
        "content.jsonl:1: ceased_on: the main portal never ceases (import it --under a unit to merge it)",
    ]
    assert not Unit.objects.exists() and not AuditEntry.objects.exists()


class _Capture:
    def __init__(self):
        self.text = ""

    def write(self, text):
        self.text += text

    def flush(self):
        pass

    def lines(self) -> list[str]:
        return [line for line in self.text.splitlines() if line]


def former_portal(province: str, host: str, ceased_on: str | None = None) -> list[dict]:
    """The export of a former province's portal: the same keys and numbers in every province."""
    main = unit("tinh", None, f"Cổng thông tin điện tử tỉnh {province}", "portal", host=host)
    if ceased_on:
        main["ceased_on"] = ceased_on
    return [
        main,
        unit("stp", "tinh", f"Sở Tư pháp tỉnh {province}", host=f"stp.{host}"),
        document(
            "d-1762", "tinh", "1762/QĐ-UBND", f"Ủy ban nhân dân tỉnh {province}", f"Quy chế tỉnh {province}"
        ),
        document("d-20", "stp", "20/KH-STP", f"Sở Tư pháp tỉnh {province}", f"Kế hoạch phổ biến {province}"),
    ]


@pytest.fixture
def merged(tmp_path, main_portal):
    """Vĩnh Long (the database's main portal, `tinh`) takes in Trà Vinh's and Bến Tre's portals."""
    files = {"files/a.pdf": PDF}
    travinh = write_folder(tmp_path / "tv", former_portal("Trà Vinh", "travinh.gov.vn", "2025-07-01"), files)
    bentre = write_folder(tmp_path / "bt", former_portal("Bến Tre", "bentre.gov.vn"), files)
    call_command("import_portal", str(travinh), under="tinh", key_prefix="tv", language="en")
    call_command("import_portal", str(bentre), under="tinh", key_prefix="bt", language="en")
    return main_portal


def test_two_portals_with_the_same_keys_and_numbers_both_stand(merged):
    tv, bt = Unit.objects.get(key="tv-tinh"), Unit.objects.get(key="bt-tinh")
    assert (tv.parent, tv.type, tv.host, tv.ceased_on) == (merged, UnitType.PORTAL, None, date(2025, 7, 1))
    assert (bt.parent, bt.ceased_on) == (merged, None)
    assert list(tv.former_hosts.values_list("host", flat=True)) == ["travinh.gov.vn"]
    assert (
        Unit.objects.get(key="tv-stp").parent == tv
        and Unit.objects.get(key="bt-stp").host == "stp.bentre.gov.vn"
    )
    numbers = Document.objects.filter(number_symbol="1762/QĐ-UBND").values_list("unit__key", flat=True)
    assert sorted(numbers) == ["bt-tinh", "tv-tinh"]


def test_the_public_sees_both_portals_content(client, merged):
    for key, province in (("tv-tinh", "Trà Vinh"), ("bt-tinh", "Bến Tre")):
        finder = client.get(f"/don-vi/{key}/vi/van-ban/")
        assert finder.status_code == 200
        assert "1762/QĐ-UBND" in finder.text and f"Quy chế tỉnh {province}" in finder.text
        assert f"Ủy ban nhân dân tỉnh {province}" in finder.text  # the issuing body facet
        feed = client.get(f"/don-vi/{key}/vi/van-ban/rss/")
        assert f"Quy chế tỉnh {province}" in feed.content.decode()
    found = client.get("/vi/tim-kiem/", {"q": "1762", "unit": "all"}).text
    assert "Quy chế tỉnh Trà Vinh" in found and "Quy chế tỉnh Bến Tre" in found
    # The ceased portal is offered as a scope of the search, marked as ceased.
    assert "Cổng thông tin điện tử tỉnh Trà Vinh (ceased)" in client.get("/en/tim-kiem/").text


def test_importing_the_same_portal_again_changes_nothing(tmp_path, merged, capsys):
    capsys.readouterr()
    call_command("import_portal", str(tmp_path / "tv"), under="tinh", key_prefix="tv", language="en")
    out = capsys.readouterr().out
    assert "unit      created      0  updated      0  unchanged      2" in out
    assert "document  created      0  updated      0  unchanged      2" in out


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"under": "tinh"}, "--under and --key-prefix go together"),
        ({"key_prefix": "tv"}, "--under and --key-prefix go together"),
        ({"under": "nowhere", "key_prefix": "tv"}, "--under: no unit has the key “nowhere”"),
        ({"under": "tinh", "key_prefix": "../TV"}, "--key-prefix: “../TV” is not a short key"),
        ({"under": "dong", "key_prefix": "tv"}, "--under: “dong” has ceased and takes nothing new"),
    ],
)
def test_a_wrong_placement_is_refused(tmp_path, main_portal, options, message):
    Unit.objects.create(
        key="dong", name_vi="Đã đóng", type="department", parent=main_portal, ceased_on=date(2025, 1, 1)
    )
    folder = write_folder(tmp_path / "tv", former_portal("Trà Vinh", "travinh.gov.vn"), {"files/a.pdf": PDF})
    err = _Capture()
    with pytest.raises(CommandError) as failure:
        call_command("import_portal", str(folder), language="en", stderr=err, **options)
    assert message in str(failure.value) + err.text
    assert Unit.objects.count() == 2  # the main portal and the ceased unit: nothing imported


def test_a_placed_file_needs_its_own_main_portal(tmp_path, main_portal):
    lines = [unit("stp", "tinh", "Sở Tư pháp")]
    err = _Capture()
    with pytest.raises(CommandError):
        call_command(
            "import_portal", str(write_folder(tmp_path / "x", lines)), under="tinh", key_prefix="x",
            language="en", stderr=err,
        )  # fmt: skip
    assert err.lines() == [
        "content.jsonl:1: parent: no unit has the key “x-tinh”",
        "content.jsonl:1: parent: the file has no main portal (a unit with parent null)",
    ]


def test_the_old_portals_host_leads_to_its_place_in_the_merged_portal(client, merged, settings):
    settings.ALLOWED_HOSTS = ["*"]
    settings.PORTAL_BASE_URL = "https://vinhlong.example.gov.vn"
    # Bến Tre's portal is active: its old host keeps the path, under its unit's address.
    response = client.get("/vi/van-ban/?nam=2025", HTTP_HOST="bentre.gov.vn")
    assert (response.status_code, response["Location"]) == (
        301,
        "https://vinhlong.example.gov.vn/don-vi/bt-tinh/vi/van-ban/?nam=2025",
    )
    # The component sites keep their own hosts, prefixed keys or not.
    assert client.get("/vi/", HTTP_HOST="stp.bentre.gov.vn").status_code == 200
