"""Foxx services as metadata: mount, name, version, manifest, configuration, dependencies,
development mode and the uploaded bundle. No JavaScript runs (no scripts, no tests)."""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from typing import Any
from weakref import WeakKeyDictionary

from arango_anyio.testing._protocol.errors import EmuError
from arango_anyio.testing._state.database import Database

_MOUNT = re.compile(r"^(/[A-Za-z0-9_\-.~%]+)+$")
_services: WeakKeyDictionary[Database, dict[str, Service]] = WeakKeyDictionary()


def services_of(database: Database) -> dict[str, Service]:
    """The services of ``database`` by mount."""
    found = _services.get(database)
    if found is None:
        found = _services[database] = {}
    return found


def check_mount(mount: Any) -> str:
    """A legal mount path (400/3007 otherwise)."""
    if not isinstance(mount, str) or not _MOUNT.match(mount) or "/." in mount:
        raise EmuError(3007, f"invalid mountpath: {mount!r}", http_code=400)
    return mount


def not_found(mount: str) -> EmuError:
    """400/3009 as the server answers for an unknown mount."""
    return EmuError(3009, f'service not found\nMount path: "{mount}".', http_code=400)


def read_bundle(data: bytes) -> tuple[dict[str, Any], bytes | None]:
    """The manifest and README of an uploaded bundle (a zip, or one JavaScript file).
    A zip without a parseable ``manifest.json`` gives 400/3000 or 3012."""
    if data[:2] != b"PK":
        return {"main": "index.js"}, None
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = archive.namelist()
    except zipfile.BadZipFile:
        raise EmuError(3015, "error resolving source: not a zip file", http_code=400) from None
    manifest_name = min((n for n in names if n.rsplit("/", 1)[-1] == "manifest.json"),
                        key=len, default=None)
    if manifest_name is None:
        raise EmuError(3012, http_code=400)
    try:
        manifest = json.loads(archive.read(manifest_name))
    except ValueError:
        raise EmuError(3000, http_code=400) from None
    if not isinstance(manifest, dict):
        raise EmuError(3001, http_code=400)
    prefix = manifest_name[: -len("manifest.json")]
    readme = next((archive.read(n) for n in names
                   if n[len(prefix):].lower() in ("readme.md", "readme") and n.startswith(prefix)),
                  None)
    return manifest, readme


def make_bundle(manifest: dict[str, Any]) -> bytes:
    """A zip holding ``manifest`` (for services installed from a URL or server path)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("manifest.json", json.dumps(manifest, indent=2))
    return out.getvalue()


class Service:
    """One installed service."""

    def __init__(self, mount: str, manifest: dict[str, Any], bundle: bytes,
                 readme: bytes | None, *, development: bool, legacy: bool) -> None:
        self.mount = mount
        self.manifest = manifest
        self.bundle = bundle
        self.readme = readme
        self.development = development
        self.legacy = legacy
        self.configuration: dict[str, Any] = {}
        self.dependencies: dict[str, Any] = {}

    @property
    def name(self) -> str:
        """The manifest's ``name`` (empty when it has none)."""
        return str(self.manifest.get("name", ""))

    @property
    def version(self) -> str:
        """The manifest's ``version`` (``0.0.0`` when it has none)."""
        return str(self.manifest.get("version", "0.0.0"))

    def brief(self) -> dict[str, Any]:
        """The entry in the service list."""
        return {"mount": self.mount, "name": self.name, "version": self.version,
                "provides": self.manifest.get("provides", {}),
                "development": self.development, "legacy": self.legacy}

    def describe(self) -> dict[str, Any]:
        """The full description (``GET /_api/foxx/service``)."""
        return {"mount": self.mount, "name": self.name, "version": self.version,
                "development": self.development, "legacy": self.legacy,
                "manifest": self.manifest,
                "options": {"configuration": dict(self.configuration),
                            "dependencies": dict(self.dependencies)},
                "checksum": hashlib.sha1(self.bundle).hexdigest()[:8]}

    def declared(self, what: str) -> dict[str, Any]:
        """The manifest's ``configuration`` or ``dependencies`` definitions."""
        value = self.manifest.get(what)
        return dict(value) if isinstance(value, dict) else {}

    def settings(self, what: str) -> dict[str, Any]:
        """Each declared option with its ``current`` value (``GET configuration``)."""
        values = self.configuration if what == "configuration" else self.dependencies
        out: dict[str, Any] = {}
        for name, definition in self.declared(what).items():
            entry = dict(definition) if isinstance(definition, dict) else {}
            entry["current"] = values.get(name, entry.get("default"))
            out[name] = entry
        return out

    def change(self, what: str, values: dict[str, Any], *, replace: bool) -> dict[str, Any]:
        """Set configuration values or dependency mounts; answers the new values."""
        target = self.configuration if what == "configuration" else self.dependencies
        if replace:
            target.clear()
        for name, value in values.items():
            if value is None:
                target.pop(name, None)
            else:
                target[name] = value
        return {"values": dict(target)}
