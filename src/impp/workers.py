"""Worker processes for work that holds the interpreter (drawing, page layout).

Matplotlib and the PDF layout are Python through and through, so threads
would take turns; a second process draws or lays out beside this one. The
workers are fresh interpreters ("spawn", never a fork of a process whose
solver and kernel threads may hold locks), which import the caller's main
module again: a script that asks for workers must guard its own work with
``if __name__ == "__main__":`` (the `impp` command does).
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any


def default_workers() -> int:
    """One worker per core this process may use, at most four."""
    import os

    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux: every core the machine has
        cores = os.cpu_count() or 1
    return min(cores, 4)


def spawn_pool(workers: int, initializer: Callable[..., Any] | None = None,
               initargs: tuple[Any, ...] = ()) -> ProcessPoolExecutor:
    """A pool of ``workers`` fresh interpreters, started now (a pool starts its
    processes at its first task: one small task each), so that their imports
    and ``initializer`` run while this process works."""
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=initializer, initargs=initargs)
    for _ in range(workers):
        pool.submit(_nothing)
    return pool


def _nothing() -> None:
    """A task that starts a worker."""
