"""Observations of the plan's indicators, read from CSV, Excel or HXL-tagged CSV.

A file holds one observation per row: at least the columns ``indicator``,
``period`` (``2027Q1``, ``2027-03`` or a date) and ``value``; optionally a
column per dimension the indicator is broken down by (``sex``, ``age``,
``location``...: its ``disaggregation``), ``source`` and ``confidence``
(high, medium, low). Every bad row is refused with the file, the row, the
column and why, and a file with any bad row stores nothing
(:func:`read_observations` raises :class:`ObservationError` with them all).

A value is read as the indicator's unit says: a percentage from 0 to 100, a
yes/no answer (stored as 1 or 0 and its word), a rating on the indicator's
``scale`` (stored as its rank, 1 for the first step, and its word), or a
number (not negative where the indicator counts people).

HXL (the Humanitarian Exchange Language): a CSV whose row of hashtags sits
under (or instead of) the header row. The hashtags are read by libhxl:
``#indicator+code`` the indicator, ``#date`` the period, ``#indicator+value``
or ``#indicator+num`` the value, ``#meta+source`` and ``#meta+confidence``;
``#adm1``, ``#adm2`` or ``#loc`` a location, and ``#sex``, ``#age`` or any
``#x_<dimension>`` a dimension of that name; other columns are named by
their header.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import math
import operator
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from impp.exceptions import ImppError
from impp.monitoring.periods import Period, parse_period

if TYPE_CHECKING:
    from impp.model.plan import Plan
    from impp.model.results import Indicator

REQUIRED = ("indicator", "period", "value")
OPTIONAL = ("source", "confidence")
CONFIDENCE = ("high", "medium", "low")
YES = ("yes", "y", "true", "1", "done", "achieved")
NO = ("no", "n", "false", "0", "not done", "not achieved")
#: Rows a file may hold (a mission's whole history is about 110,000 data points).
MAX_ROWS = 2_000_000


@dataclass(slots=True)
class Observation:
    """One value of one indicator for one period (and one combination of dimensions).

    Not frozen, but never changed once made: a frozen dataclass's constructor
    cost 3 µs, a tenth of reading a row of a million-row file. Slots keep a
    million of them in a third of the memory.
    """

    indicator: str
    period: Period
    value: float
    text: str | None = None
    dims: tuple[tuple[str, str], ...] = ()
    source: str | None = None
    confidence: str | None = None
    #: The file's row it came from (for messages; not part of the value).
    row: int = field(default=0, compare=False)
    #: ``dims`` as canonical JSON, when the reader worked it out already.
    dkey: str | None = field(default=None, compare=False, repr=False)

    @property
    def dims_key(self) -> str:
        """The dimensions as canonical JSON (``""`` for the total)."""
        if self.dkey is None:
            self.dkey = dims_json(self.dims)
        return self.dkey

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready data."""
        return {"indicator": self.indicator, "period": self.period.label,
                "value": self.value, "text": self.text, "dims": dict(self.dims),
                "source": self.source, "confidence": self.confidence}


@dataclass(frozen=True)
class RowProblem:
    """Why a row was refused: ``FILE: row N, column C: why``."""

    file: str
    row: int
    column: str | None
    message: str

    def render(self) -> str:
        """The problem as one line."""
        where = f"row {self.row}" + (f", column {self.column}" if self.column else "")
        return f"{self.file}: {where}: {self.message}"


class ObservationError(ImppError):
    """A data file with bad rows: every problem, nothing stored."""

    def __init__(self, problems: list[RowProblem]) -> None:
        self.problems = problems
        n = len(problems)
        super().__init__(f"{n} bad row{'s' if n != 1 else ''}; nothing was stored:\n"
                         + "\n".join("  " + p.render() for p in problems[:200])
                         + (f"\n  ... and {n - 200} more" if n > 200 else ""))


@dataclass
class _Table:
    """A file's rows that are not blank, as (file row number, [cell, ...]) in the
    order of ``columns``; ``text``: every cell is a string (CSV and HXL, not Excel)."""

    columns: list[str]
    cells: Iterable[tuple[int, list[Any]]]
    hxl: dict[str, str] = field(default_factory=dict)  # column -> the hashtag it came from
    text: bool = True

    @property
    def rows(self) -> Iterator[tuple[int, dict[str, Any]]]:
        """The rows as (file row number, {column: cell})."""
        columns = self.columns
        for n, r in self.cells:
            yield n, dict(zip(columns, r, strict=False))


def _norm(name: object) -> str:
    return " ".join(str(name or "").strip().lower().replace("_", " ").split())


def read_table(path: Path) -> _Table:
    """The rows of a CSV, Excel or HXL-tagged CSV file."""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _excel(path)
    if suffix not in (".csv", ".txt", ".hxl"):
        raise ImppError(f"{path}: read CSV (.csv), Excel (.xlsx) or HXL-tagged CSV; "
                        f"{suffix or 'a file without a suffix'} is none of them")
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise ImppError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise ImppError(f"{path}: byte {exc.start} is not UTF-8; save the file as UTF-8 CSV"
                        ) from exc
    return _csv(text)


def _csv(text: str) -> _Table:
    """The rows of CSV text, read as they are used (a million rows are never all
    held as lists at once)."""
    reader = csv.reader(io.StringIO(text))
    head = list(itertools.islice(reader, 5))
    if not head:
        return _Table([], [])
    tag_row = next((i for i, r in enumerate(head) if _is_hashtag_row(r)), None)
    if tag_row is not None:
        return _hxl(head, tag_row, reader)
    header = [_norm(c) for c in head[0]]
    return _Table(header, _not_blank(itertools.chain(head[1:], reader), 2))


def _not_blank(rows: Iterable[list[str]], first: int) -> Iterator[tuple[int, list[str]]]:
    """(file row number, cells) for each row that is not blank."""
    for n, r in enumerate(rows, start=first):
        if r and (r[0].strip() or any(c.strip() for c in r)):
            yield n, r


def _is_hashtag_row(row: list[str]) -> bool:
    cells = [c.strip() for c in row if c.strip()]
    return bool(cells) and all(c.startswith("#") for c in cells)


#: HXL hashtags (and attributes) of the columns impp reads.
_HXL = (
    ("#indicator", ("code",), "indicator"),
    ("#indicator", ("value",), "value"),
    ("#indicator", ("num",), "value"),
    ("#date", (), "period"),
    ("#meta", ("source",), "source"),
    ("#meta", ("confidence",), "confidence"),
    ("#adm1", (), "location"),
    ("#adm2", (), "location"),
    ("#loc", (), "location"),
    ("#sex", (), "sex"),
    ("#age", (), "age"),
)


def _hxl(rows: list[list[str]], tag_row: int, rest: Iterator[list[str]]) -> _Table:
    import hxl.model  # libhxl: 0.5 s to import, so only for HXL files

    headers = rows[tag_row - 1] if tag_row > 0 else []
    columns: list[str] = []
    tags: dict[str, str] = {}
    for i, spec in enumerate(rows[tag_row]):
        header = headers[i] if i < len(headers) else ""
        name = _norm(header) or f"column {i + 1}"
        if spec.strip():
            col = hxl.model.Column.parse(spec.strip(), header=header)
            if col is not None and col.tag:
                attrs = set(col.attributes)
                for tag, wanted, what in _HXL:
                    if col.tag == tag and set(wanted) <= attrs:
                        name = what
                        break
                else:
                    if col.tag.startswith("#x_"):
                        name = _norm(col.tag[3:])
                tags[name] = col.display_tag
        columns.append(name)
    first = tag_row + 2  # file rows are 1-based; data follow the hashtag row
    return _Table(columns, _not_blank(itertools.chain(rows[tag_row + 1:], rest), first), tags)


def _excel(path: Path) -> _Table:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise ImppError(f"{path}: cannot read it as an Excel workbook ({exc}); "
                        "save it as .xlsx or CSV") from exc
    sheet = book.worksheets[0]
    it = sheet.iter_rows(values_only=True)
    head = next(it, None)
    if head is None:
        return _Table([], [])
    header = [_norm(c) for c in head]

    def rows() -> Iterator[tuple[int, list[Any]]]:
        for n, r in enumerate(it, start=2):
            if any(c not in (None, "") for c in r):
                yield n, ["" if c is None else c for c in r]
        book.close()

    return _Table(header, rows(), text=False)


def read_observations(plan: Plan, path: Path) -> list[Observation]:
    """Every observation in ``path``, checked against ``plan``'s indicators.

    Raises :class:`ObservationError` listing every bad row (nothing is
    returned then), or :class:`ImppError` when the file cannot be read at all.
    """
    table = read_table(path)
    return check_rows(plan, table, str(path))


@dataclass(frozen=True)
class _Reading:
    """How the rows of one indicator are read (worked out once, not per row)."""

    indicator: Indicator
    kind: str
    dims: dict[str, str]  # normalised column name -> the dimension's own name


def check_rows(plan: Plan, table: _Table, file: str) -> list[Observation]:
    """The observations of ``table``'s rows, or every problem (see the module)."""
    return list(checked_rows(plan, table, file))


def checked_rows(plan: Plan, table: _Table, file: str) -> Iterator[Observation]:
    """Each good row's observation as it is read; at the end, when any row was bad,
    :class:`ObservationError` with every problem (a consumer storing them as
    they come rolls back then)."""
    readings = {i.id: _Reading(i, kind_of(i), {_norm(d): d for d in i.disaggregation})
                for i in plan.indicators}
    dims_known = {_norm(d) for i in plan.indicators for d in i.disaggregation}
    problems: list[RowProblem] = []
    header_row = 1
    missing = [c for c in REQUIRED if c not in table.columns]
    if missing:
        tags = " (HXL: #indicator+code, #date, #indicator+value)" if table.hxl else ""
        problems.append(RowProblem(file, header_row, None,
                                   f"no column {', '.join(missing)}: the file needs columns "
                                   f"indicator, period and value{tags}"))
        raise ObservationError(problems)
    unknown = [c for c in table.columns
               if c and c not in (*REQUIRED, *OPTIONAL) and c not in dims_known]
    for c in unknown:
        problems.append(RowProblem(file, header_row, c,
                                   "not a column impp reads: indicator, period, value, source, "
                                   "confidence, or a dimension of an indicator "
                                   f"({', '.join(sorted(dims_known)) or 'none in this plan'})"))
    dim_columns = [c for c in table.columns if c in dims_known]
    columns = table.columns
    where = {c: i for i, c in enumerate(columns)}  # the last of a repeated name, as in a dict
    fast = _Fast(readings, where, len(columns)) if table.text and len(where) == len(columns) \
        else None
    seen: dict[tuple[str, str, str], int] = {}
    for n, cells in table.cells:
        if n > MAX_ROWS + 1:
            problems.append(RowProblem(file, n, None, f"more than {MAX_ROWS:,} rows: "
                                       "split the file"))
            break
        obs = fast.read(cells, n) if fast is not None else None
        if obs is None:  # not plainly good: the row is read again, to say what is wrong
            obs = _row(readings, dict(zip(columns, cells, strict=False)), n, file,
                       dim_columns, problems)
            if obs is None:
                continue
        key = (obs.indicator, obs.period.label, obs.dims_key)
        if key in seen:
            problems.append(RowProblem(file, n, "period",
                                       f"{obs.indicator} for {obs.period.label}"
                                       f"{' ' + obs.dims_key if obs.dims else ''} is given "
                                       f"twice (also row {seen[key]}); keep one"))
            continue
        seen[key] = n
        if not problems:
            yield obs
    if problems:
        raise ObservationError(problems)


@lru_cache(maxsize=8192)
def _period(raw: Any) -> Period:
    """:func:`parse_period`, remembered: a file names few periods many times."""
    return parse_period(raw)


@lru_cache(maxsize=8192)
def dims_json(dims: tuple[tuple[str, str], ...]) -> str:
    """Dimensions as canonical JSON (``""`` for the total), remembered."""
    return json.dumps(dict(dims), sort_keys=True, ensure_ascii=False) if dims else ""


def _cell(value: Any) -> str:
    """A cell as stripped text (CSV cells are text already; Excel's may not be)."""
    if value.__class__ is str:
        return value.strip()
    return "" if value is None else str(value).strip()


class _Fast:
    """A row of text cells read the quick way, for the rows that are plainly
    good (nearly all): whatever needs a closer look (an unknown indicator, a
    value to question, a dimension the indicator lacks) gives ``None`` and
    :func:`_row` reads the row again, as the one place that says what is wrong.
    A file names few combinations of dimensions many times: each is worked out
    once per indicator's set of dimensions.
    """

    def __init__(self, readings: dict[str, _Reading], where: dict[str, int], width: int
                 ) -> None:
        self.readings = readings
        self.width = width
        self.indicator, self.period, self.value = (where[c] for c in REQUIRED)
        self.source = where.get("source")
        self.confidence = where.get("confidence")
        known = {d for r in readings.values() for d in r.dims}
        self.dims = [(i, c) for c, i in where.items() if c in known]
        # the row's dimension cells as a tuple (itemgetter of one index gives the cell)
        self.cells = operator.itemgetter(*(i for i, _ in self.dims), self.indicator)
        #: indicator -> a number shared by indicators broken down the same way
        shapes: dict[tuple[tuple[str, str], ...], int] = {}
        self.shape = {ind: shapes.setdefault(tuple(sorted(r.dims.items())), len(shapes))
                      for ind, r in readings.items()}
        #: (shape, the row's dimension cells) -> (dims, their JSON), or None: not plainly good
        self.seen: dict[tuple[int, tuple[str, ...]], tuple[tuple[tuple[str, str], ...], str]
                        | None] = {}

    def read(self, r: list[str], n: int) -> Observation | None:
        """The row's observation, or ``None`` when it needs a closer look."""
        if len(r) < self.width:
            return None
        ind_id = r[self.indicator].strip()
        reading = self.readings.get(ind_id)
        if reading is None:
            return None
        try:
            period = _period(r[self.period])
        except ValueError:
            return None
        ind, raw, text = reading.indicator, r[self.value], None
        try:
            value = float(raw)  # as parse_value reads a plain number
        except ValueError:
            value = None
        if value is None or reading.kind in ("yes_no", "rating") or not (
                math.isfinite(value) and not (ind.counts_people and value < 0)
                and (reading.kind != "percent" or 0 <= value <= 100)):
            value, text, why = parse_value(ind, raw, reading.kind)
            if why is not None or value is None:
                return None
        cells = self.cells(r)[:-1] if self.dims else ()
        slot = (self.shape[ind_id], cells)
        if slot in self.seen:
            found = self.seen[slot]
        else:
            found = self.seen[slot] = self._dims(reading, cells)
        if found is None:
            return None
        confidence = None
        if self.confidence is not None:
            confidence = r[self.confidence].strip().lower() or None
            if confidence is not None and confidence not in CONFIDENCE:
                return None
        source = r[self.source].strip() or None if self.source is not None else None
        return Observation(ind_id, period, value, text, found[0], source, confidence, n,
                           found[1])

    def _dims(self, reading: _Reading, cells: tuple[str, ...]
              ) -> tuple[tuple[tuple[str, str], ...], str] | None:
        dims: list[tuple[str, str]] = []
        for (_, col), raw in zip(self.dims, cells, strict=False):
            cell = raw.strip()
            if cell:
                name = reading.dims.get(col)
                if name is None:
                    return None
                dims.append((name, cell))
        key = tuple(sorted(dims))
        return key, dims_json(key)


def _row(readings: dict[str, _Reading], row: dict[str, Any], n: int, file: str,
         dim_columns: list[str], problems: list[RowProblem]) -> Observation | None:
    before = len(problems)
    ind_id = _cell(row.get("indicator"))
    reading = readings.get(ind_id)
    if reading is None:
        if not ind_id:
            problems.append(RowProblem(file, n, "indicator",
                                       "empty: name the indicator by its id"))
        else:
            from impp.model.refs import did_you_mean

            hint = did_you_mean(ind_id, list(readings))
            problems.append(RowProblem(file, n, "indicator",
                                       f"no indicator {ind_id!r} in the plan{hint}"))
    period: Period | None = None
    raw_period = row.get("period")
    if raw_period is None or raw_period == "":
        problems.append(RowProblem(file, n, "period", "empty: write a quarter (2027Q1), a "
                                                      "month (2027-03) or a date"))
    else:
        try:
            period = _period(raw_period)
        except ValueError as exc:
            problems.append(RowProblem(file, n, "period", str(exc)))
    value, text = None, None
    if reading is not None:
        value, text, why = parse_value(reading.indicator, row.get("value", ""), reading.kind)
        if why:
            problems.append(RowProblem(file, n, "value", why))
    dims: list[tuple[str, str]] = []
    for col in dim_columns:
        cell = row.get(col)
        cell_text = cell.strip() if cell.__class__ is str else _cell(cell)
        if not cell_text:
            continue
        if reading is None:
            dims.append((col, cell_text))
        elif col in reading.dims:
            dims.append((reading.dims[col], cell_text))
        else:
            ind = reading.indicator
            problems.append(RowProblem(
                file, n, col, f"{ind.id} is not broken down by {col} (its dimensions: "
                f"{', '.join(ind.disaggregation) or 'none'}); leave the cell empty"))
    confidence = _cell(row.get("confidence")).lower() or None
    if confidence is not None and confidence not in CONFIDENCE:
        problems.append(RowProblem(file, n, "confidence", f"{confidence!r}: write high, "
                                   "medium or low (or leave it empty)"))
    source = _cell(row.get("source")) or None
    if len(problems) > before or reading is None or period is None or value is None:
        return None
    if len(dims) > 1:
        dims.sort()
    key = tuple(dims)
    return Observation(ind_id, period, value, text, key, source, confidence, n, dims_json(key))


def kind_of(ind: Indicator) -> str:
    """How values of ``ind`` are read: ``percent``, ``yes_no``, ``rating`` or ``number``."""
    if ind.scale:
        return "rating"
    unit = _norm(ind.unit)
    if unit in ("percent", "%", "per cent", "percentage"):
        return "percent"
    if unit.replace(" ", "") in ("yes/no", "yesno", "boolean"):
        return "yes_no"
    return "number"


def parse_value(ind: Indicator, cell: Any, kind: str | None = None
                ) -> tuple[float | None, str | None, str | None]:
    """``(value, word, problem)``: the number stored, the word given (yes/no, a
    rating), or why the cell is not a value of ``ind`` (``kind``: its
    :func:`kind_of`, when known)."""
    kind = kind or kind_of(ind)
    text = _cell(cell)
    if kind == "number" and text:  # the common case: a plain number
        try:
            quick = float(text)
        except ValueError:
            pass
        else:
            if math.isfinite(quick) and not (ind.counts_people and quick < 0):
                return quick, None, None
    if text == "":
        return None, None, "empty: give the value (leave the row out if there is none)"
    if kind == "yes_no":
        low = text.lower()
        if low in YES:
            return 1.0, "yes", None
        if low in NO:
            return 0.0, "no", None
        return None, None, f"{text!r}: {ind.id} is answered yes or no"
    if kind == "rating":
        steps = [s.lower() for s in ind.scale]
        if text.lower() in steps:
            return float(steps.index(text.lower()) + 1), ind.scale[steps.index(text.lower())], None
        return None, None, f"{text!r}: {ind.id} is rated on the scale {' / '.join(ind.scale)}"
    number_text = text.rstrip("%").strip().replace(",", "") if kind == "percent" else \
        text.replace(",", "")
    if isinstance(cell, bool):
        number: float | None = None
    elif isinstance(cell, int | float):
        number = float(cell)
    else:
        try:
            number = float(number_text)
        except ValueError:
            number = None
    if number is None or not math.isfinite(number):
        return None, None, (f"{text!r} is not a number "
                            f"({ind.id} is counted in {ind.unit or 'numbers'})")
    if kind == "percent" and not 0 <= number <= 100:
        return None, None, f"{number:g} is not a percentage from 0 to 100"
    if ind.counts_people and number < 0:
        return None, None, f"{number:g}: {ind.id} counts people and cannot be negative"
    return number, None, None

