"""impp: a workbench for planning UN peacekeeping missions (the IMPP).

The public names are listed here once. They are imported on first use, so
that ``impp --help`` and the store's commands do not build the plan model
(pydantic, 0.2 s) or the YAML loader before they need them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from impp.exceptions import (
        DecisionRefusedError,
        DeploymentError,
        ImppError,
        InstanceFileError,
        PlanError,
        PlanFileError,
        PlanInconsistentError,
        Problem,
        SensitivityError,
        StaleRevisionError,
        StoreError,
    )
    from impp.findings import Finding
    from impp.io import dump_plan, load_plan, load_plan_text
    from impp.model import Plan
    from impp.scenarios import carana_path

__version__ = "0.1.0"

#: Public name -> the module that defines it.
_WHERE = {
    **dict.fromkeys(
        ("DecisionRefusedError", "DeploymentError", "ImppError", "InstanceFileError",
         "PlanError", "PlanFileError", "PlanInconsistentError", "Problem", "SensitivityError",
         "StaleRevisionError", "StoreError"), "impp.exceptions"),
    "Finding": "impp.findings",
    "Plan": "impp.model",
    "carana_path": "impp.scenarios",
    "dump_plan": "impp.io",
    "load_plan": "impp.io",
    "load_plan_text": "impp.io",
}

__all__ = [
    "DecisionRefusedError",
    "DeploymentError",
    "Finding",
    "ImppError",
    "InstanceFileError",
    "Plan",
    "PlanError",
    "PlanFileError",
    "PlanInconsistentError",
    "Problem",
    "SensitivityError",
    "StaleRevisionError",
    "StoreError",
    "__version__",
    "carana_path",
    "dump_plan",
    "load_plan",
    "load_plan_text",
]


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(_WHERE[name]), name)
    globals()[name] = value
    return value
