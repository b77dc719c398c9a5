"""Fixtures for the extended emulator tests: an emulator and a raw HTTP helper (the core
tests' :class:`~tests.emulator.core.conftest.Api`)."""

from __future__ import annotations

import pytest

from arango_anyio.testing import Emulator
from tests.emulator.core.conftest import Api


@pytest.fixture
def emu() -> Emulator:
    return Emulator()


@pytest.fixture
def api(emu: Emulator) -> Api:
    return Api(emu)
