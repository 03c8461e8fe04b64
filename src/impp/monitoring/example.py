"""Carana's example monitoring data: a year of synthetic observations.

EXERCISE DATA, invented for training: no figure here was measured anywhere.
The series start at the Kalari agreement (June 2026, an assumption of the
Carana scenario) and run for a year, at each indicator's own frequency, so
that ``impp assess carana --period 2027Q1`` has something to assess. They
are written to tell a story a planner can read: the force deploys late but
fully, relief needs fall, disarmament starts late and stays behind, the
electoral plan is endorsed in the first quarter of 2027.

``python -m impp.monitoring.example`` writes the CSV files that ship with
the package: the observations and the tasks' progress (a test checks that
the files are what this module writes).
"""

from __future__ import annotations

import csv
import io
from importlib import resources
from pathlib import Path

COLUMNS = ("indicator", "period", "value", "sex", "age", "location", "armed group",
           "perpetrator", "source", "confidence")
NOTE = "EXERCISE DATA (synthetic, for training; not measured)"

_MONTHS = [f"2026-{m:02d}" for m in range(6, 13)] + [f"2027-{m:02d}" for m in range(1, 6)]
_QUARTERS = ["2026Q3", "2026Q4", "2027Q1", "2027Q2"]


def rows() -> list[dict[str, str]]:
    """The example observations, one dict per CSV row."""
    out: list[dict[str, str]] = []

    def add(ind: str, period: str, value: object, confidence: str = "medium",
            **dims: str) -> None:
        row = dict.fromkeys(COLUMNS, "")
        row.update(indicator=ind, period=period, value=str(value), source=NOTE,
                   confidence=confidence)
        row.update({k.replace("_", " "): v for k, v in dims.items()})
        out.append(row)

    add("ind_tam_day", "2026-06-13", 12, "high")
    add("ind_hq_ready", "2026-07-10", 37, "high")
    for month, share in zip(_MONTHS[1:7], (25, 45, 70, 85, 95, 100), strict=True):
        add("ind_strength_deployed", month, share, "high")
    # people needing relief, by sex (female share 54 %)
    for month, people in zip(_MONTHS, (240_000, 226_000, 198_000, 171_000, 150_000, 128_000,
                                        104_000, 92_000, 81_000, 74_000, 66_000, 60_000),
                             strict=True):
        women = round(people * 0.54)
        add("ind_relief_need", month, women, sex="female")
        add("ind_relief_need", month, people - women, sex="male")
    for month, n in zip(_MONTHS, (14, 17, 11, 9, 10, 7, 6, 6, 4, 5, 3, 2), strict=True):
        add("ind_ceasefire_violations", month, n)
    for month, share in zip(_MONTHS[3:], (5, 15, 24, 33, 42, 50, 58, 66, 73), strict=True):
        add("ind_combatants_demobilized", month, share)
    for quarter, (girls, boys) in zip(_QUARTERS, ((35, 85), (92, 218), (131, 324),
                                                  (150, 370)), strict=True):
        add("ind_children_released", quarter, girls, sex="female")
        add("ind_children_released", quarter, boys, sex="male")
    for quarter, answer in zip(_QUARTERS[:3], ("no", "no", "yes"), strict=True):
        add("ind_election_plan", quarter, answer, "high")
    for quarter, share in zip(_QUARTERS, (18, 21, 24, 27), strict=True):
        add("ind_women_in_dialogue", quarter, share)
    for quarter, n in zip(_QUARTERS, (86, 71, 64, 58), strict=True):
        add("ind_rights_violations", quarter, n, "low")
    for quarter, share in zip(_QUARTERS, (6, 14, 23, 31), strict=True):
        add("ind_idps_returned", quarter, share)
    return out


#: When the activities' tasks actually started and finished (exercise data too).
ACTUALS = (
    ("draft_mission_plan", "2026-06-05", "2026-06-14", ""),
    ("tam", "2026-06-20", "2026-07-01", ""),
    ("sg_report_drafting", "2026-07-01", "2026-07-20", ""),
    ("final_draft", "2026-07-01", "2026-07-27", ""),
    ("mission_concept", "2026-07-22", "2026-08-12", ""),
    ("hq_establishment", "2026-08-05", "2026-09-12", ""),
    ("force_deployment", "2026-08-05", "2026-12-10", ""),
    ("isf", "2026-09-15", "", "70"),
    ("comms_strategy", "2026-06-08", "2026-07-03", ""),
    ("ceasefire", "2026-06-01", "2026-06-15", ""),
    ("humanitarian_stabilisation", "2026-08-03", "", "75"),
    ("ddr_programme", "2026-09-01", "", "58"),
    ("election_support_planning", "2026-08-10", "2027-02-20", ""),
    ("idp_return", "2027-01-15", "", "23"),
)


def actuals_text() -> str:
    """The tasks' progress as CSV text."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["task", "started", "finished", "percent", "source"])
    for task, started, finished, percent in ACTUALS:
        writer.writerow([task, started, finished, percent, NOTE])
    return buf.getvalue()


def actuals_path() -> Path:
    """The progress CSV file that ships with the package."""
    return Path(str(resources.files("impp.scenarios").joinpath(
        "carana-progress-exercise.csv")))


def text() -> str:
    """The example as CSV text."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows())
    return buf.getvalue()


def path() -> Path:
    """The CSV file that ships with the package."""
    return Path(str(resources.files("impp.scenarios").joinpath(
        "carana-observations-exercise.csv")))


if __name__ == "__main__":
    path().write_text(text(), encoding="utf-8")
    actuals_path().write_text(actuals_text(), encoding="utf-8")
    print(f"wrote {path()} and {actuals_path()}")
