"""Where the store lives and how it is opened: URLs, engines, migrations.

A store is named by a URL: a plain path (``impp.db``, the default) is a
SQLite file; ``sqlite:///path`` likewise; ``postgresql://user@host/db`` is a
PostgreSQL database reached through psycopg 3. The schema is created and
upgraded by the Alembic migrations shipped in ``impp/store/migrations``,
run from Python (:func:`init_store`), never from an ``alembic.ini``.

Durability and concurrency, by backend:

- SQLite: WAL journal with ``synchronous=FULL`` (a committed transaction
  survives a crash of the process or the machine); write transactions start
  with ``BEGIN IMMEDIATE``, which takes the database's write lock at once, so
  two committers queue instead of both reading the same head.
- PostgreSQL: write transactions lock the plan's row (``SELECT ... FOR UPDATE``)
  before reading its head.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, SQLAlchemyError
from sqlalchemy.orm import Session

from impp.exceptions import StoreError, StoreUnavailableError
from impp.store.location import DEFAULT_STORE, STORE_ENV

#: How long a SQLite writer waits for another writer's lock (milliseconds).
SQLITE_BUSY_MS = 60_000


def store_url(location: str | os.PathLike[str] | None = None) -> URL:
    """The SQLAlchemy URL of a store location (a path or a database URL).

    >>> store_url("plans/impp.db").drivername
    'sqlite'
    >>> store_url("postgresql://planner@db.example/impp").drivername
    'postgresql+psycopg'
    >>> store_url("mysql://x/y")
    Traceback (most recent call last):
    impp.exceptions.StoreError: unsupported store 'mysql://x/y': give a SQLite file path ...
    """
    raw = os.fspath(location) if location is not None else None
    if raw is None:
        raw = os.environ.get(STORE_ENV) or DEFAULT_STORE
    if not re.match(r"^[A-Za-z][A-Za-z0-9+.\-]*://", raw):
        if not raw.strip():
            raise StoreError("the store location is empty: give a SQLite file path or a URL")
        return URL.create("sqlite", database=str(Path(raw).expanduser()))
    try:
        url = make_url(raw)
    except ArgumentError as exc:
        raise StoreError(f"cannot read the store URL {raw!r}: {exc}") from exc
    backend = url.get_backend_name()
    if backend == "postgresql":
        return url.set(drivername="postgresql+psycopg")
    if backend == "sqlite" and url.database not in (None, "", ":memory:"):
        return url
    raise StoreError(
        f"unsupported store {raw!r}: give a SQLite file path (impp.db) "
        "or a postgresql://user@host/database URL"
    )


def describe(url: URL) -> str:
    """The URL for messages, password hidden.

    >>> describe(store_url("postgresql://me:secret@localhost/impp"))
    'postgresql://me:***@localhost/impp'
    """
    if url.get_backend_name() == "sqlite":
        return str(url.database)
    return url.set(drivername=url.get_backend_name()).render_as_string(hide_password=True)


def _sqlite_engine(url: URL) -> Engine:
    engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_MS / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # The driver's own transaction handling is turned off so that
        # SQLAlchemy's "begin" event below decides how each one starts.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        write = connection.get_execution_options().get("impp_write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


@dataclass
class Store:
    """An open store: its URL and engine. Build it with :func:`open_store`."""

    url: URL
    engine: Engine
    #: The person reading, where the store is opened for one (the command line's
    #: ``IMPP_USER``): plans they may not open (another syndicate's, in an exercise)
    #: are answered as if the store did not have them (:mod:`impp.store.access`).
    reader: Any = None

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.engine.dialect.name

    @property
    def where(self) -> str:
        """The store for messages (no password)."""
        return describe(self.url)

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A read-only transaction."""
        with self._translated(), Session(self.engine) as session, session.begin():
            session.info["impp_reader"] = self.reader
            yield session

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """A write transaction: all of it is stored, or none of it."""
        with self._translated(), Session(self.engine) as session, session.begin():
            session.connection(execution_options={"impp_write": True})
            yield session

    @contextmanager
    def _translated(self) -> Iterator[None]:
        try:
            yield
        except DBAPIError as exc:
            raise unavailable(self.where, exc) or StoreError(
                f"the store at {self.where} failed: {_reason(exc)}") from exc
        except SQLAlchemyError as exc:
            raise StoreError(f"the store at {self.where} failed: {exc}") from exc

    def close(self) -> None:
        """Release the store's connections."""
        self.engine.dispose()


#: The mode of a SQLite store and its side files: read and written by their owner
#: only (the store holds every marking's items and the password hashes).
FILE_MODE = 0o600


def private(path: Path, *, create: bool = False) -> None:
    """Make the SQLite store at ``path`` and its ``-wal``/``-shm`` files readable by
    their owner only: created so when new (``create``), narrowed when an earlier
    version left them open to others. SQLite gives the side files the database
    file's mode as it creates them."""
    if create and not path.exists():
        try:
            os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, FILE_MODE))
        except FileExistsError:
            pass
        except OSError as exc:
            raise StoreError(f"cannot create the store {path}: {exc.strerror or exc}") from exc
    for file in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        try:
            if file.exists() and file.stat().st_mode & 0o077:
                os.chmod(file, FILE_MODE)
        except OSError:  # not ours to change (another owner): leave it to them
            pass


#: What the drivers say when the store's disk is full, and when it is read-only.
_FULL = ("database or disk is full", "disk is full", "no space left on device",
         "could not extend file", "diskfull")
_READ_ONLY = ("attempt to write a readonly database", "readonly database",
              "read-only file system", "read-only transaction", "readonly")


def unavailable(where: str, exc: DBAPIError) -> StoreUnavailableError | None:
    """The error to raise when ``exc`` says the store cannot be written, else ``None``."""
    said = f"{_reason(exc)} {type(exc.orig).__name__ if exc.orig is not None else ''}".lower()
    if any(x in said for x in _FULL):
        return StoreUnavailableError(
            f"the store at {where} has no room left on its disk, so nothing was written (the "
            "previous revision is intact): free space on that disk, or move the store, and "
            "try again", 507)
    if any(x in said for x in _READ_ONLY):
        return StoreUnavailableError(
            f"the store at {where} is read-only, so nothing was written (the previous "
            "revision is intact): give impp write access to it and its folder, or open a "
            "copy that may be written", 503)
    return None


def _reason(exc: DBAPIError) -> str:
    return str(exc.orig).strip().splitlines()[0] if exc.orig is not None else str(exc)


def connect(location: str | os.PathLike[str] | None = None, *, create: bool = False) -> Store:
    """An engine for the store at ``location``; SQLite files must exist unless ``create``."""
    url = store_url(location)
    if url.get_backend_name() == "sqlite":
        path = Path(str(url.database))
        if not create and not path.exists():
            raise StoreError(
                f"no store at {path}: run `impp store init` first "
                f"(or name another with --store or {STORE_ENV})"
            )
        if create and not path.parent.exists():
            raise StoreError(f"cannot create the store {path}: folder {path.parent} does not exist")
        private(path, create=create)
        engine = _sqlite_engine(url)
    else:
        engine = create_engine(url, pool_pre_ping=False)
    store = Store(url, engine)
    try:
        with engine.connect():
            pass
    except DBAPIError as exc:
        engine.dispose()
        raise StoreError(f"cannot open the store at {store.where}: {_reason(exc)}") from exc
    return store


def _alembic_config(connection: Connection) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", "impp.store:migrations")
    config.attributes["connection"] = connection
    return config


def head_version() -> str:
    """The newest schema version the package ships.

    >>> head_version()
    '0008'
    """
    # Read from the migration files themselves: loading Alembic's script
    # directory cost 0.16 s of every store command (a test checks both agree).
    import re
    from importlib import resources

    found: dict[str, str | None] = {}
    folder = resources.files("impp.store").joinpath("migrations", "versions")
    for entry in folder.iterdir():
        if not entry.name.endswith(".py"):
            continue
        text = entry.read_text(encoding="utf-8")
        rev = re.search(r"^revision\b[^=]*=\s*['\"]([^'\"]+)['\"]", text, re.M)
        down = re.search(r"^down_revision\b[^=]*=\s*(?:['\"]([^'\"]+)['\"]|None)", text, re.M)
        if rev:
            found[rev.group(1)] = down.group(1) if down else None
    heads = set(found) - {d for d in found.values() if d}
    assert len(heads) == 1, f"migrations have {len(heads)} heads"
    return heads.pop()


def schema_version(store: Store) -> str | None:
    """The schema version of the store (``None`` if it has no impp schema)."""
    with store._translated(), store.engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
        return None if row is None else str(row[0])


def init_store(location: str | os.PathLike[str] | None = None) -> Store:
    """Create the store (or upgrade its schema to the newest version) and open it."""
    from alembic import command

    store = connect(location, create=True)
    with store._translated(), store.engine.connect() as conn:
        conn = conn.execution_options(impp_write=True)
        with conn.begin():
            command.upgrade(_alembic_config(conn), "head")
    return store


def open_store(location: str | os.PathLike[str] | None = None) -> Store:
    """Open an existing store whose schema is the newest; otherwise say what to run."""
    store = connect(location)
    version = schema_version(store)
    if version != head_version():
        store.close()
        what = "has no impp schema" if version is None else f"has schema {version}"
        raise StoreError(
            f"the store at {store.where} {what}, this impp needs {head_version()}: "
            "run `impp store init` (it creates or upgrades the schema)"
        )
    return store
