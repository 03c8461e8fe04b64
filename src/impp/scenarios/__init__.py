"""Scenarios shipped with impp; Carana is the embedded default."""

from __future__ import annotations

from pathlib import Path


def carana_path() -> Path:
    """The folder holding the Carana plan files (the standard UN training case).

    >>> (carana_path() / "mission.yaml").exists()
    True
    """
    # beside this module (importlib.resources would cost every command 10 ms of
    # imports to say the same of a package installed as files)
    return Path(__file__).resolve().parent / "carana"
