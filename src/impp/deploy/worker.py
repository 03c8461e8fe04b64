"""The solver's process: OR-Tools loaded on the idle core while the plan is read.

A cold `impp plan` spends its first half second on one core importing the
plan's model and reading the plan, and only then imports OR-Tools and the
solver (0.15 s more on the same core) before the lift schedule's first
solve. :func:`start`, called by a command before it reads the plan, forks a
process that imports the solver at once, on the other core, and then solves
the jobs (:mod:`impp.deploy.job`) it is sent: the lift schedule, then the
what-if rows. Its Python (models built, solutions read) no longer takes
turns with schedule risk and the checks for this process's interpreter.

The result is the same as solving here (the same function on the same
data); should the process be gone or fail, the jobs are solved here.
Only a process still single-threaded forks (a fork copies one thread);
``IMPP_SOLVER_PROCESS=0`` turns it off. The process ends when this one
closes the pipe, or exits.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import struct
import threading
from collections.abc import Sequence
from typing import NoReturn

from impp.deploy.job import Job, run_here
from impp.deploy.solution import Solution

_HEADER = struct.Struct("!Q")
_current: Worker | None = None


class Worker:
    """The forked solver process and the pipes to it."""

    def __init__(self, pid: int, to_child: int, from_child: int) -> None:
        self.pid = pid
        self._to = to_child
        self._from = from_child
        self._lock = threading.Lock()
        self.alive = True
        self.solved = 0  # jobs the process solved (a test reads it)

    def run(self, jobs: Sequence[Job]) -> list[Solution]:
        """``jobs`` solved by the process; here, should it fail."""
        with self._lock:
            if self.alive:
                try:
                    _send(self._to, list(jobs))
                    reply = _receive(self._from)
                    if (isinstance(reply, tuple) and reply[0] == "ok"
                            and isinstance(reply[1], list) and len(reply[1]) == len(jobs)):
                        self.solved += len(jobs)
                        return reply[1]
                except (OSError, EOFError, pickle.PickleError, ValueError):
                    pass
                self.close()
        return run_here(jobs)

    def close(self) -> None:
        """End the process (it exits when the pipe closes)."""
        if self.alive:
            self.alive = False
            for fd in (self._to, self._from):
                with contextlib.suppress(OSError):
                    os.close(fd)
            with contextlib.suppress(OSError):
                os.waitpid(self.pid, os.WNOHANG)


def start() -> Worker | None:
    """Fork the solver's process, once, if this process may (see the module)."""
    global _current
    if _current is not None:
        return _current if _current.alive else None
    if (os.environ.get("IMPP_SOLVER_PROCESS", "1") == "0" or not hasattr(os, "fork")
            or threading.active_count() > 1):
        return None
    # numpy before the fork: both processes need it, the child inherits it
    # (imported in both at once, each took 1.4 times as long)
    import numpy  # noqa: F401

    down_r, down_w = os.pipe()
    up_r, up_w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the solver's process
        os.close(down_w)
        os.close(up_r)
        _serve(down_r, up_w)
    os.close(down_r)
    os.close(up_w)
    _current = Worker(pid, down_w, up_r)
    return _current


def runner() -> Worker | None:
    """The solver's process, if one was started and still answers."""
    return _current if _current is not None and _current.alive else None


def _serve(inbox: int, outbox: int) -> NoReturn:
    """The solver's process: import the solver, then solve what comes, until the pipe closes."""
    import signal

    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the command's to answer
        # let go of the command's terminal or pipes: whoever reads its output
        # (`impp plan | less`, a script) sees the end when the command ends
        quiet = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(quiet, fd)
        os.close(quiet)
        import impp.deploy.solver  # noqa: F401  (the point: loaded before the first job)

        while True:
            try:
                jobs = _receive(inbox)
            except EOFError:
                break
            try:
                if not isinstance(jobs, list):
                    raise TypeError("expected a list of jobs")
                reply: tuple[str, object] = ("ok", run_here(jobs))
            except Exception as exc:  # solved again in the command, which reports it
                reply = ("error", f"{type(exc).__name__}: {exc}")
            _send(outbox, reply)
    except BaseException:  # nothing may escape a forked child
        pass
    finally:
        os._exit(0)


def _send(fd: int, value: object) -> None:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    view = memoryview(_HEADER.pack(len(data)) + data)
    while view:
        view = view[os.write(fd, view):]


def _receive(fd: int) -> object:
    (size,) = _HEADER.unpack(_read(fd, _HEADER.size))
    return pickle.loads(_read(fd, size))


def _read(fd: int, size: int) -> bytes:
    parts = []
    while size:
        chunk = os.read(fd, min(size, 1 << 20))
        if not chunk:
            raise EOFError("the solver's process closed its pipe")
        parts.append(chunk)
        size -= len(chunk)
    return b"".join(parts)
