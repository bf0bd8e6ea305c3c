"""Shared test set-up.

Tests that read ../shared/data skip when it is absent (a user's clone), but in CI (CI=true) the
data is always there, so its absence is an error: the published figures must be checked.

Tests talk only to 127.0.0.1 and ::1. A guard wraps ``socket.connect`` in this process: a
connection to any other address is refused on the spot and fails the test that tried it
(even if the code under test swallowed the error).
"""

from __future__ import annotations

import ipaddress
import os
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"

_attempts: list[str] = []
_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex


def pytest_configure(config: pytest.Config) -> None:
    if os.environ.get("CI", "").lower() == "true" and not SHARED_DATA.is_dir():
        raise pytest.UsageError(
            f"CI=true but {SHARED_DATA} is missing: the shared-data tests would skip silently"
        )


def _loopback(sock: socket.socket, address: Any) -> bool:
    if sock.family not in (socket.AF_INET, socket.AF_INET6):
        return True  # Unix sockets (PostgreSQL's, the event loop's self-pipe) stay local
    host = address[0] if isinstance(address, tuple) else str(address)
    try:
        ip = ipaddress.ip_address(host.split("%")[0])
    except ValueError:
        return host == "localhost"
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_loopback


def _guarded_connect(sock: socket.socket, address: Any) -> None:
    if not _loopback(sock, address):
        _attempts.append(repr(address))
        raise ConnectionRefusedError(f"tests may not connect to {address!r}")
    _real_connect(sock, address)


def _guarded_connect_ex(sock: socket.socket, address: Any) -> int:
    if not _loopback(sock, address):
        _attempts.append(repr(address))
        raise ConnectionRefusedError(f"tests may not connect to {address!r}")
    return _real_connect_ex(sock, address)


@pytest.fixture(autouse=True)
def _only_loopback(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(socket.socket, "connect", _guarded_connect)
    monkeypatch.setattr(socket.socket, "connect_ex", _guarded_connect_ex)
    _attempts.clear()
    yield
    if _attempts:
        tried = ", ".join(_attempts)
        _attempts.clear()
        pytest.fail(f"the test tried to reach a non-loopback address: {tried}")
