"""Fixtures of the reliability suite."""

from __future__ import annotations

import pytest

from .rawserver import Certs, make_certs


@pytest.fixture(scope="session")
def certs(tmp_path_factory: pytest.TempPathFactory) -> Certs:
    """A throw-away CA and server certificate for 127.0.0.1 (skips without openssl)."""
    made = make_certs(tmp_path_factory.mktemp("certs"))
    if made is None:
        pytest.skip("openssl is needed to make a test certificate")
    return made
