"""A PostgreSQL schema of its own for a benchmark run, dropped afterwards."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def scratch_schema(server: str) -> Iterator[str]:
    """The URL of a store in a new schema on ``server`` (a postgresql:// URL); the
    schema and everything in it are dropped when the block ends."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    schema = "impp_bench_" + uuid.uuid4().hex[:8]
    base = make_url(server).set(drivername="postgresql+psycopg")
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield base.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
            hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()
