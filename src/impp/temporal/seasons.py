"""Seasons in calendar time: when a task must wait, and how long it then lasts.

A season is a window, every year (``MM-DD``) or once (``YYYY-MM-DD``); a
window whose end comes before its start runs over the new year. A task
*blocked* in a season cannot be under way during it: it waits for the
season's end. A season *factor* ``f`` stretches the task's days inside the
season: a day of work there takes ``f`` calendar days.

These functions only read dates; how the schedule takes them into account
(a pass after the temporal network is solved, repeated to a fixed point) is
in :mod:`impp.temporal.schedule`.

>>> from impp.model import Season
>>> rainy = Season(id="rainy", name="Rainy", start="06-15", end="09-30")
>>> in_season(rainy, dt.date(2026, 7, 1)), in_season(rainy, dt.date(2026, 10, 1))
(True, False)
>>> stretched_duration(dt.date(2026, 9, 16), 20.0, {"rainy": 1.5}, [rainy])
25.0
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from impp.model.timeline import Season

#: Search horizon for a season's end (a window is at most a year long).
_MAX_DAYS = 800


def _parse(value: str, year: int) -> dt.date:
    if len(value) == 10:
        return dt.date.fromisoformat(value)
    month, day = int(value[:2]), int(value[3:])
    if (month, day) == (2, 29):
        day = 29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28
    return dt.date(year, month, day)


def in_season(season: Season, day: dt.date) -> bool:
    """True when ``day`` falls inside the season's window (ends included).

    >>> from impp.model import Season
    >>> dry = Season(id="dry", name="Dry", start="11-01", end="02-28")
    >>> in_season(dry, dt.date(2027, 1, 10)), in_season(dry, dt.date(2026, 6, 1))
    (True, False)
    """
    if not season.recurring:
        return _parse(season.start, day.year) <= day <= _parse(season.end, day.year)
    start, end = _parse(season.start, day.year), _parse(season.end, day.year)
    if start <= end:
        return start <= day <= end
    return day >= start or day <= end


def season_end(seasons: Iterable[Season], day: dt.date) -> dt.date:
    """The first day on or after ``day`` that is in none of the seasons.

    >>> from impp.model import Season
    >>> rainy = Season(id="rainy", name="Rainy", start="06-15", end="09-30")
    >>> season_end([rainy], dt.date(2026, 8, 1)).isoformat()
    '2026-10-01'
    """
    windows = list(seasons)
    for _ in range(_MAX_DAYS):
        if not any(in_season(s, day) for s in windows):
            return day
        day += dt.timedelta(days=1)
    return day


def first_blocked_day(seasons: Iterable[Season], start: dt.date, days: float) -> dt.date | None:
    """The first day of ``[start, start + days)`` inside one of the seasons, or None.

    >>> from impp.model import Season
    >>> rainy = Season(id="rainy", name="Rainy", start="06-15", end="09-30")
    >>> first_blocked_day([rainy], dt.date(2026, 6, 1), 20).isoformat()
    '2026-06-15'
    """
    windows = list(seasons)
    length = max(1, int(-(-days // 1)))
    for i in range(length):
        day = start + dt.timedelta(days=i)
        if any(in_season(s, day) for s in windows):
            return day
    return None


def stretched_duration(
    start: dt.date, days: float, factors: dict[str, float], seasons: Iterable[Season]
) -> float:
    """Calendar days a task of ``days`` work days takes from ``start``.

    Each calendar day inside a season with factor ``f`` does ``1/f`` of a
    day's work (several seasons at once: the largest factor counts).
    """
    by_id = {s.id: s for s in seasons if s.id in factors}
    if not by_id or days <= 0:
        return days
    remaining, elapsed, day = days, 0.0, start
    while True:
        f = max((factors[i] for i, s in by_id.items() if in_season(s, day)), default=1.0)
        work = 1.0 / f
        if remaining <= work + 1e-12:
            return round(elapsed + remaining * f, 6)
        remaining -= work
        elapsed += 1.0
        day += dt.timedelta(days=1)
