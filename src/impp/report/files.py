"""The files of a planning package, as written (kept light: a cached package loads without
the document libraries)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from impp.model import Sensitivity


@dataclass(frozen=True)
class PackageFile:
    """One file of the package: its name, what it is, its marking and its bytes."""

    name: str
    title: str
    marking: Sensitivity
    data: bytes


@dataclass(frozen=True)
class Package:
    """Every file of a planning package, ready to be written."""

    files: tuple[PackageFile, ...]
    omitted_items: int
    max_sensitivity: Sensitivity

    def write(self, folder: Path) -> list[Path]:
        """Write every file into ``folder`` (created if needed); the paths written."""
        folder.mkdir(parents=True, exist_ok=True)
        paths = []
        for f in self.files:
            path = folder / f.name
            path.write_bytes(f.data)
            paths.append(path)
        return paths

    def as_dict(self, folder: Path | None = None) -> dict[str, Any]:
        """What the package holds, as JSON-ready data (``impp report --format json``)."""
        return {
            "out": str(folder) if folder is not None else None,
            "max_sensitivity": self.max_sensitivity.value,
            "omitted_items": self.omitted_items,
            "files": [
                {"name": f.name, "title": f.title, "marking": f.marking.value,
                 "bytes": len(f.data)} for f in self.files
            ],
        }
