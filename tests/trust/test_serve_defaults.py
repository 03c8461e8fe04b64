"""Safe defaults: Secure cookies and HSTS whenever the workspace is served beyond loopback."""

from __future__ import annotations

from typing import Any

import pytest
from click.testing import CliRunner

from impp.cli import main
from impp.cli.serve_cmd import loopback


@pytest.mark.parametrize(("host", "flags", "secure"), [
    ("127.0.0.1", [], False), ("0.0.0.0", [], True), ("10.1.2.3", [], True),
    ("0.0.0.0", ["--no-secure-cookies"], False), ("127.0.0.1", ["--secure-cookies"], True),
])
def test_serve_marks_cookies_secure_off_loopback(tmp_path: Any, monkeypatch: pytest.MonkeyPatch,
                                                 host: str, flags: list[str],
                                                 secure: bool) -> None:
    import uvicorn

    seen: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: seen.update(k))
    from impp.store.location import STORE_ENV

    for name in ("IMPP_SECURE_COOKIES", STORE_ENV):  # serve sets them for its workers:
        monkeypatch.setenv(name, "")  # recorded, so that they are put back as they were
        monkeypatch.delenv(name)
    monkeypatch.delenv("IMPP_USER", raising=False)
    result = CliRunner().invoke(main, ["serve", "--host", host, "--store",
                                       str(tmp_path / "impp.db"), *flags])
    assert result.exit_code == 0, result.output
    assert seen["host"] == host
    import os

    assert bool(os.environ.get("IMPP_SECURE_COOKIES")) is secure
    assert ("HSTS is sent" in result.output) is secure


def test_a_secure_app_sends_hsts_and_a_loopback_one_does_not(tmp_path: Any) -> None:
    from fastapi.testclient import TestClient

    from impp.store import init_store
    from impp.web.app import create_app

    init_store(tmp_path / "impp.db").close()
    for secure in (True, False):
        with TestClient(create_app(str(tmp_path / "impp.db"), secure_cookies=secure)) as c:
            headers = c.get("/login").headers
            assert ("strict-transport-security" in headers) is secure
    assert loopback("::1") and not loopback("example.org")
