"""Writing pictures: one place that makes every chart file reproducible.

Every chart of impp (Gantt, risk curves, actor network, asset use, ...) is
saved through :func:`save_figure` or :func:`figure_bytes`, which fix what
matplotlib would otherwise vary between runs: the SVG id salt, the creation
date and the software version in the metadata. The same data therefore gives
the same bytes, which the documents' reproducibility relies on.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt

_METADATA: dict[str, dict[str, Any]] = {
    "svg": {"Date": None, "Creator": None},
    "png": {"Software": None},
    "pdf": {"CreationDate": None, "ModDate": None, "Creator": None, "Producer": None},
}
#: SVG text stays text (searchable, selectable, smaller than glyph outlines).
_RC: Any = {"svg.hashsalt": "impp", "svg.fonttype": "none"}


def figure_bytes(fig: Any, fmt: str, dpi: float | str = 120, **kwargs: Any) -> bytes:
    """The figure as ``fmt`` (png, svg, pdf) bytes, without dates or versions.

    >>> fig, ax = plt.subplots()
    >>> _ = ax.plot([0, 1], [0, 1])
    >>> figure_bytes(fig, "svg") == figure_bytes(fig, "svg")
    True
    >>> plt.close(fig)
    """
    buf = io.BytesIO()
    with plt.rc_context(_RC):
        fig.savefig(buf, format=fmt, dpi=dpi, metadata=_METADATA.get(fmt), **kwargs)
    return buf.getvalue()


def tight_box(fig: Any, dpi: float) -> Any:
    """The box ``bbox_inches="tight"`` would crop ``fig`` to, found once.

    savefig finds it by laying the figure out again for every file it
    writes, a third of the time of each; a figure written as PNG and SVG
    needs it once.
    """
    old = fig.dpi
    fig.set_dpi(dpi)
    try:
        with plt.rc_context(_RC):
            fig.draw_without_rendering()
            box = fig.get_tightbbox(fig.canvas.get_renderer())
    finally:
        fig.set_dpi(old)
    return box.padded(plt.rcParams["savefig.pad_inches"])


def save_figure(
    fig: Any,
    stem: str | Path,
    formats: Iterable[str] = ("png", "svg"),
    dpi: int = 120,
    close: bool = True,
    **kwargs: Any,
) -> list[Path]:
    """Write ``stem.png`` and ``stem.svg`` (or ``formats``); return the paths.

    The folder is created if needed; the figure is closed afterwards unless
    ``close`` is false.

    >>> import tempfile
    >>> fig, ax = plt.subplots()
    >>> with tempfile.TemporaryDirectory() as d:
    ...     [p.name for p in save_figure(fig, Path(d) / "chart")]
    ['chart.png', 'chart.svg']
    """
    base = Path(stem)
    base.parent.mkdir(parents=True, exist_ok=True)
    formats = tuple(formats)
    if kwargs.get("bbox_inches") == "tight" and len(formats) > 1:
        kwargs["bbox_inches"] = tight_box(fig, dpi)
    paths = []
    for fmt in formats:
        path = base.with_name(f"{base.name}.{fmt}")
        path.write_bytes(figure_bytes(fig, fmt, dpi=dpi, **kwargs))
        paths.append(path)
    if close:
        plt.close(fig)
    return paths


def short_label(text: str, width: int) -> str:
    """``text`` cut to ``width`` characters with an ellipsis, for chart labels.

    >>> short_label("Deployment of the peacekeeping force", 20)
    'Deployment of the p…'
    """
    return text if len(text) <= width else text[:width - 1].rstrip() + "…"
