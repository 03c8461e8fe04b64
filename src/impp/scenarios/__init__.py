"""Scenarios shipped with impp; Carana is the embedded default."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def carana_path() -> Path:
    """The folder holding the Carana plan files (the standard UN training case).

    >>> (carana_path() / "mission.yaml").exists()
    True
    """
    return Path(str(resources.files("impp.scenarios").joinpath("carana")))
