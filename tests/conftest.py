"""Shared test set-up.

Tests that read ../shared/data skip when it is absent (a user's clone), but in CI (CI=true) the
data is always there, so its absence is an error: the published figures must be checked.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def pytest_configure(config: pytest.Config) -> None:
    if os.environ.get("CI", "").lower() == "true" and not SHARED_DATA.is_dir():
        raise pytest.UsageError(
            f"CI=true but {SHARED_DATA} is missing: the shared-data tests would skip silently"
        )
