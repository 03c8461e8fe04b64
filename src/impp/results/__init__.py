"""The Integrated Strategic Framework (ISF) and the results chain, and their checks.

Pure functions of a :class:`~impp.model.Plan`; the Excel export and import
live in :mod:`impp.io.excel`.
"""

from impp.results.chain import results_chain
from impp.results.checks import check_results
from impp.results.dates import OutputDates, output_dates
from impp.results.sequencing import (
    SequencingConflict,
    priority_sequencing_conflicts,
    sequencing_links,
)

__all__ = [
    "OutputDates",
    "SequencingConflict",
    "check_results",
    "output_dates",
    "priority_sequencing_conflicts",
    "results_chain",
    "sequencing_links",
]
