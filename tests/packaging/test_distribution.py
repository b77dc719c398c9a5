"""The package as users get it: ``python -m build`` makes an sdist and a wheel that
``twine check`` accepts, and the wheel, installed (not editable) with its dependencies into a
clean venv, runs the quickstart under both backends and the emulator's command.

Building and installing take 15-30 s, so their result is kept under
``build/dist-check/<interpreter>/<hash>`` and reused while the package, the metadata files and the
interpreter stay the same (a change to tests/ or examples/ alone does not rebuild: the sdist
is only checked for carrying them); the quickstart and the command run every time.
"""

from __future__ import annotations

import hashlib
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / "build" / "dist-check"
#: What the wheel is made of, beside the package (the sdist also carries tests/ and examples/).
INPUTS = ("pyproject.toml", "MANIFEST.in", "README.md", "CHANGELOG.md", "LICENSE", "NOTICE")

pytestmark = pytest.mark.timeout(900)


def _content_hash() -> str:
    digest = hashlib.sha256(sys.version.encode())
    files = [ROOT / name for name in INPUTS]
    files += [p for p in (ROOT / "arango_anyio").rglob("*")
              if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"]
    for path in sorted(files):
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def _run(*command: str | Path, cwd: Path | None = None) -> str:
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("ARANGO_", "PYTHON", "VIRTUAL_ENV"))}
    done = subprocess.run([str(part) for part in command], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, (
        f"{' '.join(map(str, command))} exited {done.returncode}\n"
        f"{done.stdout[-4000:]}\n{done.stderr[-4000:]}"
    )
    return done.stdout


def _venv_python(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


@pytest.fixture(scope="module")
def installed() -> tuple[Path, Path]:
    """(the folder with the sdist and the wheel, the python of a clean venv with the wheel
    installed), made once per content."""
    mine = CACHE / f"{platform.python_implementation()}-{platform.python_version()}"
    home = mine / _content_hash()
    dist, venv = home / "dist", home / "venv"
    if not (home / "complete").exists():
        shutil.rmtree(mine, ignore_errors=True)  # an older build, or an interrupted one
        home.mkdir(parents=True)
        _run(sys.executable, "-m", "build", "--outdir", dist, ROOT, cwd=home)
        _run(sys.executable, "-m", "venv", venv)
        (wheel,) = dist.glob("*.whl")
        _run(_venv_python(venv), "-m", "pip", "install", "--quiet",
             "--disable-pip-version-check", f"{wheel}[trio]", cwd=home)
        (home / "complete").touch()
    return dist, _venv_python(venv)


def test_twine_accepts_the_sdist_and_the_wheel(installed: tuple[Path, Path]) -> None:
    dist, _ = installed
    files = sorted(dist.iterdir())
    assert sorted(f.suffix for f in files) == [".gz", ".whl"], files
    out = _run(sys.executable, "-m", "twine", "check", "--strict", *files)
    assert out.count("PASSED") == 2, out


def test_the_wheel_holds_the_package_and_its_licenses_only(installed: tuple[Path, Path]
                                                           ) -> None:
    dist, _ = installed
    (wheel,) = dist.glob("*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    tops = {name.split("/")[0] for name in names}
    assert tops == {"arango_anyio", wheel.name.split("-py3")[0] + ".dist-info"}, tops
    assert "arango_anyio/py.typed" in names
    assert "arango_anyio/testing/__main__.py" in names
    licenses = {name.rsplit("/", 1)[-1] for name in names if "/licenses/" in name}
    assert licenses == {"LICENSE", "NOTICE"}


def test_the_sdist_builds_the_same_package_and_carries_the_tests(installed: tuple[Path, Path]
                                                                  ) -> None:
    dist, _ = installed
    (sdist,) = dist.glob("*.tar.gz")
    with tarfile.open(sdist) as archive:
        names = {name.split("/", 1)[-1] for name in archive.getnames()}
    for expected in ("pyproject.toml", "README.md", "CHANGELOG.md", "LICENSE", "NOTICE",
                     "arango_anyio/py.typed", "tests/conftest.py",
                     "tests/conformance/data/recorded-3.12.jsonl", "examples/quickstart.py"):
        assert expected in names, expected
    assert not any("__pycache__" in name or name.startswith(".") for name in names)


def test_the_installed_wheel_brings_its_dependencies(installed: tuple[Path, Path]) -> None:
    _, python = installed
    code = ("import importlib.util, arango_anyio, arango_anyio._serde as s; "
            "print(arango_anyio.__file__); print(s.IMPLEMENTATION); "
            "print(importlib.util.find_spec('trio') is not None)")
    where, codec, has_trio = _run(python, "-c", code, cwd=python.parent).split()
    assert Path(where).is_relative_to(python.parents[1]), where  # not the checkout
    on_cpython = platform.python_implementation() == "CPython"
    assert codec == ("orjson" if on_cpython else "json")  # orjson comes with a plain install
    assert has_trio == "True"  # the [trio] extra


@pytest.mark.parametrize("backend", ["asyncio", "trio"])
def test_the_installed_wheel_runs_the_quickstart(installed: tuple[Path, Path], backend: str
                                                 ) -> None:
    _, python = installed
    out = _run(python, ROOT / "examples" / "quickstart.py", "--backend", backend,
               cwd=python.parent)
    assert "inserted: 7 orders" in out and out.rstrip().endswith("done"), out


def test_the_installed_wheel_runs_the_emulator_command(installed: tuple[Path, Path]) -> None:
    _, python = installed
    out = _run(python, "-m", "arango_anyio.testing", "--help", cwd=python.parent)
    assert out.startswith("usage:") and "--port" in out, out
