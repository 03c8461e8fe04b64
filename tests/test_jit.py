"""Kernels compiled in place, once, however many threads ask at the same time."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from impp.jit import compile_in_place


def _twice(x: int) -> int:
    return 2 * x


def test_threads_that_ask_together_compile_once() -> None:
    pytest.importorskip("numba")
    namespace: dict[str, Any] = {"_twice": _twice}
    errors: list[BaseException] = []
    go = threading.Barrier(4)

    def ask() -> None:
        go.wait()
        try:
            compile_in_place(namespace, ("_twice",))
        except BaseException as exc:  # what the race raised: jitting a jitted function
            errors.append(exc)

    threads = [threading.Thread(target=ask) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    compiled = namespace["_twice"]
    assert compiled.py_func is _twice and compiled(21) == 42
    compile_in_place(namespace, ("_twice",))  # asked again: left as it is
    assert namespace["_twice"] is compiled
