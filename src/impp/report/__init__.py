"""The planning package: the HTML report and the documents planners hand on.

The names are imported when first used: a cached package (:mod:`impp.report.files`)
is written without loading the document libraries.

>>> from impp.report import build_package, Sensitivity
>>> Sensitivity.unclassified.label
'UNCLASSIFIED'
"""

from __future__ import annotations

import importlib
from typing import Any

from impp.model import Sensitivity

_WHERE = {
    "Package": "impp.report.files",
    "PackageFile": "impp.report.files",
    "build_package": "impp.report.package",
    "ReportView": "impp.report.view",
    "SensitivityError": "impp.report.view",
    "make_view": "impp.report.view",
}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(importlib.import_module(_WHERE[name]), name)
    raise AttributeError(f"module 'impp.report' has no attribute {name!r}")


__all__ = [
    "Package",
    "PackageFile",
    "ReportView",
    "Sensitivity",
    "SensitivityError",
    "build_package",
    "make_view",
]
