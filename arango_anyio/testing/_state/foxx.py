"""Foxx services as metadata: mount, name, version, normalised manifest, configuration,
dependencies, development mode and the bundle. No JavaScript runs (no scripts, no tests)."""

from __future__ import annotations

import io
import json
import re
import zipfile
import zlib
from typing import Any
from weakref import WeakKeyDictionary

from arango_anyio.testing._protocol.errors import EmuError
from arango_anyio.testing._state.database import Database
from arango_anyio.testing._state.foxx_manifest import normalize_manifest, readable_name

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


#: Where the server keeps the files of installed services (``--javascript.app-path``).
APP_PATH = "/var/lib/arangodb3-apps"


class Service:
    """One installed service: its normalised manifest, bundle and options."""

    def __init__(self, database: str, mount: str, manifest: dict[str, Any], bundle: bytes,
                 readme: bytes | None, *, development: bool, legacy: bool) -> None:
        self.database = database
        self.mount = mount
        self.manifest, manifest_legacy = normalize_manifest(manifest)
        self.bundle = bundle
        self.readme = readme
        self.development = development
        self.legacy = legacy or manifest_legacy
        self.configuration: dict[str, Any] = {}
        self.dependencies: dict[str, Any] = {}

    @property
    def name(self) -> str | None:
        """The manifest's ``name`` (None when it has none)."""
        name = self.manifest.get("name")
        return name if isinstance(name, str) else None

    @property
    def version(self) -> str | None:
        """The manifest's ``version`` (None when it has none)."""
        version = self.manifest.get("version")
        return version if isinstance(version, str) else None

    @property
    def path(self) -> str:
        """Where the server would keep the service's files."""
        return f"{APP_PATH}/_db/{self.database}/{self.mount.lstrip('/')}/APP"

    @property
    def checksum(self) -> str:
        """The bundle's Adler-32, in hex (as the server checksums its bundles)."""
        return format(zlib.adler32(self.bundle), "x")

    def brief(self) -> dict[str, Any]:
        """The entry in the service list."""
        return _without_none({"mount": self.mount, "name": self.name, "version": self.version,
                              "provides": self.manifest.get("provides", {}),
                              "development": self.development, "legacy": self.legacy})

    def describe(self) -> dict[str, Any]:
        """The full description (``GET /_api/foxx/service`` and the install answers)."""
        return _without_none({
            "mount": self.mount, "path": self.path, "name": self.name,
            "version": self.version, "development": self.development, "legacy": self.legacy,
            "manifest": self.manifest, "checksum": self.checksum,
            "options": {"configuration": dict(self.configuration),
                        "dependencies": dict(self.dependencies)}})

    def declared(self, what: str) -> dict[str, Any]:
        """The manifest's ``configuration`` or ``dependencies`` definitions."""
        value = self.manifest.get(what)
        return dict(value) if isinstance(value, dict) else {}

    def settings(self, what: str, *, minimal: bool = False) -> dict[str, Any]:
        """The declared options (``FoxxService.getConfiguration``/``getDependencies``):
        their values (``minimal``), or each definition with a ``title`` and its ``current``
        value. A configuration option without a value shows its default."""
        out: dict[str, Any] = {}
        for name, definition in self.declared(what).items():
            if what == "configuration":
                raw = self.configuration.get(name)
                value = parse_config_value(definition.get("type", "string"), raw)[0] \
                    if raw is not None else definition.get("default")
                full = {**definition, "title": readable_name(name), "currentRaw": raw,
                        "current": value}
            else:
                value = self.dependencies.get(name)
                full = {**definition, "title": readable_name(name), "current": value}
            out[name] = value if minimal else _without_none(full)
        return _without_none(out) if minimal and what == "dependencies" else out

    def change(self, what: str, values: dict[str, Any], *, replace: bool) -> dict[str, str]:
        """Set configuration values or dependency mounts (``applyConfiguration`` /
        ``applyDependencies``): only declared options are kept, ``replace`` clears the
        declared ones not given. Answers the warnings by option name ("is not allowed",
        "is required", "must be a number", ...)."""
        definitions = self.declared(what)
        names = list(values)
        if replace:
            names += [name for name in definitions if name not in values]
        target = self.configuration if what == "configuration" else self.dependencies
        warnings: dict[str, str] = {}
        for name in names:
            definition = definitions.get(name)
            if not isinstance(definition, dict):
                warnings[name] = "is not allowed"
                continue
            value = values.get(name)
            required = definition.get("required", True) is not False
            if what == "dependencies" and definition.get("multiple"):
                mounts = value if isinstance(value, list) else (
                    [] if value in (None, "") else [value])
                target[name] = [m for m in mounts if isinstance(m, str)]
                if not mounts and required:
                    warnings[name] = "is required"
                bad = [i for i, m in enumerate(mounts) if not isinstance(m, str)]
                if bad:
                    warnings[name] = f"at {bad[-1]} must be a string"
                continue
            if what == "dependencies" or value is None or value == "":
                target.pop(name, None)  # a configuration value stays when the new is bad
            if value is None or value == "":
                if required:
                    warnings[name] = "is required"
                continue
            if what == "dependencies":
                warning = None if isinstance(value, str) else "must be a string"
            else:
                warning = parse_config_value(definition.get("type", "string"), value)[1]
            if warning is not None:  # the previous value stays
                warnings[name] = warning
            else:
                target[name] = value
        return warnings


def parse_config_value(kind: str, value: Any) -> tuple[Any, str | None]:
    """A configuration value as its declared type reads it (Joi's conversions), or the
    warning the server gives for it."""
    if kind in ("integer", "int", "number"):
        number: Any = value
        if isinstance(value, str):
            try:
                number = float(value.strip())
            except ValueError:
                return value, "must be a number"
        if isinstance(number, bool) or not isinstance(number, (int, float)):
            return value, "must be a number"
        if not float(number).is_integer():
            return (value, "must be an integer") if kind != "number" else (number, None)
        return int(number), None
    if kind in ("boolean", "bool"):
        if isinstance(value, bool):
            return value, None
        if isinstance(value, str) and value.lower() in ("true", "false"):
            return value.lower() == "true", None
        return value, "must be a boolean"
    if kind == "json":
        if not isinstance(value, str):
            return value, "is not valid JSON"
        try:
            return json.loads(value), None
        except ValueError:
            return value, "is not valid JSON"
    if not isinstance(value, str):
        return value, "must be a string"
    return value, None


def _without_none(values: dict[str, Any]) -> dict[str, Any]:
    """What JSON.stringify leaves of an object with undefined values."""
    return {k: v for k, v in values.items() if v is not None}
