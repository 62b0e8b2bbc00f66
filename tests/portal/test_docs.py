"""The documentation stays true: the two contracts copied into docs/ are the contracts, byte for byte,
and every relative link of the README, CONTRIBUTING and docs/ leads to a file (and heading) that exists."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from urllib.parse import unquote

import pytest

ROOT = Path(__file__).resolve().parents[2]
# The contracts live beside the project, not in it: other tools read them there.
CONTRACTS = ROOT.parent / "shared" / "contracts"
COPIED_CONTRACTS = ["exchange-format.md", "report-json.md"]


@pytest.mark.parametrize("name", COPIED_CONTRACTS)
def test_contract_copy_is_identical(name):
    if not CONTRACTS.is_dir():
        pytest.skip(f"{CONTRACTS} is absent: the contracts are checked out beside the project in CI")
    original = CONTRACTS / name
    copy = ROOT / "docs" / name
    assert copy.is_file(), f"docs/{name} is missing: copy it from {original}"
    assert copy.read_bytes() == original.read_bytes(), (
        f"docs/{name} differs from {original}: copy it again (cp {original} docs/{name}); never edit the copy"
    )


def _documents() -> list[tuple[Path, Path]]:
    """(file, the folder its relative links start from)."""
    files = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", *sorted((ROOT / "docs").glob("*.md"))]
    return [(f, f.parent) for f in files if f.is_file()]


_FENCE = re.compile(r"^(```|~~~).*?^\1", re.M | re.S)
_CODE = re.compile(r"`[^`\n]*`")
# [text](target) and ![alt](target), with an optional "title"; the target up to a space or ")".
_LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*\s*$", re.M)


def _links(text: str) -> list[str]:
    text = _CODE.sub("", _FENCE.sub("", text))  # examples in code are not links
    return _LINK.findall(text)


def _anchor(heading: str) -> str:
    """GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens."""
    heading = re.sub(r"`|\*|_", "", heading).strip().lower()
    kept = "".join(ch for ch in heading if ch in " -" or unicodedata.category(ch)[0] in "LNM")
    return kept.replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    text = _FENCE.sub("", path.read_text(encoding="utf-8"))
    return {_anchor(h) for h in _HEADING.findall(text)}


def _relative_links() -> list[tuple[str, str, Path, str]]:
    found = []
    for path, base in _documents():
        for target in _links(path.read_text(encoding="utf-8")):
            if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I):  # http:, https:, mailto:…
                continue
            file_part, _hash, fragment = target.partition("#")
            destination = (base / unquote(file_part)).resolve() if file_part else path
            found.append((str(path.relative_to(ROOT)), target, destination, fragment))
    return found


def test_documentation_has_links():
    assert _relative_links(), "no relative link found: the link pattern no longer matches"


@pytest.mark.parametrize(
    ("document", "target", "destination", "fragment"),
    [pytest.param(*link, id=f"{link[0]}:{link[1]}") for link in _relative_links()],
)
def test_relative_link_leads_somewhere(document, target, destination, fragment):
    assert destination.exists(), f"{document}: ({target}) leads to {destination}, which does not exist"
    if fragment and destination.suffix == ".md":
        assert fragment in _anchors(destination), f"{document}: ({target}): no heading #{fragment} there"


def test_the_readme_fits_on_two_screens():
    """A newcomer's first day: what it is, the two commands, where to read next. The rest is in docs/."""
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    assert len(lines) <= 60, f"README.md has {len(lines)} lines: move detail into docs/"
