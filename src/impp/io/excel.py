"""The results framework in Excel: one sheet per level, edited by planners, imported back.

Sheets, in order: ``objectives``, ``priorities``, ``outputs``, ``activities``,
``benchmarks``, ``indicators`` (one row per item, one column per field, the
first row naming the fields) and ``targets`` (one row per indicator target:
``indicator``, ``period``, ``value``). Lists of ids are written ``a; b; c``;
empty cells are fields left out. Importing a workbook replaces these sections
of a plan and checks the result like a plan file: every problem is reported
with its sheet, row and column (:class:`WorkbookError`).

Why openpyxl cells keep their types: a number stays a number and a text that
looks like a number stays text, so export then import gives back the same plan
(the round trip is tested on Carana by content hash).
"""

from __future__ import annotations

import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from pydantic import BaseModel, ValidationError

from impp.exceptions import PlanFileError, Problem
from impp.model.base import Item
from impp.model.plan import SECTIONS, Plan
from impp.model.refs import check_plan, did_you_mean
from impp.model.results import Target

#: The sections the workbook holds, one sheet each, in order.
RESULT_SECTIONS: tuple[str, ...] = (
    "objectives", "priorities", "outputs", "activities", "benchmarks", "indicators",
)
TARGETS = "targets"
TARGET_COLUMNS: tuple[str, ...] = ("indicator", "period", "value")
#: Fields kept out of an item's own sheet (written to another sheet).
_NESTED_FIELDS = {"indicators": ("targets",)}
_LEADING = ("id", "name")
_TRAILING = ("source", "sensitivity", "assumption", "notes")
SEPARATOR = "; "


@dataclass(frozen=True)
class SheetProblem(Problem):
    """A problem at a cell of a workbook (``line`` is the row, ``column`` the column number).

    >>> SheetProblem("rf.xlsx", 4, 3, "ind_a", "baseline: bad", sheet="indicators").render()
    "rf.xlsx: sheet 'indicators', row 4, column C: [ind_a] baseline: bad"
    """

    sheet: str = ""

    def render(self) -> str:
        where = f"{self.file}: sheet {self.sheet!r}"
        if self.line is not None:
            where += f", row {self.line}"
        if self.column is not None:
            where += f", column {get_column_letter(self.column)}"
        item = f" [{self.item}]" if self.item else ""
        return f"{where}:{item} {self.message}"


class WorkbookError(PlanFileError):
    """A results-framework workbook cannot be imported; ``problems`` names every cell."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems)
        n = len(problems)
        head = f"{n} problem{'s' if n != 1 else ''} in the workbook:"
        self.args = ("\n".join([head, *("  " + p.render() for p in problems)]),)


def columns(section: str) -> list[str]:
    """The columns of a section's sheet: id, name, its own fields, then source and marking.

    >>> columns("benchmarks")[:4]
    ['id', 'name', 'objective', 'core']
    """
    cls = SECTIONS[section]
    skip = _NESTED_FIELDS.get(section, ())
    names = [info.alias or name for name, info in cls.model_fields.items() if name not in skip]
    own = [n for n in names if n not in _LEADING and n not in _TRAILING]
    return [*_LEADING, *own, *(n for n in _TRAILING if n in names)]


def _is_tuple(cls: type[BaseModel], field: str) -> bool:
    annotation = cls.model_fields[field].annotation
    return typing.get_origin(annotation) is tuple


def _cell_value(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, tuple):
        for v in value:
            if SEPARATOR.strip() in str(v):
                raise ValueError(f"{v!r} contains ';', which separates list entries in a cell")
        return SEPARATOR.join(str(v) for v in value) or None
    if isinstance(value, str | bool | int | float):
        return value
    return str(getattr(value, "value", value))


def export_results(plan: Plan, path: str | Path) -> Path:
    """Write the plan's results framework to an Excel workbook; return its path.

    >>> import tempfile, pathlib
    >>> from impp.io import load_plan
    >>> from impp.scenarios import carana_path
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = export_results(load_plan(carana_path()), pathlib.Path(d) / "rf.xlsx")
    ...     load_workbook(p).sheetnames
    ['objectives', 'priorities', 'outputs', 'activities', 'benchmarks', 'indicators', 'targets']
    """
    book = Workbook()
    book.remove(book.active)
    for section in RESULT_SECTIONS:
        sheet = book.create_sheet(section)
        cols = columns(section)
        sheet.append(cols)
        cls = SECTIONS[section]
        by_alias = {info.alias or name: name for name, info in cls.model_fields.items()}
        for item in plan.section(section):
            sheet.append([_cell_value(getattr(item, by_alias[c])) for c in cols])
        _style(sheet, len(cols))
    targets = book.create_sheet(TARGETS)
    targets.append(list(TARGET_COLUMNS))
    for ind in plan.indicators:
        for t in ind.targets:
            targets.append([ind.id, t.period, t.value])
    _style(targets, len(TARGET_COLUMNS))
    for sheet in book.worksheets:
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                # A text starting with '=' is text, not a formula.
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"
    out = Path(path)
    book.save(out)
    return out


def _style(sheet: Any, n: int) -> None:
    for col in range(1, n + 1):
        sheet.cell(row=1, column=col).font = Font(bold=True)
        letter = get_column_letter(col)
        sheet.column_dimensions[letter].width = 40 if col == 2 else 18
    sheet.freeze_panes = "B2"


# -- import ---------------------------------------------------------------------------------


def _header(sheet: Any, name: str, known: list[str], file: str,
            problems: list[Problem]) -> dict[str, int]:
    header: dict[str, int] = {}
    first = next(sheet.iter_rows(min_row=1, max_row=1, values_only=True), ())
    for col, value in enumerate(first, start=1):
        if value is None:
            continue
        key = str(value).strip()
        if key not in known:
            problems.append(SheetProblem(
                file, 1, col, None,
                f"unknown column {key!r}" + (did_you_mean(key, known)
                                             or "; known columns: " + ", ".join(known)),
                sheet=name))
        elif key in header:
            problems.append(SheetProblem(file, 1, col, None,
                                         f"column {key!r} appears twice; keep one", sheet=name))
        else:
            header[key] = col
    for required in ("id", "name") if name != TARGETS else TARGET_COLUMNS:
        if required not in header:
            problems.append(SheetProblem(file, 1, None, None,
                                         f"the sheet has no {required!r} column; add it "
                                         "to the first row", sheet=name))
    return header


def _read_rows(sheet: Any, header: dict[str, int]) -> list[tuple[int, dict[str, Any]]]:
    rows = []
    for index, values in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
        raw = {k: values[c - 1] for k, c in header.items() if c - 1 < len(values)}
        raw = {k: (v.strip() if isinstance(v, str) else v) for k, v in raw.items()}
        raw = {k: v for k, v in raw.items() if v is not None and v != ""}
        if raw:
            rows.append((index, raw))
    return rows


def _field_of(cls: type[BaseModel], alias: str) -> str:
    for name, info in cls.model_fields.items():
        if (info.alias or name) == alias:
            return name
    return alias


def read_results(path: str | Path) -> dict[str, tuple[Item, ...]]:
    """Read a results workbook into plan sections; raise WorkbookError naming every bad cell.

    References between items are checked when the sections join a plan
    (:func:`import_results`).
    """
    return _read(path)[0]


def _read(path: str | Path) -> tuple[dict[str, tuple[Item, ...]], dict[str, list[int]]]:
    file = str(path)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise WorkbookError([Problem(file, None, None, None, "no such file; check the path")]
                            ) from None
    except Exception as exc:  # openpyxl raises many types for a file that is not a workbook
        raise WorkbookError([Problem(file, None, None, None,
                                     f"not an Excel workbook (.xlsx) ({exc})")]) from exc
    problems: list[Problem] = []
    for name in (*RESULT_SECTIONS, TARGETS):
        if name not in book.sheetnames:
            problems.append(SheetProblem(
                file, None, None, None,
                f"the workbook has no sheet {name!r}; it needs one sheet per level: "
                + ", ".join((*RESULT_SECTIONS, TARGETS)), sheet=name))
    if problems:
        raise WorkbookError(problems)

    targets: dict[str, list[Target]] = {}
    tsheet = book[TARGETS]
    theader = _header(tsheet, TARGETS, list(TARGET_COLUMNS), file, problems)
    target_rows = _read_rows(tsheet, theader) if set(TARGET_COLUMNS) <= theader.keys() else []
    target_where: dict[str, tuple[int, int]] = {}
    for row, raw in target_rows:
        indicator = str(raw.get("indicator", ""))
        try:
            target = Target.model_validate({k: v for k, v in raw.items() if k != "indicator"})
        except ValidationError as exc:
            _validation_problems(exc, file, TARGETS, row, theader, indicator or None, problems)
            continue
        if not indicator:
            problems.append(SheetProblem(file, row, theader["indicator"], None,
                                         "'indicator' is required: the id of the indicator "
                                         "this target belongs to", sheet=TARGETS))
            continue
        targets.setdefault(indicator, []).append(target)
        target_where.setdefault(indicator, (row, theader["indicator"]))

    sections: dict[str, tuple[Item, ...]] = {}
    rows_of: dict[str, list[int]] = {}
    for section in RESULT_SECTIONS:
        sheet = book[section]
        cls = SECTIONS[section]
        header = _header(sheet, section, columns(section), file, problems)
        items: list[Item] = []
        for row, raw in _read_rows(sheet, header):
            item_id = str(raw["id"]) if "id" in raw else None
            data: dict[str, Any] = {}
            for key, value in raw.items():
                if _is_tuple(cls, _field_of(cls, key)) and isinstance(value, str):
                    data[key] = tuple(v.strip() for v in value.split(";") if v.strip())
                else:
                    data[key] = value
            if section == "indicators" and item_id in targets:
                data["targets"] = targets[item_id]
            try:
                item = cls.model_validate(data)
            except ValidationError as exc:
                _validation_problems(exc, file, section, row, header, item_id, problems)
                continue
            items.append(item)
            rows_of.setdefault(section, []).append(row)
        sections[section] = tuple(items)
    indicator_ids = {i.id for i in sections.get("indicators", ())}
    for indicator, (row, col) in target_where.items():
        if indicator not in indicator_ids:
            problems.append(SheetProblem(
                file, row, col, indicator,
                f"target for unknown indicator {indicator!r}"
                + (did_you_mean(indicator, indicator_ids) or "; add it to the indicators sheet"),
                sheet=TARGETS))
    book.close()
    if problems:
        raise WorkbookError(problems)
    return sections, rows_of


def _validation_problems(exc: ValidationError, file: str, sheet: str, row: int,
                         header: dict[str, int], item: str | None,
                         problems: list[Problem]) -> None:
    for err in exc.errors():
        loc = [str(p) for p in err["loc"] if not isinstance(p, int)]
        key = loc[0] if loc else None
        if key == "from_":
            key = "from"
        msg = str(err["msg"]).removeprefix("Value error, ")
        sheet_name, column = sheet, header.get(key) if key else None
        if err["type"] == "missing":
            msg = f"{key!r} is required; fill in the column" if key in header else \
                f"{key!r} is required; add a {key!r} column"
        elif sheet == "indicators" and key == "targets":
            sheet_name, column = TARGETS, None
            msg = f"target {'.'.join(loc[1:])}: {msg}"
        else:
            msg = f"{key}: {msg}" if key else msg
        problems.append(SheetProblem(file, row, column, item, msg, sheet=sheet_name))


def import_results(plan: Plan, path: str | Path) -> Plan:
    """The plan with its results sections replaced by the workbook's, checked.

    >>> import tempfile, pathlib
    >>> from impp.io import load_plan
    >>> from impp.scenarios import carana_path
    >>> plan = load_plan(carana_path())
    >>> with tempfile.TemporaryDirectory() as d:
    ...     book = export_results(plan, pathlib.Path(d) / "rf.xlsx")
    ...     import_results(plan, book).content_hash() == plan.content_hash()
    True
    """
    file = str(path)
    sections, rows_of = _read(path)
    draft = Plan.model_construct(**{**dict(plan), **sections})
    problems: list[Problem] = []
    for ref in check_plan(draft):
        if ref.section in RESULT_SECTIONS and ref.index is not None:
            sheet_columns = columns(ref.section)
            col = sheet_columns.index(ref.field) + 1 if ref.field in sheet_columns else None
            problems.append(SheetProblem(file, rows_of[ref.section][ref.index], col,
                                         ref.item_id, ref.message, sheet=ref.section))
        else:
            problems.append(Problem(file, None, None, ref.item_id,
                                    f"{ref.message} (in the plan's {ref.section!r}, which "
                                    "names an item the workbook no longer has)"))
    if problems:
        raise WorkbookError(problems)
    return Plan(**{**dict(plan), **sections})
