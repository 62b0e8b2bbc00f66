"""The report's charts (PNG), drawn from the figures alone with matplotlib's Agg backend (no display)."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")

from matplotlib import font_manager  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

_PREFERRED_FONTS = ["Times New Roman", "Liberation Serif", "DejaVu Serif", "DejaVu Sans"]
_PORTAL_COLOUR = "#1f4e79"
_SUBSITES_COLOUR = "#8fb3d9"
_STALE_COLOUR = "#c0392b"


def _fonts() -> list[str]:
    installed = {f.name for f in font_manager.fontManager.ttflist}
    return [name for name in _PREFERRED_FONTS if name in installed] or ["DejaVu Sans"]


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=150, bbox_inches="tight")
    return buffer.getvalue()


def _figure(width: float, height: float) -> Figure:
    figure = Figure(figsize=(width, height))
    figure.set_layout_engine("tight")
    return figure


def items_per_month(figures: dict) -> bytes:
    """Stacked bars: items posted each local month by the main portal and by the component sites."""
    months = figures.get("months", [])
    labels = [f"{m['month'][5:]}/{m['month'][:4]}" for m in months]
    portal = [m["portal"] for m in months]
    subsites = [m["subsites"] for m in months]
    figure = _figure(6.3, 3.2)
    axes = figure.subplots()
    with matplotlib.rc_context({"font.family": _fonts()}):
        axes.bar(labels, portal, color=_PORTAL_COLOUR, label="Cổng chính")
        axes.bar(labels, subsites, bottom=portal, color=_SUBSITES_COLOUR, label="Trang thành phần")
        axes.set_title("Số tin, bài, văn bản đăng tải theo tháng", fontfamily=_fonts())
        axes.set_ylabel("Số mục", fontfamily=_fonts())
        axes.legend(prop={"family": _fonts()}, frameon=False)
        axes.tick_params(axis="x", labelrotation=45 if len(labels) > 8 else 0)
        axes.spines[["top", "right"]].set_visible(False)
        return _png(figure)


def items_per_unit(figures: dict) -> bytes:
    """Horizontal bars: items per component site, most active first; stale sites in red."""
    units = sorted(figures["subsites"]["units"], key=lambda u: (-u["items"], u["unit"]))
    names = [u["name"] for u in units]
    figure = _figure(6.3, max(2.0, 0.22 * len(units) + 1.0))
    axes = figure.subplots()
    with matplotlib.rc_context({"font.family": _fonts()}):
        axes.barh(
            names,
            [u["items"] for u in units],
            color=[_STALE_COLOUR if u["stale"] else _SUBSITES_COLOUR for u in units],
        )
        axes.invert_yaxis()
        axes.set_title("Số tin, bài, văn bản của các trang TTĐT thành phần", fontfamily=_fonts())
        axes.tick_params(axis="y", labelsize=7)
        for label in axes.get_yticklabels():
            label.set_fontfamily(_fonts())
        axes.spines[["top", "right"]].set_visible(False)
        return _png(figure)
