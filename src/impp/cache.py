"""The on-disk cache of analyses: one file per (plan content, parameters, code).

An analysis is a pure function of the plan and its parameters, so its result
can be kept: ``impp report`` after ``impp plan`` (or a second ``impp plan``)
reads it back in milliseconds instead of solving the deployment and
simulating the schedule again. The key is a SHA-256 of the plan's content
hash, the parameters and :func:`code_version` (the package version and a
hash of every source file of the package: about 5 ms), so a
changed plan, other parameters or other code never reuse a stale result.

Where: ``$IMPP_CACHE_DIR``, else ``$XDG_CACHE_HOME/impp``, else
``~/.cache/impp``; ``IMPP_CACHE=off`` turns it off. Files are pickles written
atomically (a crash leaves the old file or none); one that cannot be read is
removed and recomputed. Only the newest :data:`KEEP` results are kept. The
folder is the user's own: as with any cache of Python objects, whoever can
write to it can run code as that user, so it is never shared between users.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from impp.model.plan import Plan

T = TypeVar("T")

#: How many cached analyses to keep (newest by modification time) ...
KEEP = 64
#: ... and how many bytes they may take together (the analysis of a
#: 3,000-task plan is tens of megabytes; ``IMPP_CACHE_BYTES`` overrides it).
KEEP_BYTES = 512 * 1024 * 1024


def enabled() -> bool:
    """False when ``IMPP_CACHE`` is ``off`` (or ``0``/``no``)."""
    return os.environ.get("IMPP_CACHE", "on").lower() not in ("off", "0", "no", "false")


def folder() -> Path:
    """Where cached analyses live."""
    explicit = os.environ.get("IMPP_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "impp"


@cache
def code_version() -> str:
    """The package version and a hash of its source files (their content, so
    that two checkouts of the same code share results).

    >>> code_version() == code_version() and code_version().startswith("0.")
    True
    """
    from impp import __version__

    root = os.path.dirname(os.path.abspath(__file__))
    h = hashlib.sha256()
    # os.walk, not Path.rglob: the compiled-code folders are not even listed
    # (rglob visited them all, 20 ms of every command's start)
    for folder_, subfolders, files in os.walk(root):
        subfolders[:] = sorted(d for d in subfolders if d != "__pycache__")
        for name in sorted(files):
            if name.endswith((".py", ".yaml", ".yml")):
                path = os.path.join(folder_, name)
                h.update(f"{os.path.relpath(path, root).replace(os.sep, '/')}:".encode())
                with open(path, "rb") as f:
                    h.update(f.read())
    return f"{__version__}+{h.hexdigest()[:16]}"


def analysis_key(content_hash: str, parameters: str) -> str:
    """The cache key of an analysis."""
    from impp.plan_analysis import ANALYSIS_VERSION

    text = f"{content_hash}|{parameters}|{code_version()}|{ANALYSIS_VERSION}"
    return hashlib.sha256(text.encode()).hexdigest()


def derived(plan: Plan, name: str, compute: Callable[[], T]) -> T:
    """``compute()`` for ``plan``, kept in the cache beside its analysis.

    For what is a pure function of the plan's analysis with the default
    parameters (the report's pictures, the planning package): same plan,
    same code, same bytes, so a second `impp report` reads them back instead
    of drawing and typesetting again. ``name`` says what it is (and whatever
    else it depends on, such as the reader's level).
    """
    from impp.plan_analysis import Parameters

    key = hashlib.sha256(
        f"{analysis_key(plan.content_hash(), Parameters().key())}|{name}".encode()).hexdigest()
    return _kept(key, compute)


def _kept(key: str, compute: Callable[[], T], keep: Callable[[], bool] | None = None) -> T:
    """The value kept under ``key``, else ``compute()`` kept there (when ``keep()``)."""
    found = load(key)
    if found is not None:
        return found  # type: ignore[no-any-return]
    value = compute()
    if keep is None or keep():
        save(key, value)
    return value


def view(kind: str, path: Path, options: tuple[object, ...], compute: Callable[[], T]) -> T:
    """What a command shows for the plan at ``path``, kept by the bytes of its files.

    The command's view (``impp plan``'s summary, ``impp validate``'s count) is a
    pure function of the plan's bytes, the command's ``options`` and the code,
    so when all three are as before it is read back without parsing the plan,
    building its model or importing the analyses: that is most of the time a
    warm ``impp plan`` took. Not for a reader named by ``IMPP_USER`` (their
    clearance lives in the store, which may change): those views are computed.
    ``compute`` may exit (an invalid plan); nothing is kept then.
    """
    from impp.sources import fingerprint

    printed = fingerprint(path) if enabled() and not os.environ.get("IMPP_USER") else None
    if printed is None:
        return compute()
    limit = os.environ.get("IMPP_MAX_PLAN_BYTES", "")
    key = hashlib.sha256(
        f"view|{kind}|{printed}|{options!r}|{limit}|{code_version()}".encode()).hexdigest()
    return _kept(key, compute)


def store_view(kind: str, location: str | None, options: tuple[object, ...],
               compute: Callable[[], T]) -> T:
    """What a read-only store command shows, kept by the state of the store's files.

    ``impp log``, ``status`` and ``show`` print a pure function of the store's
    content, the acting user (``IMPP_USER``, whose clearance is in that same
    content) and the command's ``options``. For a SQLite store whose files
    are as they were (:func:`impp.store.location.sqlite_state`) the answer is
    read back without importing SQLAlchemy or the plan model; any write to
    the store changes the state. A PostgreSQL store is always asked.
    ``compute`` may fail (no such plan): nothing is kept then.
    """
    from impp.store.location import sqlite_state

    state = sqlite_state(location) if enabled() else None
    if state is None:
        return compute()
    user = os.environ.get("IMPP_USER", "").strip()
    key = hashlib.sha256(
        f"store-view|{kind}|{state}|{user}|{options!r}|{code_version()}".encode()).hexdigest()
    # kept only if nobody wrote while it was read
    return _kept(key, compute, lambda: sqlite_state(location) == state)


def _path(key: str) -> Path:
    return folder() / f"analysis-{key}.pickle"


def load(key: str) -> Any:
    """The object cached under ``key``, or ``None``."""
    if not enabled():
        return None
    path = _path(key)
    try:
        with path.open("rb") as f:
            return pickle.load(f)
    except FileNotFoundError:
        return None
    except Exception:  # a truncated or foreign file: recompute
        path.unlink(missing_ok=True)
        return None


def save(key: str, value: Any) -> bool:
    """Keep ``value`` under ``key``; False (and nothing kept) when it cannot be written."""
    if not enabled():
        return False
    where = folder()
    try:
        where.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=where, prefix=".analysis-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
            if Path(tmp).stat().st_size > _limit():  # larger than the whole cache may be
                Path(tmp).unlink(missing_ok=True)
                return False
            os.replace(tmp, _path(key))
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except (OSError, pickle.PicklingError):
        return False
    _prune(where)
    return True


def _limit() -> int:
    try:
        return int(os.environ.get("IMPP_CACHE_BYTES", KEEP_BYTES))
    except ValueError:
        return KEEP_BYTES


def _prune(where: Path) -> None:
    """Keep the newest results within :data:`KEEP` files and :data:`KEEP_BYTES`."""
    limit = _limit()
    try:
        stats = [(p, p.stat()) for p in where.glob("analysis-*.pickle")]
        stats.sort(key=lambda ps: ps[1].st_mtime, reverse=True)
        total = 0
        for n, (path, st) in enumerate(stats):
            total += st.st_size
            if n >= KEEP or (n > 0 and total > limit):  # the newest always stays
                path.unlink(missing_ok=True)
    except OSError:
        pass

