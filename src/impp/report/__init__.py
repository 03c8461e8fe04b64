"""The planning package: the HTML report and the documents planners hand on.

>>> from impp.report import build_package, Sensitivity
>>> Sensitivity.unclassified.label
'UNCLASSIFIED'
"""

from impp.model import Sensitivity
from impp.report.package import Package, PackageFile, build_package
from impp.report.view import ReportView, SensitivityError, make_view

__all__ = [
    "Package",
    "PackageFile",
    "ReportView",
    "Sensitivity",
    "SensitivityError",
    "build_package",
    "make_view",
]
