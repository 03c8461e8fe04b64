"""impp: a workbench for planning UN peacekeeping missions (the IMPP).

The public names are listed here once.
"""

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
