"""The emulator's server-side feature endpoints over raw HTTP: Foxx metadata, cluster
administration (single server and several coordinators), replication batches and dumps,
the WAL admin routes, and Pregel's removal."""

from __future__ import annotations

import io
import json
import zipfile

import httpx
import pytest

from arango_anyio.testing import Emulator, serve
from tests.emulator.core.conftest import Api, error_of

pytestmark = pytest.mark.anyio


def _zip(manifest: object, name: str = "manifest.json") -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(name, manifest if isinstance(manifest, str) else json.dumps(manifest))
    return out.getvalue()


def _multipart(parts: list[tuple[str, bytes]]) -> tuple[bytes, str]:
    """A form whose ``source`` part is a file upload (the others plain fields)."""
    boundary = "XyZ"
    upload = '; filename="s.zip"'
    body = b"".join(f'--{boundary}\r\nContent-Disposition: form-data; name="{n}"'
                    f'{upload if n == "source" else ""}\r\n\r\n'
                    .encode() + data + b"\r\n" for n, data in parts)
    return body + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


async def test_foxx_uploads(api: Api) -> None:
    raw = await api.call("POST", "/_api/foxx?mount=/raw", raw=_zip({"name": "r",
                                                                     "version": "2.0.0"}),
                         headers={"content-type": "application/zip"})
    assert raw.status_code == 201
    assert raw.body["mount"] == "/raw" and raw.body["name"] == "r"
    assert raw.body["version"] == "2.0.0"
    manifest = {"name": "m", "configuration": {"a": {"type": "integer"}},
                "dependencies": {"d": "other:^1.0.0"}}
    body, content_type = _multipart([("source", _zip(manifest)),
                                     ("configuration", b'{"a": 1, "unknown": 2}'),
                                     ("dependencies", b'{"d": "/raw"}')])
    multi = await api.call("POST", "/_api/foxx?mount=/multi", raw=body,
                           headers={"content-type": content_type})
    assert multi.status_code == 201 and "version" not in multi.body  # none in the manifest
    described = await api.ok("GET", "/_api/foxx/service?mount=/multi")
    # only what the manifest declares is kept
    assert described["options"] == {"configuration": {"a": 1}, "dependencies": {"d": "/raw"}}
    listed = await api.ok("GET", "/_api/foxx")
    assert [s["mount"] for s in listed] == ["/multi", "/raw"]
    removed = await api.call("DELETE", "/_api/foxx/service?mount=/raw")
    assert removed.status_code == 204 and removed.raw_body in (b"", "")


async def test_foxx_errors(api: Api) -> None:
    zip_headers = {"content-type": "application/zip"}
    bad_json = await api.call("POST", "/_api/foxx?mount=/a", raw=_zip("{not json"),
                              headers=zip_headers)
    assert error_of(bad_json) == (400, 3000)
    not_zip = await api.call("POST", "/_api/foxx?mount=/a", raw=b"PK but not a zip",
                             headers=zip_headers)
    assert error_of(not_zip) == (400, 3015)
    no_source = await api.call("POST", "/_api/foxx?mount=/a", {})
    assert error_of(no_source) == (400, 3014)
    bad_mount = await api.call("POST", "/_api/foxx?mount=/a/../b", {"source": "x"})
    assert error_of(bad_mount) == (400, 3007)
    body, content_type = _multipart([("configuration", b"{}")])
    no_part = await api.call("POST", "/_api/foxx?mount=/a", raw=body,
                             headers={"content-type": content_type})
    assert error_of(no_part) == (400, 3014)
    for method, path in (("GET", "/_api/foxx/configuration"),
                         ("PATCH", "/_api/foxx/dependencies"),
                         ("POST", "/_api/foxx/development"),
                         ("GET", "/_api/foxx/swagger"), ("POST", "/_api/foxx/download"),
                         ("GET", "/_api/foxx/scripts"), ("POST", "/_api/foxx/tests")):
        missing = await api.call(method, f"{path}?mount=/nothing", {})
        assert error_of(missing) == (400, 3009), path


async def test_foxx_needs_write_access(emu: Emulator, api: Api) -> None:
    await api.ok("POST", "/_api/user", {"user": "reader", "passwd": "pw"})
    await api.ok("PUT", "/_api/user/reader/database/_system", {"grant": "ro"})
    reader = api.as_user("reader", "pw")
    assert (await reader.ok("GET", "/_api/foxx")) == []
    refused = await reader.call("POST", "/_api/foxx?mount=/x", {"source": "http://h/x.zip"})
    assert refused.status_code in (401, 403)


async def test_cluster_admin_on_a_single_server(api: Api) -> None:
    assert error_of(await api.call("GET", "/_admin/server/id")) == (500, 500)
    for path in ("/_admin/cluster/health", "/_admin/cluster/numberOfServers",
                 "/_admin/cluster/rebalance", "/_admin/cluster/maintenance/PRMR-x"):
        assert error_of(await api.call("GET", path)) == (403, 11), path
    assert error_of(await api.call("GET", "/_admin/cluster/bogus")) == (400, 400)


async def test_cluster_admin_with_three_coordinators(emu: Emulator) -> None:
    async with serve(emu, coordinators=3) as urls, httpx.AsyncClient(auth=("root", "")) as http:
        ids = set()
        for url in urls:
            answer = await http.get(url + "/_admin/server/id")
            assert answer.status_code == 200
            ids.add(answer.json()["id"])
        assert len(ids) == 3  # each coordinator has its own id
        health = (await http.get(urls[1] + "/_admin/cluster/health")).json()
        coordinators = {sid for sid, h in health["Health"].items()
                        if h["Role"] == "Coordinator"}
        assert coordinators == ids
        endpoints = {h["Endpoint"] for h in health["Health"].values()
                     if h["Role"] == "Coordinator"}
        assert endpoints == {u.replace("http://", "tcp://") for u in urls}
        execute = await http.post(urls[0] + "/_admin/cluster/rebalance/execute",
                                  json={"version": 1, "moves": [{"shard": "s"}]})
        assert execute.status_code == 202
        bad = await http.put(urls[0] + "/_admin/cluster/maintenance", json=["on"])
        assert bad.status_code == 400


async def test_replication_batches(emu: Emulator, api: Api) -> None:
    batch = await api.ok("POST", "/_api/replication/batch", {"ttl": 30})
    assert set(batch) >= {"id", "lastTick"}
    assert error_of(await api.call("POST", "/_api/replication/batch", {"ttl": -1})) == (400, 10)
    assert error_of(await api.call("GET", "/_api/replication/inventory")) == (400, 10)
    assert error_of(await api.call("GET", "/_api/replication/inventory?batchId=1")) == (
        404, 1600)
    await api.ok("POST", "/_api/collection", {"name": "empty"})
    empty = await api.call("GET", f"/_api/replication/dump?collection=empty"
                                  f"&batchId={batch['id']}")
    assert empty.status_code == 204
    assert empty.header("x-arango-replication-lastincluded") == "0"
    missing = await api.call("GET", f"/_api/replication/dump?collection=nope"
                                    f"&batchId={batch['id']}")
    assert error_of(missing) == (404, 1203)
    other = Emulator()  # batches belong to one deployment
    assert error_of(await Api(other).call("DELETE", f"/_api/replication/batch/{batch['id']}")
                    ) == (404, 1600)
    gone = await api.call("DELETE", f"/_api/replication/batch/{batch['id']}")
    assert gone.status_code == 204
    assert error_of(await api.call("GET", "/_api/replication/clusterInventory")) == (
        403, 1471)


async def test_wal_admin_and_pregel(api: Api) -> None:
    flushed = await api.ok("PUT", "/_admin/wal/flush?waitForSync=true")
    assert flushed["error"] is False
    assert error_of(await api.call("GET", "/_admin/wal/properties")) == (501, 9)
    assert error_of(await api.call("PUT", "/_admin/wal/properties", {})) == (501, 9)
    begun = await api.ok("POST", "/_api/transaction/begin", {"collections": {}})
    running = await api.ok("GET", "/_admin/wal/transactions")
    assert running["runningTransactions"] == 1
    await api.ok("DELETE", f"/_api/transaction/{begun['result']['id']}")
    for method, path in (("GET", "/_api/control_pregel"), ("POST", "/_api/control_pregel"),
                         ("GET", "/_api/control_pregel/1"),
                         ("DELETE", "/_api/control_pregel/1")):
        removed = await api.call(method, path, {} if method == "POST" else None)
        assert error_of(removed) == (404, 404), path
        assert "unknown path" in (removed.error_message or "")
