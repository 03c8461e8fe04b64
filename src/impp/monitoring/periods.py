"""Reporting periods: quarters (``2027Q1``), months (``2027-03``) and days.

CPAS assesses by quarter; data come in by month, quarter or date. A period
is read from its label and has a first and last day; an assessment of a
quarter takes every observation whose period lies inside it. Quarters are
calendar quarters (an assumption: the seeds name none; the UN budget year
runs 1 July to 30 June, so a budget-year reading would shift Q1 to
July-September, and a quarter's label would name other months).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_QUARTER = re.compile(r"^(\d{4})-?Q([1-4])$", re.IGNORECASE)
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


@dataclass(frozen=True, order=True)
class Period:
    """A reporting period: its first and last day, and its label."""

    start: dt.date
    end: dt.date
    label: str
    kind: str  # quarter | month | day

    def contains(self, other: Period) -> bool:
        """True when ``other`` lies wholly inside this period."""
        return self.start <= other.start and other.end <= self.end

    def quarter(self) -> Period:
        """The calendar quarter this period ends in."""
        return quarter_of(self.end)

    def previous(self) -> Period:
        """The period of the same kind just before this one."""
        return period_of(self.start - dt.timedelta(days=1), self.kind)


def parse_period(text: object) -> Period:
    """The period a label names: ``2027Q1``, ``2027-03`` or a date ``2027-03-15``.

    Raises ValueError with what is expected.

    >>> parse_period("2027Q1").end
    datetime.date(2027, 3, 31)
    >>> parse_period("2027-02").end
    datetime.date(2027, 2, 28)
    >>> parse_period("2027-02-14").label
    '2027-02-14'
    """
    if isinstance(text, dt.datetime):
        return period_of(text.date(), "day")
    if isinstance(text, dt.date):
        return period_of(text, "day")
    raw = str(text).strip()
    m = _QUARTER.match(raw)
    if m:
        return _quarter(int(m.group(1)), int(m.group(2)))
    m = _MONTH.match(raw)
    if m and 1 <= int(m.group(2)) <= 12:
        return period_of(dt.date(int(m.group(1)), int(m.group(2)), 1), "month")
    try:
        day = dt.date.fromisoformat(raw[:10]) if len(raw) in (10, 19) else None
    except ValueError:
        day = None
    if day is None:
        raise ValueError(f"{raw!r} is not a period: write a quarter (2027Q1), "
                         "a month (2027-03) or a date (2027-03-15)")
    return period_of(day, "day")


def _quarter(year: int, q: int) -> Period:
    start = dt.date(year, 3 * q - 2, 1)
    end = (dt.date(year + 1, 1, 1) if q == 4 else dt.date(year, 3 * q + 1, 1)) \
        - dt.timedelta(days=1)
    return Period(start, end, f"{year}Q{q}", "quarter")


def quarter_of(day: dt.date) -> Period:
    """The calendar quarter of ``day``."""
    return _quarter(day.year, (day.month - 1) // 3 + 1)


def period_of(day: dt.date, kind: str) -> Period:
    """The period of ``kind`` (quarter, month or day) that holds ``day``."""
    if kind == "quarter":
        return quarter_of(day)
    if kind == "month":
        start = day.replace(day=1)
        nxt = dt.date(day.year + 1, 1, 1) if day.month == 12 else \
            dt.date(day.year, day.month + 1, 1)
        return Period(start, nxt - dt.timedelta(days=1), f"{day.year}-{day.month:02d}", "month")
    return Period(day, day, day.isoformat(), "day")


def quarters(first: Period, last: Period) -> list[Period]:
    """The quarters from ``first``'s to ``last``'s, in order."""
    out = [first.quarter()]
    while out[-1].end < last.end:
        out.append(quarter_of(out[-1].end + dt.timedelta(days=1)))
    return out
