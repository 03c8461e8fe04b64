"""The trust tests' stores run on SQLite and on PostgreSQL, as the store's own do."""

from tests.store.conftest import store, store_url

__all__ = ["store", "store_url"]
