"""Foxx service manifests normalised as the server's manifest check (``foxx/manifest.js``)
leaves them: defaults added (``author``, ``description``, ``scripts``, ``configuration``,
``dependencies``), ``provides`` and string ``dependencies`` expanded, ``tests`` as a list, and
``lib`` folded into ``main``, ``tests`` and ``scripts``; services for ArangoDB before 3.0 are
legacy ones."""

from __future__ import annotations

import posixpath
import re
from typing import Any

from arango_anyio.testing._protocol.errors import EmuError

#: The manifest fields the server knows, in the order its check visits them.
_KNOWN = ("name", "version", "keywords", "license", "repository", "author", "contributors",
          "description", "thumbnail", "engines", "defaultDocument", "lib", "main",
          "configuration", "dependencies", "provides", "files", "scripts", "tests")
CONFIG_TYPES = ("integer", "boolean", "string", "number", "json", "password", "int", "bool")
_ENGINE_RANGE = re.compile(r"^\s*(\^|~|>=?|<=?|=)?\s*v?(\d+)")


def _invalid(message: str) -> EmuError:
    return EmuError(3001, f"manifest file is invalid\n{message}", http_code=400)


def _legacy(engines: Any) -> bool:
    """True when ``engines.arangodb`` only allows versions before 3.0.0 (a 2.x service)."""
    if not isinstance(engines, dict) or not isinstance(engines.get("arangodb"), str):
        return False
    match = _ENGINE_RANGE.match(engines["arangodb"])
    if match is None:
        return False
    operator, major = match.group(1) or "=", int(match.group(2))
    if operator in ("<", "<="):
        return major < 3 or (major == 3 and operator == "<")
    return major < 3


def _configuration(value: Any) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise _invalid('manifest field "configuration" must be an object')
    out: dict[str, Any] = {}
    for name, definition in value.items():
        if not name or not isinstance(definition, dict):
            raise _invalid(f'configuration option "{name}" must be an object')
        kind = definition.get("type", "string")
        if kind not in CONFIG_TYPES:
            raise _invalid(f'configuration option "{name}" has an unknown type "{kind}"')
        entry = dict(definition)
        entry["type"] = kind
        entry["required"] = bool(definition.get("required", True))
        out[name] = entry
    return out


def _dependencies(value: Any) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise _invalid('manifest field "dependencies" must be an object')
    out: dict[str, Any] = {}
    for name, definition in value.items():
        if isinstance(definition, str):
            service, _, version = definition.partition(":")
            out[name] = {"name": service or "*", "version": version or "*", "required": True}
        elif isinstance(definition, dict):
            out[name] = {"name": "*", "version": "*", **definition}
            out[name].setdefault("required", True)
            out[name].setdefault("multiple", False)
        else:
            raise _invalid(f'dependency "{name}" must be a string or an object')
    return out


def _provides(value: Any) -> dict[str, str]:
    if isinstance(value, str):
        value = [value]
    if isinstance(value, list):
        out: dict[str, str] = {}
        for item in value:
            name, _, version = str(item).partition(":")
            out[name] = version or "*"
        return out
    if isinstance(value, dict):
        return {str(k): str(v) for k, v in value.items()}
    raise _invalid('manifest field "provides" must be a string, an array or an object')


def normalize_manifest(given: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    """The manifest as the server stores it, and whether the service is a legacy (2.x) one.
    An invalid manifest raises 400/3001."""
    manifest: dict[str, Any] = {}
    for key in _KNOWN:
        if key in given:
            manifest[key] = given[key]
        elif key in ("author", "description"):
            manifest[key] = ""
        elif key == "lib":
            manifest[key] = "."
        elif key == "scripts":
            manifest[key] = {}
        elif key in ("configuration", "dependencies"):
            manifest[key] = None
    for key, value in given.items():
        if key not in _KNOWN and key != "$schema":
            manifest[key] = value
    for key in ("name", "version", "license", "main", "lib", "author", "description"):
        if key in manifest and not isinstance(manifest[key], str):
            raise _invalid(f'manifest field "{key}" must be a string')
    if not isinstance(manifest["scripts"], dict) or not all(
            isinstance(v, str) for v in manifest["scripts"].values()):
        raise _invalid('manifest field "scripts" must map names to file paths')
    manifest["configuration"] = _configuration(manifest.get("configuration"))
    manifest["dependencies"] = _dependencies(manifest.get("dependencies"))
    if "provides" in manifest:
        manifest["provides"] = _provides(manifest["provides"])
    tests = manifest.get("tests")
    if isinstance(tests, str):
        manifest["tests"] = [tests]
    legacy = _legacy(manifest.get("engines"))
    if legacy:
        manifest.setdefault("defaultDocument", "index.html")
    else:
        base = manifest.pop("lib", ".")
        if isinstance(manifest.get("main"), str):
            manifest["main"] = posixpath.normpath(posixpath.join(base, manifest["main"]))
        if isinstance(manifest.get("tests"), list):
            manifest["tests"] = [posixpath.normpath(posixpath.join(base, str(t)))
                                 for t in manifest["tests"]]
        manifest["scripts"] = {name: posixpath.normpath(posixpath.join(base, path))
                               for name, path in manifest["scripts"].items()}
    return manifest, legacy


def readable_name(name: str) -> str:
    """An option name as the web interface titles it (``LOG_LEVEL`` -> ``LOG LEVEL``)."""
    tokens = [t for t in re.split(r"[-_\s]+", name) if t]
    return " ".join(t[:1].upper() + t[1:] for t in tokens)
