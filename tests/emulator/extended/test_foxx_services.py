"""Foxx services described as the server describes them: the normalised manifest, path,
checksum and options; sources read from the emulator's own disk; configuration and
dependencies limited to what the manifest declares, with the server's warnings."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from arango_anyio import ArangoClient
from arango_anyio.exceptions import FoxxServiceCreateError
from arango_anyio.testing import Emulator
from tests.emulator.core.conftest import Api, error_of

pytestmark = [pytest.mark.anyio, pytest.mark.emulator_only]

MANIFEST: dict[str, Any] = {
    "name": "shop", "version": "1.0.0", "lib": "src", "main": "main.js",
    "tests": "test/*.js", "scripts": {"setup": "setup.js"}, "license": "MIT",
    "provides": ["shop:1.0.0"],
    "configuration": {"currency": {"type": "string", "default": "EUR"},
                      "limit": {"type": "integer", "required": False}},
    "dependencies": {"mailer": "mailer:^2.0.0", "auth": {"version": "^1.0.0"}},
}


def _zip(manifest: dict[str, Any], readme: str | None = "# Shop\nApache 2") -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("manifest.json", json.dumps(manifest))
        archive.writestr("src/main.js", "module.exports = {};")
        if readme is not None:
            archive.writestr("README.md", readme)
    return out.getvalue()


async def test_install_from_a_path_on_the_emulators_disk(tmp_path: Path, api: Api) -> None:
    bundle = tmp_path / "shop.zip"
    bundle.write_bytes(_zip(MANIFEST))
    installed = await api.call("POST", "/_api/foxx?mount=/shop&legacy=true",
                               {"source": str(bundle), "configuration": {"limit": "5"}})
    assert installed.status_code == 201
    service = installed.body
    assert service["mount"] == "/shop" and service["name"] == "shop"
    assert service["version"] == "1.0.0" and service["legacy"] is True
    assert service["path"].endswith("/_db/_system/shop/APP")
    assert isinstance(service["checksum"], str) and service["checksum"]
    assert service["options"] == {"configuration": {"limit": "5"}, "dependencies": {}}
    manifest = service["manifest"]
    assert "lib" not in manifest and manifest["main"] == "src/main.js"
    assert manifest["tests"] == ["src/test/*.js"]
    assert manifest["scripts"] == {"setup": "src/setup.js"}
    assert manifest["provides"] == {"shop": "1.0.0"}
    assert manifest["author"] == "" and manifest["description"] == ""
    assert manifest["configuration"]["currency"]["required"] is True
    assert manifest["dependencies"] == {
        "mailer": {"name": "mailer", "version": "^2.0.0", "required": True},
        "auth": {"name": "*", "version": "^1.0.0", "required": True, "multiple": False}}
    assert await api.ok("GET", "/_api/foxx/service?mount=/shop") == service
    readme = (await api.call("GET", "/_api/foxx/readme?mount=/shop")).raw_body
    assert "Apache 2" in (readme.decode() if isinstance(readme, bytes) else readme)
    download = await api.call("POST", "/_api/foxx/download?mount=/shop")
    assert download.header("content-disposition") == 'attachment; filename="shop.zip"'
    # a service directory is bundled as the server zips it
    folder = tmp_path / "folder"
    (folder / "src").mkdir(parents=True)
    (folder / "manifest.json").write_text(json.dumps({"name": "dir", "main": "index.js"}))
    (folder / "src" / "index.js").write_text("")
    from_folder = await api.ok("POST", "/_api/foxx?mount=/dir", {"source": str(folder)})
    assert from_folder["name"] == "dir" and "version" not in from_folder


async def test_missing_sources(api: Api, tmp_path: Path) -> None:
    for source in (str(tmp_path / "nothing.zip"), "relative/service.zip"):
        refused = await api.call("POST", "/_api/foxx?mount=/x", {"source": source})
        assert error_of(refused) == (400, 3014), source
    invalid = await api.call("POST", "/_api/foxx?mount=/x", raw=_zip({"name": 5}),
                             headers={"content-type": "application/zip"})
    assert error_of(invalid) == (400, 3001)


async def test_configuration_and_dependencies_as_declared(api: Api) -> None:
    await api.ok("POST", "/_api/foxx?mount=/shop", raw=_zip(MANIFEST),
                 headers={"content-type": "application/zip"})
    full = await api.ok("GET", "/_api/foxx/configuration?mount=/shop")
    assert full["currency"] == {"type": "string", "default": "EUR", "required": True,
                                "title": "Currency", "current": "EUR"}
    assert (await api.ok("GET", "/_api/foxx/configuration?mount=/shop&minimal=true")) == {
        "currency": "EUR", "limit": None}
    changed = await api.ok("PATCH", "/_api/foxx/configuration?mount=/shop",
                           {"limit": "7", "unknown": 1})
    assert changed == {"values": {"currency": "EUR", "limit": 7},
                       "warnings": {"unknown": "is not allowed"}}
    bad = await api.ok("PATCH", "/_api/foxx/configuration?mount=/shop", {"limit": "many"})
    assert bad["warnings"] == {"limit": "must be a number"}
    assert bad["values"]["limit"] == 7
    replaced = await api.ok("PUT", "/_api/foxx/configuration?mount=/shop", {})
    assert replaced == {"values": {"currency": "EUR", "limit": None},
                        "warnings": {"currency": "is required"}}
    deps = await api.ok("PUT", "/_api/foxx/dependencies?mount=/shop", {"mailer": "/mail"})
    assert deps == {"values": {"mailer": "/mail"}, "warnings": {"auth": "is required"}}
    described = await api.ok("GET", "/_api/foxx/dependencies?mount=/shop")
    assert described["mailer"]["current"] == "/mail" and described["mailer"]["title"] \
        == "Mailer"
    assert "current" not in described["auth"]
    assert (await api.ok("GET", "/_api/foxx/service?mount=/shop"))["options"] == {
        "configuration": {}, "dependencies": {"mailer": "/mail"}}


async def test_legacy_services_and_multipart_without_a_boundary(api: Api) -> None:
    legacy = {"name": "old", "engines": {"arangodb": "^2.8.0"}}
    data = _zip(legacy, readme=None)
    body = (b'--b0undary\r\nContent-Disposition: form-data; name="source"; '
            b'filename="s.zip"\r\nContent-Type: application/zip\r\n\r\n' + data
            + b'\r\n--b0undary\r\nContent-Disposition: form-data; name="configuration"\r\n'
            b'\r\n{}\r\n--b0undary--\r\n')
    installed = await api.ok("POST", "/_api/foxx?mount=/old", raw=body,
                             headers={"content-type": "multipart/form-data"})
    assert installed["legacy"] is True
    assert installed["manifest"]["defaultDocument"] == "index.html"
    assert (await api.ok("GET", "/_api/foxx"))[0]["legacy"] is True
    assert (await api.call("GET", "/_api/foxx/readme?mount=/old")).status_code == 204


async def test_client_install_answers_the_description(emu: Emulator, tmp_path: Path) -> None:
    bundle = tmp_path / "shop.zip"
    bundle.write_bytes(_zip(MANIFEST))
    async with ArangoClient(hosts="http://emulator:8529", http_client=emu.http_client()) as c:
        db = await c.db("_system", username="root", password="")
        service = await db.foxx.create_service("/shop", str(bundle))
        assert service["name"] == "shop" and "checksum" in service and "path" in service
        with pytest.raises(FoxxServiceCreateError) as taken:
            await db.foxx.create_service("/shop", str(bundle))
        assert taken.value.error_code == 3011
