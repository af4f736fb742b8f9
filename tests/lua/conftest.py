"""Fixtures for the Lua tests: a fresh fake Exasol per test, with or without the modules loaded."""
from __future__ import annotations

import pytest

from tests.lua.fake_exasol import FakeExasol


@pytest.fixture
def db() -> FakeExasol:
    """A fake database whose script schema is SME; nothing registered yet."""
    return FakeExasol()


@pytest.fixture
def lua(db: FakeExasol) -> FakeExasol:
    """The same fake database with every bundled module loaded, for calling modules directly."""
    db.load_modules()
    return db
