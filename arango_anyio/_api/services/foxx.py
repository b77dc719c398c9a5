"""Foxx services: ``db.foxx`` (``/_api/foxx``).

.. warning:: Foxx is no longer available in ArangoDB 4.0 (deprecated in 3.12).

A service is installed from a source the server can reach (``source="https://..."`` or a
server path: a JSON body), or from a bundle sent with the request: ``source=b"PK..."``
bytes or ``*_with_file(filename)``. A bundle travels as a raw ``application/zip`` (or
``application/javascript``) body, or as ``multipart/form-data`` when ``config`` or
``dependencies`` go with it.
"""

from __future__ import annotations

import os
import uuid
from typing import Any

import anyio

from arango_anyio import _serde
from arango_anyio._api.group import ApiGroup, Json, without_envelope
from arango_anyio._connection.url import segment
from arango_anyio._executors.handling import ErrorClass
from arango_anyio.exceptions import (
    FoxxCommitError,
    FoxxConfigGetError,
    FoxxConfigReplaceError,
    FoxxConfigUpdateError,
    FoxxDependencyGetError,
    FoxxDependencyReplaceError,
    FoxxDependencyUpdateError,
    FoxxDevModeDisableError,
    FoxxDevModeEnableError,
    FoxxDownloadError,
    FoxxReadmeGetError,
    FoxxScriptListError,
    FoxxScriptRunError,
    FoxxServiceCreateError,
    FoxxServiceDeleteError,
    FoxxServiceGetError,
    FoxxServiceListError,
    FoxxServiceReplaceError,
    FoxxServiceUpdateError,
    FoxxSwaggerGetError,
    FoxxTestRunError,
    InvalidArgumentError,
)
from arango_anyio.request import Request
from arango_anyio.response import Response

_ZIP = "application/zip"
_JS = "application/javascript"


def format_service(body: Any) -> Any:
    """A service description; the manifest's ``defaultDocument`` becomes
    ``default_document`` (as python-arango returns it)."""
    if isinstance(body, dict):
        body = without_envelope(body)
        manifest = body.get("manifest")
        if isinstance(manifest, dict) and "defaultDocument" in manifest:
            manifest = dict(manifest)
            manifest["default_document"] = manifest.pop("defaultDocument")
            body["manifest"] = manifest
    return body


def bundle_type(data: bytes, filename: str | None = None) -> str:
    """``application/zip`` for a zip bundle, ``application/javascript`` for a single file
    (by extension when ``filename`` is given, else by content)."""
    if filename is not None:
        extension = os.path.splitext(filename)[1].lower()
        if extension == ".zip":
            return _ZIP
        if extension == ".js":
            return _JS
        raise InvalidArgumentError(f"a Foxx bundle must be a .zip or .js file: {filename!r}")
    return _ZIP if data[:2] == b"PK" else _JS


def multipart(fields: list[tuple[str, bytes, str | None, str | None]]) -> tuple[bytes, str]:
    """A ``multipart/form-data`` body: ``fields`` are ``(name, data, content_type,
    filename)``. Returns the body and its content type (with the boundary)."""
    boundary = "arango-anyio-" + uuid.uuid4().hex
    while any(boundary.encode() in data for _, data, _, _ in fields):  # pragma: no cover
        boundary = "arango-anyio-" + uuid.uuid4().hex
    parts: list[bytes] = []
    for name, data, content_type, filename in fields:
        disposition = f'form-data; name="{name}"'
        if filename is not None:
            disposition += f'; filename="{filename}"'
        head = f"--{boundary}\r\nContent-Disposition: {disposition}\r\n"
        if content_type is not None:
            head += f"Content-Type: {content_type}\r\n"
        parts.append(head.encode() + b"\r\n" + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


Field = tuple[str, bytes, "str | None", "str | None"]


def _settings_fields(config: Json | None, dependencies: Json | None) -> list[Field]:
    """The ``configuration`` and ``dependencies`` parts of a multipart upload (JSON)."""
    fields: list[Field] = []
    for name, value in (("configuration", config), ("dependencies", dependencies)):
        if value is not None:
            encoded = _serde.dumps(value)
            fields.append((name, encoded.encode() if isinstance(encoded, str)
                           else bytes(encoded), None, None))
    return fields


def _options(mount: str, **flags: bool | None) -> Json:
    params: Json = {"mount": mount}
    params.update({k: v for k, v in flags.items() if v is not None})
    return params


class Foxx(ApiGroup):
    """Foxx services of a database. Get it as ``db.foxx``.

    .. warning:: Foxx is no longer available in ArangoDB 4.0.
    """

    def __repr__(self) -> str:
        return f"<Foxx in {self.db_name}>"

    @staticmethod
    def _source_request(method: str, path: str, params: Json, source: str | bytes,
                        config: Json | None, dependencies: Json | None,
                        filename: str | None = None) -> Request:
        if isinstance(source, str):
            data: Json = {"source": source}
            if config is not None:
                data["configuration"] = config
            if dependencies is not None:
                data["dependencies"] = dependencies
            return Request(method, path, params=params, data=data)
        content_type = bundle_type(source, filename)
        if config is None and dependencies is None:
            return Request(method, path, params=params, data=bytes(source), raw_body=True,
                           headers={"content-type": content_type})
        name = os.path.basename(filename) if filename else \
            ("service.zip" if content_type == _ZIP else "service.js")
        fields = [("source", bytes(source), content_type, name),
                  *_settings_fields(config, dependencies)]
        body, content_type = multipart(fields)
        return Request(method, path, params=params, data=body, raw_body=True,
                       headers={"content-type": content_type})

    # -- services -----------------------------------------------------------------------

    async def services(self, exclude_system: bool = False) -> list[Json]:
        """The installed services: ``mount``, ``name``, ``version``, ``provides``,
        ``development``, ``legacy``. ``GET /_api/foxx``.

        :raise FoxxServiceListError: the server refused.
        """
        request = Request("GET", "/_api/foxx", params={"excludeSystem": exclude_system})
        return await self._call(
            request, FoxxServiceListError, lambda r: [format_service(s) for s in r.body])

    async def service(self, mount: str) -> Json:
        """A service: ``mount``, ``name``, ``version``, ``manifest``, ``options``,
        ``checksum``, ``development``, ``legacy``. ``GET /_api/foxx/service?mount=...``.

        :raise FoxxServiceGetError: no service there (400/3009), or the server refused.
        """
        request = Request("GET", "/_api/foxx/service", params={"mount": mount})
        return await self._call(request, FoxxServiceGetError, lambda r: format_service(r.body))

    async def create_service(self, mount: str, source: str | bytes,
                             config: Json | None = None, dependencies: Json | None = None,
                             development: bool | None = None, setup: bool | None = None,
                             legacy: bool | None = None) -> Json:
        """Install a service at ``mount``. ``POST /_api/foxx?mount=...``.

        :param source: a URL or server path the server fetches (JSON body), or the bundle's
            bytes (a zip, or one JavaScript file) uploaded with the request.
        :param config: configuration values; :param dependencies: dependency mounts.
        :param development: install in development mode; :param setup: run the setup
            script (default true); :param legacy: 2.8 compatibility mode.
        :return: ``mount``, ``name``, ``version``, ...
        :raise FoxxServiceCreateError: the server refused.
        """
        params = _options(mount, development=development, setup=setup, legacy=legacy)
        request = self._source_request("POST", "/_api/foxx", params, source, config,
                                       dependencies)
        return await self._call(request, FoxxServiceCreateError, lambda r: format_service(r.body))

    async def create_service_with_file(self, mount: str, filename: str,
                                       development: bool | None = None,
                                       setup: bool | None = None, legacy: bool | None = None,
                                       config: Json | None = None,
                                       dependencies: Json | None = None) -> Json:
        """Install a service from a local ``.zip`` or ``.js`` file (multipart upload, as
        python-arango sends it). ``POST /_api/foxx?mount=...``.

        :raise FoxxServiceCreateError: the server refused.
        """
        data = await self._read(filename)
        params = _options(mount, development=development, setup=setup, legacy=legacy)
        request = self._file_request("POST", params, data, filename, config, dependencies)
        return await self._call(request, FoxxServiceCreateError, lambda r: format_service(r.body))

    @staticmethod
    async def _read(filename: str) -> bytes:
        bundle_type(b"", filename)  # refuse other extensions before reading
        return await anyio.Path(filename).read_bytes()

    def _file_request(self, method: str, params: Json, data: bytes, filename: str,
                      config: Json | None, dependencies: Json | None) -> Request:
        path = "/_api/foxx" if method == "POST" else "/_api/foxx/service"
        fields = [("source", data, bundle_type(data, filename), os.path.basename(filename)),
                  *_settings_fields(config, dependencies)]
        body, content_type = multipart(fields)
        return Request(method, path, params=params, data=body, raw_body=True,
                       headers={"content-type": content_type})

    async def _change(self, method: str, mount: str, source: str | bytes | None,
                      config: Json | None, dependencies: Json | None, flags: Json,
                      error: ErrorClass) -> Json:
        params = _options(mount, **flags)
        if source is None:
            data: Json = {}
            if config is not None:
                data["configuration"] = config
            if dependencies is not None:
                data["dependencies"] = dependencies
            request = Request(method, "/_api/foxx/service", params=params, data=data)
        else:
            request = self._source_request(method, "/_api/foxx/service", params, source,
                                           config, dependencies)
        return await self._call(request, error, lambda r: format_service(r.body))

    async def update_service(self, mount: str, source: str | bytes,
                             config: Json | None = None, dependencies: Json | None = None,
                             teardown: bool | None = None, setup: bool | None = None,
                             legacy: bool | None = None, force: bool | None = None) -> Json:
        """Upgrade a service (keeps its configuration and dependencies unless given).
        ``PATCH /_api/foxx/service?mount=...``.

        :param teardown: run the old teardown script; :param force: install even when
            nothing is mounted there.
        :raise FoxxServiceUpdateError: the server refused.
        """
        return await self._change("PATCH", mount, source, config, dependencies,
                                  {"teardown": teardown, "setup": setup, "legacy": legacy,
                                   "force": force}, FoxxServiceUpdateError)

    async def update_service_with_file(self, mount: str, filename: str,
                                       teardown: bool | None = None,
                                       setup: bool | None = None, legacy: bool | None = None,
                                       force: bool | None = None, config: Json | None = None,
                                       dependencies: Json | None = None) -> Json:
        """Upgrade a service from a local ``.zip``/``.js`` file (multipart).
        ``PATCH /_api/foxx/service?mount=...``.

        :raise FoxxServiceUpdateError: the server refused.
        """
        data = await self._read(filename)
        params = _options(mount, teardown=teardown, setup=setup, legacy=legacy, force=force)
        request = self._file_request("PATCH", params, data, filename, config, dependencies)
        return await self._call(request, FoxxServiceUpdateError, lambda r: format_service(r.body))

    async def replace_service(self, mount: str, source: str | bytes,
                              config: Json | None = None, dependencies: Json | None = None,
                              teardown: bool | None = None, setup: bool | None = None,
                              legacy: bool | None = None, force: bool | None = None) -> Json:
        """Replace a service (configuration and dependencies are reset unless given).
        ``PUT /_api/foxx/service?mount=...``.

        :raise FoxxServiceReplaceError: the server refused.
        """
        return await self._change("PUT", mount, source, config, dependencies,
                                  {"teardown": teardown, "setup": setup, "legacy": legacy,
                                   "force": force}, FoxxServiceReplaceError)

    async def replace_service_with_file(self, mount: str, filename: str,
                                        teardown: bool | None = None,
                                        setup: bool | None = None, legacy: bool | None = None,
                                        force: bool | None = None, config: Json | None = None,
                                        dependencies: Json | None = None) -> Json:
        """Replace a service from a local ``.zip``/``.js`` file (multipart).
        ``PUT /_api/foxx/service?mount=...``.

        :raise FoxxServiceReplaceError: the server refused.
        """
        data = await self._read(filename)
        params = _options(mount, teardown=teardown, setup=setup, legacy=legacy, force=force)
        request = self._file_request("PUT", params, data, filename, config, dependencies)
        return await self._call(request, FoxxServiceReplaceError, lambda r: format_service(r.body))

    async def delete_service(self, mount: str, teardown: bool | None = None) -> bool:
        """Uninstall a service. ``DELETE /_api/foxx/service?mount=...``.

        :param teardown: run its teardown script (default true).
        :raise FoxxServiceDeleteError: the server refused.
        """
        request = Request("DELETE", "/_api/foxx/service",
                          params=_options(mount, teardown=teardown))
        return await self._call(request, FoxxServiceDeleteError, lambda r: True)

    # -- configuration and dependencies -----------------------------------------------------

    async def _settings(self, method: str, what: str, mount: str, data: Json | None,
                        error: ErrorClass) -> Json:
        request = Request(method, f"/_api/foxx/{what}", params={"mount": mount}, data=data)
        return await self._call(request, error, lambda r: format_service(r.body))

    async def config(self, mount: str) -> Json:
        """The service's configuration options with their values.
        ``GET /_api/foxx/configuration?mount=...``.

        :raise FoxxConfigGetError: the server refused.
        """
        return await self._settings("GET", "configuration", mount, None, FoxxConfigGetError)

    async def update_config(self, mount: str, config: Json) -> Json:
        """Change some configuration values. ``PATCH /_api/foxx/configuration``.

        :raise FoxxConfigUpdateError: the server refused.
        """
        return await self._settings("PATCH", "configuration", mount, config,
                                    FoxxConfigUpdateError)

    async def replace_config(self, mount: str, config: Json) -> Json:
        """Replace the configuration values (others are reset). ``PUT
        /_api/foxx/configuration``.

        :raise FoxxConfigReplaceError: the server refused.
        """
        return await self._settings("PUT", "configuration", mount, config,
                                    FoxxConfigReplaceError)

    async def dependencies(self, mount: str) -> Json:
        """The service's dependencies with their mounts.
        ``GET /_api/foxx/dependencies?mount=...``.

        :raise FoxxDependencyGetError: the server refused.
        """
        return await self._settings("GET", "dependencies", mount, None,
                                    FoxxDependencyGetError)

    async def update_dependencies(self, mount: str, dependencies: Json) -> Json:
        """Change some dependency mounts. ``PATCH /_api/foxx/dependencies``.

        :raise FoxxDependencyUpdateError: the server refused.
        """
        return await self._settings("PATCH", "dependencies", mount, dependencies,
                                    FoxxDependencyUpdateError)

    async def replace_dependencies(self, mount: str, dependencies: Json) -> Json:
        """Replace the dependency mounts. ``PUT /_api/foxx/dependencies``.

        :raise FoxxDependencyReplaceError: the server refused.
        """
        return await self._settings("PUT", "dependencies", mount, dependencies,
                                    FoxxDependencyReplaceError)

    # -- development mode, documentation, bundles -------------------------------------------

    async def enable_development(self, mount: str) -> Json:
        """Serve the service from its files (development mode).
        ``POST /_api/foxx/development?mount=...``.

        :raise FoxxDevModeEnableError: the server refused.
        """
        return await self._settings("POST", "development", mount, None,
                                    FoxxDevModeEnableError)

    async def disable_development(self, mount: str) -> Json:
        """Leave development mode. ``DELETE /_api/foxx/development?mount=...``.

        :raise FoxxDevModeDisableError: the server refused.
        """
        return await self._settings("DELETE", "development", mount, None,
                                    FoxxDevModeDisableError)

    async def readme(self, mount: str) -> str:
        """The service's README text (empty when it has none: the server answers 204).
        ``GET /_api/foxx/readme?mount=...``.

        :raise FoxxReadmeGetError: the server refused.
        """
        from arango_anyio._api.services.replication import body_text

        request = Request("GET", "/_api/foxx/readme", params={"mount": mount})
        return await self._call(request, FoxxReadmeGetError, body_text)

    async def swagger(self, mount: str) -> Json:
        """The service's Swagger (OpenAPI 2) description; ``basePath`` is returned as
        ``base_path``. ``GET /_api/foxx/swagger?mount=...``.

        :raise FoxxSwaggerGetError: the server refused.
        """
        def result(response: Response) -> Json:
            body = dict(response.body)
            if "basePath" in body:
                body["base_path"] = body.pop("basePath")
            return body

        request = Request("GET", "/_api/foxx/swagger", params={"mount": mount})
        return await self._call(request, FoxxSwaggerGetError, result)

    async def download(self, mount: str) -> bytes:
        """The service's bundle (a zip). ``POST /_api/foxx/download?mount=...``.

        Unlike python-arango (which returns text), the bytes of the zip are returned.

        :raise FoxxDownloadError: the server refused.
        """
        def result(response: Response) -> bytes:
            raw = response.raw_body
            return raw if isinstance(raw, bytes) else raw.encode("utf-8")

        request = Request("POST", "/_api/foxx/download", params={"mount": mount})
        return await self._call(request, FoxxDownloadError, result)

    async def commit(self, replace: bool | None = None) -> bool:
        """Write the local Foxx state to the database (coordinators).
        ``POST /_api/foxx/commit``.

        :param replace: overwrite services already stored.
        :raise FoxxCommitError: the server refused.
        """
        params = {} if replace is None else {"replace": replace}
        request = Request("POST", "/_api/foxx/commit", params=params)
        return await self._call(request, FoxxCommitError, lambda r: True)

    # -- scripts and tests ----------------------------------------------------------------

    async def scripts(self, mount: str) -> Json:
        """The service's scripts: name -> title. ``GET /_api/foxx/scripts?mount=...``.

        :raise FoxxScriptListError: the server refused.
        """
        return await self._settings("GET", "scripts", mount, None, FoxxScriptListError)

    async def run_script(self, mount: str, name: str, arg: Any = None) -> Any:
        """Run a script of the service with ``arg``; returns what it exports.
        ``POST /_api/foxx/scripts/{name}?mount=...``.

        :raise FoxxScriptRunError: the server refused (no such script: 404/3016).
        """
        request = Request("POST", f"/_api/foxx/scripts/{segment(name, 'script name')}",
                          params={"mount": mount}, data=arg)
        return await self._call(request, FoxxScriptRunError, lambda r: r.body)

    async def run_tests(self, mount: str, reporter: str = "default",
                        idiomatic: bool | None = None, output_format: str | None = None,
                        name_filter: str | None = None) -> str:
        """Run the service's tests. ``POST /_api/foxx/tests?mount=...``.

        :param reporter: ``default``, ``suite``, ``stream``, ``xunit`` or ``tap``.
        :param idiomatic: the reporter's own format (``x-ldjson``, XML, text).
        :param output_format: ``x-ldjson``, ``xml`` or ``text`` (the Accept header).
        :param name_filter: run only tests whose names contain this.
        :return: the report as text.
        :raise FoxxTestRunError: the server refused.
        """
        from arango_anyio._api.services.replication import body_text

        params: Json = {"mount": mount, "reporter": reporter}
        if idiomatic is not None:
            params["idiomatic"] = idiomatic
        if name_filter is not None:
            params["filter"] = name_filter
        accept = {"x-ldjson": "application/x-ldjson", "xml": "application/xml",
                  "text": "text/plain"}.get(output_format or "")
        request = Request("POST", "/_api/foxx/tests", params=params,
                          headers={"accept": accept} if accept else None)
        return await self._call(request, FoxxTestRunError, body_text)
