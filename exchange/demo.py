"""The demo province's past: three former provinces' portals merged into it on 1 July 2025.

Each former portal comes in as an operator would bring it (docs/merging-portals.md): its export is
imported `--under` the main portal with a key prefix, then its departments and the portal itself are
merged into the province's with the reorganisation services. Inside each export, the information and
communications department had already been merged into science and technology (1 March 2025) and a
district closed when the district level was abolished (1 July 2025): their documents stay reachable.
Running the demo again changes nothing.
"""

from __future__ import annotations

import json
import tempfile
from datetime import date
from pathlib import Path

from portal.services import SYSTEM
from subsites.reorganisation import unit_merge

from .importer import Placement, import_folder

MERGED_ON = date(2025, 7, 1)
# (key prefix, province, host of its old portal, its district that closed)
FORMER_PROVINCES = [
    ("cu-tv", "Trà Vinh", "travinh-cu.example.gov.vn", ("cauke", "Huyện Cầu Kè")),
    ("bt", "Bến Tre", "bentre.example.gov.vn", ("chauthanh", "Huyện Châu Thành")),
    ("vl", "Vĩnh Long", "vinhlong.example.gov.vn", ("longho", "Huyện Long Hồ")),
]
# Departments of the former provinces merged into the province's own on MERGED_ON.
MERGED_DEPARTMENTS = ("stp", "skhcn")


def _unit(key: str, name: str, parent: str | None, unit_type: str = "department", **extra) -> dict:
    return {"kind": "unit", "key": key, "name": {"vi": name}, "parent": parent, "type": unit_type, **extra}


def _document(key: str, unit: str, number: str, issuer: str, title: str, issued: str) -> dict:
    return {
        "kind": "document",
        "key": key,
        "unit": unit,
        "number": number,
        "doc_type": number.split("/")[1].split("-")[0],
        "category": "direction",
        "title": {"vi": title},
        "issuer": issuer,
        "signer": "Chủ tịch",
        "issued_on": issued,
        "posted_at": f"{issued}T09:00:00+07:00",
        "files": [],
    }


def former_portal(province: str, host: str, district: tuple[str, str]) -> list[dict]:
    """A former province's export: the same keys and document numbers in every province."""
    district_key, district_name = district
    people = f"Ủy ban nhân dân tỉnh {province}"
    return [
        _unit("tinh", f"Cổng thông tin điện tử tỉnh {province}", None, "portal", host=host),
        _unit("stp", f"Sở Tư pháp tỉnh {province}", "tinh"),
        _unit("skhcn", f"Sở Khoa học và Công nghệ tỉnh {province}", "tinh"),
        _unit(
            "stttt",
            f"Sở Thông tin và Truyền thông tỉnh {province}",
            "tinh",
            ceased_on="2025-03-01",
            successor="skhcn",
            former_names=[
                {"name": {"vi": f"Sở Bưu chính, Viễn thông tỉnh {province}"}, "until": "2008-03-31"}
            ],
        ),
        _unit(district_key, f"{district_name} (tỉnh {province})", "tinh", "district", ceased_on="2025-07-01"),
        _document(
            "qd-1762",
            "tinh",
            "1762/QĐ-UBND",
            people,
            f"Quyết định về việc sắp xếp các sở của tỉnh {province}",
            "2025-02-20",
        ),
        _document(
            "kh-45",
            "stttt",
            "45/KH-STTTT",
            f"Sở Thông tin và Truyền thông tỉnh {province}",
            f"Kế hoạch chuyển đổi số năm 2025 của tỉnh {province}",
            "2025-01-15",
        ),
        _document(
            "tb-12",
            district_key,
            "12/TB-UBND",
            f"Ủy ban nhân dân {district_name}",
            f"Thông báo kết thúc hoạt động của {district_name}",
            "2025-06-25",
        ),
    ]


def _write(folder: Path, lines: list[dict]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "content.jsonl", "w", encoding="utf-8") as out:
        for line in lines:
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
    return folder


def seed(seeded: dict) -> None:
    main = seeded["main"]
    with tempfile.TemporaryDirectory() as tmp:
        for prefix, province, host, district in FORMER_PROVINCES:
            folder = _write(Path(tmp) / prefix, former_portal(province, host, district))
            placement = Placement(under=main.key, prefix=prefix)
            import_folder(folder, placement=placement)
            for key in MERGED_DEPARTMENTS:
                unit_merge(sources=[placement.key(key)], into=key, on=MERGED_ON, acting_user=SYSTEM)
            unit_merge(sources=[placement.key("tinh")], into=main, on=MERGED_ON, acting_user=SYSTEM)
