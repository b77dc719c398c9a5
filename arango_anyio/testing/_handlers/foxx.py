"""``/_api/foxx``: Foxx services stored as metadata (deprecated in 3.12, removed in 4.0).

Bundles come as described in :mod:`._foxx_source`. Services are described as the server
describes them (normalised manifest, checksum, path, options). Nothing runs: services have no
routes, scripts answer 3016 unless the manifest lists them (then 501), tests report none.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from arango_anyio.testing._handlers._foxx_source import service_source
from arango_anyio.testing._protocol.errors import EmuError
from arango_anyio.testing._protocol.messages import EmuRequest, EmuResponse, json_response
from arango_anyio.testing._protocol.routing import Router
from arango_anyio.testing._state.database import Database
from arango_anyio.testing._state.foxx import Service, check_mount, not_found, services_of

if TYPE_CHECKING:
    from arango_anyio.testing._server.deployment import Deployment

router = Router()


def _database(emu: Deployment, req: EmuRequest, need: str = "ro") -> Database:
    return emu.require_db(req, need)


def _service(emu: Deployment, req: EmuRequest, need: str = "ro") -> tuple[Database, Service]:
    database = _database(emu, req, need)
    mount = req.params.get("mount", "")
    service = services_of(database).get(mount)
    if service is None:
        raise not_found(mount)
    return database, service


@router.route("GET", "/_api/foxx")
def list_services(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """The installed services (``excludeSystem``: no ``/_...`` mounts)."""
    services = services_of(_database(emu, req)).values()
    exclude = req.flag("excludeSystem")
    return json_response(200, [s.brief() for s in sorted(services, key=lambda s: s.mount)
                               if not (exclude and s.mount.startswith("/_"))])


@router.route("POST", "/_api/foxx")
def install(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """Install a service at ``mount`` (400/3011 when taken); answers its description."""
    database = _database(emu, req, "rw")
    mount = check_mount(req.params.get("mount"))
    services = services_of(database)
    if mount in services:
        raise EmuError(3011, f'service already exists\nMount path: "{mount}".',
                       http_code=400)
    source = service_source(req)
    service = Service(database.name, mount, source.manifest, source.bundle, source.readme,
                      development=req.flag("development"), legacy=req.flag("legacy"))
    service.change("configuration", source.configuration, replace=True)
    service.change("dependencies", source.dependencies, replace=True)
    services[mount] = service
    return json_response(201, service.describe())


@router.route("GET", "/_api/foxx/service")
def get_service(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """A service's description."""
    return json_response(200, _service(emu, req)[1].describe())


def _reinstall(emu: Deployment, req: EmuRequest, *, replace: bool) -> EmuResponse:
    database = _database(emu, req, "rw")
    mount = check_mount(req.params.get("mount"))
    services = services_of(database)
    old = services.get(mount)
    if old is None and not req.flag("force"):
        raise not_found(mount)
    source = service_source(req)
    service = Service(database.name, mount, source.manifest, source.bundle, source.readme,
                      development=bool(old and old.development), legacy=req.flag("legacy"))
    if old is not None and not replace:
        service.change("configuration", old.configuration, replace=True)
        service.change("dependencies", old.dependencies, replace=True)
    service.change("configuration", source.configuration, replace=False)
    service.change("dependencies", source.dependencies, replace=False)
    services[mount] = service
    return json_response(200, service.describe())


@router.route("PATCH", "/_api/foxx/service")
def upgrade(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """Upgrade a service (keeps its configuration and dependencies)."""
    return _reinstall(emu, req, replace=False)


@router.route("PUT", "/_api/foxx/service")
def replace(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """Replace a service (configuration and dependencies reset)."""
    return _reinstall(emu, req, replace=True)


@router.route("DELETE", "/_api/foxx/service")
def uninstall(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """Uninstall a service: 204."""
    database, service = _service(emu, req, "rw")
    del services_of(database)[service.mount]
    return EmuResponse(204)


def _settings_route(what: str) -> None:
    """GET answers each declared option with its definition and ``current`` value
    (``minimal=true``: just the values); PATCH and PUT answer ``{"values": ...}`` (the
    definitions with ``minimal=false``)."""

    def get(emu: Deployment, req: EmuRequest) -> EmuResponse:
        service = _service(emu, req)[1]
        return json_response(200, service.settings(what, minimal=req.flag("minimal")))

    def change(emu: Deployment, req: EmuRequest) -> EmuResponse:
        service = _service(emu, req, "rw")[1]
        values = req.json()
        if not isinstance(values, dict):
            raise EmuError(10, "expecting JSON object as body", http_code=400)
        warnings = service.change(what, values, replace=req.method == "PUT")
        if req.flag("minimal", True):
            answer: dict[str, Any] = {"values": service.settings(what, minimal=True)}
            if warnings:
                answer["warnings"] = warnings
            return json_response(200, answer)
        described = service.settings(what)
        for name, warning in warnings.items():
            if name in described:
                described[name]["warning"] = warning
        return json_response(200, described)

    router.add("GET", f"/_api/foxx/{what}", get)
    router.add("PATCH", f"/_api/foxx/{what}", change)
    router.add("PUT", f"/_api/foxx/{what}", change)


_settings_route("configuration")
_settings_route("dependencies")


@router.route("POST", "/_api/foxx/development")
def enable_development(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """Development mode on; answers the service's description."""
    service = _service(emu, req, "rw")[1]
    service.development = True
    return json_response(200, service.describe())


@router.route("DELETE", "/_api/foxx/development")
def disable_development(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """Development mode off; answers the service's description."""
    service = _service(emu, req, "rw")[1]
    service.development = False
    return json_response(200, service.describe())


@router.route("GET", "/_api/foxx/readme")
def readme(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """The bundle's README (204 without one)."""
    service = _service(emu, req)[1]
    if service.readme is None:
        return EmuResponse(204)
    return EmuResponse(200, service.readme, {"content-type": "text/plain; charset=utf-8"})


@router.route("GET", "/_api/foxx/swagger")
def swagger(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """A Swagger 2.0 description without paths (emulated services have no routes)."""
    service = _service(emu, req)[1]
    return json_response(200, {
        "swagger": "2.0", "basePath": f"/_db/{req.db_name}{service.mount}", "paths": {},
        "info": {key: value for key, value in (
            ("title", service.name), ("description", service.manifest.get("description")),
            ("version", service.version),
            ("license", {"name": service.manifest["license"]}
             if "license" in service.manifest else {})) if value is not None}})


@router.route("POST", "/_api/foxx/download")
def download(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """The service's bundle."""
    service = _service(emu, req)[1]
    body = service.bundle
    kind = "application/zip" if body[:2] == b"PK" else "application/javascript"
    filename = service.mount.strip("/").replace("/", "_")
    return EmuResponse(200, body, {
        "content-type": kind, "content-disposition": f'attachment; filename="{filename}.zip"'})


@router.route("POST", "/_api/foxx/commit")
def commit(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """Nothing to commit in memory: 204."""
    _database(emu, req, "rw")
    return EmuResponse(204)


@router.route("GET", "/_api/foxx/scripts")
def scripts(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """The manifest's scripts: name -> title."""
    service = _service(emu, req)[1]
    declared = service.manifest.get("scripts")
    names = declared if isinstance(declared, dict) else {}
    return json_response(200, {name: name for name in names})


@router.route("POST", "/_api/foxx/scripts/{name}")
def run_script(emu: Deployment, req: EmuRequest, name: str) -> EmuResponse:
    """3016 for a script the manifest does not list; 501 otherwise (no JavaScript)."""
    service = _service(emu, req, "rw")[1]
    declared = service.manifest.get("scripts")
    if not isinstance(declared, dict) or name not in declared:
        raise EmuError(3016, f'unknown script "{name}"', http_code=400)
    raise EmuError(9, "running Foxx scripts is not implemented in the emulator",
                   http_code=501)


@router.route("POST", "/_api/foxx/tests")
def run_tests(emu: Deployment, req: EmuRequest) -> EmuResponse:
    """A report of no tests (501 when the manifest lists tests: no JavaScript)."""
    service = _service(emu, req, "rw")[1]
    if service.manifest.get("tests"):
        raise EmuError(9, "running Foxx tests is not implemented in the emulator",
                       http_code=501)
    now = time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime())
    stats = {"suites": 0, "tests": 0, "passes": 0, "pending": 0, "failures": 0,
             "start": now, "end": now, "duration": 0}
    return json_response(200, {"stats": stats, "tests": [], "pending": [], "failures": [],
                               "passes": []})
