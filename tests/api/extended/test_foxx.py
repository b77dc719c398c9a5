"""Foxx services (deprecated, removed in ArangoDB 4.0): uploads as raw zip / JavaScript
bodies and as multipart, against the emulator's service metadata."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from arango_anyio import StandardDatabase
from arango_anyio._api.services.foxx import bundle_type, multipart
from arango_anyio.exceptions import (
    FoxxConfigGetError,
    FoxxReadmeGetError,
    FoxxScriptRunError,
    FoxxServiceCreateError,
    FoxxServiceDeleteError,
    FoxxServiceGetError,
    FoxxServiceUpdateError,
    InvalidArgumentError,
)
from tests.api.admin.replay import ANY, documented, replay_db

pytestmark = pytest.mark.anyio

MANIFEST: dict[str, Any] = {
    "name": "hello", "version": "1.2.3", "description": "says hello",
    "defaultDocument": "index.html",
    "configuration": {"greeting": {"type": "string", "default": "hi"}},
    "dependencies": {"mailer": {"name": "mailer", "version": "^1.0.0"}},
    "scripts": {"setup": "setup.js"},
}


def bundle(manifest: dict[str, Any] = MANIFEST, readme: str | None = "# Hello") -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello/manifest.json", json.dumps(manifest))
        archive.writestr("hello/index.js", "module.exports = {};")
        if readme is not None:
            archive.writestr("hello/README.md", readme)
    return out.getvalue()


async def test_service_lifecycle(db: StandardDatabase) -> None:
    foxx = db.foxx
    assert repr(foxx) == f"<Foxx in {db.name}>"
    data = bundle()
    installed = await foxx.create_service("/hello", data, config={"greeting": "yo"},
                                          dependencies={"mailer": "/mail"})
    # the install answer is the service's full description, as the server's
    assert {k: installed[k] for k in ("mount", "name", "version", "development", "legacy")} \
        == {"mount": "/hello", "name": "hello", "version": "1.2.3", "development": False,
            "legacy": False}
    assert {"path", "manifest", "checksum", "options"} <= set(installed)

    services = await foxx.services(exclude_system=True)
    assert [(s["mount"], s["name"], s["development"]) for s in services] == [
        ("/hello", "hello", False)]
    service = await foxx.service("/hello")
    assert service["manifest"]["default_document"] == "index.html"  # python-arango's name
    assert "defaultDocument" not in service["manifest"]
    assert service["options"] == {"configuration": {"greeting": "yo"},
                                  "dependencies": {"mailer": "/mail"}}

    config = await foxx.config("/hello")
    assert config["greeting"]["current"] == "yo" and config["greeting"]["default"] == "hi"
    assert (await foxx.update_config("/hello", {"greeting": "hey"}))["values"] == {
        "greeting": "hey"}
    # replacing with nothing resets the option to its default; it is required: a warning
    replaced = await foxx.replace_config("/hello", {})
    assert replaced == {"values": {"greeting": "hi"}, "warnings": {"greeting": "is required"}}
    assert (await foxx.dependencies("/hello"))["mailer"]["current"] == "/mail"
    assert (await foxx.update_dependencies("/hello", {"mailer": "/m2"}))["values"] == {
        "mailer": "/m2"}
    assert await foxx.replace_dependencies("/hello", {}) == {
        "values": {}, "warnings": {"mailer": "is required"}}

    assert (await foxx.enable_development("/hello"))["development"] is True
    assert (await foxx.services())[0]["development"] is True
    assert (await foxx.disable_development("/hello"))["development"] is False

    assert await foxx.readme("/hello") == "# Hello"
    swagger = await foxx.swagger("/hello")
    assert swagger["base_path"] == f"/_db/{db.name}/hello" and "basePath" not in swagger
    assert swagger["info"]["version"] == "1.2.3"
    downloaded = await foxx.download("/hello")
    assert isinstance(downloaded, bytes) and downloaded == data
    assert await foxx.commit(replace=True) is True

    assert await foxx.scripts("/hello") == {"setup": "setup"}
    with pytest.raises(FoxxScriptRunError) as unknown_script:
        await foxx.run_script("/hello", "nope", {"x": 1})
    assert unknown_script.value.error_code == 3016
    with pytest.raises(FoxxScriptRunError) as no_js:  # listed, but nothing runs JavaScript
        await foxx.run_script("/hello", "setup")
    assert no_js.value.http_code == 501
    report = json.loads(await foxx.run_tests("/hello", reporter="default", idiomatic=False,
                                             name_filter="x"))
    assert report["stats"]["tests"] == 0

    assert await foxx.delete_service("/hello", teardown=False) is True
    assert await foxx.services() == []
    with pytest.raises(FoxxServiceGetError) as gone:
        await foxx.service("/hello")
    assert (gone.value.http_code, gone.value.error_code) == (400, 3009)


async def test_upgrade_keeps_and_replace_resets_settings(db: StandardDatabase) -> None:
    foxx = db.foxx
    await foxx.create_service("/svc", bundle(), config={"greeting": "yo"})
    newer = bundle({**MANIFEST, "version": "2.0.0"}, readme=None)
    upgraded = await foxx.update_service("/svc", newer, teardown=False, setup=False)
    assert upgraded["version"] == "2.0.0"
    assert (await foxx.service("/svc"))["options"]["configuration"] == {"greeting": "yo"}
    assert await foxx.readme("/svc") == ""  # no README: the server answers 204
    replaced = await foxx.replace_service("/svc", bundle({**MANIFEST, "version": "3.0.0"}),
                                          force=True)
    assert replaced["version"] == "3.0.0"
    assert (await foxx.service("/svc"))["options"]["configuration"] == {}
    with pytest.raises(FoxxServiceUpdateError) as missing:
        await foxx.update_service("/elsewhere", newer)
    assert missing.value.error_code == 3009
    forced = await foxx.replace_service("/elsewhere", newer, force=True)
    assert forced["mount"] == "/elsewhere"


async def test_single_javascript_file_and_source_url(db: StandardDatabase) -> None:
    foxx = db.foxx
    script = b"module.context.use(require('@arangodb/foxx').createRouter());"
    assert (await foxx.create_service("/js", script, development=True))["mount"] == "/js"
    assert (await foxx.service("/js"))["development"] is True
    assert (await foxx.download("/js")) == script
    remote = await foxx.create_service("/remote", "https://example.com/demo.zip",
                                       legacy=False)
    assert remote["name"] == "demo"
    with pytest.raises(FoxxReadmeGetError):
        await foxx.readme("/nowhere")


async def test_install_errors(db: StandardDatabase) -> None:
    foxx = db.foxx
    await foxx.create_service("/taken", bundle())
    with pytest.raises(FoxxServiceCreateError) as taken:
        await foxx.create_service("/taken", bundle())
    assert taken.value.error_code == 3011
    with pytest.raises(FoxxServiceCreateError) as bad_mount:
        await foxx.create_service("no-slash", bundle())
    assert bad_mount.value.error_code == 3007
    without_manifest = io.BytesIO()
    with zipfile.ZipFile(without_manifest, "w") as archive:
        archive.writestr("index.js", "")
    with pytest.raises(FoxxServiceCreateError) as no_manifest:
        await foxx.create_service("/x", without_manifest.getvalue())
    assert no_manifest.value.error_code == 3012
    with pytest.raises(FoxxServiceDeleteError):
        await foxx.delete_service("/never")
    with pytest.raises(FoxxConfigGetError):
        await foxx.config("/never")


async def test_with_file_uploads_multipart(db: StandardDatabase, tmp_path: Path) -> None:
    foxx = db.foxx
    path = tmp_path / "hello.zip"
    path.write_bytes(bundle())
    created = await foxx.create_service_with_file("/file", str(path), development=False,
                                                  config={"greeting": "file"})
    assert created["version"] == "1.2.3"
    assert (await foxx.service("/file"))["options"]["configuration"] == {"greeting": "file"}
    path.write_bytes(bundle({**MANIFEST, "version": "1.3.0"}))
    assert (await foxx.update_service_with_file("/file", str(path)))["version"] == "1.3.0"
    assert (await foxx.service("/file"))["options"]["configuration"] == {"greeting": "file"}
    path.write_bytes(bundle({**MANIFEST, "version": "2.0.0"}))
    replaced = await foxx.replace_service_with_file("/file", str(path),
                                                    dependencies={"mailer": "/m"})
    assert replaced["version"] == "2.0.0"
    assert (await foxx.service("/file"))["options"] == {
        "configuration": {}, "dependencies": {"mailer": "/m"}}
    with pytest.raises(InvalidArgumentError):
        await foxx.create_service_with_file("/txt", str(tmp_path / "notes.txt"))


def test_multipart_body_shape() -> None:
    body, content_type = multipart([("source", b"PK\x03\x04zip", "application/zip", "a.zip"),
                                    ("configuration", b'{"a":1}', None, None)])
    boundary = content_type.split("boundary=", 1)[1]
    assert content_type.startswith("multipart/form-data; boundary=")
    assert body.startswith(f"--{boundary}\r\n".encode())
    assert body.endswith(f"--{boundary}--\r\n".encode())
    assert (b'Content-Disposition: form-data; name="source"; filename="a.zip"\r\n'
            b"Content-Type: application/zip\r\n\r\nPK\x03\x04zip\r\n") in body
    assert b'name="configuration"\r\n\r\n{"a":1}\r\n' in body
    assert bundle_type(b"PK\x03\x04") == "application/zip"
    assert bundle_type(b"module.exports = 1;") == "application/javascript"
    assert bundle_type(b"", "x.JS") == "application/javascript"


async def test_requests_a_server_expects() -> None:
    # No Foxx recordings exist; the answers are built from reference/http-api/foxx.md.
    source = "reference/http-api/foxx.md"
    exchanges = [
        documented("POST", "/_api/foxx", source=source, status=201,
                   query={"mount": "/demo", "development": "true"},
                   request_body={"source": "https://example.com/demo.zip",
                                 "configuration": {"a": 1}},
                   body={"mount": "/demo", "name": "demo", "version": "1.0.0"}),
        documented("POST", "/_api/foxx", source=source, status=201, query={"mount": "/z"},
                   request_body=ANY, body={"mount": "/z", "name": "z", "version": "1.0.0"}),
        documented("DELETE", "/_api/foxx/service", source=source, status=204,
                   query={"mount": "/demo", "teardown": "false"}),
        documented("POST", "/_api/foxx/tests", source=source, text="ok 1 - works\n",
                   content_type="text/plain",
                   query={"mount": "/demo", "reporter": "tap", "filter": "works"}),
        documented("POST", "/_api/foxx/scripts/send", source=source, body={"sent": 2},
                   query={"mount": "/demo"}, request_body={"to": "x"}),
    ]
    data = bundle()
    async with replay_db(*exchanges) as (db, replay):
        assert (await db.foxx.create_service("/demo", "https://example.com/demo.zip",
                                             config={"a": 1}, development=True))[
            "name"] == "demo"
        await db.foxx.create_service("/z", data)
        assert await db.foxx.delete_service("/demo", teardown=False) is True
        assert await db.foxx.run_tests("/demo", reporter="tap", output_format="text",
                                       name_filter="works") == "ok 1 - works\n"
        assert await db.foxx.run_script("/demo", "send", {"to": "x"}) == {"sent": 2}
    raw_upload = replay.sent[1]
    assert raw_upload[2]["content-type"] == "application/zip"
    assert raw_upload[4] == data
    assert replay.sent[3][2]["accept"] == "text/plain"
