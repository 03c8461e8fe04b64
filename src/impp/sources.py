"""A plan's files as the loader reads them, and a fingerprint of their bytes.

Light on purpose (no YAML parser, no plan model): a command whose output for
these exact bytes is already in the cache (:func:`impp.cache.view`) answers
without loading the plan at all.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from impp.exceptions import PlanFileError, Problem


def plan_files(path: Path) -> list[Path]:
    """The files of the plan at ``path``: the file itself, or a folder's ``.yaml``
    and ``.yml`` files in name order.

    Raises :class:`PlanFileError` (located) when there is nothing to read.
    """
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml"))
        if not files:
            raise PlanFileError(
                [Problem(str(path), None, None, None,
                         "this folder holds no .yaml plan files; add one or name a file")]
            )
        return files
    if not path.exists():
        raise PlanFileError(
            [Problem(str(path), None, None, None,
                     "no such file; check the path, or run `impp new` to start a plan")]
        )
    return [path]


def fingerprint(path: Path) -> str | None:
    """A SHA-256 of the plan's file names and bytes; ``None`` when they cannot be
    read (the loader then says why, at its place).

    Unlike :meth:`impp.model.plan.Plan.content_hash` it needs no parsing: equal
    bytes, equal fingerprint; a changed space changes it (a cache miss, never a
    stale answer).
    """
    h = hashlib.sha256()
    try:
        for file in plan_files(path):
            data = file.read_bytes()
            h.update(f"{file.name}\0{len(data)}\0".encode())
            h.update(data)
    except (PlanFileError, OSError):
        return None
    return h.hexdigest()
