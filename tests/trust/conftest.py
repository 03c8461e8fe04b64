"""The trust tests' stores run on SQLite and on PostgreSQL, as the store's own do; the
workspace's tests use the web fixtures."""

from tests.store.conftest import store, store_url
from tests.web.conftest import _web_store_file, app, client, web_store

__all__ = ["_web_store_file", "app", "client", "store", "store_url", "web_store"]
