"""Where a Foxx install, upgrade or replace request takes its service from (no routes here).

A bundle comes as the raw body (a zip or one JavaScript file), as ``multipart/form-data``
(``source``, ``configuration``, ``dependencies``), or is named by a JSON
``{"source": ...}``: an absolute path on the emulator's own disk (a zip, a JavaScript file or a
service directory) is read as the server reads its own disk; a URL is not fetched (the service
gets a manifest named after the URL's last segment).
"""

from __future__ import annotations

import io
import json
import os
import zipfile
from pathlib import Path
from typing import Any, NamedTuple

from arango_anyio.testing._protocol.errors import EmuError
from arango_anyio.testing._protocol.messages import EmuRequest
from arango_anyio.testing._state.foxx import make_bundle, read_bundle


class Source(NamedTuple):
    """A service to install: its manifest, bundle, README and the options sent along."""

    manifest: dict[str, Any]
    bundle: bytes
    readme: bytes | None
    configuration: dict[str, Any]
    dependencies: dict[str, Any]


def _boundary(req: EmuRequest) -> bytes:
    """The multipart boundary from the content type, or else from the body's first line
    (clients that set ``multipart/form-data`` without one still send a delimited body)."""
    content_type = req.headers.get("content-type", "")
    boundary = content_type.partition("boundary=")[2].split(";")[0].strip().strip('"')
    if boundary:
        return boundary.encode()
    first = req.body.split(b"\r\n", 1)[0]
    if first.startswith(b"--") and len(first) > 2:
        return first[2:]
    raise EmuError(400, "multipart body without boundary", http_code=400)


def _multipart(req: EmuRequest) -> tuple[dict[str, bytes], set[str]]:
    """The form's fields by name, and the names of the uploads among them (the parts with
    a file name or a content type, as the server's multipart reader tells them apart)."""
    boundary = _boundary(req)
    parts: dict[str, bytes] = {}
    files: set[str] = set()
    for chunk in req.body.split(b"--" + boundary)[1:]:
        if chunk.startswith(b"--"):
            break
        head, _, data = chunk.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        typed = any(line.lower().startswith("content-type:") for line in lines)
        for line in lines:
            if line.lower().startswith("content-disposition:") and ' name="' in line:
                name = line.split(' name="', 1)[1].split('"', 1)[0]
                parts[name] = data[:-2] if data.endswith(b"\r\n") else data
                if typed or "filename=" in line:
                    files.add(name)
    return parts, files


def _options(value: Any, what: str) -> dict[str, Any]:
    """Service options sent as an object or as JSON text (400/3013 otherwise)."""
    if value is None or value == b"" or value == "":
        return {}
    if isinstance(value, (bytes, str)):
        try:
            value = json.loads(value)
        except ValueError:
            raise EmuError(3013, f"failed to parse service options ({what})",
                           http_code=400) from None
    if not isinstance(value, dict):
        raise EmuError(3013, f"failed to parse service options ({what} must be an object)",
                       http_code=400)
    return value


def _zip_directory(root: Path) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for folder, _, files in sorted(os.walk(root)):
            for name in sorted(files):
                path = Path(folder) / name
                archive.write(path, path.relative_to(root).as_posix())
    return out.getvalue()


def _from_disk(path: str) -> bytes:
    """The bundle at ``path`` on the emulator's disk (400/3014 when there is nothing)."""
    target = Path(path)
    try:
        if target.is_dir():
            return _zip_directory(target)
        return target.read_bytes()
    except OSError:
        raise EmuError(3014, f"source path not found\nPath: {path}", http_code=400) from None


def _named_source(name: str) -> tuple[dict[str, Any], bytes, bytes | None]:
    if "://" not in name:
        if not os.path.isabs(name):
            raise EmuError(3014, f"source path not found\nPath: {name}", http_code=400)
        bundle = _from_disk(name)
        manifest, readme = read_bundle(bundle)
        return manifest, bundle, readme
    stem = name.rstrip("/").rsplit("/", 1)[-1].removesuffix(".zip") or "service"
    manifest = {"name": stem, "version": "0.0.0", "main": "index.js"}
    return manifest, make_bundle(manifest), None


def service_source(req: EmuRequest) -> Source:
    """The service an install, upgrade or replace request names (400/3014 without one)."""
    content_type = req.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == "multipart/form-data":
        parts, files = _multipart(req)
        source = parts.get("source")
        if not source:
            raise EmuError(3014, http_code=400)
        if "source" in files:  # an uploaded bundle; a plain field names a path or URL
            manifest, readme = read_bundle(source)
            bundle = source
        else:
            manifest, bundle, readme = _named_source(source.decode("utf-8", "replace"))
        return Source(manifest, bundle, readme,
                      _options(parts.get("configuration"), "configuration"),
                      _options(parts.get("dependencies"), "dependencies"))
    if content_type in ("application/zip", "application/javascript",
                        "application/octet-stream"):
        if not req.body:
            raise EmuError(3014, http_code=400)
        manifest, readme = read_bundle(req.body)
        return Source(manifest, req.body, readme, {}, {})
    body = req.json()
    if not isinstance(body, dict) or not isinstance(body.get("source"), str) \
            or not body["source"]:
        raise EmuError(3014, http_code=400)
    manifest, bundle, readme = _named_source(body["source"])
    return Source(manifest, bundle, readme,
                  _options(body.get("configuration"), "configuration"),
                  _options(body.get("dependencies"), "dependencies"))
