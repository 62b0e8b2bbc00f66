"""Regenerate the web fonts in static/fonts/ from the full Noto Sans and Noto Sans Khmer fonts.

Each language's pages download only the glyphs its text needs: one Latin + Vietnamese file per weight
(vi and en), one Khmer file per weight (km), and a tiny file holding only the glyphs of the Khmer
language name "ខ្មែរ", so the language switcher of a Vietnamese or English page does not fetch the
whole Khmer font. The unicode ranges here are the ones static/css/fonts.css declares.

    apt-get install fonts-noto-core     # the full fonts, in /usr/share/fonts/truetype/noto/
    .venv/bin/python scripts/subset_fonts.py [--source DIR]

See docs/fonts.md.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

OUT = Path(__file__).resolve().parents[1] / "static" / "fonts"
DEBIAN_NOTO = Path("/usr/share/fonts/truetype/noto")

# Basic Latin, Latin-1, the Vietnamese letters and tone marks, the punctuation, arrows and currency
# signs that portal text and its templates use (– — ‘ ’ “ ” … • € ₫ → ←).
LATIN_VIETNAMESE = (
    "U+0020-007E,U+00A0-00FF,U+0102-0103,U+0110-0111,U+0128-0129,U+0168-0169,U+01A0-01A1,"
    "U+01AF-01B0,U+0300-0301,U+0303,U+0309,U+0323,U+1EA0-1EF9,U+2010-2027,U+2030,U+2039-203A,"
    "U+20AB-20AC,U+2122,U+2190-2193,U+2212"
)
KHMER = "U+1780-17FF,U+19E0-19FF,U+200B-200D,U+25CC"
KHMER_LANGUAGE_NAME = "ខ្មែរ"

# (output file, source font, unicode ranges or exact text)
TARGETS = [
    ("noto-sans-latin-vi-400.woff2", "NotoSans-Regular.ttf", LATIN_VIETNAMESE),
    ("noto-sans-latin-vi-700.woff2", "NotoSans-Bold.ttf", LATIN_VIETNAMESE),
    ("noto-sans-khmer-khmer-400-normal.woff2", "NotoSansKhmer-Regular.ttf", KHMER),
    ("noto-sans-khmer-khmer-700-normal.woff2", "NotoSansKhmer-Bold.ttf", KHMER),
    ("noto-sans-khmer-language-name.woff2", "NotoSansKhmer-Regular.ttf", KHMER_LANGUAGE_NAME),
]


def codepoints(spec: str) -> list[int]:
    """The code points of a unicode-range ("U+0020-007E,U+00A0") or, for any other text, its characters."""
    if not spec.startswith("U+"):
        return sorted({ord(c) for c in spec})
    points = []
    for part in spec.split(","):
        first, _, last = part.removeprefix("U+").partition("-")
        points.extend(range(int(first, 16), int(last or first, 16) + 1))
    return points


def make(source: Path, out: Path, spec: str) -> int:
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]  # Khmer shaping and Vietnamese mark positioning need them all
    options.name_IDs = ["*"]  # keep the copyright and licence lines the OFL asks for
    options.notdef_outline = True
    options.hinting = False  # the hints are a third of the bytes; the per-script web subsets had none either
    font = TTFont(source)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=codepoints(spec))
    subsetter.subset(font)
    font.flavor = "woff2"
    font.save(out)
    return out.stat().st_size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEBIAN_NOTO, help="folder of the full .ttf fonts")
    args = parser.parse_args()
    for name, source, spec in TARGETS:
        size = make(args.source / source, OUT / name, spec)
        print(f"{name}: {size:,} bytes")  # noqa: T201 - a developer's tool reports what it wrote


if __name__ == "__main__":
    main()
