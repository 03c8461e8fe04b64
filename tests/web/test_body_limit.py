"""A request body over the limit is refused before it is read: 413, with what to do."""

from __future__ import annotations

import time
from typing import Any

import pytest

from impp.web.app import body_limit


@pytest.fixture
def small_limit(monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setenv("IMPP_MAX_PLAN_BYTES", str(64 * 1024))
    return body_limit()


def test_a_body_that_says_it_is_too_large_is_refused_unread(client: Any) -> None:
    huge = b"x" * (50 * 1024 * 1024)
    t = time.perf_counter()
    r = client.post("/login", content=huge,
                    headers={"content-type": "application/x-www-form-urlencoded"})
    assert r.status_code == 413 and "larger than" in r.text and "IMPP_MAX_PLAN_BYTES" in r.text
    assert time.perf_counter() - t < 30  # refused, not parsed (a generous bound, not a target)


def test_a_streamed_body_is_cut_off_at_the_limit(small_limit: int) -> None:
    """Without a Content-Length, the body is read only until it passes the limit."""
    import asyncio

    from impp.web.app import BodyLimit

    pulled = 0
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        nonlocal pulled
        pulled += 1
        return {"type": "http.request", "body": b"x" * 16 * 1024, "more_body": True}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    async def app(scope: Any, receive: Any, send: Any) -> None:  # reads for ever
        while True:
            await receive()

    scope = {"type": "http", "method": "POST", "path": "/login", "headers": []}
    asyncio.run(BodyLimit(app)(scope, receive, send))
    assert sent[0]["status"] == 413
    assert pulled == small_limit // (16 * 1024) + 1  # one chunk past the limit, no more


def test_a_body_under_the_limit_goes_through(client: Any, small_limit: int) -> None:
    r = client.post("/login", data={"name": "nobody", "password": "x" * 100, "csrf": "x",
                                    "next": "/plans"}, follow_redirects=False)
    assert r.status_code != 413
