"""Compiling a module's plain-Python kernels with numba, in place, on first use.

The kernels are written as plain Python (readable, testable without a
compiler, checked by mypy as ``Any``) and replaced by their compiled form the
first time a module needs them; numba caches the machine code on disk, so a
later process loads it in well under a second. A module whose inputs are
often small (the temporal network of a 30-task plan) runs the plain form on
them and never imports numba: importing it alone costs about half a second.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

#: One compilation at a time: two threads that both find a module's kernels
#: plain (a portfolio's workers starting together) compile them once.
_LOCK = threading.Lock()


def compile_in_place(namespace: dict[str, Any], names: Sequence[str],
                     parallel: Sequence[str] = ()) -> None:
    """Replace each function ``names`` of ``namespace`` (a module's globals)
    by its numba-compiled form, without the GIL and cached on disk;
    ``parallel`` ones are compiled for ``numba.prange``. Names are compiled
    in order, so a kernel that calls another must come after it. A function
    already compiled (by another thread) is left as it is."""
    import numba

    with _LOCK:
        for name in names:
            if not hasattr(namespace[name], "py_func"):
                namespace[name] = numba.njit(cache=True, nogil=True)(namespace[name])
        for name in parallel:
            if not hasattr(namespace[name], "py_func"):
                namespace[name] = numba.njit(cache=True, nogil=True,
                                             parallel=True)(namespace[name])
