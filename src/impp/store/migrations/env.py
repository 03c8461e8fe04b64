"""Alembic environment: migrations run on the connection the store hands over.

impp never runs Alembic from an ``alembic.ini``; :func:`impp.store.engine.init_store`
puts an open connection in ``config.attributes["connection"]``.
"""

from __future__ import annotations

from alembic import context

from impp.store.models import Base


def run_migrations() -> None:
    """Run the pending migrations on the connection impp handed to Alembic."""
    connection = context.config.attributes["connection"]
    context.configure(connection=connection, target_metadata=Base.metadata)
    with context.begin_transaction():
        context.run_migrations()


# Alembic runs this file with its context set up; otherwise (pytest collecting
# doctests) it is only imported and does nothing.
if hasattr(context, "config"):
    run_migrations()
