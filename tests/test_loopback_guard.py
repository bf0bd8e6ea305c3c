"""The guard in conftest.py: tests reach 127.0.0.1 and ::1 only."""

from __future__ import annotations

import socket

import pytest

from tests import conftest


def test_a_public_address_is_refused_and_recorded() -> None:
    with socket.socket() as sock, pytest.raises(ConnectionRefusedError):
        sock.connect(("93.184.215.14", 80))
    with socket.socket(socket.AF_INET6) as sock, pytest.raises(ConnectionRefusedError):
        sock.connect(("::ffff:93.184.215.14", 80, 0, 0))
    assert len(conftest._attempts) == 2
    conftest._attempts.clear()  # recorded attempts would fail this test at teardown


def test_loopback_is_allowed() -> None:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        with socket.socket() as client:
            client.connect(server.getsockname())
    assert conftest._attempts == []
