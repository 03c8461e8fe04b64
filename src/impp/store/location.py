"""Where the store is, and the state of a SQLite store's files, without SQLAlchemy.

Importing SQLAlchemy takes about half a second: more than `impp log` may take
in all. The read-only store commands first ask :func:`sqlite_state` whether
the store's files are as they were when they last answered
(:func:`impp.cache.store_view`); only when they are not do they open it.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

#: The store used when neither ``--store`` nor ``IMPP_DATABASE_URL`` says otherwise.
DEFAULT_STORE = "impp.db"
#: Environment variable naming the store.
STORE_ENV = "IMPP_DATABASE_URL"
#: Environment variable naming who makes a change.
AUTHOR_ENV = "IMPP_AUTHOR"

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*://")


def sqlite_path(location: str | os.PathLike[str] | None) -> Path | None:
    """The file of a SQLite store at ``location`` (as :func:`impp.store.engine.store_url`
    reads it); ``None`` for a server (PostgreSQL) or a URL this does not read.

    >>> sqlite_path("plans/impp.db").name
    'impp.db'
    >>> sqlite_path("sqlite:////tmp/x.db")
    PosixPath('/tmp/x.db')
    >>> sqlite_path("postgresql://planner@db/impp") is None
    True
    """
    raw = os.fspath(location) if location is not None else None
    if raw is None:
        raw = os.environ.get(STORE_ENV) or DEFAULT_STORE
    if not _SCHEME.match(raw):
        return Path(raw).expanduser() if raw.strip() else None
    if raw.startswith("sqlite:///") and "?" not in raw:
        path = raw.removeprefix("sqlite:///")
        return Path(path) if path and path != ":memory:" else None
    return None


def sqlite_state(location: str | os.PathLike[str] | None) -> str | None:
    """A fingerprint of a SQLite store's content, or ``None`` (no such file, or not
    SQLite): the database file's and its write-ahead log's identity, size,
    modification time and headers.

    Every committed write changes it: it appends to the log (its size) or,
    after a checkpoint, rewrites the database file (its time and the change
    counter in its header), and a log started again gets new salts in its
    header. A change that keeps the content (a checkpoint) only costs a miss.
    """
    path = sqlite_path(location)
    if path is None:
        return None
    h = hashlib.sha256(str(path.resolve()).encode())
    for file, head in ((path, 100), (Path(f"{path}-wal"), 32)):
        try:
            st = file.stat()
            with file.open("rb") as f:
                header = f.read(head)
        except FileNotFoundError:
            if file == path:
                return None
            h.update(b"no-wal")
            continue
        except OSError:
            return None
        h.update(f"{st.st_ino}:{st.st_size}:{st.st_mtime_ns}:".encode())
        h.update(header)
    return h.hexdigest()
