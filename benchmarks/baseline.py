"""The code of an earlier commit, checked out beside this one, for side-by-side benchmarks."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@contextmanager
def baseline_src(rev: str | None, work: Path) -> Iterator[Path | None]:
    """The ``src`` folder of commit ``rev`` in a temporary git worktree (``None``: no baseline).

    The worktree is removed afterwards, whatever happens.
    """
    if rev is None:
        yield None
        return
    tree = work / "baseline"
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(tree), rev],
                   check=True, capture_output=True)
    try:
        yield tree / "src"
    finally:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)],
                       capture_output=True)
