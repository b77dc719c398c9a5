"""The runnable examples of docs/testing.md: the fixture-based test files in
``examples/testing`` (run by pytest as a user runs them), the fake HTTPClient and the
recording client."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

pytest_plugins = ["pytester"]

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"guide_{name}", EXAMPLES / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_fixture_examples_pass(pytester: pytest.Pytester) -> None:
    for path in sorted((EXAMPLES / "testing").glob("*.py")):
        pytester.makepyfile(**{path.stem: path.read_text(encoding="utf-8")})
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=9)


@pytest.mark.anyio
async def test_the_fake_http_client_example(capsys: pytest.CaptureFixture[str]) -> None:
    await _load("fake_http_client").main()
    out = capsys.readouterr().out
    assert "version: 3.12.4" in out
    assert "o1: {'_key': 'o1', '_id': 'orders/o1', '_rev': '_a1', 'total': 12}" in out
    assert "o2: None" in out


@pytest.mark.anyio
async def test_the_recording_client_example(capsys: pytest.CaptureFixture[str]) -> None:
    await _load("recording_client").main()
    assert "requests for 100 documents: 1 " in capsys.readouterr().out
