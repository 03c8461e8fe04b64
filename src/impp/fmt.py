"""Numbers as planners read them: one module, used by every view.

Days carry one decimal at most and never print as ``-0``; a day with a
calendar date prints as the date; money has thousands separators and its
currency; a probability is a whole percentage. The terminal, the JSON (which
keeps full precision where scripts want it, but rounds what people read),
the HTML report, the DOCX/PDF documents and the charts call these, so a
figure reads the same everywhere.

>>> days(7.695652), days(-0.0), days(12.0), days(None)
('7.7', '0', '12', '-')
>>> money(2500000, "USD"), percent(0.196)
('USD 2,500,000', '20 %')
"""

from __future__ import annotations

import datetime as dt
import math

#: What an absent figure prints as.
NONE = "-"


def round_days(value: float | None) -> float | None:
    """A number of days rounded to one decimal, ``-0`` made ``0``.

    >>> round_days(125.696), round_days(-0.04)
    (125.7, 0.0)
    """
    if value is None or not math.isfinite(value):
        return None
    r = round(float(value), 1)
    return 0.0 if r == 0 else r


def days(value: float | None) -> str:
    """Days as text: at most one decimal, no trailing ``.0``."""
    r = round_days(value)
    return NONE if r is None else f"{r:g}" if abs(r) < 1e6 else f"{r:,.0f}"


def signed_days(value: float | None) -> str:
    """A margin: ``+3``, ``-7.7``, ``0``.

    >>> signed_days(3), signed_days(-7.69), signed_days(0)
    ('+3', '-7.7', '0')
    """
    r = round_days(value)
    if r is None:
        return NONE
    return f"+{days(r)}" if r > 0 else days(r)


def date(value: dt.date | None) -> str:
    """A date as ISO text (``2026-08-03``), or ``-``."""
    return NONE if value is None else value.isoformat()


def day_or_date(day: float | None, when: dt.date | None) -> str:
    """The date where the timeline is anchored, else ``day N``.

    >>> day_or_date(4, dt.date(2026, 6, 5)), day_or_date(125.696, None)
    ('2026-06-05', 'day 125.7')
    """
    if when is not None:
        return when.isoformat()
    return NONE if day is None else f"day {days(day)}"


def money(value: float | None, currency: str = "USD") -> str:
    """Money with thousands separators and its currency; cents only when there are any.

    The default is US dollars, the currency of UN peacekeeping budgets: a
    plan's costs carry no currency of their own yet (an assumption).
    """
    if value is None or not math.isfinite(value):
        return NONE
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"
    return f"{currency} {text}"


def percent(p: float | None) -> str:
    """A probability as a whole percentage (``<1 %`` and ``>99 %`` at the ends).

    >>> percent(0.0), percent(0.004), percent(0.996), percent(1.0)
    ('0 %', '<1 %', '>99 %', '100 %')
    """
    if p is None or not math.isfinite(p):
        return NONE
    if 0 < p < 0.005:
        return "<1 %"
    if 0.995 <= p < 1:
        return ">99 %"
    return f"{round(100 * p):d} %"



def number(value: float | None) -> str:
    """A measured value as planners read it: thousands separated, at most one
    decimal for values under 1,000, none above; ``-`` for none.

    >>> number(74000.0), number(79.56), number(12.0), number(None)
    ('74,000', '79.6', '12', '-')
    """
    if value is None:
        return "-"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def bound_text(lo: float | None, hi: float | None) -> str:
    """A criterion's bounds in words.

    >>> bound_text(None, 14), bound_text(21, 21), bound_text(7, None)
    ('at most 14', 'exactly 21', 'at least 7')
    """
    if lo is not None and hi is not None:
        return f"exactly {days(lo)}" if lo == hi else f"{days(lo)} to {days(hi)}"
    return f"at most {days(hi)}" if hi is not None else f"at least {days(lo)}"
