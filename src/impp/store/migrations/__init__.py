"""The store's Alembic migrations, shipped in the package; run by ``init_store``."""
