"""PSPLIB project files in: single-mode RCPSP in the ``.sm`` and ``.rcp`` formats.

``.sm`` is PSPLIB's own format (Kolisch and Sprecher 1996): sections
``PRECEDENCE RELATIONS``, ``REQUESTS/DURATIONS`` and
``RESOURCEAVAILABILITIES``. ``.rcp`` is Patterson's: the number of
activities and resources, the capacities, then per activity its duration,
its demands, its number of successors and the successors (1-based; a list
may run on over the next lines). Every problem is said at ``file:line``
(:class:`~impp.exceptions.InstanceFileError`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from impp.exceptions import InstanceFileError


@dataclass(frozen=True)
class Project:
    """A single-mode RCPSP instance as read from a file.

    Activities are numbered from 1 in the file; here they are listed in that
    order (index 0 is activity 1).
    """

    name: str
    capacities: tuple[int, ...]
    durations: tuple[int, ...]
    demands: tuple[tuple[int, ...], ...]
    successors: tuple[tuple[int, ...], ...]  # 1-based numbers, as in the file

    @property
    def n(self) -> int:
        """Number of activities, dummies included."""
        return len(self.durations)


def read_project(path: str | Path) -> Project:
    """Read a ``.sm`` or ``.rcp`` file (by its suffix; otherwise by its content).

    >>> import tempfile, os
    >>> text = "3 1\\n2\\n0 0 1 2\\n4 1 1 3\\n0 0 0\\n"
    >>> with tempfile.NamedTemporaryFile("w", suffix=".rcp", delete=False) as f:
    ...     _ = f.write(text)
    >>> p = read_project(f.name); os.unlink(f.name)
    >>> p.durations, p.successors
    ((0, 4, 0), ((2,), (3,), ()))
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8", errors="strict")
    except FileNotFoundError:
        raise InstanceFileError(str(path), None, "no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InstanceFileError(str(path), None, f"cannot be read as text ({exc})") from None
    is_sm = path.suffix.lower() == ".sm" or (
        path.suffix.lower() != ".rcp" and "PRECEDENCE RELATIONS" in text
    )
    project = parse_sm(text, str(path)) if is_sm else parse_rcp(text, str(path))
    _check(project, str(path))
    return project


def _int(token: str, file: str, line: int, what: str) -> int:
    try:
        return int(token)
    except ValueError:
        raise InstanceFileError(file, line, f"expected {what} (a whole number), found {token!r}")\
            from None


def parse_rcp(text: str, file: str = "<text>") -> Project:
    """Parse Patterson-format text.

    >>> parse_rcp("2 1\\n3\\n0 0 1 2\\n0 0 0\\n").capacities
    (3,)
    """
    tokens = [(tok, n) for n, line in enumerate(text.splitlines(), 1) for tok in line.split()]
    pos = 0

    def take(what: str) -> tuple[int, int]:
        nonlocal pos
        if pos >= len(tokens):
            last = tokens[-1][1] if tokens else 1
            raise InstanceFileError(file, last, f"the file ends early: expected {what}")
        tok, line = tokens[pos]
        pos += 1
        return _int(tok, file, line, what), line

    n, _ = take("the number of activities")
    n_res, _ = take("the number of resources")
    if n < 2:
        raise InstanceFileError(file, 1, f"{n} activities: a project has at least 2 "
                                "(the dummy start and end)")
    caps = tuple(take(f"the capacity of resource {r + 1}")[0] for r in range(n_res))
    durations: list[int] = []
    demands: list[tuple[int, ...]] = []
    successors: list[tuple[int, ...]] = []
    for a in range(1, n + 1):
        d, _ = take(f"the duration of activity {a}")
        durations.append(d)
        demands.append(tuple(take(f"activity {a}'s demand on resource {r + 1}")[0]
                             for r in range(n_res)))
        k, line = take(f"activity {a}'s number of successors")
        succ = []
        for _ in range(k):
            s, line = take(f"a successor of activity {a}")
            if not 1 <= s <= n:
                raise InstanceFileError(file, line, f"activity {a} names successor {s}; "
                                        f"activities are numbered 1 to {n}")
            succ.append(s)
        successors.append(tuple(succ))
    if pos < len(tokens):
        raise InstanceFileError(file, tokens[pos][1], f"unexpected {tokens[pos][0]!r} after "
                                f"the {n} activities the first line announces")
    return Project(Path(file).stem, caps, tuple(durations), tuple(demands), tuple(successors))


_SECTION = re.compile(r"^\s*(PRECEDENCE RELATIONS|REQUESTS/DURATIONS|RESOURCEAVAILABILITIES)")


def parse_sm(text: str, file: str = "<text>") -> Project:
    """Parse PSPLIB ``.sm`` text (single mode).

    >>> text = '''jobs (incl. supersource/sink ):  2
    ... PRECEDENCE RELATIONS:
    ... jobnr.    #modes  #successors   successors
    ...    1        1          1           2
    ...    2        1          0
    ... ****
    ... REQUESTS/DURATIONS:
    ... jobnr. mode duration  R 1
    ... ------
    ...   1      1     0       0
    ...   2      1     0       0
    ... ****
    ... RESOURCEAVAILABILITIES:
    ...   R 1
    ...   5
    ... ****'''
    >>> parse_sm(text).capacities
    (5,)
    """
    lines = text.splitlines()
    section = None
    rows: dict[str, list[tuple[int, list[str]]]] = {
        "PRECEDENCE RELATIONS": [], "REQUESTS/DURATIONS": [], "RESOURCEAVAILABILITIES": []
    }
    jobs = None
    jobs_line = 0
    for n, raw in enumerate(lines, 1):
        line = raw.strip()
        m = _SECTION.match(line)
        if m:
            section = m.group(1)
            continue
        if line.startswith("jobs (incl"):
            jobs = _int(line.split(":")[-1].strip(), file, n, "the number of jobs")
            jobs_line = n
            continue
        if not line or line.startswith("*") or line.startswith("-"):
            if line.startswith("*"):
                section = None
            continue
        if section is None or line[0].isalpha():
            continue  # headers and the general information block
        rows[section].append((n, line.split()))
    for name, found in rows.items():
        if not found:
            raise InstanceFileError(file, None, f"no {name} section: is this a PSPLIB .sm file?")
    prec = rows["PRECEDENCE RELATIONS"]
    n_jobs = len(prec)
    if jobs is not None and jobs != n_jobs:
        raise InstanceFileError(file, jobs_line, f"{jobs} jobs announced but "
                                f"PRECEDENCE RELATIONS lists {n_jobs}")
    successors: list[tuple[int, ...]] = []
    for k, (line_no, tok) in enumerate(prec, 1):
        if len(tok) < 3:
            raise InstanceFileError(file, line_no, "expected: job number, number of modes, "
                                    "number of successors, successors")
        job = _int(tok[0], file, line_no, "a job number")
        if job != k:
            raise InstanceFileError(file, line_no, f"job {job} where job {k} was expected")
        modes = _int(tok[1], file, line_no, "the number of modes")
        if modes != 1:
            raise InstanceFileError(file, line_no, f"job {job} has {modes} modes; only "
                                    "single-mode instances (.sm) are supported")
        count = _int(tok[2], file, line_no, "the number of successors")
        succ = [_int(t, file, line_no, "a successor") for t in tok[3:]]
        if len(succ) != count:
            raise InstanceFileError(file, line_no, f"job {job} announces {count} successors "
                                    f"but lists {len(succ)}")
        for s in succ:
            if not 1 <= s <= n_jobs:
                raise InstanceFileError(file, line_no, f"job {job} names successor {s}; "
                                        f"jobs are numbered 1 to {n_jobs}")
        successors.append(tuple(succ))
    avail = rows["RESOURCEAVAILABILITIES"]
    caps = tuple(_int(t, file, avail[0][0], "a capacity") for t in avail[0][1])
    req = rows["REQUESTS/DURATIONS"]
    if len(req) != n_jobs:
        raise InstanceFileError(file, req[-1][0], f"REQUESTS/DURATIONS lists {len(req)} jobs; "
                                f"PRECEDENCE RELATIONS lists {n_jobs}")
    durations: list[int] = []
    demands: list[tuple[int, ...]] = []
    for k, (line_no, tok) in enumerate(req, 1):
        if len(tok) != 3 + len(caps):
            raise InstanceFileError(file, line_no, f"expected job, mode, duration and "
                                    f"{len(caps)} demands: found {len(tok)} values")
        if _int(tok[0], file, line_no, "a job number") != k:
            raise InstanceFileError(file, line_no, f"job {tok[0]} where job {k} was expected")
        durations.append(_int(tok[2], file, line_no, "a duration"))
        demands.append(tuple(_int(t, file, line_no, "a demand") for t in tok[3:]))
    return Project(Path(file).stem, caps, tuple(durations), tuple(demands), tuple(successors))


def _check(p: Project, file: str) -> None:
    for a, d in enumerate(p.durations, 1):
        if d < 0:
            raise InstanceFileError(file, None, f"activity {a} has a negative duration ({d})")
    for a, dem in enumerate(p.demands, 1):
        for r, (amount, cap) in enumerate(zip(dem, p.capacities, strict=True), 1):
            if amount > cap:
                raise InstanceFileError(
                    file, None, f"activity {a} needs {amount} of resource {r}, "
                    f"whose capacity is {cap}: no schedule exists")
