"""Plan against actual for the activities' tasks: when each task started and
finished (or how far it is), against the timeline's dates and float.

A progress file holds one row per task: ``task``, ``started`` (a date),
optionally ``finished`` (a date) and ``percent`` (0-100, for a task under
way). Every bad row is refused with the file, row, column and why, and
nothing of a bad file is stored; a later report of a task replaces the
earlier one.

Each task's verdict, on the status date (the latest date the reports name,
unless one is given): *on time* (finished by its planned finish),
*late within its float* (the plan absorbs it), *late beyond its float*
(what follows it moves), *in progress* or *overdue* (under way past its
planned finish), *not started* past its planned start, or *not yet due*.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from impp.monitoring.observations import (
    ObservationError,
    RowProblem,
    _cell,
    _Table,
    read_table,
)

if TYPE_CHECKING:
    from impp.model.plan import Plan
    from impp.store.engine import Store

COLUMNS = ("task", "started", "finished", "percent", "source")


@dataclass(frozen=True)
class TaskActual:
    """What happened to a task: when it started and finished, or how far it is."""

    task: str
    started: dt.date
    finished: dt.date | None = None
    percent: float | None = None
    source: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready data."""
        return {"task": self.task, "started": self.started.isoformat(),
                "finished": self.finished.isoformat() if self.finished else None,
                "percent": self.percent, "source": self.source}


def is_progress_file(columns: list[str]) -> bool:
    """True when a file's columns are a progress report's (a ``task`` column)."""
    return "task" in columns and "indicator" not in columns


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(_cell(value))


def read_actuals(plan: Plan, path: Path) -> list[TaskActual]:
    """The progress reports in ``path``, checked against ``plan``'s tasks;
    :class:`ObservationError` with every bad row."""
    return check_actuals(plan, read_table(path), str(path))


def check_actuals(plan: Plan, table: _Table, file: str) -> list[TaskActual]:
    """The progress reports of ``table`` (read from ``file``), or every bad row."""
    tasks = {t.id for t in plan.tasks}
    problems: list[RowProblem] = []
    missing = [c for c in ("task", "started") if c not in table.columns]
    if missing:
        raise ObservationError([RowProblem(file, 1, None, f"no column {', '.join(missing)}: "
                                           "a progress file needs task and started")])
    for c in table.columns:
        if c and c not in COLUMNS:
            problems.append(RowProblem(file, 1, c, "not a column of a progress file "
                                       f"({', '.join(COLUMNS)})"))
    out: list[TaskActual] = []
    seen: dict[str, int] = {}
    for n, row in table.rows:
        before = len(problems)
        task = _cell(row.get("task"))
        if task not in tasks:
            from impp.model.refs import did_you_mean

            problems.append(RowProblem(file, n, "task", f"no task {task!r} in the plan"
                                       f"{did_you_mean(task, sorted(tasks))}" if task
                                       else "empty: name the task by its id"))
        elif task in seen:
            problems.append(RowProblem(file, n, "task", f"{task} is reported twice (also row "
                                       f"{seen[task]}); keep the latest"))
        dates: dict[str, dt.date | None] = {"started": None, "finished": None}
        for col in dates:
            raw = row.get(col)
            if raw in (None, ""):
                if col == "started":
                    problems.append(RowProblem(file, n, col, "empty: when did the task start?"
                                               " (leave the row out if it has not)"))
                continue
            try:
                dates[col] = _date(raw)
            except ValueError:
                problems.append(RowProblem(file, n, col, f"{_cell(raw)!r} is not a date: "
                                           "write it as 2027-03-15"))
        started, finished = dates["started"], dates["finished"]
        if started and finished and finished < started:
            problems.append(RowProblem(file, n, "finished", f"{finished} is before the start "
                                       f"({started})"))
        percent: float | None = None
        raw = _cell(row.get("percent")).rstrip("%")
        if raw:
            try:
                percent = float(raw)
            except ValueError:
                percent = -1.0
            if not 0 <= percent <= 100:
                problems.append(RowProblem(file, n, "percent", f"{raw!r} is not a percentage "
                                           "from 0 to 100"))
        if len(problems) == before and started is not None:
            seen[task] = n
            out.append(TaskActual(task, started, finished,
                                  100.0 if finished and percent is None else percent,
                                  _cell(row.get("source")) or None))
    if problems:
        raise ObservationError(problems)
    return out


def save_actuals(store: Store, plan: str, actuals: list[TaskActual], *, file: str,
                 actor: str | None = None) -> int:
    """Keep ``actuals`` for ``plan`` (each replacing the task's earlier report)."""
    from impp.monitoring.store import writer
    from impp.store.models import TaskActualRow
    from impp.store.repository import audit, get_revision, now, writing

    whole = get_revision(store, plan).plan_object()
    marked = {t.id: t.sensitivity for t in whole.tasks}
    who = writer(store, f"record the progress of {plan}'s tasks", actor,
                 [marked[a.task] for a in actuals if a.task in marked])
    with writing(store) as session:
        when = now()
        for a in actuals:
            row = session.get(TaskActualRow, (plan, a.task))
            if row is None:
                row = TaskActualRow(plan=plan, task=a.task)
                session.add(row)
            row.started, row.finished, row.percent, row.source = (
                a.started, a.finished, a.percent, a.source)
            row.entered_by, row.entered = who, when
        audit(session, "impp.actuals.imported", who, plan, file=file, tasks=len(actuals))
    return len(actuals)


def load_actuals(store: Store, plan: str) -> list[TaskActual]:
    """The latest report of each of ``plan``'s tasks."""
    from sqlalchemy import select

    from impp.store.models import TaskActualRow

    with store.reading() as session:
        rows = session.scalars(select(TaskActualRow).where(TaskActualRow.plan == plan)
                               .order_by(TaskActualRow.task)).all()
        return [TaskActual(r.task, r.started, r.finished, r.percent, r.source) for r in rows]


def plan_against_actual(plan: Plan, actuals: list[TaskActual],
                        status_date: dt.date | None = None) -> dict[str, Any]:
    """Each activity's task: planned dates (the timeline's earliest), float,
    actual dates, slip and verdict on ``status_date``."""
    from impp.temporal.checks import analyse

    schedule, _ = analyse(plan)
    by_task = {a.task: a for a in actuals}
    if status_date is None:
        named = [d for a in actuals for d in (a.started, a.finished) if d is not None]
        status_date = max(named) if named else dt.date.today()
    rows = []
    for activity in plan.activities:
        if activity.task is None or activity.task not in schedule.tasks:
            continue
        t = schedule.tasks[activity.task]
        a = by_task.get(activity.task)
        slip: float | None = None
        if a is not None and a.finished and t.date_end:
            slip = float((a.finished - t.date_end).days)
        elif a is not None and t.date_end and status_date > t.date_end:
            slip = float((status_date - t.date_end).days)
        rows.append({
            "activity": activity.id, "name": activity.name, "task": activity.task,
            "planned_start": t.date_start.isoformat() if t.date_start else None,
            "planned_finish": t.date_end.isoformat() if t.date_end else None,
            "float_days": None if t.float_days is None else round(t.float_days, 1),
            "started": a.started.isoformat() if a else None,
            "finished": a.finished.isoformat() if a and a.finished else None,
            "percent": a.percent if a else None,
            "slip_days": slip,
            "verdict": _verdict(t.date_start, t.date_end, t.float_days, a, status_date),
        })
    return {"status_date": status_date.isoformat(), "calendar": schedule.consistent,
            "tasks": rows}


def _verdict(start: dt.date | None, end: dt.date | None, float_days: float | None,
             a: TaskActual | None, today: dt.date) -> str:
    if start is None or end is None:
        return "no planned dates"
    if a is None:
        return "not started" if today > start else "not yet due"
    if a.finished is not None:
        late = (a.finished - end).days
        if late <= 0:
            return "on time"
        return "late within its float" if float_days is not None and late <= float_days \
            else "late beyond its float"
    return "overdue" if today > end else "in progress"
